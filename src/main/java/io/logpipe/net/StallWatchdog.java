package io.logpipe.net;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Ends I/O that has been stuck longer than its deadline. Blocking socket writes have no timeout of
 * their own, and a peer that stops reading would hold the writer for ever once the buffers are
 * full; the caller says how to end its I/O (close the socket, abort the database connection), so
 * the stuck call throws and the caller can retry and say why. One thread checks every 200 ms.
 */
public final class StallWatchdog {
    private record Watch(long deadlineNanos, Runnable end) {}

    private static final Map<Object, Watch> WATCHED = new ConcurrentHashMap<>();
    private static final long CHECK_EVERY_MS = 200;

    static {
        Thread t = new Thread(StallWatchdog::watch, "logpipe-stall-watchdog");
        t.setDaemon(true);
        t.start();
    }

    private StallWatchdog() {}

    /** From now until {@link #done}, {@code end} runs if {@code io} is still busy after {@code timeoutMs}. */
    public static void busy(Object io, long timeoutMs, Runnable end) {
        WATCHED.put(io, new Watch(System.nanoTime() + timeoutMs * 1_000_000L, end));
    }

    /** @return true if the I/O finished in time, false if the watchdog ended it */
    public static boolean done(Object io) {
        return WATCHED.remove(io) != null;
    }

    private static void watch() {
        while (true) {
            try {
                Thread.sleep(CHECK_EVERY_MS);
            } catch (InterruptedException e) {
                return;
            }
            long now = System.nanoTime();
            WATCHED.forEach((io, w) -> {
                if (now - w.deadlineNanos() > 0 && WATCHED.remove(io, w))
                    w.end().run();
            });
        }
    }
}
