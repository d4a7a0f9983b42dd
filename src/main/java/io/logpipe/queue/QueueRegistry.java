package io.logpipe.queue;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** The running sink queues: committed together when a listener ends a batch, and listed by the pipeline API. */
public final class QueueRegistry {
    private static final List<SinkQueue> QUEUES = new CopyOnWriteArrayList<>();

    private QueueRegistry() {}

    static void register(SinkQueue q) { QUEUES.add(q); }

    static void unregister(SinkQueue q) { QUEUES.remove(q); }

    public static List<SinkQueue> all() { return List.copyOf(QUEUES); }

    public static SinkQueue find(String sink) {
        for (SinkQueue q : QUEUES) if (q.name().equals(sink)) return q;
        return null;
    }

    /** Makes every queued event durable; listeners call this before they acknowledge what they read. */
    public static void commitAll() {
        for (SinkQueue q : QUEUES) q.commit();
    }
}
