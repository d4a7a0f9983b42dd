package io.logpipe.queue;

import io.logpipe.metrics.SinkMetrics;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import org.apache.camel.CamelContext;

/** Opens a sink's durable queue under {@code <logpipe.data.dir>/queues/} with the global fsync settings, metrics wired. */
public final class SinkQueues {
    private SinkQueues() {}

    static QueueSettings.WhenFull whenFull(String sinkKind, String value) {
        try {
            return QueueSettings.WhenFull.valueOf(value.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(sinkKind + " whenFull must be auto, block or drop, not '" + value + "'");
        }
    }

    static QueueSettings.Fsync fsync(CamelContext ctx) {
        String v = ctx.getPropertiesComponent()
                .resolveProperty("logpipe.queue.fsync")
                .orElse("interval");
        return switch (v) {
            case "interval" -> QueueSettings.Fsync.INTERVAL;
            case "batch" -> QueueSettings.Fsync.BATCH;
            default ->
                throw new IllegalArgumentException("logpipe.queue.fsync must be interval or batch, not '" + v + "'");
        };
    }

    public static QueueSettings settings(
            CamelContext ctx,
            long capacity,
            int batchSize,
            long flushIntervalMs,
            QueueSettings.WhenFull whenFull,
            long drainTimeoutMs) {
        long syncInterval = Long.parseLong(ctx.getPropertiesComponent()
                .resolveProperty("logpipe.queue.sync-interval-ms")
                .orElse("1000"));
        return new QueueSettings(
                capacity,
                batchSize,
                flushIntervalMs,
                whenFull,
                Duration.ofMillis(drainTimeoutMs),
                fsync(ctx),
                syncInterval);
    }

    /** The queue file of a sink: its name made safe as a file name ({@code db:events} → {@code db_events.mv.db}). */
    static Path file(CamelContext ctx, String sink) {
        return sinkPath(ctx, "queues", sink + ".mv.db");
    }

    /** {@code <logpipe.data.dir>/<area>/<name>}, the name made safe as a file name. */
    public static Path sinkPath(CamelContext ctx, String area, String name) {
        return dataDir(ctx).resolve(area).resolve(name.replaceAll("[^A-Za-z0-9._-]", "_"));
    }

    public static Path dataDir(CamelContext ctx) {
        return Path.of(
                ctx.getPropertiesComponent().resolveProperty("logpipe.data.dir").orElse("data"));
    }

    public static SinkQueue open(
            CamelContext ctx, String sink, BatchSink target, QueueSettings settings, SinkMetrics metrics)
            throws IOException {
        return new SinkQueue(sink, DurableQueue.open(file(ctx, sink)), target, settings, new SinkQueue.Listener() {
            @Override
            public void delivered(int n) {
                metrics.delivered.increment(n);
            }

            @Override
            public void deadLettered(int n) {
                metrics.deadLettered().increment(n);
            }

            @Override
            public void dropped(String reason, int n) {
                metrics.dropped(reason).increment(n);
            }

            @Override
            public void retried() {
                metrics.retries().increment();
            }
        });
    }
}
