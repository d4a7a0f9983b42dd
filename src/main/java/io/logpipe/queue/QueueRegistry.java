package io.logpipe.queue;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.BooleanSupplier;

/** The running sink queues: committed together when a listener ends a batch, and listed by the pipeline API. */
public final class QueueRegistry {
    private static final List<SinkQueue> QUEUES = new CopyOnWriteArrayList<>();

    private QueueRegistry() {}

    static void register(SinkQueue q) {
        QUEUES.add(q);
    }

    static void unregister(SinkQueue q) {
        QUEUES.remove(q);
    }

    public static List<SinkQueue> all() {
        return List.copyOf(QUEUES);
    }

    public static SinkQueue find(String sink) {
        for (SinkQueue q : QUEUES) if (q.name().equals(sink)) return q;
        return null;
    }

    /** Why some queue's file cannot be written right now (the first found), or null when all can. */
    public static String storageProblem() {
        for (SinkQueue q : QUEUES) {
            String p = q.storageProblem();
            if (p != null) return "sink " + q.name() + ": " + p;
        }
        return null;
    }

    /** Makes every queued event durable; listeners call this before they acknowledge what they read. */
    public static void commitAll() {
        commitAll(false);
    }

    /**
     * Makes every queued event durable. While a queue's file cannot be written (disk full) this
     * either waits until it can ({@code wait}: TCP and RELP, whose senders are held meanwhile) or
     * returns false at once.
     *
     * @return true when everything queued so far is durable
     */
    public static boolean commitAll(boolean wait) {
        return commitAll(() -> wait);
    }

    /**
     * As {@link #commitAll(boolean)}, waiting for storage only while {@code keepWaiting} says so: a
     * listener that is being stopped gives up (nothing acknowledged) instead of holding the stop
     * until the disk has room.
     */
    public static boolean commitAll(BooleanSupplier keepWaiting) {
        boolean durable = true;
        for (SinkQueue q : QUEUES) {
            while (true) {
                try {
                    q.commit();
                    break;
                } catch (DurableQueue.StorageUnavailable e) {
                    if (!keepWaiting.getAsBoolean() || !q.isAccepting()) {
                        durable = false;
                        break;
                    }
                    sleep();
                }
            }
        }
        return durable;
    }

    private static void sleep() {
        try {
            Thread.sleep(200);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
