package io.logpipe.codec.gelf;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.logpipe.codec.DecodeContext;
import io.logpipe.codec.FrameDecoder;
import io.logpipe.codec.Text;
import io.logpipe.event.LogEvent;
import java.io.IOException;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * GELF 1.1 (Graylog Extended Log Format), one JSON object: {@code host}, {@code short_message} (the
 * message), {@code timestamp} (seconds since the epoch, with decimals), {@code level} (the syslog
 * severity; 1 when absent, as the spec says), {@code facility} (GELF 1.0, the app when given). Every
 * additional {@code _field} goes into {@code fields.gelf} without its underscore, with
 * {@code full_message}, {@code file} and {@code line}. {@code _id} is refused by the spec and dropped.
 */
public final class GelfDecoder implements FrameDecoder {
    private static final ObjectMapper JSON =
            new ObjectMapper().enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS);

    @Override
    public String format() {
        return "gelf";
    }

    /** A JSON object with a short_message: what auto-detection calls GELF. */
    public static boolean looksLikeGelf(String s) {
        return Text.jsonObjectNaming(s, "short_message");
    }

    @Override
    public LogEvent decodeOne(String input, DecodeContext ctx) {
        String s = Text.stripTrailingNewlines(input);
        LogEvent e;
        try {
            JsonNode root = JSON.readTree(s);
            if (root == null || !root.isObject()) throw new IllegalArgumentException("not a JSON object");
            e = map(root, ctx);
        } catch (IOException | IllegalArgumentException ex) {
            String why = ex instanceof JsonProcessingException j ? j.getOriginalMessage() : ex.getMessage();
            e = LogEvent.raw(s, "gelf: " + why, ctx.receivedAt(), ctx.source());
        }
        if (ctx.keepRaw()) e.setRaw(input);
        return e;
    }

    private static LogEvent map(JsonNode root, DecodeContext ctx) {
        JsonNode shortMessage = root.get("short_message");
        if (shortMessage == null || shortMessage.isNull())
            throw new IllegalArgumentException("short_message is required");
        LogEvent e = new LogEvent();
        e.setFormat("gelf");
        e.setReceivedAt(ctx.receivedAt());
        e.setSource(ctx.source());
        e.setMessage(shortMessage.isValueNode() ? shortMessage.asText() : shortMessage.toString());
        JsonNode host = root.get("host");
        e.setHost(
                host != null && host.isValueNode() && !host.asText().isBlank()
                        ? host.asText()
                        : ctx.source() == null ? null : ctx.source().ip());
        e.setTimestamp(timestamp(root.get("timestamp"), ctx.receivedAt()));
        JsonNode level = root.get("level");
        int severity = 1;
        if (level != null && level.canConvertToInt() && level.asInt() >= 0 && level.asInt() <= 7)
            severity = level.asInt();
        else if (level != null && level.isTextual() && level.asText().matches("[0-7]"))
            severity = Integer.parseInt(level.asText());
        else if (level != null && !level.isNull())
            throw new IllegalArgumentException("level must be a syslog severity 0-7, not " + level);
        e.setSeverityCode(severity);
        e.setFacilityCode(1); // user-level: GELF has no syslog facility
        JsonNode facility = root.get("facility");
        if (facility != null && facility.isTextual() && !facility.asText().isBlank()) e.setApp(facility.asText());
        Map<String, Object> gelf = new LinkedHashMap<>();
        for (String k : new String[] {"full_message", "file", "line"}) {
            JsonNode v = root.get(k);
            if (v != null && !v.isNull()) gelf.put(k, value(v));
        }
        for (Iterator<Map.Entry<String, JsonNode>> it = root.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> f = it.next();
            if (f.getKey().startsWith("_")
                    && f.getKey().length() > 1
                    && !f.getKey().equals("_id")) gelf.put(f.getKey().substring(1), value(f.getValue()));
        }
        Object app = gelf.get("app") != null ? gelf.get("app") : gelf.get("application_name");
        if (e.getApp() == null && app instanceof String a) e.setApp(a);
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("gelf", gelf);
        e.setFields(fields);
        return e;
    }

    private static Instant timestamp(JsonNode t, Instant fallback) {
        if (t == null || t.isNull()) return fallback;
        BigDecimal seconds;
        try {
            seconds =
                    t.isNumber() ? t.decimalValue() : new BigDecimal(t.asText().strip());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("timestamp must be seconds since the epoch, not " + t);
        }
        if (seconds.compareTo(BigDecimal.valueOf(Instant.MAX.getEpochSecond())) > 0
                || seconds.compareTo(BigDecimal.valueOf(Instant.MIN.getEpochSecond())) < 0) {
            throw new IllegalArgumentException("timestamp out of range: " + t);
        }
        long whole = seconds.longValue();
        long nanos =
                seconds.subtract(BigDecimal.valueOf(whole)).movePointRight(9).longValue();
        return Instant.ofEpochSecond(whole, nanos);
    }

    private static Object value(JsonNode v) {
        if (v.isIntegralNumber()) return v.asLong();
        if (v.isNumber()) return v.doubleValue();
        if (v.isBoolean()) return v.asBoolean();
        if (v.isTextual()) return v.asText();
        return v.toString();
    }
}
