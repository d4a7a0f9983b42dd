package io.logpipe.metrics;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * HotCounters of one listener, created once so the hot path only increments. Names are exported
 * to Prometheus as {@code logpipe_listener_*_total} with a {@code listener} label.
 */
public final class ListenerMetrics {
    public final HotCounter received;
    public final HotCounter bytes;
    public final HotCounter oversize;
    public final HotCounter routeErrors;
    public final HotCounter routed;
    public final HotCounter failed;
    private final Map<String, HotCounter> parsed = new ConcurrentHashMap<>();
    private final String decoder;
    private final Map<String, HotCounter> byReason = new ConcurrentHashMap<>();
    private final String listener;

    public ListenerMetrics(String listener, String decoder) {
        this.listener = listener;
        received = HotCounter.of("logpipe.listener.received", "frames and datagrams received", "listener", listener);
        bytes = HotCounter.of("logpipe.listener.bytes", "bytes of frames received", "listener", listener);
        oversize = HotCounter.of(
                "logpipe.listener.oversize",
                "frames over the maximum size, truncated and flagged",
                "listener",
                listener);
        routeErrors = dropped("route_error");
        routed = HotCounter.of("logpipe.listener.routed", "events the route accepted", "listener", listener);
        this.decoder = decoder;
        for (String format : List.of("rfc3164", "rfc5424")) decoded(format);
        failed = HotCounter.of(
                "logpipe.decoder.failed",
                "inputs kept as raw events with parse_error",
                "decoder",
                decoder,
                "listener",
                listener);
    }

    /** The counter for an event of this format: parsed by format, or failed for raw events. */
    public HotCounter decoded(String format) {
        if ("raw".equals(format)) return failed;
        return parsed.computeIfAbsent(
                format,
                f -> HotCounter.of(
                        "logpipe.decoder.parsed",
                        "inputs decoded, by the format they were in",
                        "decoder",
                        decoder,
                        "format",
                        f,
                        "listener",
                        listener));
    }

    /** Counts what the route made of one event: routed, or dropped as a route error. */
    public Exception routing(Exception failure) {
        (failure == null ? routed : routeErrors).increment();
        return failure;
    }

    /** Events this listener dropped, by reason (cached: called on the hot path when a limit bites). */
    public HotCounter dropped(String reason) {
        return byReason.computeIfAbsent(
                "dropped:" + reason,
                k -> HotCounter.of(
                        "logpipe.listener.dropped",
                        "events received and then dropped, by reason",
                        "listener",
                        listener,
                        "reason",
                        reason));
    }

    /** Connections the listener closed itself, by reason ({@code idle_timeout}). */
    public HotCounter closed(String reason) {
        return byReason.computeIfAbsent(
                "closed:" + reason,
                k -> HotCounter.of(
                        "logpipe.listener.connections.closed",
                        "connections the listener closed itself, by reason",
                        "listener",
                        listener,
                        "reason",
                        reason));
    }

    /** Connections and datagrams refused before reading, by reason ({@code acl}). */
    public HotCounter refused(String reason) {
        return byReason.computeIfAbsent(
                "refused:" + reason,
                k -> HotCounter.of(
                        "logpipe.listener.refused",
                        "connections, frames or requests refused before they became events, by reason",
                        "listener",
                        listener,
                        "reason",
                        reason));
    }
}
