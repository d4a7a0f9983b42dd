package io.logpipe.event;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Map;

/**
 * Reads the contract JSON that {@link EventJson} writes back into an event, so events can travel
 * between logpipe processes (collector → Kafka → processor) unchanged: writing what was read gives
 * the same JSON. Input that is not such an object is an {@link IllegalArgumentException} with the reason.
 */
public final class EventJsonReader {
    private static final ObjectMapper JSON =
            new ObjectMapper().enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS);
    private static final TypeReference<Map<String, Object>> FIELDS = new TypeReference<>() {};
    private static final TypeReference<Map<String, Map<String, String>>> SD = new TypeReference<>() {};

    private EventJsonReader() {}

    public static LogEvent read(String json) {
        JsonNode n;
        try {
            n = JSON.readTree(json);
        } catch (Exception e) {
            throw new IllegalArgumentException("not JSON: " + e.getMessage());
        }
        if (n == null || !n.isObject()) throw new IllegalArgumentException("not a JSON object");
        if (!n.has("received_at") && !n.has("message") && !n.has("raw"))
            throw new IllegalArgumentException("not a logpipe event (no received_at, message or raw)");
        LogEvent e = new LogEvent();
        e.setTimestamp(instant(n, "timestamp"));
        e.setReceivedAt(instant(n, "received_at"));
        e.setFormat(text(n, "format"));
        if (n.hasNonNull("facility_code"))
            e.setFacilityCode(n.get("facility_code").asInt());
        if (n.hasNonNull("severity_code"))
            e.setSeverityCode(n.get("severity_code").asInt());
        e.setHost(text(n, "host"));
        e.setApp(text(n, "app"));
        e.setProcid(text(n, "procid"));
        e.setMsgid(text(n, "msgid"));
        e.setMessage(text(n, "message"));
        if (n.hasNonNull("structured_data")) e.setStructuredData(JSON.convertValue(n.get("structured_data"), SD));
        JsonNode s = n.get("source");
        if (s != null && s.isObject()) {
            e.setSource(new Source(text(s, "ip"), s.path("port").asInt(0), text(s, "listener"), text(s, "peer")));
        }
        if (n.hasNonNull("fields")) e.setFields(JSON.convertValue(n.get("fields"), FIELDS));
        e.setParseError(text(n, "parse_error"));
        e.setRaw(text(n, "raw"));
        return e;
    }

    private static String text(JsonNode n, String key) {
        JsonNode v = n.get(key);
        return v == null || v.isNull() ? null : v.asText();
    }

    private static Instant instant(JsonNode n, String key) {
        String t = text(n, key);
        if (t == null) return null;
        try {
            return Instant.parse(t);
        } catch (DateTimeParseException bad) {
            throw new IllegalArgumentException(key + " is not an ISO instant: " + t);
        }
    }
}
