package io.logpipe.alert;

import io.logpipe.config.DurationText;
import io.logpipe.config.Problem;
import io.logpipe.config.YamlFile;
import io.logpipe.routing.Selector;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;
import org.snakeyaml.engine.v2.nodes.Node;
import org.snakeyaml.engine.v2.nodes.SequenceNode;

/**
 * Reads alert files: a YAML list of {@code - rule:} and {@code - notifier:} entries. Every mistake
 * is reported as {@code file:line: cause}, and a set with any mistake is refused as a whole.
 */
public final class RuleFileParser {
    private static final Set<String> RULE_KEYS = Set.of(
            "id",
            "type",
            "selector",
            "where",
            "pattern",
            "when",
            "then",
            "groupBy",
            "count",
            "window",
            "suppress",
            "notify",
            "message",
            "hosts");
    private static final Set<String> MATCHER_KEYS = Set.of("selector", "where", "pattern");
    private static final Set<String> NOTIFIER_TYPES = Set.of("webhook", "email", "syslog", "kafka");
    private static final Map<String, Set<String>> NOTIFIER_KEYS = Map.of(
            "webhook", Set.of("id", "type", "url", "timeoutMs", "header"),
            "email", Set.of("id", "type", "host", "port", "from", "to", "username", "password", "subject"),
            "syslog", Set.of("id", "type", "transport", "host", "port", "format"),
            "kafka", Set.of("id", "type", "brokers", "topic"));

    /** Thrown with every problem found. */
    public static final class RuleException extends Exception {
        public final List<Problem> problems;

        RuleException(List<Problem> problems) {
            super(String.join("\n", problems.stream().map(Problem::toString).toList()));
            this.problems = problems;
        }
    }

    private final List<Problem> problems = new ArrayList<>();
    private final List<AlertRule> rules = new ArrayList<>();
    private final Map<String, NotifierConfig> notifiers = new LinkedHashMap<>();
    private String file;
    private YamlFile yaml;

    /** Parses the files together (ids are unique across them, references may cross files). */
    public static RuleSet parse(List<Path> files) throws RuleException, IOException {
        RuleFileParser p = new RuleFileParser();
        for (Path f : files) p.file(f);
        p.checkReferences();
        if (!p.problems.isEmpty()) throw new RuleException(p.problems);
        return new RuleSet(List.copyOf(p.rules), Map.copyOf(p.notifiers));
    }

    /** The alert files of a directory: *.yaml and *.yml, sorted; none when the directory does not exist. */
    public static List<Path> files(Path dir) throws IOException {
        if (!Files.isDirectory(dir)) return List.of();
        try (var s = Files.list(dir)) {
            return s.filter(f -> f.toString().endsWith(".yaml") || f.toString().endsWith(".yml"))
                    .sorted()
                    .toList();
        }
    }

    private void file(Path path) throws IOException {
        file = path.toString();
        yaml = new YamlFile(file, problems);
        Node root = yaml.load(Files.readString(path));
        if (root == null) return; // empty file (no rules), or a syntax error already reported
        if (!(root instanceof SequenceNode seq)) {
            problem(line(root), "an alert file is a YAML list of '- rule:' and '- notifier:' entries");
            return;
        }
        for (Node item : seq.getValue()) {
            Map<String, Node> entry = mapping(item, "an entry");
            if (entry == null) continue;
            if (entry.size() != 1) {
                problem(line(item), "each entry is '- rule:' or '- notifier:' (one key), not " + entry.keySet());
                continue;
            }
            String kind = entry.keySet().iterator().next();
            Node body = entry.get(kind);
            switch (kind) {
                case "rule" -> rule(body);
                case "notifier" -> notifier(body);
                default -> problem(line(item), "unknown entry '" + kind + "'; use rule or notifier");
            }
        }
    }

    private void rule(Node node) {
        Map<String, Node> m = mapping(node, "a rule");
        if (m == null) return;
        unknownKeys(m, RULE_KEYS, "rule");
        String id = required(m, "id", node);
        String typeText = required(m, "type", node);
        if (id == null || typeText == null) return;
        if (isTaken(id, m.get("id"))) return;
        AlertRule.Type type;
        try {
            type = AlertRule.Type.valueOf(typeText.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            problem(
                    line(m.get("type")),
                    "rule " + id + ": type must be match, threshold, correlation or silence, not '" + typeText + "'");
            return;
        }
        int before = problems.size();
        EventMatcher when = null;
        EventMatcher then = null;
        if (type == AlertRule.Type.CORRELATION) {
            for (String k : List.of("selector", "where", "pattern"))
                if (m.containsKey(k))
                    problem(line(m.get(k)), "rule " + id + ": a correlation puts '" + k + "' under 'when' and 'then'");
            when = matcher(m.get("when"), id + ".when", true, node);
            then = matcher(m.get("then"), id + ".then", true, node);
        } else if (type != AlertRule.Type.SILENCE) {
            when = matcher(node, id, false, node);
        } else if (m.containsKey("selector") || m.containsKey("where") || m.containsKey("pattern")) {
            when = matcher(node, id, false, node); // which events count as a sign of life
        }
        String groupBy = scalar(m.get("groupBy"));
        if (type == AlertRule.Type.SILENCE) {
            if (groupBy == null) groupBy = "host";
            if (!Set.of("host", "app", "listener").contains(groupBy))
                problem(
                        line(m.get("groupBy")),
                        "rule " + id + ": a silence rule groups by host, app or listener, not '" + groupBy + "'");
        } else if (groupBy != null && !EventMatcher.isField(groupBy) && !capturedBy(groupBy, when, then)) {
            problem(
                    line(m.get("groupBy")),
                    "rule " + id + ": groupBy '" + groupBy + "' is neither a named group of the pattern nor a field ("
                            + String.join(", ", new TreeSet<>(EventMatcher.FIELDS)) + ", fields.<name>)");
        }
        int count = 1;
        if (type == AlertRule.Type.THRESHOLD) {
            String c = required(m, "count", node);
            try {
                count = c == null ? 1 : Integer.parseInt(c);
                if (count < 1) throw new NumberFormatException();
            } catch (NumberFormatException e) {
                problem(line(m.get("count")), "rule " + id + ": count must be a positive number, not '" + c + "'");
            }
        } else if (m.containsKey("count")) {
            problem(line(m.get("count")), "rule " + id + ": count is for threshold rules");
        }
        Duration window = null;
        if (type != AlertRule.Type.MATCH) window = duration(m, "window", id, node);
        else if (m.containsKey("window"))
            problem(line(m.get("window")), "rule " + id + ": window is for threshold, correlation and silence rules");
        Duration suppress = m.containsKey("suppress") ? duration(m, "suppress", id, node) : Duration.ofMinutes(10);
        List<String> notify = list(m.get("notify"), "rule " + id + ": notify");
        notifyRefs.add(
                new NotifyRef(id, notify, file, m.get("notify"))); // checked even when the rule has other mistakes
        List<String> hosts = list(m.get("hosts"), "rule " + id + ": hosts");
        if (!hosts.isEmpty() && type != AlertRule.Type.SILENCE)
            problem(line(m.get("hosts")), "rule " + id + ": hosts (an inventory) is for silence rules");
        if (problems.size() > before) return;
        rules.add(new AlertRule(
                id,
                type,
                when,
                then,
                groupBy,
                count,
                window,
                suppress,
                notify,
                scalar(m.get("message")),
                hosts,
                file,
                line(node)));
    }

    /** A rule's notify list, where it was written. */
    private record NotifyRef(String rule, List<String> targets, String file, Node at) {}

    private final List<NotifyRef> notifyRefs = new ArrayList<>();
    private final Set<String> notifierIds = new LinkedHashSet<>();
    private final Set<String> ids = new LinkedHashSet<>();

    private boolean isTaken(String id, Node at) {
        if (ids.add(id)) return false;
        problem(line(at), "id '" + id + "' is used twice (rules and notifiers share one name space)");
        return true;
    }

    private static boolean capturedBy(String name, EventMatcher... matchers) {
        for (EventMatcher m : matchers) if (m != null && m.groups().contains(name)) return true;
        return false;
    }

    private EventMatcher matcher(Node node, String what, boolean nested, Node parent) {
        if (node == null) {
            problem(
                    line(parent),
                    "rule " + what.replace(".when", "").replace(".then", "") + ": needs '"
                            + (what.endsWith(".when") ? "when" : "then") + "'");
            return null;
        }
        Map<String, Node> m = mapping(node, what);
        if (m == null) return null;
        if (nested) unknownKeys(m, MATCHER_KEYS, what);
        Selector selector = null;
        String sel = scalar(m.get("selector"));
        if (sel != null) {
            try {
                selector = Selector.parse(sel);
            } catch (IllegalArgumentException e) {
                problem(line(m.get("selector")), what + ": selector '" + sel + "': " + e.getMessage());
            }
        }
        Map<String, Set<String>> where = new LinkedHashMap<>();
        Node w = m.get("where");
        if (w != null) {
            Map<String, Node> wm = mapping(w, what + ": where");
            if (wm != null) {
                for (Map.Entry<String, Node> e : wm.entrySet()) {
                    if (!EventMatcher.isField(e.getKey())) {
                        problem(
                                line(e.getValue()),
                                what + ": where: unknown field '" + e.getKey() + "' ("
                                        + String.join(", ", new TreeSet<>(EventMatcher.FIELDS)) + ", fields.<name>)");
                        continue;
                    }
                    where.put(e.getKey(), new LinkedHashSet<>(list(e.getValue(), what + ": where." + e.getKey())));
                }
            }
        }
        Pattern pattern = null;
        String p = scalar(m.get("pattern"));
        if (p != null) {
            try {
                pattern = Pattern.compile(p);
            } catch (PatternSyntaxException e) {
                problem(
                        line(m.get("pattern")),
                        what + ": pattern is not a valid regular expression: " + e.getDescription() + " near index "
                                + e.getIndex());
            }
        }
        return EventMatcher.of(selector, where, pattern);
    }

    private void notifier(Node node) {
        Map<String, Node> m = mapping(node, "a notifier");
        if (m == null) return;
        String id = required(m, "id", node);
        String type = required(m, "type", node);
        if (id == null || type == null) return;
        if (isTaken(id, m.get("id"))) return;
        notifierIds.add(id); // a broken notifier is reported once, not again by each rule naming it
        if (!NOTIFIER_TYPES.contains(type)) {
            problem(
                    line(m.get("type")),
                    "notifier " + id + ": type must be webhook, email, syslog or kafka, not '" + type + "'");
            return;
        }
        int before = problems.size();
        unknownKeys(m, NOTIFIER_KEYS.get(type), "notifier " + id);
        Map<String, String> options = new LinkedHashMap<>();
        for (Map.Entry<String, Node> e : m.entrySet()) {
            if (e.getKey().equals("to") || e.getKey().equals("header")) continue;
            String v = scalar(e.getValue());
            if (v == null)
                problem(line(e.getValue()), "notifier " + id + ": " + e.getKey() + " must be a single value");
            else options.put(e.getKey(), v);
        }
        switch (type) {
            case "webhook" -> {
                String url = required(m, "url", node);
                if (url != null && !url.startsWith("http://") && !url.startsWith("https://"))
                    problem(line(m.get("url")), "notifier " + id + ": url must be http:// or https://");
                Node headers = m.get("header");
                if (headers != null) {
                    Map<String, Node> hm = mapping(headers, "notifier " + id + ": header");
                    if (hm != null) hm.forEach((k, v) -> options.put("header." + k, scalar(v)));
                }
            }
            case "email" -> {
                required(m, "host", node);
                required(m, "from", node);
                if (!m.containsKey("to"))
                    problem(line(node), "notifier " + id + ": needs 'to' (one address or a list)");
            }
            case "syslog" -> {
                required(m, "host", node);
                String t = options.getOrDefault("transport", "tcp");
                if (!Set.of("tcp", "udp", "relp").contains(t))
                    problem(line(m.get("transport")), "notifier " + id + ": transport must be tcp, udp or relp");
            }
            case "kafka" -> {
                required(m, "brokers", node);
                required(m, "topic", node);
            }
            default -> {}
        }
        for (String k : List.of("port", "timeoutMs")) {
            String v = options.get(k);
            if (v != null && !v.matches("\\d{1,6}"))
                problem(line(m.get(k)), "notifier " + id + ": " + k + " must be a number, not '" + v + "'");
        }
        List<String> to = list(m.get("to"), "notifier " + id + ": to");
        if (problems.size() > before) return;
        notifiers.put(id, new NotifierConfig(id, type, options, to, file, line(node)));
    }

    private void checkReferences() {
        for (NotifyRef r : notifyRefs) {
            for (String n : r.targets()) {
                if (!notifiers.containsKey(n) && !notifierIds.contains(n)) {
                    problems.add(new Problem(
                            r.file(),
                            line(r.at()),
                            "rule " + r.rule() + ": notify '" + n + "' is not a notifier (defined: "
                                    + (notifierIds.isEmpty() ? "none" : String.join(", ", notifierIds)) + ")"));
                }
            }
        }
    }

    private Duration duration(Map<String, Node> m, String key, String id, Node parent) {
        String v = required(m, key, parent);
        if (v == null) return null;
        try {
            return DurationText.parse("rule " + id + ": " + key, v);
        } catch (IllegalArgumentException e) {
            problem(line(m.get(key)), e.getMessage());
            return null;
        }
    }

    private String required(Map<String, Node> m, String key, Node parent) {
        Node n = m.get(key);
        String v = scalar(n);
        if (v == null || v.isBlank()) {
            problem(
                    line(n != null ? n : parent),
                    "needs '" + key + "'" + (m.get("id") != null ? " (in " + scalar(m.get("id")) + ")" : ""));
            return null;
        }
        return v;
    }

    // the YAML helpers are YamlFile's, shared with the rulebase parser
    private void unknownKeys(Map<String, Node> m, Set<String> known, String what) {
        yaml.unknownKeys(m, known, what);
    }

    private Map<String, Node> mapping(Node n, String what) {
        return yaml.mapping(n, what);
    }

    /** A scalar or a list of scalars, as a list. */
    private List<String> list(Node n, String what) {
        return yaml.list(n, what);
    }

    private void problem(int line, String cause) {
        yaml.problem(line, cause);
    }

    private static String scalar(Node n) {
        return YamlFile.scalar(n);
    }

    private static int line(Node n) {
        return YamlFile.line(n);
    }
}
