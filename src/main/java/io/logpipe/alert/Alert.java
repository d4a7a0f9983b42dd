package io.logpipe.alert;

import java.time.Instant;
import java.util.Map;

/**
 * An alert. {@code incident} names the rule and group; {@code count} is how many times the rule
 * fired for it in this incident. {@code repeat} marks a firing inside the suppression window: it
 * only raises the stored incident's count and is not sent. {@code state} is {@code firing}, or
 * {@code recovered} for a silence that ended.
 */
public record Alert(
        String rule,
        AlertRule.Type type,
        String state,
        String group,
        Instant at,
        String message,
        long count,
        boolean repeat,
        Map<String, String> vars) {
    public String incident() {
        return rule + "|" + group;
    }
}
