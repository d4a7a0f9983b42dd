package io.logpipe.event;

import java.time.Instant;
import java.util.Collection;
import java.util.Map;

/**
 * Writes a {@link LogEvent} as the contract's JSON object. Hand-written because it runs once per
 * event on JSON-lines sinks and a general object mapper costs several times more; keys without a
 * value are omitted, as the contract says.
 */
public final class EventJson {
    private EventJson() {}

    public static String toJson(LogEvent e) {
        // the keys and times take about 300 characters: sized so a common event needs no second array
        String message = e.getMessage();
        StringBuilder sb = new StringBuilder(320 + (message == null ? 0 : message.length() + message.length() / 8));
        write(e, sb);
        return sb.toString();
    }

    public static void write(LogEvent e, StringBuilder sb) {
        sb.append('{');
        writeFields(e, sb, new boolean[] {true});
    }

    /** The contract's object for a stored event, with its row {@code id} as the first key. */
    public static void writeWithId(long id, LogEvent e, StringBuilder sb) {
        sb.append('{');
        boolean[] first = {true};
        num(sb, first, "id", id);
        writeFields(e, sb, first);
    }

    private static void writeFields(LogEvent e, StringBuilder sb, boolean[] first) {
        instant(sb, first, "timestamp", e.getTimestamp());
        instant(sb, first, "received_at", e.getReceivedAt());
        str(sb, first, "format", e.getFormat());
        if (e.getFacilityCode() >= 0) {
            str(sb, first, "facility", e.getFacility());
            num(sb, first, "facility_code", e.getFacilityCode());
        }
        if (e.getSeverityCode() >= 0) {
            str(sb, first, "severity", e.getSeverity());
            num(sb, first, "severity_code", e.getSeverityCode());
        }
        str(sb, first, "host", e.getHost());
        str(sb, first, "app", e.getApp());
        str(sb, first, "procid", e.getProcid());
        str(sb, first, "msgid", e.getMsgid());
        str(sb, first, "message", e.getMessage());
        if (e.getStructuredData() != null) {
            key(sb, first, "structured_data");
            value(sb, e.getStructuredData());
        }
        Source s = e.getSource();
        if (s != null) {
            key(sb, first, "source");
            sb.append('{');
            boolean[] f2 = {true};
            str(sb, f2, "ip", s.ip());
            if (s.port() > 0) num(sb, f2, "port", s.port());
            str(sb, f2, "listener", s.listener());
            str(sb, f2, "peer", s.peer());
            sb.append('}');
        }
        if (e.getFields() != null && !e.getFields().isEmpty()) {
            key(sb, first, "fields");
            value(sb, e.getFields());
        }
        str(sb, first, "parse_error", e.getParseError());
        str(sb, first, "raw", e.getRaw());
        sb.append('}');
    }

    /** A map, list, string or number as JSON text (used for the database's JSON columns). */
    public static String valueJson(Object v) {
        StringBuilder sb = new StringBuilder(128);
        value(sb, v);
        return sb.toString();
    }

    /** As Instant.toString() writes it; no character of it needs escaping. */
    private static void instant(StringBuilder sb, boolean[] first, String k, Instant t) {
        if (t == null) return;
        key(sb, first, k);
        IsoInstant.append(sb.append('"'), t).append('"');
    }

    private static void key(StringBuilder sb, boolean[] first, String k) {
        if (!first[0]) sb.append(',');
        first[0] = false;
        sb.append('"').append(k).append("\":");
    }

    private static void str(StringBuilder sb, boolean[] first, String k, String v) {
        if (v == null) return;
        key(sb, first, k);
        quote(sb, v);
    }

    private static void num(StringBuilder sb, boolean[] first, String k, long v) {
        key(sb, first, k);
        sb.append(v);
    }

    private static void value(StringBuilder sb, Object v) {
        if (v == null) {
            sb.append("null");
        } else if (v instanceof String str) {
            quote(sb, str);
        } else if (v instanceof Number || v instanceof Boolean) {
            sb.append(v);
        } else if (v instanceof Map<?, ?> m) {
            sb.append('{');
            boolean first = true;
            for (Map.Entry<?, ?> en : m.entrySet()) {
                if (!first) sb.append(',');
                first = false;
                quote(sb, String.valueOf(en.getKey()));
                sb.append(':');
                value(sb, en.getValue());
            }
            sb.append('}');
        } else if (v instanceof Collection<?> c) {
            sb.append('[');
            boolean first = true;
            for (Object o : c) {
                if (!first) sb.append(',');
                first = false;
                value(sb, o);
            }
            sb.append(']');
        } else {
            quote(sb, v.toString());
        }
    }

    /**
     * JSON string escaping (RFC 8259): quotes, backslash and control characters; also, as
     * {@code \\uXXXX}, what JSON allows raw but a terminal or a reader must not see raw: DEL, C1
     * controls, U+2028/2029 and bidirectional overrides ({@link ControlCharacters}).
     */
    public static void quote(StringBuilder sb, String s) {
        sb.append('"');
        int n = s.length();
        int plain = 0; // start of the run of characters that need no escape: appended in one go
        for (int i = 0; i < n; i++) {
            char c = s.charAt(i);
            if (c >= 0x20 && c != '"' && c != '\\' && (c < 0x7f || !ControlCharacters.isUnsafe(c))) continue;
            sb.append(s, plain, i);
            plain = i + 1;
            switch (c) {
                case '"':
                    sb.append("\\\"");
                    break;
                case '\\':
                    sb.append("\\\\");
                    break;
                case '\n':
                    sb.append("\\n");
                    break;
                case '\r':
                    sb.append("\\r");
                    break;
                case '\t':
                    sb.append("\\t");
                    break;
                default:
                    sb.append("\\u");
                    sb.append(Character.forDigit(c >> 12, 16))
                            .append(Character.forDigit((c >> 8) & 15, 16))
                            .append(Character.forDigit((c >> 4) & 15, 16))
                            .append(Character.forDigit(c & 15, 16));
            }
        }
        sb.append(s, plain, n);
        sb.append('"');
    }
}
