package io.logpipe.routetest;

import io.logpipe.codec.Decoders;
import io.logpipe.config.Problem;
import io.logpipe.config.YamlFile;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.snakeyaml.engine.v2.common.ScalarStyle;
import org.snakeyaml.engine.v2.nodes.Node;
import org.snakeyaml.engine.v2.nodes.ScalarNode;
import org.snakeyaml.engine.v2.nodes.SequenceNode;

/**
 * Reads route test files ({@code tests/*.yaml}): a list of cases, each
 * <pre>
 * - test: a failed ssh login lands in auth.log with its fields
 *   route: syslog-tcp
 *   input: "&lt;38&gt;Dec  2 10:00:00 web1 sshd[42]: Failed password for root from 203.0.113.9 port 52144 ssh2"
 *   expect:
 *     to: [ "logfile:auth.log", "db:events" ]
 *     not_to: [ "logfile:syslog" ]
 *     fields: { app: sshd, fields.outcome: failure }
 * </pre>
 * Mistakes are collected with file and line, never thrown.
 */
public final class RouteTestParser {
    private static final Set<String> CASE_KEYS = Set.of("test", "route", "input", "format", "received", "expect");
    private static final Set<String> EXPECT_KEYS = Set.of("to", "not_to", "dropped", "fields");

    private RouteTestParser() {}

    public static List<Path> files(Path dir) throws IOException {
        if (!Files.isDirectory(dir)) return List.of();
        try (Stream<Path> s = Files.list(dir)) {
            return s.filter(p -> p.toString().endsWith(".yaml") || p.toString().endsWith(".yml"))
                    .sorted()
                    .toList();
        }
    }

    public static List<RouteTestCase> parse(Path file, List<Problem> problems) throws IOException {
        return parse(file.toString(), Files.readString(file), problems);
    }

    public static List<RouteTestCase> parse(String name, String text, List<Problem> problems) {
        YamlFile yaml = new YamlFile(name, problems);
        Node root = yaml.load(text);
        List<RouteTestCase> cases = new ArrayList<>();
        if (root == null) return cases;
        if (!(root instanceof SequenceNode seq)) {
            yaml.problem(YamlFile.line(root), "a route test file is a YAML list of '- test:' entries");
            return cases;
        }
        for (Node item : seq.getValue()) {
            RouteTestCase c = parseCase(yaml, item);
            if (c != null) cases.add(c);
        }
        return cases;
    }

    private static RouteTestCase parseCase(YamlFile yaml, Node item) {
        int before = yaml.problemCount();
        Map<String, Node> m = yaml.mapping(item, "a test");
        if (m == null) return null;
        yaml.unknownKeys(m, CASE_KEYS, "test");
        String name = yaml.required(m, "test", item, "test");
        String what = "test '" + (name == null ? "?" : name) + "'";
        String route = yaml.required(m, "route", item, what);
        List<String> inputs = yaml.list(m.get("input"), what + ": input");
        if (m.get("input") == null)
            yaml.problem(YamlFile.line(item), what + ": needs 'input' (a line, or a list of lines)");
        String format = YamlFile.scalar(m.get("format"));
        if (format != null
                && Decoders.frameDecoder(format) == null
                && !format.equals("json")
                && !format.equals("event")) {
            yaml.problem(
                    YamlFile.line(m.get("format")),
                    what + ": format must be event, json or one of " + String.join(", ", Decoders.NAMES) + ", not '"
                            + format + "'");
        }
        Instant received = null;
        String receivedText = YamlFile.scalar(m.get("received"));
        if (receivedText != null) {
            try {
                received = Instant.parse(receivedText);
            } catch (DateTimeParseException e) {
                yaml.problem(
                        YamlFile.line(m.get("received")),
                        what + ": received must be an ISO-8601 instant like 2026-03-01T12:00:00Z, not '" + receivedText
                                + "'");
            }
        }
        List<String> to = List.of();
        List<String> notTo = List.of();
        boolean dropped = false;
        Map<String, String> fields = new LinkedHashMap<>();
        Node expectNode = m.get("expect");
        if (expectNode == null) {
            yaml.problem(YamlFile.line(item), what + ": needs 'expect' (to, not_to, dropped, fields)");
        } else {
            Map<String, Node> e = yaml.mapping(expectNode, what + ": expect");
            if (e != null) {
                yaml.unknownKeys(e, EXPECT_KEYS, what + ": expect");
                to = yaml.list(e.get("to"), what + ": expect.to");
                notTo = yaml.list(e.get("not_to"), what + ": expect.not_to");
                String d = YamlFile.scalar(e.get("dropped"));
                if (d != null && !d.equals("true") && !d.equals("false"))
                    yaml.problem(YamlFile.line(e.get("dropped")), what + ": dropped must be true or false");
                dropped = "true".equals(d);
                if (dropped && !to.isEmpty())
                    yaml.problem(
                            YamlFile.line(expectNode),
                            what + ": an event that is dropped reaches no sink; give 'dropped' or 'to', not both");
                if (e.get("fields") != null) {
                    Map<String, Node> f = yaml.mapping(e.get("fields"), what + ": expect.fields");
                    if (f != null) {
                        for (Map.Entry<String, Node> fe : f.entrySet()) {
                            if (!(fe.getValue() instanceof ScalarNode s)) {
                                yaml.problem(
                                        YamlFile.line(fe.getValue()),
                                        what + ": expected field '" + fe.getKey()
                                                + "' must be a single value (~ for absent)");
                            } else {
                                fields.put(fe.getKey(), isNull(s) ? null : s.getValue());
                            }
                        }
                    }
                }
                if (to.isEmpty() && notTo.isEmpty() && !dropped && fields.isEmpty()) {
                    yaml.problem(
                            YamlFile.line(expectNode),
                            what + ": expect says nothing (give to, not_to, dropped or fields)");
                }
            }
        }
        if (yaml.problemCount() > before) return null;
        return new RouteTestCase(
                yaml.file(), YamlFile.line(item), name, route, format, inputs, to, notTo, dropped, fields, received);
    }

    private static boolean isNull(ScalarNode s) {
        return s.getScalarStyle() == ScalarStyle.PLAIN
                && (s.getValue().equals("~")
                        || s.getValue().equals("null")
                        || s.getValue().isEmpty());
    }
}
