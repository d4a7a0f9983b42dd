package io.logpipe.component.db;

import io.logpipe.queue.BatchSink;
import io.logpipe.queue.QueuedSinkEndpoint;
import io.logpipe.store.EventWriter;
import java.time.Duration;
import org.apache.camel.Consumer;
import org.apache.camel.Processor;
import org.apache.camel.Producer;

/** Options of a database sink; every setter here is a URI option documented in docs/sources.md or docs/sinks.md. */
public class DbEndpoint extends QueuedSinkEndpoint {
    private final String name;
    private long flushIntervalMs = 200;
    private String queue = "durable";
    private long writeTimeoutMs = 60_000;

    DbEndpoint(String uri, DbComponent component, String name) {
        super(uri, component, "db:", 1000, 10_000);
        this.name = name;
    }

    void check() {
        if (name == null || name.isBlank()) throw new IllegalArgumentException("db: needs a name, e.g. db:events");
        if (getBatchSize() < 1 || getBatchSize() > 100_000)
            throw new IllegalArgumentException("db: batchSize must be 1..100000");
        if (flushIntervalMs < 0) throw new IllegalArgumentException("db: flushIntervalMs must not be negative");
        if (!queue.equals("durable") && !queue.equals("memory"))
            throw new IllegalArgumentException("db: queue must be durable or memory, not '" + queue + "'");
        if (queueSize() < getBatchSize())
            throw new IllegalArgumentException("db: queueSize must be at least batchSize");
        whenFullMode();
        if (getDrainTimeoutMs() < 0) throw new IllegalArgumentException("db: drainTimeoutMs must not be negative");
        if (writeTimeoutMs < 1000 || writeTimeoutMs > Integer.MAX_VALUE)
            throw new IllegalArgumentException("db: writeTimeoutMs must be at least 1000");
    }

    boolean durable() {
        return queue.equals("durable");
    }

    /** 1,000,000 events in the durable queue, 100,000 in memory. */
    @Override
    protected long defaultQueueSize() {
        return durable() ? 1_000_000 : 100_000;
    }

    @Override
    protected long flushIntervalMs() {
        return flushIntervalMs;
    }

    /** The in-memory writer's options ({@code queue=memory}); auto blocks there too unless the input is lossy, decided per event. */
    EventWriter.Options options() {
        return new EventWriter.Options(
                getBatchSize(),
                flushIntervalMs,
                (int) Math.min(Integer.MAX_VALUE, queueSize()),
                getWhenFull().equals("block"),
                Duration.ofMillis(getDrainTimeoutMs()),
                Duration.ofMillis(writeTimeoutMs));
    }

    String name() {
        return name;
    }

    @Override
    public String sinkName() {
        return "db:" + name;
    }

    @Override
    protected BatchSink newBatchSink() {
        return ((DbComponent) getComponent()).store().newBatchSink(name, Duration.ofMillis(writeTimeoutMs));
    }

    @Override
    public Producer createProducer() {
        return new DbProducer(this, ((DbComponent) getComponent()).store());
    }

    @Override
    public Consumer createConsumer(Processor processor) {
        throw new UnsupportedOperationException("db: is a sink; use it in 'to'");
    }

    public long getFlushIntervalMs() {
        return flushIntervalMs;
    }

    public void setFlushIntervalMs(long flushIntervalMs) {
        this.flushIntervalMs = flushIntervalMs;
    }

    public long getWriteTimeoutMs() {
        return writeTimeoutMs;
    }

    public void setWriteTimeoutMs(long writeTimeoutMs) {
        this.writeTimeoutMs = writeTimeoutMs;
    }

    public String getQueue() {
        return queue;
    }

    public void setQueue(String queue) {
        this.queue = queue;
    }
}
