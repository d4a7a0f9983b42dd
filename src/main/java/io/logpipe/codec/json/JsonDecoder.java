package io.logpipe.codec.json;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.logpipe.codec.DecodeContext;
import io.logpipe.codec.EpochNanos;
import io.logpipe.codec.FrameDecoder;
import io.logpipe.codec.Text;
import io.logpipe.event.LogEvent;
import io.logpipe.event.Severity;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * Generic JSON objects, one per line. Which keys hold the time, host, app, message and severity
 * is configurable ({@link Mapping}); the whole object is kept as {@code fields.json}. Times are
 * ISO-8601 strings or epoch numbers (seconds, milliseconds, microseconds or nanoseconds, told
 * apart by size); severities are syslog names or codes, or the usual aliases (warn, error, fatal).
 */
public final class JsonDecoder implements FrameDecoder {
    /** Keys to read; a dotted key ({@code log.level}) reaches into nested objects. */
    public record Mapping(String time, String host, String app, String message, String severity) {
        public static final Mapping DEFAULT = new Mapping("timestamp", "host", "app", "message", "severity");
    }

    private static final ObjectMapper JSON = new ObjectMapper()
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
            .enable(DeserializationFeature.USE_BIG_INTEGER_FOR_INTS);

    private final Mapping mapping;

    public JsonDecoder(Mapping mapping) {
        this.mapping = mapping;
    }

    @Override
    public String format() {
        return "json";
    }

    @Override
    public LogEvent decodeOne(String input, DecodeContext ctx) {
        String s = Text.stripTrailingNewlines(input);
        LogEvent e;
        try {
            JsonNode root = JSON.readTree(s);
            if (root == null || !root.isObject()) {
                e = LogEvent.raw(s, "json: not a JSON object", ctx.receivedAt(), ctx.source());
            } else {
                e = map(root, ctx);
            }
        } catch (JsonProcessingException ex) {
            e = LogEvent.raw(
                    s,
                    "json: invalid JSON" + Text.where(ex) + ": " + ex.getOriginalMessage(),
                    ctx.receivedAt(),
                    ctx.source());
        }
        if (ctx.keepRaw()) e.setRaw(input);
        return e;
    }

    private LogEvent map(JsonNode root, DecodeContext ctx) {
        LogEvent e = new LogEvent();
        e.setFormat("json");
        e.setReceivedAt(ctx.receivedAt());
        e.setSource(ctx.source());
        Instant t = time(at(root, mapping.time()));
        e.setTimestamp(t != null ? t : ctx.receivedAt());
        String host = text(at(root, mapping.host()));
        e.setHost(
                host != null ? host : ctx.source() == null ? null : ctx.source().ip());
        e.setApp(text(at(root, mapping.app())));
        e.setMessage(text(at(root, mapping.message())));
        e.setSeverityCode(severity(at(root, mapping.severity())));
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("json", JSON.convertValue(root, Object.class));
        e.setFields(fields);
        return e;
    }

    static JsonNode at(JsonNode root, String key) {
        if (key == null || key.isEmpty()) return null;
        JsonNode direct = root.get(key);
        if (direct != null || !key.contains(".")) return direct;
        JsonNode n = root;
        for (String part : key.split("\\.")) {
            n = n == null ? null : n.get(part);
        }
        return n;
    }

    private static String text(JsonNode n) {
        if (n == null || n.isNull()) return null;
        if (n.isContainerNode()) return n.toString();
        if (n.isBigDecimal()) return n.decimalValue().toPlainString();
        return n.asText();
    }

    /** ISO-8601 text, or epoch seconds / ms / µs / ns by magnitude (as a number or digits). */
    static Instant time(JsonNode n) {
        if (n == null || n.isNull()) return null;
        String text = n.asText().strip();
        if (n.isTextual() && !text.matches("-?\\d+(\\.\\d+)?")) {
            try {
                return OffsetDateTime.parse(text).toInstant();
            } catch (DateTimeParseException e) {
                try {
                    return Instant.parse(text);
                } catch (DateTimeParseException e2) {
                    return null;
                }
            }
        }
        BigDecimal v;
        try {
            v = n.isNumber() ? n.decimalValue() : new BigDecimal(text);
        } catch (NumberFormatException e) {
            return null;
        }
        BigDecimal abs = v.abs();
        BigDecimal nanos;
        if (abs.compareTo(BigDecimal.valueOf(1e11)) < 0) nanos = v.movePointRight(9); // seconds (until year 5138)
        else if (abs.compareTo(BigDecimal.valueOf(1e14)) < 0) nanos = v.movePointRight(6); // milliseconds
        else if (abs.compareTo(BigDecimal.valueOf(1e17)) < 0) nanos = v.movePointRight(3); // microseconds
        else nanos = v; // nanoseconds
        return EpochNanos.toInstant(nanos);
    }

    static int severity(JsonNode n) {
        if (n == null || n.isNull()) return LogEvent.NONE;
        String s = n.asText().strip().toLowerCase(Locale.ROOT);
        if (s.matches("[0-7]")) return Integer.parseInt(s);
        Severity named = Severity.ofName(s);
        if (named != null) return named.code();
        return switch (s) {
            case "trace", "verbose" -> 7;
            case "information", "informational" -> 6;
            case "warn" -> 4;
            case "error", "severe" -> 3;
            case "fatal", "critical" -> 2;
            default -> LogEvent.NONE;
        };
    }
}
