package io.logpipe.codec.cef;

import io.logpipe.codec.ParseException;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * IBM QRadar LEEF 1.0 ({@code LEEF:1.0|Vendor|Product|Version|EventID|k=v<TAB>k=v}) and 2.0,
 * whose sixth header field names the attribute delimiter: one character, or its code as
 * {@code x5E} / {@code 0x5E}; empty means tab.
 */
public final class LeefParser {
    private LeefParser() {}

    public record Leef(
            String version,
            String vendor,
            String product,
            String productVersion,
            String eventId,
            String delimiter,
            Map<String, String> attributes) {
        public Map<String, Object> asFields() {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("version", version);
            m.put("vendor", vendor);
            m.put("product", product);
            m.put("product_version", productVersion);
            m.put("event_id", eventId);
            m.put("attributes", attributes);
            return m;
        }
    }

    /** @param s text starting with {@code LEEF:} */
    public static Leef parse(String s) throws ParseException {
        if (!s.startsWith("LEEF:")) throw new ParseException("leef: does not start with LEEF:", 0);
        String[] head = new String[6];
        int pos = 5;
        for (int f = 0; f < 5; f++) {
            int bar = s.indexOf('|', pos);
            if (bar < 0)
                throw new ParseException(
                        "leef: header has " + (f + 1)
                                + " of 6 fields (Version|Vendor|Product|Version|EventID|attributes)",
                        pos);
            head[f] = s.substring(pos, bar);
            pos = bar + 1;
        }
        String version = head[0].strip();
        if (!version.matches("[12](\\.0)?"))
            throw new ParseException("leef: version '" + version + "' is not 1.0 or 2.0", 5);
        String delimiter = "\t";
        if (version.startsWith("2")) {
            int bar = s.indexOf('|', pos);
            // a 2.0 header may leave the delimiter field out; then the attributes follow at once, tab-separated
            if (bar >= 0 && !s.substring(pos, bar).contains("=")) {
                delimiter = delimiter(s.substring(pos, bar), pos);
                pos = bar + 1;
            }
        }
        return new Leef(
                version, head[1], head[2], head[3], head[4], delimiter, attributes(s.substring(pos), delimiter));
    }

    private static String delimiter(String field, int column) throws ParseException {
        if (field.isEmpty()) return "\t";
        if (field.length() == 1) return field;
        String hex = field.startsWith("0x") || field.startsWith("0X")
                ? field.substring(2)
                : field.startsWith("x") || field.startsWith("X") ? field.substring(1) : null;
        if (hex != null && hex.matches("[0-9A-Fa-f]{1,4}")) return String.valueOf((char) Integer.parseInt(hex, 16));
        throw new ParseException(
                "leef: delimiter '" + field + "' is neither one character nor a hex code like x09", column);
    }

    static Map<String, String> attributes(String text, String delimiter) {
        Map<String, String> out = new LinkedHashMap<>();
        int start = 0;
        while (start <= text.length()) {
            int end = text.indexOf(delimiter, start);
            if (end < 0) end = text.length();
            String pair = text.substring(start, end);
            int eq = pair.indexOf('=');
            if (eq > 0) out.put(pair.substring(0, eq).strip(), pair.substring(eq + 1));
            start = end + delimiter.length();
        }
        return out;
    }
}
