package io.logpipe.codec.mozlog;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.logpipe.codec.DecodeContext;
import io.logpipe.codec.EpochNanos;
import io.logpipe.codec.FrameDecoder;
import io.logpipe.codec.Text;
import io.logpipe.event.LogEvent;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Mozilla's mozlog JSON, one object per line: {@code Timestamp} (ns since the epoch, read as an
 * exact integer or decimal, never through a double) becomes {@code timestamp}, {@code Logger}
 * {@code app}, {@code Hostname} {@code host}, {@code Severity} (0–7) the severity, {@code Pid}
 * (number or string) {@code procid}, {@code Fields.msg} (else {@code Type}) the message. The rest
 * is kept as {@code fields.mozlog = {type, env_version, fields}}. Several lines give several events.
 */
public final class MozlogDecoder implements FrameDecoder {
    private static final ObjectMapper JSON = new ObjectMapper()
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
            .enable(DeserializationFeature.USE_BIG_INTEGER_FOR_INTS);

    @Override
    public String format() {
        return "mozlog";
    }

    @Override
    public List<LogEvent> decode(String input, DecodeContext ctx) {
        List<LogEvent> out = new ArrayList<>();
        for (String line : input.split("\n")) {
            if (!line.isBlank()) out.add(decodeOne(line, ctx));
        }
        if (out.isEmpty()) out.add(LogEvent.raw(input, "mozlog: empty input", ctx.receivedAt(), ctx.source()));
        return out;
    }

    /** True when the text is a JSON object that names an EnvVersion: what auto-detection calls mozlog. */
    public static boolean looksLikeMozlog(String s) {
        return Text.jsonObjectNaming(s, "EnvVersion");
    }

    @Override
    public LogEvent decodeOne(String input, DecodeContext ctx) {
        String s = Text.stripTrailingNewlines(input);
        LogEvent e;
        try {
            JsonNode root = JSON.readTree(s);
            if (root == null || !root.isObject()) throw new IllegalArgumentException("not a JSON object");
            // Google Cloud Logging exports carry the mozlog object in jsonPayload
            JsonNode payload = root.get("jsonPayload");
            e = map(payload != null && payload.isObject() && payload.has("EnvVersion") ? payload : root, ctx);
        } catch (JsonProcessingException ex) {
            e = LogEvent.raw(
                    s,
                    "mozlog: invalid JSON" + Text.where(ex) + ": " + ex.getOriginalMessage(),
                    ctx.receivedAt(),
                    ctx.source());
        } catch (IllegalArgumentException ex) {
            e = LogEvent.raw(s, "mozlog: " + ex.getMessage(), ctx.receivedAt(), ctx.source());
        }
        if (ctx.keepRaw()) e.setRaw(input);
        return e;
    }

    private static LogEvent map(JsonNode root, DecodeContext ctx) {
        LogEvent e = new LogEvent();
        e.setFormat("mozlog");
        e.setReceivedAt(ctx.receivedAt());
        e.setSource(ctx.source());
        Instant t = timestamp(root.get("Timestamp"));
        e.setTimestamp(t != null ? t : ctx.receivedAt());
        e.setApp(text(root.get("Logger")));
        String host = text(root.get("Hostname"));
        e.setHost(
                host != null ? host : ctx.source() == null ? null : ctx.source().ip());
        JsonNode sev = root.get("Severity");
        if (sev != null && sev.canConvertToInt() && sev.asInt() >= 0 && sev.asInt() <= 7 && sev.isIntegralNumber()) {
            e.setSeverityCode(sev.asInt());
        } else if (sev != null && sev.isTextual() && sev.asText().matches("[0-7]")) {
            e.setSeverityCode(Integer.parseInt(sev.asText()));
        }
        e.setProcid(text(root.get("Pid")));
        JsonNode fields = root.get("Fields");
        String type = text(root.get("Type"));
        String msg = fields != null && fields.isObject() ? text(fields.get("msg")) : null;
        e.setMessage(msg != null ? msg : type);
        Map<String, Object> moz = new LinkedHashMap<>();
        if (type != null) moz.put("type", type);
        String env = text(root.get("EnvVersion"));
        if (env != null) moz.put("env_version", env);
        if (fields != null && !fields.isNull()) moz.put("fields", JSON.convertValue(fields, Object.class));
        Map<String, Object> all = new LinkedHashMap<>();
        all.put("mozlog", moz);
        e.setFields(all);
        return e;
    }

    /** Text of a scalar node (numbers as written, exactly); null for missing, null or a container. */
    private static String text(JsonNode n) {
        if (n == null || n.isNull() || n.isContainerNode()) return null;
        if (n.isBigDecimal()) return n.decimalValue().stripTrailingZeros().toPlainString();
        return n.asText();
    }

    /** Nanoseconds since the epoch, as an integer, a decimal or a string of digits. */
    static Instant timestamp(JsonNode n) {
        if (n == null || n.isNull()) return null;
        BigDecimal ns;
        if (n.isNumber()) {
            ns = n.decimalValue();
        } else if (n.isTextual() && n.asText().matches("\\d{1,30}(\\.\\d+)?")) {
            ns = new BigDecimal(n.asText());
        } else {
            return null;
        }
        return EpochNanos.toInstant(ns);
    }
}
