package io.logpipe.sink;

import java.io.IOException;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.jboss.logging.Logger;

/** Lets listeners say "I have handed over a whole read" so buffered sinks can flush once per batch. */
public final class Flushes {
    private static final Logger LOG = Logger.getLogger(Flushes.class);
    private static final List<FileSinkWriter> WRITERS = new CopyOnWriteArrayList<>();

    private Flushes() {}

    static void register(FileSinkWriter w) { WRITERS.add(w); }

    static void unregister(FileSinkWriter w) { WRITERS.remove(w); }

    public static void endOfBatch() { flushAll(); }

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
