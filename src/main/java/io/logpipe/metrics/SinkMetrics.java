package io.logpipe.metrics;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Metrics;
import java.util.function.Supplier;

/** Per-sink delivered and dropped-by-reason counters: {@code logpipe_sink_delivered_total}, {@code logpipe_sink_dropped_total}. */
public final class SinkMetrics {
    public final HotCounter delivered;
    private final String sink;

    public SinkMetrics(String sink) {
        this.sink = sink;
        delivered = HotCounter.of("logpipe.sink.delivered", "events written by the sink", "sink", sink);
    }

    public Counter retries() {
        return Counter.builder("logpipe.sink.retries")
                .description("failed write attempts that will be retried")
                .tag("sink", sink)
                .register(Metrics.globalRegistry);
    }

    /** Gauge of events waiting in the sink's queue; remove it when the sink stops. */
    public Gauge queueDepth(Supplier<Number> depth) {
        return Gauge.builder("logpipe.sink.queue.depth", depth)
                .description("events waiting to be written")
                .tag("sink", sink)
                .register(Metrics.globalRegistry);
    }

    public Counter deadLettered() {
        return Counter.builder("logpipe.sink.dead.lettered")
                .description("events the sink rejected for good, kept as dead letters")
                .tag("sink", sink)
                .register(Metrics.globalRegistry);
    }

    public Counter dropped(String reason) {
        return Counter.builder("logpipe.sink.dropped")
                .description("events the sink could not write and dropped, by reason")
                .tag("sink", sink)
                .tag("reason", reason)
                .register(Metrics.globalRegistry);
    }
}
