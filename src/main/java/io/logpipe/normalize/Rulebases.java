package io.logpipe.normalize;

import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/** The rulebases of a directory, by name; a consistent set replaced as a whole on reload. */
public record Rulebases(Map<String, Rulebase> byName) {
    public static final Rulebases EMPTY = new Rulebases(Map.of());

    public Rulebase get(String name) {
        return byName.get(name);
    }

    public Set<String> names() {
        return new TreeSet<>(byName.keySet());
    }
}
