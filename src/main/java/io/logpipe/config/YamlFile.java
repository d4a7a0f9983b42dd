package io.logpipe.config;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.snakeyaml.engine.v2.api.LoadSettings;
import org.snakeyaml.engine.v2.composer.Composer;
import org.snakeyaml.engine.v2.exceptions.MarkedYamlEngineException;
import org.snakeyaml.engine.v2.nodes.MappingNode;
import org.snakeyaml.engine.v2.nodes.Node;
import org.snakeyaml.engine.v2.nodes.NodeTuple;
import org.snakeyaml.engine.v2.nodes.ScalarNode;
import org.snakeyaml.engine.v2.nodes.SequenceNode;
import org.snakeyaml.engine.v2.parser.ParserImpl;
import org.snakeyaml.engine.v2.scanner.StreamReader;

/**
 * One YAML configuration file read as nodes, so every mistake can be reported with its line: the
 * helpers below add a {@link Problem} and return null (or an empty list) instead of throwing.
 */
public final class YamlFile {
    private final String file;
    private final List<Problem> problems;

    public YamlFile(String file, List<Problem> problems) {
        this.file = file;
        this.problems = problems;
    }

    public String file() {
        return file;
    }

    /** The document's root node; null when the file is empty or has a syntax error (then reported). */
    public Node load(String text) {
        try {
            LoadSettings settings = LoadSettings.builder().setLabel(file).build();
            return new Composer(settings, new ParserImpl(settings, new StreamReader(settings, text)))
                    .getSingleNode()
                    .orElse(null);
        } catch (MarkedYamlEngineException e) {
            problem(e.getProblemMark().map(m -> m.getLine() + 1).orElse(0), "YAML syntax: " + e.getProblem());
            return null;
        }
    }

    /** How many problems have been found so far (in this file and any other sharing the list). */
    public int problemCount() {
        return problems.size();
    }

    public void problem(int line, String cause) {
        problems.add(new Problem(file, line, cause));
    }

    public Map<String, Node> mapping(Node n, String what) {
        if (!(n instanceof MappingNode mn)) {
            problem(line(n), what + " must be a mapping of key: value");
            return null;
        }
        Map<String, Node> out = new LinkedHashMap<>();
        for (NodeTuple t : mn.getValue()) {
            String k = scalar(t.getKeyNode());
            if (k != null) out.put(k, t.getValueNode());
        }
        return out;
    }

    /** A scalar or a list of scalars, as a list. */
    public List<String> list(Node n, String what) {
        if (n == null) return List.of();
        if (n instanceof ScalarNode s) return List.of(s.getValue());
        if (n instanceof SequenceNode seq) {
            List<String> out = new ArrayList<>();
            for (Node item : seq.getValue()) {
                String v = scalar(item);
                if (v == null) problem(line(item), what + ": list items must be single values");
                else out.add(v);
            }
            return out;
        }
        problem(line(n), what + " must be a value or a list");
        return List.of();
    }

    public String required(Map<String, Node> m, String key, Node parent, String what) {
        Node n = m.get(key);
        String v = scalar(n);
        if (v == null || v.isBlank()) {
            problem(line(n != null ? n : parent), what + ": needs '" + key + "'");
            return null;
        }
        return v;
    }

    public void unknownKeys(Map<String, Node> m, Set<String> known, String what) {
        for (Map.Entry<String, Node> e : m.entrySet()) {
            if (!known.contains(e.getKey()))
                problem(
                        line(e.getValue()),
                        what + ": unknown key '" + e.getKey() + "' (known: " + String.join(", ", new TreeSet<>(known))
                                + ")");
        }
    }

    public static String scalar(Node n) {
        return n instanceof ScalarNode s ? s.getValue() : null;
    }

    public static int line(Node n) {
        return n == null ? 0 : n.getStartMark().map(m -> m.getLine() + 1).orElse(0);
    }
}
