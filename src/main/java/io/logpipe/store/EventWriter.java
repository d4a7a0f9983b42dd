package io.logpipe.store;

import io.logpipe.event.EventJson;
import io.logpipe.event.LogEvent;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.jboss.logging.Logger;

/**
 * Takes events from routes into a bounded queue and writes them in batches on its own thread:
 * a batch is written when it is full or when its first event has waited {@code flushInterval}.
 * While the database is down the batch is retried with capped exponential backoff and jitter,
 * and new events wait in the queue; when the queue is full they are dropped and counted, or the
 * caller waits, as configured. Rows the database refuses are isolated and counted one by one.
 */
public final class EventWriter implements AutoCloseable {
    private static final Logger LOG = Logger.getLogger(EventWriter.class);
    private static final long FIRST_BACKOFF_MS = 100;
    private static final long MAX_BACKOFF_MS = 10_000;

    public record Options(
            int batchSize,
            long flushIntervalMs,
            int queueSize,
            boolean blockWhenFull,
            Duration drainTimeout,
            Duration writeTimeout) {
        public static final Duration DEFAULT_WRITE_TIMEOUT = Duration.ofSeconds(60);

        public Options(
                int batchSize, long flushIntervalMs, int queueSize, boolean blockWhenFull, Duration drainTimeout) {
            this(batchSize, flushIntervalMs, queueSize, blockWhenFull, drainTimeout, DEFAULT_WRITE_TIMEOUT);
        }
    }

    /** What the writer reports; the Camel glue turns these into metrics. */
    public interface Listener {
        void delivered(int n);

        void dropped(String reason, int n);

        void retried();
    }

    private final Database db;
    private final EventInserter inserter;
    private final Options options;
    private final Listener listener;
    private final String name;
    private final ArrayBlockingQueue<LogEvent> queue;
    private final Thread thread;
    private volatile boolean running = true;
    private volatile long drainDeadlineNanos = Long.MAX_VALUE;
    private volatile String lastError;
    private final AtomicLong fullDrops = new AtomicLong();
    private final AtomicLong lastFullWarning = new AtomicLong(System.nanoTime() - TimeUnit.MINUTES.toNanos(1));

    public EventWriter(String name, Database db, Options options, Listener listener) {
        this.name = name;
        this.db = db;
        this.inserter = EventInserter.of(db.dialect());
        this.options = options;
        this.listener = listener;
        this.queue = new ArrayBlockingQueue<>(options.queueSize());
        this.thread = new Thread(this::run, "db-writer-" + name);
        thread.setDaemon(true);
        thread.start();
    }

    /** Queues one event; false when it was dropped because the queue is full (or the writer closed). */
    public boolean offer(LogEvent e) throws InterruptedException {
        return offer(e, options.blockWhenFull());
    }

    /** As {@link #offer(LogEvent)}, with this event's own choice of waiting when the queue is full. */
    public boolean offer(LogEvent e, boolean blockWhenFull) throws InterruptedException {
        if (!running) {
            listener.dropped("shutdown", 1);
            return false;
        }
        if (queue.offer(e)) return true;
        if (blockWhenFull) {
            while (running) {
                if (queue.offer(e, 100, TimeUnit.MILLISECONDS)) return true;
            }
            listener.dropped("shutdown", 1);
            return false;
        }
        listener.dropped("queue_full", 1);
        warnFull();
        return false;
    }

    /** Drops are counted one by one; the log says so at most every 10 seconds. */
    private void warnFull() {
        fullDrops.incrementAndGet();
        long now = System.nanoTime();
        long last = lastFullWarning.get();
        if (now - last < TimeUnit.SECONDS.toNanos(10) || !lastFullWarning.compareAndSet(last, now)) return;
        LOG.warnf(
                "db sink %s: queue full (%d events), %d events dropped since the last warning; the database is %s (set whenFull=block to slow senders down instead)",
                name,
                options.queueSize(),
                fullDrops.getAndSet(0),
                lastError == null ? "slower than the input" : "unavailable: " + lastError);
    }

    public int queued() {
        return queue.size();
    }

    public String lastError() {
        return lastError;
    }

    private void run() {
        List<LogEvent> batch = new ArrayList<>(options.batchSize());
        while (running || !queue.isEmpty()) {
            try {
                if (!fill(batch)) continue;
                write(batch);
            } catch (InterruptedException e) {
                if (!batch.isEmpty()) listener.dropped("shutdown", batch.size());
                if (!running) break;
            } catch (RuntimeException e) {
                // a bug must not end the writer thread: report and drop what cannot be written
                LOG.errorf(e, "db sink %s: unexpected failure; %d events dropped", name, batch.size());
                listener.dropped("error", batch.size());
            }
            batch.clear();
        }
        int left = queue.size();
        if (left > 0) {
            queue.clear();
            listener.dropped("shutdown", left);
            LOG.errorf("db sink %s: stopped with %d events not stored", name, left);
        }
    }

    /** Waits for a first event, then collects up to a full batch until its flush interval has passed. */
    private boolean fill(List<LogEvent> batch) throws InterruptedException {
        LogEvent first = queue.poll(running ? 200 : 0, TimeUnit.MILLISECONDS);
        if (first == null) return false;
        batch.add(first);
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(options.flushIntervalMs());
        while (batch.size() < options.batchSize()) {
            queue.drainTo(batch, options.batchSize() - batch.size());
            if (batch.size() >= options.batchSize() || !running) break;
            long left = deadline - System.nanoTime();
            if (left <= 0) break;
            // short slices, so close() is noticed without waiting out a long flush interval
            LogEvent next = queue.poll(Math.min(left, TimeUnit.MILLISECONDS.toNanos(100)), TimeUnit.NANOSECONDS);
            if (next != null) batch.add(next);
        }
        return true;
    }

    private void write(List<LogEvent> batch) throws InterruptedException {
        long backoff = FIRST_BACKOFF_MS;
        int attempts = 0;
        while (true) {
            Connection c = null;
            try {
                c = db.connection();
                insert(c, batch);
                if (attempts > 0) LOG.infof("db sink %s: %s is back after %d retries", name, db.describe(), attempts);
                lastError = null;
                listener.delivered(batch.size());
                return;
            } catch (SQLException e) {
                if (!WriteFailures.isOutage(e, c)) {
                    // give the connection back before the row-by-row pass takes its own
                    closeQuietly(c);
                    c = null;
                    writeOneByOne(batch);
                    return;
                }
                String error = Database.rootMessage(e);
                boolean changed = !error.equals(lastError);
                lastError = error;
                if (attempts == 0 || changed || attempts % 20 == 0) {
                    LOG.warnf(
                            "db sink %s: %s unavailable (%s); %d events waiting, retrying",
                            name, db.describe(), lastError, batch.size() + queue.size());
                }
            } finally {
                closeQuietly(c);
            }
            if (System.nanoTime() > drainDeadlineNanos) {
                giveUp(batch);
                return;
            }
            attempts++;
            listener.retried();
            long jitter = ThreadLocalRandom.current().nextLong(backoff / 5 + 1);
            Thread.sleep(backoff + jitter);
            backoff = Math.min(backoff * 2, MAX_BACKOFF_MS);
        }
    }

    /** The insert, with anything the driver throws seen as an SQLException, so one place decides outage or refusal. */
    private void insert(Connection c, List<LogEvent> events) throws SQLException {
        try {
            db.write(c, options.writeTimeout(), () -> inserter.insert(c, events));
        } catch (RuntimeException | AssertionError e) {
            throw new SQLException("driver failure: " + e, e);
        }
    }

    /** A batch the database refused: find the rows it refuses, keep the rest. */
    private void writeOneByOne(List<LogEvent> batch) throws InterruptedException {
        for (LogEvent e : batch) {
            List<LogEvent> one = List.of(e);
            try (Connection c = db.connection()) {
                try {
                    insert(c, one);
                    listener.delivered(1);
                } catch (SQLException ex) {
                    if (WriteFailures.isOutage(ex, c)) {
                        write(one);
                        continue;
                    }
                    lastError = ex.getMessage();
                    LOG.errorf(
                            "db sink %s: row refused (%s), event dropped: %s",
                            name, ex.getMessage(), EventJson.toJson(e));
                    listener.dropped("rejected", 1);
                }
            } catch (SQLException ex) {
                write(one);
            }
        }
    }

    private void giveUp(List<LogEvent> batch) {
        LOG.errorf(
                "db sink %s: shutting down with the database unavailable; %d events not stored",
                name, batch.size() + queue.size());
        listener.dropped("shutdown", batch.size());
        int rest = queue.size();
        queue.clear();
        if (rest > 0) listener.dropped("shutdown", rest);
    }

    private static void closeQuietly(Connection c) {
        if (c == null) return;
        try {
            c.close();
        } catch (SQLException ignored) {
            // already broken; the pool discards it
        }
    }

    /** Stops taking events and writes what is queued, waiting at most the drain timeout. */
    @Override
    public void close() {
        int waiting = queue.size();
        if (waiting > 0) LOG.infof("db sink %s: writing %d queued events before stopping", name, waiting);
        drainDeadlineNanos = System.nanoTime() + options.drainTimeout().toNanos();
        running = false;
        try {
            thread.join(options.drainTimeout().toMillis() + 1000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (thread.isAlive()) {
            thread.interrupt();
            LOG.errorf("db sink %s: drain timed out; %d events not stored", name, queue.size());
        }
    }
}
