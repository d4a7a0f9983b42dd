package io.logpipe.sink;

import io.logpipe.queue.QueueRegistry;
import java.io.IOException;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.jboss.logging.Logger;

/**
 * Lets listeners say "I have handed over a whole read": buffered file sinks flush and durable sink
 * queues commit, once per batch, before the listener acknowledges anything (RELP, HTTP, Kafka).
 */
public final class Flushes {
    private static final Logger LOG = Logger.getLogger(Flushes.class);
    private static final List<FileSinkWriter> WRITERS = new CopyOnWriteArrayList<>();

    private Flushes() {}

    static void register(FileSinkWriter w) { WRITERS.add(w); }

    static void unregister(FileSinkWriter w) { WRITERS.remove(w); }

    /** The file writers in use (also what {@link FileRotation} checks). */
    static List<FileSinkWriter> writers() { return WRITERS; }

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
        flushAll();
        return QueueRegistry.commitAll(wait);
    }

    public static void flushAll() {
        for (FileSinkWriter w : WRITERS) {
            try {
                w.flush();
            } catch (IOException e) {
                // reported (once per outage) by the writer to Problems; the lines stay buffered for the next flush
                LOG.debugf("flushing files under %s failed: %s", w.baseDir(), e.toString());
            }
        }
    }
}
