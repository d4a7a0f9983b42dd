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

    public static void endOfBatch() {
        flushAll();
        QueueRegistry.commitAll();
    }

    public static void flushAll() {
        for (FileSinkWriter w : WRITERS) {
            try {
                w.flush();
            } catch (IOException e) {
                LOG.errorf("flushing files under %s failed: %s", w.baseDir(), e.toString());
            }
        }
    }
}
