package io.logpipe.alert;

import io.logpipe.event.LogEvent;
import io.logpipe.queue.BatchSink;
import java.util.List;
import java.util.Map;
import java.util.function.BiConsumer;

/**
 * Mails each alert: the subject from a template ({@code {message}}, {@code {rule}},
 * {@code {group}}, {@code {state}}, {@code {count}}; default {@code [logpipe] {message}}), the body
 * the alert's details. How a mail is sent is given (Camel's smtp: endpoint in the running app); a
 * failure is retried by the alert's durable queue.
 */
public final class EmailSink implements BatchSink {
    public static final String DEFAULT_SUBJECT = "[logpipe] {message}";
    private final String subject;
    private final BiConsumer<String, String> send; // subject, body

    public EmailSink(String subject, BiConsumer<String, String> send) {
        this.subject = subject == null ? DEFAULT_SUBJECT : subject;
        this.send = send;
    }

    @Override
    public Outcome deliver(List<LogEvent> batch) {
        for (int i = 0; i < batch.size(); i++) {
            Map<String, Object> a = AlertEvents.alertOf(batch.get(i));
            try {
                send.accept(subject(subject, a), body(a));
            } catch (RuntimeException e) {
                return Outcome.failed(i, Map.of(), e);
            }
        }
        return Outcome.all(batch.size());
    }

    static String subject(String template, Map<String, Object> a) {
        String out = template;
        for (String k : List.of("message", "rule", "group", "state", "count"))
            out = out.replace("{" + k + "}", String.valueOf(a.get(k)));
        return out;
    }

    static String body(Map<String, Object> a) {
        StringBuilder sb = new StringBuilder();
        sb.append(a.get("message")).append("\n\n");
        for (String k : List.of("rule", "type", "state", "group", "at", "count", "id")) {
            if (a.get(k) != null) sb.append(k).append(": ").append(a.get(k)).append('\n');
        }
        Object vars = a.get("vars");
        if (vars instanceof Map<?, ?> m && !m.isEmpty()) {
            sb.append('\n');
            m.forEach((k, v) -> sb.append(k).append(": ").append(v).append('\n'));
        }
        return sb.toString();
    }
}
