package io.logpipe.queue;

import java.io.Flushable;
import java.io.IOException;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.BooleanSupplier;
import org.jboss.logging.Logger;

/**
 * Lets listeners say "I have handed over a whole read": buffered file sinks flush and durable sink
 * queues commit, once per batch, before the listener acknowledges anything (RELP, HTTP, Kafka).
 */
public final class Flushes {
    private static final Logger LOG = Logger.getLogger(Flushes.class);
    /** buffered sinks (the file writers) flushed at the end of every read */
    private static final List<Flushable> BUFFERED = new CopyOnWriteArrayList<>();

    private Flushes() {}

    public static void register(Flushable buffered) {
        BUFFERED.add(buffered);
    }

    public static void unregister(Flushable buffered) {
        BUFFERED.remove(buffered);
    }

    public static void endOfBatch() {
        endOfBatch(false);
    }

    /**
     * Files flushed and durable queues committed. While a queue's file cannot be written (disk
     * full), {@code wait} holds the caller until it can (TCP, RELP and Kafka listeners: their
     * senders wait, nothing is acknowledged early); otherwise this returns false at once.
     *
     * @return true when everything handed over so far is durable, so it may be acknowledged
     */
    public static boolean endOfBatch(boolean wait) {
        return endOfBatch(() -> wait);
    }

    /** As {@link #endOfBatch(boolean)}, waiting for storage only while {@code keepWaiting} says so (not once the listener stops). */
    public static boolean endOfBatch(BooleanSupplier keepWaiting) {
        flushAll();
        return QueueRegistry.commitAll(keepWaiting);
    }

    public static void flushAll() {
        for (Flushable b : BUFFERED) {
            try {
                b.flush();
            } catch (IOException e) {
                // reported (once per outage) by the writer to Problems; the lines stay buffered for the next flush
                LOG.debugf("flushing %s failed: %s", b, e.toString());
            }
        }
    }
}
