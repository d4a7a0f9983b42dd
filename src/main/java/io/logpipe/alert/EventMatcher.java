package io.logpipe.alert;

import io.logpipe.event.ExtractedFields;
import io.logpipe.event.LogEvent;
import io.logpipe.routing.Selector;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Which events a rule looks at: an rsyslog-style selector, field predicates (each field one of the
 * listed values) and a regular expression on the message whose named groups become variables
 * ({@code (?<ip>\S+)} → {@code ip}). Any part may be absent.
 */
public record EventMatcher(Selector selector, Map<String, Set<String>> where, Pattern pattern, List<String> groups) {
    private static final Pattern GROUP_NAME = Pattern.compile("\\(\\?<([a-zA-Z][a-zA-Z0-9]*)>");
    /** fields a predicate or groupBy may name, besides {@code fields.<key>} (a rulebase's or decoder's extracted fields) */
    public static final Set<String> FIELDS = Set.of(
            "host",
            "app",
            "procid",
            "msgid",
            "facility",
            "severity",
            "format",
            "message",
            "source.ip",
            "listener",
            "peer");

    public static EventMatcher of(Selector selector, Map<String, Set<String>> where, Pattern pattern) {
        List<String> groups = new ArrayList<>();
        if (pattern != null) {
            Matcher m = GROUP_NAME.matcher(pattern.pattern());
            while (m.find()) groups.add(m.group(1));
        }
        return new EventMatcher(selector, where == null ? Map.of() : where, pattern, groups);
    }

    /** The variables of a matching event (its fields and the pattern's named groups), or null when it does not match. */
    public Map<String, String> match(LogEvent e) {
        if (selector != null && !selector.matches(e)) return null;
        for (Map.Entry<String, Set<String>> w : where.entrySet()) {
            if (!w.getValue().contains(String.valueOf(field(e, w.getKey())))) return null;
        }
        Map<String, String> vars = new HashMap<>();
        if (pattern != null) {
            if (e.getMessage() == null) return null;
            Matcher m = pattern.matcher(e.getMessage());
            if (!m.find()) return null;
            for (String g : groups) {
                String v = m.group(g);
                if (v != null) vars.put(g, v);
            }
        }
        return vars;
    }

    /** Whether a predicate or groupBy may name {@code name}: an event field, or {@code fields.<key>[.<key>...]}. */
    public static boolean isField(String name) {
        return FIELDS.contains(name) || ExtractedFields.isPath(name);
    }

    public static String field(LogEvent e, String name) {
        if (name.startsWith("fields.")) {
            Object v = ExtractedFields.get(e, name);
            return v == null ? null : String.valueOf(v);
        }
        return switch (name) {
            case "host" -> e.getHost();
            case "app" -> e.getApp();
            case "procid" -> e.getProcid();
            case "msgid" -> e.getMsgid();
            case "facility" -> e.getFacility();
            case "severity" -> e.getSeverity();
            case "format" -> e.getFormat();
            case "message" -> e.getMessage();
            case "source.ip" -> e.getSource() == null ? null : e.getSource().ip();
            case "listener" -> e.getSource() == null ? null : e.getSource().listener();
            case "peer" -> e.getSource() == null ? null : e.getSource().peer();
            default -> null;
        };
    }

    /** The value of {@code key} for grouping: a named group of the pattern first, else an event field. */
    public static String groupValue(String key, LogEvent e, Map<String, String> vars) {
        if (key == null) return "";
        String v = vars.get(key);
        if (v == null) v = field(e, key);
        return v == null ? "-" : v;
    }
}
