package io.logpipe.normalize;

import io.logpipe.config.Problem;
import io.logpipe.config.YamlFile;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Pattern;
import org.snakeyaml.engine.v2.nodes.MappingNode;
import org.snakeyaml.engine.v2.nodes.Node;
import org.snakeyaml.engine.v2.nodes.SequenceNode;

/**
 * Reads rulebase files ({@code rules/NAME.yaml}): {@code apps}, {@code patterns} (extra named grok
 * patterns), and {@code rules}, each with {@code match} (a grok expression), optional {@code set}
 * (constant fields) and {@code examples} (lines that must match that rule, with the fields they must
 * give: a rulebase tests itself every time it is loaded). Every mistake is reported as
 * {@code file:line: cause}; a set of files with any mistake is refused as a whole.
 */
public final class RulebaseParser {
    private static final Set<String> TOP_KEYS = Set.of("description", "apps", "patterns", "rules");
    private static final Set<String> RULE_KEYS = Set.of("id", "match", "set", "examples");
    private static final Set<String> EXAMPLE_KEYS = Set.of("input", "fields");
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9_-]+");
    private static final Pattern PATTERN_NAME = Pattern.compile("[A-Za-z0-9_]+");

    /** Thrown with every problem found. */
    public static final class RulebaseException extends Exception {
        public final List<Problem> problems;

        RulebaseException(List<Problem> problems) {
            super(String.join("\n", problems.stream().map(Problem::toString).toList()));
            this.problems = problems;
        }
    }

    private final List<Problem> problems = new ArrayList<>();

    private RulebaseParser() {}

    public static Rulebases parse(List<Path> files) throws RulebaseException, IOException {
        RulebaseParser p = new RulebaseParser();
        Map<String, Rulebase> byName = new LinkedHashMap<>();
        for (Path f : files) {
            Rulebase rb = p.file(f);
            if (rb != null) byName.put(rb.name(), rb);
        }
        if (!p.problems.isEmpty()) throw new RulebaseException(p.problems);
        return new Rulebases(Map.copyOf(byName));
    }

    /** Parses one rulebase from text (the parse API's tests and table tests); {@code name} as if it were the file's. */
    public static Rulebase parse(String name, String text) throws RulebaseException {
        RulebaseParser p = new RulebaseParser();
        Rulebase rb = p.text(name, name + ".yaml", text);
        if (!p.problems.isEmpty()) throw new RulebaseException(p.problems);
        return rb;
    }

    /** The rulebase files of a directory: *.yaml and *.yml, sorted; none when it does not exist. */
    public static List<Path> files(Path dir) throws IOException {
        if (!Files.isDirectory(dir)) return List.of();
        try (var s = Files.list(dir)) {
            return s.filter(f -> f.toString().endsWith(".yaml") || f.toString().endsWith(".yml"))
                    .sorted()
                    .toList();
        }
    }

    private Rulebase file(Path path) throws IOException {
        String fileName = path.getFileName().toString();
        String name = fileName.substring(0, fileName.lastIndexOf('.'));
        return text(name, path.toString(), Files.readString(path));
    }

    private Rulebase text(String name, String file, String text) {
        YamlFile yaml = new YamlFile(file, problems);
        if (!NAME.matcher(name).matches()) {
            yaml.problem(0, "a rulebase is named after its file; use letters, digits, - and _ (not '" + name + "')");
            return null;
        }
        Node root = yaml.load(text);
        if (root == null) {
            if (problems.isEmpty()) yaml.problem(0, "empty rulebase: it needs 'rules'");
            return null;
        }
        Map<String, Node> top = yaml.mapping(root, "a rulebase");
        if (top == null) return null;
        int before = problems.size();
        yaml.unknownKeys(top, TOP_KEYS, "rulebase " + name);
        Set<String> apps = new LinkedHashSet<>(yaml.list(top.get("apps"), "apps"));
        Map<String, String> definitions = definitions(yaml, top.get("patterns"));
        Set<String> own = ownPatternNames(yaml, top.get("patterns"));
        Node rulesNode = top.get("rules");
        if (!(rulesNode instanceof SequenceNode seq) || seq.getValue().isEmpty()) {
            yaml.problem(
                    YamlFile.line(rulesNode != null ? rulesNode : root),
                    "rulebase " + name + ": 'rules' must be a list of '- match: ...' entries");
            return null;
        }
        List<Rulebase.Rule> rules = new ArrayList<>();
        Map<Rulebase.Rule, Node> examples = new HashMap<>();
        Set<String> ids = new LinkedHashSet<>();
        for (Node item : seq.getValue()) {
            Rulebase.Rule r = rule(yaml, item, definitions, own, rules.size() + 1);
            if (r == null) continue;
            if (!ids.add(r.id())) yaml.problem(r.line(), "rule id '" + r.id() + "' is used twice in this rulebase");
            rules.add(r);
            Map<String, Node> m = yaml.mapping(item, "a rule");
            if (m != null && m.get("examples") != null) examples.put(r, m.get("examples"));
        }
        if (problems.size() > before) return null;
        Rulebase rb = new Rulebase(name, file, Set.copyOf(apps), List.copyOf(rules));
        for (Rulebase.Rule r : rules) if (examples.containsKey(r)) checkExamples(yaml, rb, r, examples.get(r));
        return problems.size() > before ? null : rb;
    }

    /** The standard library plus this file's own patterns (which may use each other and override standard ones). */
    private Map<String, String> definitions(YamlFile yaml, Node node) {
        Map<String, String> defs = new HashMap<>(GrokLibrary.standard());
        if (node == null) return defs;
        Map<String, Node> own = yaml.mapping(node, "patterns");
        if (own == null) return defs;
        for (Map.Entry<String, Node> e : own.entrySet()) {
            String v = YamlFile.scalar(e.getValue());
            if (!PATTERN_NAME.matcher(e.getKey()).matches())
                yaml.problem(
                        YamlFile.line(e.getValue()), "pattern name '" + e.getKey() + "': use letters, digits and _");
            else if (v == null)
                yaml.problem(
                        YamlFile.line(e.getValue()), "pattern " + e.getKey() + " must be a single grok expression");
            else defs.put(e.getKey(), v);
        }
        for (Map.Entry<String, Node> e : own.entrySet()) { // each is checked even when no rule uses it
            String v = YamlFile.scalar(e.getValue());
            if (v == null) continue;
            try {
                Grok.compile(v, defs, own.keySet());
            } catch (GrokException ex) {
                yaml.problem(YamlFile.line(e.getValue()), "pattern " + e.getKey() + ": " + ex.getMessage());
            }
        }
        return defs;
    }

    private static Set<String> ownPatternNames(YamlFile yaml, Node node) {
        if (!(node instanceof MappingNode)) return Set.of();
        Map<String, Node> own = new YamlFile(yaml.file(), new ArrayList<>()).mapping(node, "patterns");
        return own == null ? Set.of() : Set.copyOf(own.keySet());
    }

    private Rulebase.Rule rule(
            YamlFile yaml, Node item, Map<String, String> definitions, Set<String> own, int position) {
        Map<String, Node> m = yaml.mapping(item, "a rule");
        if (m == null) return null;
        String id = YamlFile.scalar(m.get("id"));
        if (id == null) id = "rule-" + position;
        yaml.unknownKeys(m, RULE_KEYS, "rule " + id);
        String match = yaml.required(m, "match", item, "rule " + id);
        if (match == null) return null;
        Grok grok;
        try {
            grok = Grok.compile(match, definitions, own);
        } catch (GrokException e) {
            yaml.problem(YamlFile.line(m.get("match")), "rule " + id + ": " + e.getMessage());
            return null;
        }
        Map<String, Object> set = new LinkedHashMap<>();
        if (m.get("set") != null) {
            Map<String, Node> sm = yaml.mapping(m.get("set"), "rule " + id + ": set");
            if (sm != null) {
                for (Map.Entry<String, Node> e : sm.entrySet()) {
                    String v = YamlFile.scalar(e.getValue());
                    if (v == null)
                        yaml.problem(
                                YamlFile.line(e.getValue()),
                                "rule " + id + ": set." + e.getKey() + " must be a single value");
                    else set.put(e.getKey(), v);
                }
            }
        }
        return new Rulebase.Rule(
                id, grok, Collections.unmodifiableMap(set), YamlFile.line(item)); // in the order written
    }

    /** Each example must be matched by its own rule first (not an earlier one) and give the fields it lists. */
    private void checkExamples(YamlFile yaml, Rulebase rb, Rulebase.Rule rule, Node node) {
        if (!(node instanceof SequenceNode seq)) {
            yaml.problem(YamlFile.line(node), "rule " + rule.id() + ": examples must be a list");
            return;
        }
        for (Node ex : seq.getValue()) {
            String input = YamlFile.scalar(ex);
            Map<String, Node> expected = Map.of();
            if (input == null) {
                Map<String, Node> em = yaml.mapping(ex, "rule " + rule.id() + ": an example");
                if (em == null) continue;
                yaml.unknownKeys(em, EXAMPLE_KEYS, "rule " + rule.id() + ": example");
                input = yaml.required(em, "input", ex, "rule " + rule.id() + ": example");
                if (input == null) continue;
                if (em.get("fields") != null) {
                    expected = yaml.mapping(em.get("fields"), "rule " + rule.id() + ": example fields");
                    if (expected == null) continue;
                }
            }
            Rulebase.Match got = rb.match(input);
            int line = YamlFile.line(ex);
            if (got == null) {
                yaml.problem(line, "rule " + rule.id() + ": example does not match: " + input);
            } else if (got.rule() != rule) {
                yaml.problem(
                        line,
                        "rule " + rule.id() + ": example is matched first by rule "
                                + got.rule().id() + " (line " + got.rule().line() + "): " + input);
            } else {
                for (Map.Entry<String, Node> f : expected.entrySet()) {
                    Object actual = got.fields().get(f.getKey());
                    String want = YamlFile.scalar(f.getValue());
                    if (actual == null || !Objects.equals(want, String.valueOf(actual))) {
                        yaml.problem(
                                YamlFile.line(f.getValue()),
                                "rule " + rule.id() + ": example gives " + f.getKey() + "=" + actual + ", expected "
                                        + want);
                    }
                }
            }
        }
    }
}
