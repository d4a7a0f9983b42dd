package io.logpipe.queue;

import io.logpipe.metrics.SinkMetrics;
import java.io.IOException;
import org.apache.camel.Component;
import org.apache.camel.Producer;
import org.apache.camel.support.DefaultEndpoint;

/**
 * A sink endpoint behind a durable queue: the queue options every such sink takes
 * ({@code queueSize}, {@code whenFull}, {@code batchSize}, {@code drainTimeoutMs}), their checks,
 * and the one queue shared by every route that sends to the same URI. A subclass names the sink
 * and makes what delivers its batches.
 */
public abstract class QueuedSinkEndpoint extends DefaultEndpoint {
    private final String kind; // "forward:", for messages
    private Long queueSize; // unset: defaultQueueSize()
    private String whenFull = "auto";
    private int batchSize;
    private long drainTimeoutMs;
    private final SharedSinkQueue sharedQueue = new SharedSinkQueue(this::openQueue);

    protected QueuedSinkEndpoint(String uri, Component component, String kind, int batchSize, long drainTimeoutMs) {
        super(uri, component);
        this.kind = kind;
        this.batchSize = batchSize;
        this.drainTimeoutMs = drainTimeoutMs;
    }

    /** The sink's name in metrics, logs, the pipeline API and its queue file. */
    public abstract String sinkName();

    /** What delivers the queue's batches; made when the first producer starts. */
    protected abstract BatchSink newBatchSink() throws IOException;

    protected long defaultQueueSize() {
        return 1_000_000;
    }

    /** How long the first event of a partial batch may wait for more (0: deliver what is there). */
    protected long flushIntervalMs() {
        return 0;
    }

    protected void checkQueueOptions() {
        if (queueSize() < 1 || batchSize < 1 || drainTimeoutMs < 0) {
            throw new IllegalArgumentException(
                    kind + " queueSize and batchSize must be positive, drainTimeoutMs not negative");
        }
        whenFullMode();
    }

    public QueueSettings.WhenFull whenFullMode() {
        return SinkQueues.whenFull(kind, whenFull);
    }

    QueueSettings queueSettings() {
        return SinkQueues.settings(
                getCamelContext(), queueSize(), batchSize, flushIntervalMs(), whenFullMode(), drainTimeoutMs);
    }

    private SinkQueue openQueue() throws IOException {
        return SinkQueues.open(
                getCamelContext(), sinkName(), newBatchSink(), queueSettings(), new SinkMetrics(sinkName()));
    }

    public SharedSinkQueue sharedQueue() {
        return sharedQueue;
    }

    /** A producer that puts each event in the shared queue. */
    protected Producer queuedProducer() {
        return new QueuedSinkProducer(this, sharedQueue, new SinkMetrics(sinkName()), kind);
    }

    protected long queueSize() {
        return queueSize != null ? queueSize : defaultQueueSize();
    }

    public long getQueueSize() {
        return queueSize();
    }

    public void setQueueSize(long queueSize) {
        this.queueSize = queueSize;
    }

    public String getWhenFull() {
        return whenFull;
    }

    public void setWhenFull(String whenFull) {
        this.whenFull = whenFull;
    }

    public int getBatchSize() {
        return batchSize;
    }

    public void setBatchSize(int batchSize) {
        this.batchSize = batchSize;
    }

    public long getDrainTimeoutMs() {
        return drainTimeoutMs;
    }

    public void setDrainTimeoutMs(long drainTimeoutMs) {
        this.drainTimeoutMs = drainTimeoutMs;
    }
}
