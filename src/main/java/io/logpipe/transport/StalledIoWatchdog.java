package io.logpipe.transport;

import java.io.IOException;
import java.net.Socket;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Closes a socket whose write or wait has taken longer than its deadline. Blocking socket writes
 * have no timeout of their own: a peer that stops reading would hold the writer for ever once the
 * buffers are full. Closing the socket makes the stuck call throw, so the caller can retry and say why.
 */
final class StalledIoWatchdog {
    private static final Map<Socket, Long> DEADLINES = new ConcurrentHashMap<>();
    private static final long CHECK_EVERY_MS = 200;

    static {
        Thread t = new Thread(StalledIoWatchdog::watch, "logpipe-stalled-io-watchdog");
        t.setDaemon(true);
        t.start();
    }

    private StalledIoWatchdog() {}

    /** From now until {@link #done}, {@code socket} is closed if it is still busy after {@code timeoutMs}. */
    static void busy(Socket socket, long timeoutMs) {
        DEADLINES.put(socket, System.nanoTime() + timeoutMs * 1_000_000L);
    }

    static void done(Socket socket) {
        DEADLINES.remove(socket);
    }

    private static void watch() {
        while (true) {
            try {
                Thread.sleep(CHECK_EVERY_MS);
            } catch (InterruptedException e) {
                return;
            }
            long now = System.nanoTime();
            DEADLINES.forEach((socket, deadline) -> {
                if (now - deadline > 0 && DEADLINES.remove(socket, deadline)) close(socket);
            });
        }
    }

    private static void close(Socket socket) {
        try {
            socket.close();
        } catch (IOException ignored) {
            // the stuck call throws either way
        }
    }
}
