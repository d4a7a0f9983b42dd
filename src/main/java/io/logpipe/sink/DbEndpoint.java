package io.logpipe.sink;

import io.logpipe.store.EventWriter;
import java.time.Duration;
import org.apache.camel.Consumer;
import org.apache.camel.Processor;
import org.apache.camel.Producer;
import org.apache.camel.support.DefaultEndpoint;

/** Options of a database sink; every setter here is a URI option documented in the README. */
public class DbEndpoint extends DefaultEndpoint {
    private final String name;
    private int batchSize = 1000;
    private long flushIntervalMs = 200;
    private int queueSize = 100_000;
    private String whenFull = "drop";
    private long drainTimeoutMs = 10_000;

    DbEndpoint(String uri, DbComponent component, String name) {
        super(uri, component);
        this.name = name;
    }

    void check() {
        if (name == null || name.isBlank()) throw new IllegalArgumentException("db: needs a name, e.g. db:events");
        if (batchSize < 1 || batchSize > 100_000) throw new IllegalArgumentException("db: batchSize must be 1..100000");
        if (flushIntervalMs < 0) throw new IllegalArgumentException("db: flushIntervalMs must not be negative");
        if (queueSize < batchSize) throw new IllegalArgumentException("db: queueSize must be at least batchSize");
        if (!whenFull.equals("drop") && !whenFull.equals("block")) throw new IllegalArgumentException("db: whenFull must be drop or block, not '" + whenFull + "'");
        if (drainTimeoutMs < 0) throw new IllegalArgumentException("db: drainTimeoutMs must not be negative");
    }

    EventWriter.Options options() {
        return new EventWriter.Options(batchSize, flushIntervalMs, queueSize, whenFull.equals("block"), Duration.ofMillis(drainTimeoutMs));
    }

    String name() { return name; }

    @Override
    public Producer createProducer() {
        return new DbProducer(this, ((DbComponent) getComponent()).store());
    }

    @Override
    public Consumer createConsumer(Processor processor) {
        throw new UnsupportedOperationException("db: is a sink; use it in 'to'");
    }

    public int getBatchSize() { return batchSize; }
    public void setBatchSize(int batchSize) { this.batchSize = batchSize; }
    public long getFlushIntervalMs() { return flushIntervalMs; }
    public void setFlushIntervalMs(long flushIntervalMs) { this.flushIntervalMs = flushIntervalMs; }
    public int getQueueSize() { return queueSize; }
    public void setQueueSize(int queueSize) { this.queueSize = queueSize; }
    public String getWhenFull() { return whenFull; }
    public void setWhenFull(String whenFull) { this.whenFull = whenFull; }
    public long getDrainTimeoutMs() { return drainTimeoutMs; }
    public void setDrainTimeoutMs(long drainTimeoutMs) { this.drainTimeoutMs = drainTimeoutMs; }
}
