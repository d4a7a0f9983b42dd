package io.logpipe.store;

import java.util.Map;

/** The events table's column for each event field a query may group by or exclude (never user text in SQL). */
final class EventColumns {
    static final Map<String, String> BY_FIELD = Map.of(
            "host",
            "host",
            "app",
            "app",
            "procid",
            "procid",
            "msgid",
            "msgid",
            "format",
            "format",
            "facility",
            "facility_code",
            "severity",
            "severity_code",
            "source.ip",
            "source_ip",
            "listener",
            "source_listener",
            "peer",
            "source_peer");

    private EventColumns() {}

    /** Facility and severity are stored as codes. */
    static boolean isCode(String column) {
        return column.endsWith("_code");
    }
}
