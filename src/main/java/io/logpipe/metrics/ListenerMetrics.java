package io.logpipe.metrics;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Metrics;

/**
 * Counters of one listener, created once so the hot path only increments. Names are exported
 * to Prometheus as {@code logpipe_listener_*_total} with a {@code listener} label.
 */
public final class ListenerMetrics {
    public final Counter received;
    public final Counter bytes;
    public final Counter oversize;
    public final Counter routeErrors;
    public final Counter routed;
    public final Counter failed;
    private final java.util.Map<String, Counter> parsed = new java.util.concurrent.ConcurrentHashMap<>();
    private final String decoder;
    private final java.util.Map<String, Counter> byReason = new java.util.concurrent.ConcurrentHashMap<>();
    private final String listener;

    public ListenerMetrics(String listener, String decoder) {
        this.listener = listener;
        received = Counter.builder("logpipe.listener.received").description("frames and datagrams received").tag("listener", listener).register(Metrics.globalRegistry);
        bytes = Counter.builder("logpipe.listener.bytes").description("bytes of frames received").tag("listener", listener).register(Metrics.globalRegistry);
        oversize = Counter.builder("logpipe.listener.oversize").description("frames over the maximum size, truncated and flagged").tag("listener", listener).register(Metrics.globalRegistry);
        routeErrors = dropped("route_error");
        routed = Counter.builder("logpipe.listener.routed").description("events the route accepted").tag("listener", listener).register(Metrics.globalRegistry);
        this.decoder = decoder;
        for (String format : java.util.List.of("rfc3164", "rfc5424")) decoded(format);
        failed = Counter.builder("logpipe.decoder.failed").description("inputs kept as raw events with parse_error").tag("decoder", decoder).tag("listener", listener).register(Metrics.globalRegistry);
    }

    /** The counter for an event of this format: parsed by format, or failed for raw events. */
    public Counter decoded(String format) {
        if ("raw".equals(format)) return failed;
        return parsed.computeIfAbsent(format, f -> Counter.builder("logpipe.decoder.parsed").description("inputs decoded, by the format they were in").tag("decoder", decoder).tag("format", f).tag("listener", listener).register(Metrics.globalRegistry));
    }

    /** Counts what the route made of one event: routed, or dropped as a route error. */
    public Exception routing(Exception failure) {
        (failure == null ? routed : routeErrors).increment();
        return failure;
    }

    /** Events this listener dropped, by reason (cached: called on the hot path when a limit bites). */
    public Counter dropped(String reason) {
        return byReason.computeIfAbsent("dropped:" + reason, k -> Counter.builder("logpipe.listener.dropped").description("events received and then dropped, by reason").tag("listener", listener).tag("reason", reason).register(Metrics.globalRegistry));
    }

    /** Connections the listener closed itself, by reason ({@code idle_timeout}). */
    public Counter closed(String reason) {
        return byReason.computeIfAbsent("closed:" + reason, k -> Counter.builder("logpipe.listener.connections.closed").description("connections the listener closed itself, by reason")
                .tag("listener", listener).tag("reason", reason).register(Metrics.globalRegistry));
    }

    /** Connections and datagrams refused before reading, by reason ({@code acl}). */
    public Counter refused(String reason) {
        return byReason.computeIfAbsent("refused:" + reason, k -> Counter.builder("logpipe.listener.refused").description("connections, frames or requests refused before they became events, by reason").tag("listener", listener).tag("reason", reason).register(Metrics.globalRegistry));
    }
}
