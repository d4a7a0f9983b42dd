package io.logpipe.alert;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.logpipe.event.LogEvent;
import io.logpipe.event.Severity;
import java.time.Instant;
import java.util.Map;

/**
 * An alert as an event, so it travels through the same durable queues and sinks as logs (a
 * syslog forward sends it as a syslog message, Kafka as contract JSON): app {@code logpipe},
 * msgid the rule, message the alert text, {@code fields.alert} the alert's JSON.
 */
public final class AlertEvents {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final TypeReference<Map<String, Object>> MAP = new TypeReference<>() {};
    private static final int LOCAL7 = 23;

    private AlertEvents() {}

    public static LogEvent toEvent(long id, Alert a, String host) {
        LogEvent e = new LogEvent();
        e.setTimestamp(a.at());
        e.setReceivedAt(Instant.now());
        e.setFormat("alert");
        e.setFacilityCode(LOCAL7);
        e.setSeverityCode(a.state().equals("recovered") ? Severity.NOTICE.code() : Severity.WARNING.code());
        e.setHost(host);
        e.setApp("logpipe");
        e.setMsgid(a.rule());
        e.setMessage(a.message());
        try {
            e.setFields(Map.of("alert", JSON.readValue(AlertJson.write(id, a), MAP)));
        } catch (Exception impossible) {
            throw new IllegalStateException(impossible);
        }
        return e;
    }

    /** The alert JSON carried by an alert event. */
    @SuppressWarnings("unchecked")
    public static Map<String, Object> alertOf(LogEvent e) {
        Object a = e.getFields() == null ? null : e.getFields().get("alert");
        return a instanceof Map<?, ?> m ? (Map<String, Object>) m : Map.of("message", String.valueOf(e.getMessage()));
    }
}
