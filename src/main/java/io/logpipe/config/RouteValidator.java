package io.logpipe.config;

import io.logpipe.net.BoundListener;
import io.logpipe.routing.Selector;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.apache.camel.CamelContext;
import org.apache.camel.Endpoint;
import org.apache.camel.RoutesBuilder;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.component.direct.DirectEndpoint;
import org.apache.camel.spi.Resource;
import org.apache.camel.support.PluginHelper;
import org.apache.camel.support.ResourceHelper;
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
 * Checks route files the way {@code rsyslogd -N1} checks rsyslog.conf: YAML syntax, an id on
 * every route, an {@code otherwise} in every {@code choice}, selector and simple expressions,
 * endpoint URIs and their options, then Camel's own YAML loader. Each finding carries file and line.
 */
public final class RouteValidator {
    private static final Pattern CAMEL_LINE = Pattern.compile("line (\\d+)");

    /** Languages a route may name that logpipe does not ship: each is checked to be there before a route uses it. */
    private static final List<String> LANGUAGE_KEYS = List.of(
            "groovy",
            "js",
            "javaScript",
            "python",
            "ognl",
            "mvel",
            "spel",
            "jq",
            "jsonpath",
            "xpath",
            "xquery",
            "datasonnet",
            "joor",
            "java",
            "wasm",
            "exchangeProperty",
            "header",
            "constant",
            "tokenize",
            "csimple");

    private final CamelContext camel;
    /** What the checked files listen on and send to, for the checks across files. */
    private final List<Use> listeners = new ArrayList<>();

    private final List<Use> directTargets = new ArrayList<>();
    /** beans the file being checked declares ({@code - beans:}): Camel makes them only when it loads the file */
    private final Set<String> declaredBeans = new HashSet<>();

    /** An endpoint a route file uses: where, and its key (a listener's transport, address and port, or a direct: name). */
    record Use(String file, int line, String key, String uri) {}

    public RouteValidator(CamelContext camel) {
        this.camel = camel;
    }

    public List<Problem> validateDirectory(Path dir) throws IOException {
        List<Problem> problems = new ArrayList<>();
        if (!Files.isDirectory(dir)) {
            problems.add(new Problem(dir.toString(), 0, "routes directory does not exist"));
            return problems;
        }
        List<Path> files = routeFiles(dir);
        if (files.isEmpty()) problems.add(new Problem(dir.toString(), 0, "no route files (*.yaml)"));
        for (Path f : files) problems.addAll(validateFile(f));
        problems.addAll(acrossFiles(Set.of()));
        return problems;
    }

    /** The route files of a directory (*.yaml, *.yml), in name order. */
    public static List<Path> routeFiles(Path dir) throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.filter(p -> p.toString().endsWith(".yaml") || p.toString().endsWith(".yml"))
                    .sorted()
                    .toList();
        }
    }

    /**
     * What only shows when the files meet: two listeners on one transport and port (or two routes
     * consuming one endpoint), and a {@code to: direct:X} that no route consumes ({@code runningDirect}:
     * direct: names consumed by routes outside the checked files, for a live reload).
     */
    public List<Problem> acrossFiles(Set<String> runningDirect) {
        List<Problem> problems = new ArrayList<>();
        Map<String, Use> first = new LinkedHashMap<>();
        for (Use u : listeners) {
            Use earlier = first.putIfAbsent(u.key(), u);
            if (earlier != null) {
                problems.add(new Problem(
                        u.file(),
                        u.line(),
                        "'" + u.uri() + "' listens on " + u.key() + ", which " + earlier.file() + ":" + earlier.line()
                                + " already takes; only one route can"));
            }
        }
        Set<String> consumed = new HashSet<>(runningDirect);
        for (Use u : listeners) if (u.key().startsWith("direct:")) consumed.add(u.key());
        for (Use t : directTargets) {
            if (!consumed.contains(t.key())) {
                problems.add(new Problem(
                        t.file(),
                        t.line(),
                        "'" + t.uri() + "': no route has 'from: " + t.key()
                                + "' (a typo?); events sent there would fail"));
            }
        }
        return problems;
    }

    public List<Problem> validateFile(Path file) throws IOException {
        List<Problem> problems = new ArrayList<>();
        String name = file.toString();
        String text = Files.readString(file);
        Node root;
        try {
            LoadSettings settings = LoadSettings.builder().setLabel(name).build();
            Composer composer = new Composer(settings, new ParserImpl(settings, new StreamReader(settings, text)));
            root = composer.getSingleNode().orElse(null);
        } catch (MarkedYamlEngineException e) {
            int line = e.getProblemMark().map(m -> m.getLine() + 1).orElse(0);
            problems.add(new Problem(name, line, "YAML syntax: " + e.getProblem()));
            return problems;
        }
        if (!(root instanceof SequenceNode seq)) {
            problems.add(new Problem(name, line(root), "a route file is a YAML list of '- route:' entries"));
            return problems;
        }
        declaredBeans.clear();
        for (Node item : seq.getValue()) {
            if (mapping(item).get("beans") instanceof SequenceNode beans)
                for (Node bean : beans.getValue()) {
                    String beanName = scalar(mapping(bean).get("name"));
                    if (beanName != null) declaredBeans.add(beanName);
                }
        }
        for (Node item : seq.getValue()) {
            Map<String, Node> entry = mapping(item);
            Node route = entry.get("route");
            if (route != null) {
                Map<String, Node> r = mapping(route);
                if (!(r.get("id") instanceof ScalarNode))
                    problems.add(new Problem(
                            name,
                            line(route),
                            "route has no id (every route needs one: it names its metrics and logs)"));
                if (r.get("from") == null) problems.add(new Problem(name, line(route), "route has no 'from'"));
            }
            walk(name, item, problems);
        }
        if (problems.isEmpty()) problems.addAll(loadWithCamel(file));
        return problems;
    }

    /** The ids of a route file's routes with the line of each {@code - route:}; empty when the text does not parse. */
    public static Map<String, Integer> routeIds(String name, String text) {
        Map<String, Integer> ids = new LinkedHashMap<>();
        try {
            LoadSettings settings = LoadSettings.builder().setLabel(name).build();
            Node root = new Composer(settings, new ParserImpl(settings, new StreamReader(settings, text)))
                    .getSingleNode()
                    .orElse(null);
            if (!(root instanceof SequenceNode seq)) return ids;
            for (Node item : seq.getValue()) {
                Node route = mapping(item).get("route");
                String id = route == null ? null : scalar(mapping(route).get("id"));
                if (id != null) ids.put(id, line(item));
            }
        } catch (RuntimeException unparsable) {
            // validation reports it
        }
        return ids;
    }

    /** Recursive checks on every mapping in the tree. */
    private void walk(String file, Node node, List<Problem> problems) {
        if (node instanceof SequenceNode s) {
            for (Node n : s.getValue()) walk(file, n, problems);
            return;
        }
        if (!(node instanceof MappingNode m)) return;
        Map<String, Node> map = mapping(m);
        Node choice = map.get("choice");
        if (choice != null && mapping(choice).get("otherwise") == null) {
            problems.add(
                    new Problem(
                            file,
                            line(choice),
                            "choice without otherwise: end it with 'otherwise' (e.g. to direct:unmatched) so unmatched events are not lost silently"));
        }
        Node language = map.get("language");
        if (language instanceof MappingNode) {
            Map<String, Node> l = mapping(language);
            if ("selector".equals(scalar(l.get("language")))) {
                try {
                    Selector.parse(scalar(l.get("expression")));
                } catch (IllegalArgumentException e) {
                    problems.add(new Problem(file, line(language), e.getMessage()));
                }
            }
        }
        Node simple = map.get("simple");
        if (simple != null) {
            String expr = simple instanceof ScalarNode
                    ? scalar(simple)
                    : scalar(mapping(simple).get("expression"));
            try {
                camel.resolveLanguage("simple").createPredicate(expr);
            } catch (RuntimeException e) {
                problems.add(new Problem(file, line(simple), "simple expression: " + e.getMessage()));
            }
        }
        Node groovy = map.get("groovy");
        if (groovy != null) {
            String script = groovy instanceof ScalarNode
                    ? scalar(groovy)
                    : scalar(mapping(groovy).get("expression"));
            if (script != null)
                problems.addAll(GroovyCheck.problems(
                        file,
                        line(groovy),
                        groovy instanceof ScalarNode sn
                                && sn.getScalarStyle().toString().equals("|"),
                        script));
        }
        // toD is left out: its URI holds per-message expressions that only resolve at run time
        for (String key : List.of("from", "to", "wireTap", "enrich")) {
            Node target = map.get(key);
            if (target == null) continue;
            String uri = target instanceof ScalarNode
                    ? scalar(target)
                    : scalar(mapping(target).get("uri"));
            if (uri == null) continue;
            Map<String, Object> params = new LinkedHashMap<>();
            if (target instanceof MappingNode) {
                Node p = mapping(target).get("parameters");
                if (p instanceof MappingNode) mapping(p).forEach((k, v) -> params.put(k, scalar(v)));
            }
            try {
                Endpoint endpoint = camel.getEndpoint(uri, params);
                if (endpoint == null) {
                    problems.add(new Problem(
                            file,
                            line(target),
                            "endpoint '" + uri + "': no component '" + uri.split(":", 2)[0] + "' in this build; it has "
                                    + String.join(", ", AvailableComponents.names())));
                    continue;
                }
                if (key.equals("from")) listeners.add(new Use(file, line(target), listenerKey(endpoint), uri));
                else if (endpoint instanceof DirectEndpoint d)
                    directTargets.add(new Use(file, line(target), directName(d), uri));
            } catch (RuntimeException e) {
                String why = rootCause(e);
                // a bean of this file's own beans: exists once Camel loads the file (loadWithCamel checks that)
                if (isDeclaredBeanMissing(why)) continue;
                if (why.contains("No component found with scheme") || why.contains("No endpoint could be found for")) {
                    why = "no component '" + uri.split(":", 2)[0] + "' in this build; it has "
                            + String.join(", ", AvailableComponents.names());
                }
                problems.add(new Problem(file, line(target), "endpoint '" + uri + "': " + why));
            }
        }
        for (String lang : LANGUAGE_KEYS) {
            if (map.containsKey(lang)) checkLanguage(file, line(map.get(lang)), lang, problems);
        }
        if (language instanceof MappingNode) {
            String name = scalar(mapping(language).get("language"));
            if (name != null && !name.equals("selector")) checkLanguage(file, line(language), name, problems);
        }
        for (NodeTuple t : m.getValue()) walk(file, t.getValueNode(), problems);
    }

    private void checkLanguage(String file, int line, String name, List<Problem> problems) {
        try {
            camel.resolveLanguage(name);
        } catch (RuntimeException e) {
            problems.add(new Problem(
                    file,
                    line,
                    "language '" + name + "' is not available in logpipe (" + rootCause(e)
                            + "); use simple, selector or a processor"));
        }
    }

    /** {@code direct:NAME}, whatever the spelling ({@code direct://NAME?options}). */
    public static String directName(Endpoint d) {
        String base = d.getEndpointBaseUri();
        String name = base.startsWith("direct://") ? base.substring(9) : base.substring(base.indexOf(':') + 1);
        int q = name.indexOf('?');
        return "direct:" + (q < 0 ? name : name.substring(0, q));
    }

    /** Transport, address and port for a syslog listener (so TCP, TLS and RELP on one port clash); the endpoint itself otherwise. */
    private String listenerKey(Endpoint endpoint) {
        if (endpoint instanceof BoundListener b && b.getPort() != 0) return b.bindingKey();
        if (endpoint instanceof DirectEndpoint d) return directName(d);
        return endpoint.getEndpointKey();
    }

    private boolean isDeclaredBeanMissing(String why) {
        return declaredBeans.stream()
                .anyMatch(b -> why.startsWith("No bean could be found in the registry for: " + b + " "));
    }

    /** Camel's YAML DSL itself: catches unknown keys and misplaced steps. */
    private List<Problem> loadWithCamel(Path file) {
        try {
            Resource resource = ResourceHelper.resolveMandatoryResource(camel, "file:" + file.toAbsolutePath());
            for (RoutesBuilder b : PluginHelper.getRoutesLoader(camel).findRoutesBuilders(resource)) {
                if (b instanceof RouteBuilder rb) {
                    rb.setCamelContext(camel);
                    rb.configure();
                }
            }
            return List.of();
        } catch (Exception e) {
            String cause = rootCause(e);
            Matcher m = CAMEL_LINE.matcher(cause);
            return List.of(new Problem(file.toString(), m.find() ? Integer.parseInt(m.group(1)) : 0, cause));
        }
    }

    /** The innermost cause's message on one line. */
    public static String rootCause(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null && t.getCause() != t) t = t.getCause();
        String msg = t.getMessage() != null ? t.getMessage() : t.toString();
        return msg.replaceAll("\\s+", " ").trim();
    }

    private static Map<String, Node> mapping(Node n) {
        Map<String, Node> out = new LinkedHashMap<>();
        if (n instanceof MappingNode m) {
            for (NodeTuple t : m.getValue()) {
                String k = scalar(t.getKeyNode());
                if (k != null) out.put(k, t.getValueNode());
            }
        }
        return out;
    }

    private static String scalar(Node n) {
        return n instanceof ScalarNode s ? s.getValue() : null;
    }

    private static int line(Node n) {
        return n == null ? 0 : n.getStartMark().map(m -> m.getLine() + 1).orElse(0);
    }
}
