package io.logpipe.store;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Aborts the physical connection of a database write that runs past its deadline. A database that
 * stops reading blocks the driver in a socket write, which no read timeout covers; aborting closes
 * the socket, the write fails, and the batch is retried as after any outage.
 */
final class WriteDeadline {
    private static final ScheduledExecutorService TIMER = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "logpipe-db-write-deadline");
        t.setDaemon(true);
        return t;
    });

    interface Work {
        void run() throws SQLException;
    }

    private WriteDeadline() {}

    static void run(Connection c, Duration timeout, Work work) throws SQLException {
        AtomicBoolean fired = new AtomicBoolean();
        ScheduledFuture<?> guard = TIMER.schedule(() -> {
            fired.set(true);
            abort(c);
        }, timeout.toMillis(), TimeUnit.MILLISECONDS);
        try {
            work.run();
        } catch (SQLException | RuntimeException e) {
            if (fired.get()) throw new SQLException("database stalled: write aborted after " + timeout.toMillis() + " ms", "08000", e);
            throw e;
        } finally {
            guard.cancel(false);
        }
    }

    /** The driver's own connection, under the pool's wrapper: aborting the wrapper would only detach it. */
    private static void abort(Connection c) {
        try {
            c.unwrap(Connection.class).abort(Runnable::run);
        } catch (SQLException | RuntimeException e) {
            // the write fails or finishes either way
        }
    }
}
