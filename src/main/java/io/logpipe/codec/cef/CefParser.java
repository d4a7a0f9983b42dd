package io.logpipe.codec.cef;

import io.logpipe.codec.ParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * ArcSight CEF (versions 0 and 1): {@code CEF:Version|Vendor|Product|Version|SignatureID|Name|Severity|Extension}.
 * Header fields escape {@code \|} and {@code \\}; extension values escape {@code \=}, {@code \\},
 * {@code \n} and {@code \r}, may contain spaces, and end where the next {@code key=} starts.
 * Lenient like ArcSight's own connectors: an unescaped {@code =} or {@code |} inside a value is
 * kept when it cannot start a new key, and an unknown escape keeps its backslash.
 */
public final class CefParser {
    private CefParser() {}

    /** The decoded record: {@code fields.cef} of the event contract. */
    public record Cef(
            String version,
            String deviceVendor,
            String deviceProduct,
            String deviceVersion,
            String signatureId,
            String name,
            String severity,
            Map<String, String> extensions) {
        public Map<String, Object> asFields() {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("version", version);
            m.put("device_vendor", deviceVendor);
            m.put("device_product", deviceProduct);
            m.put("device_version", deviceVersion);
            m.put("signature_id", signatureId);
            m.put("name", name);
            m.put("severity", severity);
            m.put("extensions", extensions);
            return m;
        }
    }

    /** @param s text starting with {@code CEF:} */
    public static Cef parse(String s) throws ParseException {
        if (!s.startsWith("CEF:")) throw new ParseException("cef: does not start with CEF:", 0);
        List<String> header = new ArrayList<>(7);
        StringBuilder field = new StringBuilder();
        int i = 4;
        while (i < s.length() && header.size() < 7) {
            char c = s.charAt(i);
            if (c == '\\' && i + 1 < s.length() && (s.charAt(i + 1) == '|' || s.charAt(i + 1) == '\\')) {
                field.append(s.charAt(i + 1));
                i += 2;
            } else if (c == '|') {
                header.add(field.toString());
                field.setLength(0);
                i++;
            } else {
                field.append(c);
                i++;
            }
        }
        if (header.size() < 7) {
            throw new ParseException(
                    "cef: header has " + (header.size() + 1)
                            + " of 8 fields (Version|Vendor|Product|Version|SignatureID|Name|Severity|Extension)",
                    i);
        }
        String version = header.get(0).strip();
        if (!version.matches("\\d+")) throw new ParseException("cef: version '" + version + "' is not a number", 4);
        return new Cef(
                version,
                header.get(1),
                header.get(2),
                header.get(3),
                header.get(4),
                header.get(5),
                header.get(6).strip(),
                extensions(s, i));
    }

    static boolean isKeyChar(char c) {
        return Character.isLetterOrDigit(c) || c == '_' || c == '.' || c == ',' || c == '[' || c == ']' || c == '-';
    }

    /** Key=value pairs from {@code from}: a key starts after a space (or at the start) and ends at an unescaped '='. */
    static Map<String, String> extensions(String s, int from) throws ParseException {
        Map<String, String> out = new LinkedHashMap<>();
        int n = s.length();
        String key = null;
        int valueStart = -1;
        int i = from;
        while (i < n) {
            char c = s.charAt(i);
            if (c == '\\') {
                i += 2;
                continue;
            }
            if (c == '=') {
                int k = i;
                while (k > from && isKeyChar(s.charAt(k - 1))) k--;
                boolean startsKey = k < i && (k == from || s.charAt(k - 1) == ' ');
                if (startsKey) {
                    if (key == null && !s.substring(from, k).isBlank()) {
                        throw new ParseException(
                                "cef: extension text before the first key=value: '"
                                        + s.substring(from, k).strip() + "'",
                                from);
                    }
                    if (key != null) out.put(key, unescape(s, valueStart, Math.max(valueStart, k - 1), false));
                    key = s.substring(k, i);
                    valueStart = i + 1;
                }
            }
            i++;
        }
        if (key != null) out.put(key, unescape(s, valueStart, n, true));
        else if (!s.substring(from).isBlank())
            throw new ParseException(
                    "cef: extension has no key=value pair: '"
                            + s.substring(from).strip() + "'",
                    from);
        return out;
    }

    /**
     * The value between start and end, escapes resolved. Spaces before the next key are separators
     * and dropped (like Logstash; Beats keeps all but one); the final value also loses trailing tabs,
     * CR and LF (the line's own end).
     */
    static String unescape(String s, int start, int end, boolean last) {
        while (end > start && (s.charAt(end - 1) == ' ' || (last && Character.isWhitespace(s.charAt(end - 1))))) end--;
        StringBuilder sb = new StringBuilder(end - start);
        for (int i = start; i < end; i++) {
            char c = s.charAt(i);
            if (c == '\\' && i + 1 < end) {
                char d = s.charAt(i + 1);
                switch (d) {
                    case '=', '\\', '|' -> sb.append(d);
                    case 'n' -> sb.append('\n');
                    case 'r' -> sb.append('\r');
                    default -> sb.append(c).append(d);
                }
                i++;
            } else {
                sb.append(c);
            }
        }
        return sb.toString();
    }

    /**
     * CEF severity (0–10, or Low, Medium, High, Very-High) as a syslog severity code:
     * Low (0–3) notice, Medium (4–6) warning, High (7–8) err, Very-High (9–10) crit; -1 when unknown.
     */
    public static int syslogSeverity(String severity) {
        String s = severity.strip().toLowerCase(Locale.ROOT);
        int level;
        switch (s) {
            case "low" -> level = 1;
            case "medium" -> level = 5;
            case "high" -> level = 7;
            case "very-high", "veryhigh", "very high" -> level = 9;
            default -> {
                try {
                    level = Integer.parseInt(s);
                } catch (NumberFormatException e) {
                    return -1;
                }
            }
        }
        if (level < 0 || level > 10) return -1;
        if (level <= 3) return 5;
        if (level <= 6) return 4;
        if (level <= 8) return 3;
        return 2;
    }
}
