package io.logpipe.normalize;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * A compiled grok expression: {@code Failed %{WORD:method} for %{USERNAME:user} from %{IP:src_ip} port %{INT:src_port:int}}.
 * {@code %{NAME}} is replaced by the library pattern NAME (recursively), {@code %{NAME:field}} also captures
 * what it matched as {@code field}, {@code %{NAME:field:type}} converts it (int, long, float, double, boolean;
 * string by default). The captures written in the expression, and in the patterns named as {@code capturing}
 * (a rulebase's own), are kept; names inside library patterns (like SYSLOGPROG's {@code program}) are not; a plain named group {@code (?<dir>->|<-)} written in the
 * expression is a text capture too. The rest is a Java regular expression, matched
 * anywhere in the text (anchor with {@code ^} and {@code $}). Immutable and thread-safe.
 */
public final class Grok {
    public enum Type {
        STRING,
        INT,
        LONG,
        FLOAT,
        DOUBLE,
        BOOLEAN
    }

    /** One captured field: its name, the regex group holding it, how to convert it. */
    public record Capture(String field, String group, Type type) {}

    private static final Pattern REFERENCE = Pattern.compile("%\\{([A-Za-z0-9_]+)(?::([^:}]*))?(?::([^}]*))?\\}");
    private static final Pattern NAMED_GROUP = Pattern.compile("(?<!\\\\)\\(\\?<([a-zA-Z][a-zA-Z0-9]*)>");
    private static final Pattern FIELD_NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");
    private static final int MAX_DEPTH = 40;
    private static final Set<String> TYPES = Set.of("string", "int", "long", "float", "double", "boolean");

    private final String expression;
    private final Pattern regex;
    private final List<Capture> captures;
    /** starts with ^: one attempt at the start instead of a scan (most rules are, and most events do not match) */
    private final boolean anchored;

    private Grok(String expression, Pattern regex, List<Capture> captures) {
        this.expression = expression;
        this.regex = regex;
        this.captures = captures;
        this.anchored = expression.startsWith("^");
    }

    /**
     * @param definitions pattern name to grok expression: the standard library plus a rulebase's own
     */
    public static Grok compile(String expression, Map<String, String> definitions) throws GrokException {
        return compile(expression, definitions, Set.of());
    }

    /**
     * @param capturing patterns whose own named references are captures too (a rulebase's own patterns, which
     *     are shorthand written for it, unlike the library's)
     */
    public static Grok compile(String expression, Map<String, String> definitions, Set<String> capturing)
            throws GrokException {
        List<Capture> captures = new ArrayList<>();
        String regex = new Expansion(definitions, capturing, captures).expand(expression, 0, true, null);
        Matcher named = NAMED_GROUP.matcher(
                expression); // plain regex groups (?<name>...) written in the expression are captures too
        while (named.find()) {
            if (named.group(1).matches("lp\\d+"))
                throw new GrokException("group name " + named.group(1) + " is reserved");
            captures.add(new Capture(named.group(1), named.group(1), Type.STRING));
        }
        try {
            return new Grok(expression, Pattern.compile(regex), List.copyOf(captures));
        } catch (PatternSyntaxException e) {
            throw new GrokException("not a valid regular expression once expanded: " + e.getDescription()
                    + " near index " + e.getIndex());
        } catch (StackOverflowError e) {
            throw new GrokException("the expanded regular expression is too deeply nested");
        }
    }

    /** Replaces references recursively; {@code keep}: named references here become capture groups. */
    private record Expansion(Map<String, String> definitions, Set<String> capturing, List<Capture> captures) {
        String expand(String expression, int depth, boolean keep, String within) throws GrokException {
            if (depth > MAX_DEPTH) throw new GrokException("pattern %{" + within + "} refers to itself");
            Matcher m = REFERENCE.matcher(expression);
            StringBuilder out = new StringBuilder(expression.length() * 2);
            int last = 0;
            while (m.find()) {
                out.append(expression, last, m.start());
                last = m.end();
                String name = m.group(1);
                String definition = definitions.get(name);
                if (definition == null) {
                    throw new GrokException(
                            within == null
                                    ? "unknown pattern %{" + name + "}"
                                    : "unknown pattern %{" + name + "} in %{" + within + "}");
                }
                String inner = expand(definition, depth + 1, keep && capturing.contains(name), name);
                String field = m.group(2);
                if (keep && field != null && !field.isEmpty()) {
                    if (!FIELD_NAME.matcher(field).matches())
                        throw new GrokException(
                                "capture name '" + field + "' in " + m.group() + ": use letters, digits and _");
                    String typeName =
                            m.group(3) == null ? "string" : m.group(3).strip().toLowerCase(Locale.ROOT);
                    if (!TYPES.contains(typeName))
                        throw new GrokException("type '" + m.group(3) + "' of " + field + ": one of "
                                + String.join(", ", new TreeSet<>(TYPES)));
                    String group = "lp" + captures.size();
                    captures.add(new Capture(field, group, Type.valueOf(typeName.toUpperCase(Locale.ROOT))));
                    out.append("(?<").append(group).append('>').append(inner).append(')');
                } else {
                    out.append("(?:").append(inner).append(')');
                }
            }
            out.append(expression, last, expression.length());
            return out.toString();
        }
    }

    public String expression() {
        return expression;
    }

    public List<Capture> captures() {
        return captures;
    }

    /** The field names this expression captures, in order, each once. */
    public List<String> fieldNames() {
        return captures.stream().map(Capture::field).distinct().toList();
    }

    /**
     * The captures of the first match in {@code text}, converted; null when it does not match. A field
     * captured in several alternatives takes the one that matched; a value that does not convert to its
     * type is kept as text.
     */
    public Map<String, Object> match(CharSequence text) {
        Matcher m = regex.matcher(text);
        if (!(anchored ? m.lookingAt() : m.find())) return null;
        Map<String, Object> out = new LinkedHashMap<>(captures.size() * 2);
        for (Capture c : captures) {
            String v = m.group(c.group());
            if (v != null && !out.containsKey(c.field())) out.put(c.field(), convert(v, c.type()));
        }
        return out;
    }

    static Object convert(String v, Type type) {
        try {
            return switch (type) {
                case STRING -> v;
                case INT, LONG -> Long.parseLong(v.strip());
                case FLOAT, DOUBLE -> Double.parseDouble(v.strip());
                case BOOLEAN ->
                    v.strip().equalsIgnoreCase("true")
                            ? Boolean.TRUE
                            : v.strip().equalsIgnoreCase("false") ? Boolean.FALSE : v;
            };
        } catch (NumberFormatException e) {
            return v;
        }
    }
}
