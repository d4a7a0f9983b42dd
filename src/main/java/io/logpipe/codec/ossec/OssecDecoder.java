package io.logpipe.codec.ossec;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.logpipe.codec.DecodeContext;
import io.logpipe.codec.FrameDecoder;
import io.logpipe.codec.ParseException;
import io.logpipe.codec.Text;
import io.logpipe.codec.syslog.SyslogDecoder;
import io.logpipe.event.LogEvent;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * OSSEC and Wazuh alerts as csyslogd sends them, behind a syslog header whose tag is {@code ossec}:
 * {@code ossec: Alert Level: 3; Rule: 5715 - SSHD authentication success.; Location: (web1) 10.0.0.1->/var/log/secure; srcip: 10.0.0.5; user: root; <log line>},
 * or csyslogd's JSON ({@code {"crit":3,"id":5715,"component":...,"description":...,"message":...}}) and
 * Wazuh's alerts.json ({@code {"rule":{"level":3,"id":"5715","description":...},"location":...,"full_log":...}}).
 * {@code message} is the original log line, {@code fields.ossec} = {level, rule_id, description, location,
 * srcip, dstip, user, ...}; severity follows the level (0–3 info, 4–5 notice, 6–7 warning, 8–11 err, 12+ crit).
 */
public final class OssecDecoder implements FrameDecoder {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern HEAD =
            Pattern.compile("^Alert Level: (\\d+); Rule: (\\d+) - (.*?); Location: ([^;]*);");
    private static final Pattern KEY = Pattern.compile("^ ([a-z_]+): ([^;]*);");
    /** the optional "key: value;" parts csyslogd writes between the location and the log line */
    private static final Set<String> KEYS = Set.of(
            "srcip", "dstip", "srcport", "dstport", "user", "srcuser", "dstuser", "filename", "url", "id", "status");

    private static final Map<String, String> JSON_KEYS = Map.of(
            "src_ip",
            "srcip",
            "dst_ip",
            "dstip",
            "src_port",
            "srcport",
            "dst_port",
            "dstport",
            "acct",
            "user",
            "file",
            "filename");

    private final SyslogDecoder header = new SyslogDecoder(SyslogDecoder.Mode.AUTO);

    @Override
    public String format() {
        return "ossec";
    }

    /** Whether a decoded syslog event is an OSSEC alert: tag {@code ossec} and an alert text or JSON object. */
    public static boolean looksLikeOssec(LogEvent e) {
        if (!"ossec".equals(e.getApp()) || e.getMessage() == null) return false;
        String m = e.getMessage().stripLeading();
        return m.startsWith("Alert Level: ") || m.startsWith("{");
    }

    @Override
    public LogEvent decodeOne(String input, DecodeContext ctx) {
        String s = Text.stripTrailingNewlines(input);
        LogEvent e = header.decodeOne(s, ctx);
        if (e.getParseError() == null && !looksLikeOssec(e)) {
            e = LogEvent.raw(
                    s,
                    "ossec: no 'ossec: Alert Level: ...' or JSON alert after the syslog header",
                    ctx.receivedAt(),
                    ctx.source());
        } else if (e.getParseError() == null) {
            e = apply(e, ctx);
        }
        if (ctx.keepRaw()) e.setRaw(input);
        return e;
    }

    /** Fills a syslog event whose message is an OSSEC alert; a raw event (keeping the header's facts) when it does not parse. */
    public static LogEvent apply(LogEvent e, DecodeContext ctx) {
        String text = e.getMessage().strip();
        try {
            Map<String, Object> ossec = new LinkedHashMap<>();
            String log = text.startsWith("{") ? json(text, ossec) : line(text, ossec);
            e.setFormat("ossec");
            e.setApp("ossec");
            e.setMessage(log);
            Object level = ossec.get("level");
            if (level instanceof Long l) e.setSeverityCode(severity(l));
            Map<String, Object> fields =
                    e.getFields() == null ? new LinkedHashMap<>() : new LinkedHashMap<>(e.getFields());
            fields.put("ossec", ossec);
            e.setFields(fields);
            return e;
        } catch (ParseException | RuntimeException ex) {
            LogEvent raw = LogEvent.raw(
                    text,
                    ex instanceof ParseException ? ex.getMessage() : "ossec: internal error " + ex,
                    ctx.receivedAt(),
                    ctx.source());
            raw.setFacilityCode(e.getFacilityCode());
            raw.setSeverityCode(e.getSeverityCode());
            raw.setHost(e.getHost());
            raw.setTimestamp(e.getTimestamp());
            raw.setApp(e.getApp());
            return raw;
        }
    }

    private static String line(String text, Map<String, Object> ossec) throws ParseException {
        Matcher m = HEAD.matcher(text);
        if (!m.find())
            throw new ParseException("ossec: expected 'Alert Level: N; Rule: ID - description; Location: ...;'", 0);
        ossec.put("level", Long.parseLong(m.group(1)));
        ossec.put("rule_id", Long.parseLong(m.group(2)));
        ossec.put("description", m.group(3));
        ossec.put("location", m.group(4).strip());
        String rest = text.substring(m.end());
        for (Matcher k = KEY.matcher(rest); k.find() && KEYS.contains(k.group(1)); k = KEY.matcher(rest)) {
            ossec.put(k.group(1), k.group(2).strip());
            rest = rest.substring(k.end());
        }
        return rest.strip();
    }

    private static String json(String text, Map<String, Object> ossec) throws ParseException {
        JsonNode root;
        try {
            root = JSON.readTree(text);
        } catch (JsonProcessingException ex) {
            throw new ParseException("ossec: the JSON alert does not parse: " + ex.getOriginalMessage(), 0);
        }
        if (root == null || !root.isObject()) throw new ParseException("ossec: the JSON alert is not an object", 0);
        JsonNode rule = root.get("rule");
        String log;
        if (rule != null && rule.isObject()) { // Wazuh alerts.json
            putNumber(ossec, "level", rule.get("level"));
            putNumber(ossec, "rule_id", rule.get("id"));
            putText(ossec, "description", rule.get("description"));
            putText(ossec, "location", root.get("location"));
            JsonNode agent = root.get("agent");
            if (agent != null) putText(ossec, "agent", agent.get("name"));
            JsonNode data = root.get("data");
            if (data != null && data.isObject())
                data.fields().forEachRemaining(f -> putText(ossec, f.getKey(), f.getValue()));
            log = text(root.get("full_log"));
        } else if (root.has("crit") || root.has("id")) { // csyslogd "format json"
            putNumber(ossec, "level", root.get("crit"));
            putNumber(ossec, "rule_id", root.get("id"));
            putText(ossec, "description", root.get("description"));
            putText(ossec, "location", root.get("component"));
            putText(ossec, "classification", root.get("classification"));
            JSON_KEYS.forEach((from, to) -> putText(ossec, to, root.get(from)));
            log = text(root.get("message"));
        } else {
            throw new ParseException("ossec: a JSON alert has 'rule' (Wazuh) or 'crit' and 'id' (csyslogd)", 0);
        }
        if (!ossec.containsKey("level")) throw new ParseException("ossec: the JSON alert has no level", 0);
        return log == null ? String.valueOf(ossec.getOrDefault("description", "")) : log;
    }

    private static void putNumber(Map<String, Object> m, String key, JsonNode v) {
        if (v == null || v.isNull()) return;
        if (v.isIntegralNumber()) m.put(key, v.asLong());
        else if (v.isTextual() && v.asText().strip().matches("\\d{1,18}"))
            m.put(key, Long.parseLong(v.asText().strip()));
        else m.put(key, v.asText());
    }

    private static void putText(Map<String, Object> m, String key, JsonNode v) {
        String t = text(v);
        if (t != null && !t.isBlank()) m.put(key, t.strip());
    }

    private static String text(JsonNode v) {
        if (v == null || v.isNull()) return null;
        return v.isValueNode() ? v.asText() : v.toString();
    }

    /** OSSEC levels 0–15 onto syslog severities. */
    static int severity(long level) {
        if (level <= 3) return 6;
        if (level <= 5) return 5;
        if (level <= 7) return 4;
        if (level <= 11) return 3;
        return 2;
    }
}
