package io.logpipe.template;

import io.logpipe.event.ControlCharacters;
import io.logpipe.event.EventJson;
import io.logpipe.event.LogEvent;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.UnaryOperator;

/**
 * A line or path template such as {@code ${timestamp} ${host} ${tag} ${message}}, compiled once
 * into parts so rendering is a loop of appends. Unknown field names fail at compile time with
 * the list of known ones.
 */
public final class EventTemplate {
    @FunctionalInterface
    interface Part {
        void append(LogEvent e, StringBuilder sb, UnaryOperator<String> escape);
    }

    private static final Map<String, Part> FIELDS = new TreeMap<>();

    static {
        FIELDS.put("timestamp", (e, sb, x) -> {
            if (e.getTimestamp() != null) TimestampText.iso(e.getTimestamp(), sb);
        });
        FIELDS.put("timestamp_bsd", (e, sb, x) -> {
            if (e.getTimestamp() != null) TimestampText.bsd(e.getTimestamp(), sb);
        });
        FIELDS.put("received_at", (e, sb, x) -> {
            if (e.getReceivedAt() != null) TimestampText.iso(e.getReceivedAt(), sb);
        });
        FIELDS.put(
                "year",
                (e, sb, x) ->
                        sb.append(e.getTimestamp().atOffset(ZoneOffset.UTC).getYear()));
        FIELDS.put(
                "month",
                (e, sb, x) -> two(sb, e.getTimestamp().atOffset(ZoneOffset.UTC).getMonthValue()));
        FIELDS.put(
                "day",
                (e, sb, x) -> two(sb, e.getTimestamp().atOffset(ZoneOffset.UTC).getDayOfMonth()));
        FIELDS.put(
                "hour",
                (e, sb, x) -> two(sb, e.getTimestamp().atOffset(ZoneOffset.UTC).getHour()));
        // arrival time, for archives partitioned by when events came in (a sender's clock may be anything)
        FIELDS.put("received_year", (e, sb, x) -> sb.append(received(e).getYear()));
        FIELDS.put("received_month", (e, sb, x) -> two(sb, received(e).getMonthValue()));
        FIELDS.put("received_day", (e, sb, x) -> two(sb, received(e).getDayOfMonth()));
        FIELDS.put("received_hour", (e, sb, x) -> two(sb, received(e).getHour()));
        FIELDS.put("host", (e, sb, x) -> sb.append(x.apply(e.getHost())));
        FIELDS.put("app", (e, sb, x) -> sb.append(x.apply(e.getApp())));
        FIELDS.put("procid", (e, sb, x) -> sb.append(x.apply(e.getProcid())));
        FIELDS.put("msgid", (e, sb, x) -> sb.append(x.apply(e.getMsgid())));
        FIELDS.put("message", (e, sb, x) -> sb.append(x.apply(e.getMessage())));
        FIELDS.put("facility", (e, sb, x) -> sb.append(x.apply(e.getFacility())));
        FIELDS.put("severity", (e, sb, x) -> sb.append(x.apply(e.getSeverity())));
        FIELDS.put("facility_code", (e, sb, x) -> sb.append(e.getFacilityCode()));
        FIELDS.put("severity_code", (e, sb, x) -> sb.append(e.getSeverityCode()));
        FIELDS.put(
                "pri",
                (e, sb, x) -> sb.append(e.getFacilityCode() < 0 ? -1 : e.getFacilityCode() * 8 + e.getSeverityCode()));
        FIELDS.put("format", (e, sb, x) -> sb.append(x.apply(e.getFormat())));
        FIELDS.put("tag", (e, sb, x) -> sb.append(x.apply(tag(e))));
        FIELDS.put(
                "source.ip",
                (e, sb, x) -> sb.append(
                        x.apply(e.getSource() == null ? null : e.getSource().ip())));
        FIELDS.put(
                "source.listener",
                (e, sb, x) -> sb.append(
                        x.apply(e.getSource() == null ? null : e.getSource().listener())));
        FIELDS.put(
                "source.peer",
                (e, sb, x) -> sb.append(
                        x.apply(e.getSource() == null ? null : e.getSource().peer())));
        FIELDS.put("parse_error", (e, sb, x) -> sb.append(x.apply(e.getParseError())));
        FIELDS.put("raw", (e, sb, x) -> sb.append(x.apply(e.getRaw() != null ? e.getRaw() : e.getMessage())));
        FIELDS.put("json", (e, sb, x) -> EventJson.write(e, sb));
    }

    /** Built-in line templates; more can be named in application.properties as logpipe.template.NAME. */
    public static final Map<String, String> BUILTIN = Map.of(
            "file", "${timestamp} ${host} ${tag} ${message}",
            "traditional", "${timestamp_bsd} ${host} ${tag} ${message}",
            "json", "${json}",
            "raw", "${raw}");

    private final String text;
    private final Part[] parts;
    private final boolean constant;

    private EventTemplate(String text, Part[] parts, boolean constant) {
        this.text = text;
        this.parts = parts;
        this.constant = constant;
    }

    public static EventTemplate compile(String text) {
        List<Part> parts = new ArrayList<>();
        boolean constant = true;
        int i = 0;
        while (i < text.length()) {
            int open = text.indexOf("${", i);
            if (open < 0) {
                String lit = text.substring(i);
                parts.add((e, sb, x) -> sb.append(lit));
                break;
            }
            if (open > i) {
                String lit = text.substring(i, open);
                parts.add((e, sb, x) -> sb.append(lit));
            }
            int close = text.indexOf('}', open);
            if (close < 0) throw new IllegalArgumentException("template '" + text + "': unclosed ${ at " + open);
            String name = text.substring(open + 2, close).trim();
            Part field = FIELDS.get(name);
            if (field == null)
                throw new IllegalArgumentException(
                        "template '" + text + "': unknown field ${" + name + "}; known: " + FIELDS.keySet());
            parts.add(field);
            constant = false;
            i = close + 1;
        }
        return new EventTemplate(text, parts.toArray(new Part[0]), constant);
    }

    /** True when the template has no fields: the same output for every event. */
    public boolean isConstant() {
        return constant;
    }

    public void render(LogEvent e, StringBuilder sb, UnaryOperator<String> escape) {
        for (Part p : parts) p.append(e, sb, escape);
    }

    public String render(LogEvent e, UnaryOperator<String> escape) {
        StringBuilder sb = new StringBuilder(64);
        render(e, sb, escape);
        return sb.toString();
    }

    /** Lines keep values as they are; a missing value reads "-" as in rsyslog's templates. */
    public static final UnaryOperator<String> AS_IS = v -> v == null ? "-" : v;

    /** As {@link #AS_IS}, with control, C1 and bidi characters escaped as rsyslog does ({@code #012}): what text files get by default. */
    public static final UnaryOperator<String> ESCAPED = v -> v == null ? "-" : ControlCharacters.escape(v);

    private static OffsetDateTime received(LogEvent e) {
        Instant t = e.getReceivedAt() != null ? e.getReceivedAt() : Instant.now();
        return t.atOffset(ZoneOffset.UTC);
    }

    static String tag(LogEvent e) {
        if (e.getApp() == null) return null;
        return e.getProcid() == null ? e.getApp() + ":" : e.getApp() + "[" + e.getProcid() + "]:";
    }

    private static void two(StringBuilder sb, int v) {
        if (v < 10) sb.append('0');
        sb.append(v);
    }

    @Override
    public String toString() {
        return text;
    }
}
