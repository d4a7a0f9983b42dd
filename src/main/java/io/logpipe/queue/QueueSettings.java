package io.logpipe.queue;

import java.time.Duration;

/**
 * A sink queue's settings: most events held ({@code capacity}), batch size and how long the first
 * event of a batch may wait for more, what a full queue does, how long shutdown delivers before
 * leaving the rest on disk, and when commits are forced to the device.
 */
public record QueueSettings(
        long capacity,
        int batchSize,
        long flushIntervalMs,
        WhenFull whenFull,
        Duration drainTimeout,
        Fsync fsync,
        long syncIntervalMs) {
    /** {@code AUTO}: stream listeners (TCP, TLS, RELP, HTTP) wait, UDP drops. */
    public enum WhenFull {
        AUTO,
        BLOCK,
        DROP
    }

    /**
     * {@code BATCH}: every commit is forced to the device before listeners acknowledge (nothing
     * acknowledged is lost, even on power failure; slowest). {@code INTERVAL}: commits reach the
     * OS before acknowledgement (a killed logpipe loses nothing) and are forced every
     * {@code syncIntervalMs} (a power failure can lose up to that much).
     */
    public enum Fsync {
        BATCH,
        INTERVAL
    }
}
