package io.logpipe.normalize;

import io.logpipe.event.LogEvent;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * One rulebase ({@code rules/sshd.yaml} is {@code sshd}): patterns tried in order on an event's
 * message, the first that matches gives the fields. {@code apps}, when set, limits it to events of
 * those programs, so a rulebase costs next to nothing on other traffic.
 */
public record Rulebase(String name, String file, Set<String> apps, List<Rule> rules) {
    /** One pattern: its captures plus constant fields ({@code set}) become the event's fields. */
    public record Rule(String id, Grok grok, Map<String, Object> set, int line) {}

    /** What matched: the rule and the fields it yields. */
    public record Match(Rule rule, Map<String, Object> fields) {}

    /** Whether this rulebase looks at the event at all (its app filter). */
    public boolean applies(LogEvent e) {
        return apps.isEmpty() || (e.getApp() != null && apps.contains(e.getApp()));
    }

    /** The first rule matching the message, or null. */
    public Match match(String message) {
        if (message == null) return null;
        for (Rule r : rules) {
            Map<String, Object> captured = r.grok().match(message);
            if (captured == null) continue;
            if (r.set().isEmpty()) return new Match(r, captured);
            Map<String, Object> fields = new LinkedHashMap<>(captured);
            fields.putAll(r.set());
            return new Match(r, fields);
        }
        return null;
    }
}
