package io.logpipe.alert;

import java.util.List;
import java.util.Map;

/** Where alerts go: {@code webhook}, {@code email}, {@code syslog} or {@code kafka}, with its options, as written in an alert file. */
public record NotifierConfig(
        String id, String type, Map<String, String> options, List<String> to, String file, int line) {
    public String option(String key, String fallback) {
        String v = options.get(key);
        return v == null ? fallback : v;
    }
}
