package io.logpipe.alert;

import java.time.Duration;
import java.util.List;

/**
 * One alert rule, as written in an alert file (see docs/alerting.md): {@code match} fires on each
 * matching event; {@code threshold} when {@code count} matches of one group fall within
 * {@code window}; {@code correlation} when {@code then} follows {@code when} for the same group
 * within {@code window}; {@code silence} when a host, app or listener sends nothing for
 * {@code window}, and again ("recovered") when it is back. Alerts of one rule and group within
 * {@code suppress} of the first are one incident: counted, not sent again.
 */
public record AlertRule(
        String id,
        Type type,
        EventMatcher when,
        EventMatcher then,
        String groupBy,
        int count,
        Duration window,
        Duration suppress,
        List<String> notifyIds,
        String message,
        List<String> inventory,
        String file,
        int line) {
    public enum Type {
        MATCH,
        THRESHOLD,
        CORRELATION,
        SILENCE
    }

    public String where() {
        return file + ":" + line;
    }
}
