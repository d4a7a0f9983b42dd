package io.logpipe.codec.encode;

import io.logpipe.event.LogEvent;
import io.logpipe.event.Source;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * Writes an event back out as a syslog message for forwarding: RFC5424, RFC3164 (BSD) or CEF.
 * Missing values become the format's "nil" ({@code -} in RFC5424) or are left out; events
 * without a PRI go out as user.notice, as RFC3164 says of messages that have none.
 */
public enum EventEncoder {
    RFC5424,
    RFC3164,
    CEF;

    private static final DateTimeFormatter BSD =
            DateTimeFormatter.ofPattern("MMM ppd HH:mm:ss", Locale.ROOT).withZone(ZoneOffset.UTC);

    public static EventEncoder of(String name) {
        try {
            return valueOf(name.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("format must be rfc5424, rfc3164 or cef, not '" + name + "'");
        }
    }

    public String encode(LogEvent e) {
        return switch (this) {
            case RFC5424 -> rfc5424(e);
            case RFC3164 -> rfc3164(e);
            case CEF -> cef(e);
        };
    }

    static int pri(LogEvent e) {
        int facility = e.getFacilityCode() >= 0 ? e.getFacilityCode() : 1;
        int severity = e.getSeverityCode() >= 0 ? e.getSeverityCode() : 5;
        return facility * 8 + severity;
    }

    private static String rfc5424(LogEvent e) {
        StringBuilder sb = new StringBuilder(256);
        sb.append('<')
                .append(pri(e))
                .append(">1 ")
                .append(e.getTimestamp() == null ? "-" : e.getTimestamp().toString())
                .append(' ');
        field(sb, e.getHost(), 255).append(' ');
        field(sb, e.getApp(), 48).append(' ');
        field(sb, e.getProcid(), 128).append(' ');
        field(sb, e.getMsgid(), 32).append(' ');
        Map<String, Map<String, String>> sd = e.getStructuredData();
        if (sd == null || sd.isEmpty()) {
            sb.append('-');
        } else {
            for (Map.Entry<String, Map<String, String>> el : sd.entrySet()) {
                sb.append('[').append(sdName(el.getKey()));
                for (Map.Entry<String, String> p : el.getValue().entrySet()) {
                    sb.append(' ').append(sdName(p.getKey())).append("=\"");
                    String v = p.getValue() == null ? "" : p.getValue();
                    for (int i = 0; i < v.length(); i++) {
                        char c = v.charAt(i);
                        if (c == '"' || c == '\\' || c == ']') sb.append('\\');
                        sb.append(c);
                    }
                    sb.append('"');
                }
                sb.append(']');
            }
        }
        if (e.getMessage() != null && !e.getMessage().isEmpty()) sb.append(' ').append(e.getMessage());
        return sb.toString();
    }

    /** An RFC5424 header field: printable ASCII without spaces, at most {@code max} long, or "-". */
    private static StringBuilder field(StringBuilder sb, String v, int max) {
        if (v == null || v.isEmpty()) return sb.append('-');
        int n = 0;
        for (int i = 0; i < v.length() && n < max; i++) {
            char c = v.charAt(i);
            sb.append(c > 32 && c < 127 ? c : '_');
            n++;
        }
        return sb;
    }

    private static String sdName(String name) {
        StringBuilder sb = new StringBuilder(name.length());
        for (int i = 0; i < name.length() && i < 32; i++) {
            char c = name.charAt(i);
            sb.append(c > 32 && c < 127 && c != '=' && c != ']' && c != '"' && c != ' ' ? c : '_');
        }
        return sb.toString();
    }

    private static String rfc3164(LogEvent e) {
        StringBuilder sb = new StringBuilder(256);
        sb.append('<').append(pri(e)).append('>');
        sb.append(e.getTimestamp() == null ? BSD.format(Instant.now()) : BSD.format(e.getTimestamp()))
                .append(' ');
        String host = e.getHost();
        sb.append(host == null || host.isEmpty() ? "-" : host.replace(' ', '_')).append(' ');
        String app = e.getApp();
        if (app != null && !app.isEmpty()) {
            sb.append(app.replace(' ', '_'));
            if (e.getProcid() != null) sb.append('[').append(e.getProcid()).append(']');
            sb.append(": ");
        }
        if (e.getMessage() != null) sb.append(e.getMessage().replace('\n', ' '));
        return sb.toString();
    }

    /**
     * CEF: an event that arrived as CEF goes out as it came (header and extensions re-escaped);
     * anything else as {@code CEF:0|logpipe|logpipe|1|<msgid or app>|<message>|<severity>|...}
     * with the host, app, facility and sender as extensions.
     */
    @SuppressWarnings("unchecked")
    private static String cef(LogEvent e) {
        Object cefField = e.getFields() == null ? null : e.getFields().get("cef");
        StringBuilder sb = new StringBuilder(256);
        if (cefField instanceof Map<?, ?> m) {
            Map<String, Object> c = (Map<String, Object>) m;
            sb.append("CEF:").append(c.getOrDefault("version", "0"));
            for (String k : new String[] {
                "device_vendor", "device_product", "device_version", "signature_id", "name", "severity"
            }) {
                sb.append('|');
                header(sb, String.valueOf(c.getOrDefault(k, "")));
            }
            sb.append('|');
            Object ext = c.get("extensions");
            if (ext instanceof Map<?, ?> x) appendExtensions(sb, (Map<String, Object>) x);
            return sb.toString();
        }
        sb.append("CEF:0|logpipe|logpipe|1|");
        header(sb, e.getMsgid() != null ? e.getMsgid() : e.getApp() != null ? e.getApp() : "event")
                .append('|');
        header(sb, e.getMessage() == null ? "" : e.getMessage()).append('|');
        sb.append(cefSeverity(e.getSeverityCode())).append('|');
        LinkedHashMap<String, Object> ext = new LinkedHashMap<>();
        if (e.getTimestamp() != null) ext.put("rt", e.getTimestamp().toEpochMilli());
        if (e.getHost() != null) ext.put("dvchost", e.getHost());
        if (e.getApp() != null) ext.put("deviceProcessName", e.getApp());
        if (e.getFacility() != null) ext.put("deviceFacility", e.getFacility());
        Source s = e.getSource();
        if (s != null && s.ip() != null) ext.put("src", s.ip());
        if (e.getMessage() != null) ext.put("msg", e.getMessage());
        appendExtensions(sb, ext);
        return sb.toString();
    }

    /** Syslog severity to CEF's 0–10: emerg 10 … debug 0. */
    static int cefSeverity(int syslog) {
        return switch (syslog) {
            case 0 -> 10;
            case 1 -> 9;
            case 2 -> 8;
            case 3 -> 7;
            case 4 -> 5;
            case 5 -> 3;
            case 6 -> 1;
            case 7 -> 0;
            default -> 3;
        };
    }

    private static StringBuilder header(StringBuilder sb, String v) {
        for (int i = 0; i < v.length(); i++) {
            char c = v.charAt(i);
            if (c == '|' || c == '\\') sb.append('\\');
            sb.append(c == '\n' || c == '\r' ? ' ' : c);
        }
        return sb;
    }

    private static void appendExtensions(StringBuilder sb, Map<String, Object> ext) {
        boolean first = true;
        for (Map.Entry<String, Object> en : ext.entrySet()) {
            if (!first) sb.append(' ');
            first = false;
            sb.append(en.getKey()).append('=');
            String v = String.valueOf(en.getValue());
            for (int i = 0; i < v.length(); i++) {
                char c = v.charAt(i);
                switch (c) {
                    case '\\' -> sb.append("\\\\");
                    case '=' -> sb.append("\\=");
                    case '\n' -> sb.append("\\n");
                    case '\r' -> sb.append("\\r");
                    default -> sb.append(c);
                }
            }
        }
    }
}
