package io.logpipe.queue;

import io.logpipe.event.LogEvent;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.jboss.logging.Logger;

/**
 * A sink behind its own durable queue: routes {@link #enqueue} events (returning once the event is
 * in the queue, durable at the listener's next commit), and one dispatcher thread delivers them in
 * batches to the {@link BatchSink}, removing them only after the sink finished them. A passing
 * failure is retried with capped exponential backoff and jitter, and the sink's backlog simply
 * waits on disk, so a slow or dead sink never holds up the others. Events the sink rejects for good
 * go to dead-letter with the reason.
 *
 * <p>Accounting, per sink, is kept under one lock with the queue changes, so at any moment
 * {@code received + recovered = delivered + deadLettered + dropped + queued}.
 */
public final class SinkQueue implements AutoCloseable {
    private static final Logger LOG = Logger.getLogger(SinkQueue.class);
    private static final long FIRST_BACKOFF_MS = 100;
    private static final long MAX_BACKOFF_MS = 10_000;

    /** Metrics hooks; the Camel glue turns them into Micrometer counters. */
    public interface Listener {
        default void delivered(int n) {}

        default void deadLettered(int n) {}

        default void dropped(String reason, int n) {}

        default void retried() {}
    }

    public record Status(
            String sink,
            long received,
            long recovered,
            long delivered,
            long retried,
            long deadLettered,
            Map<String, Long> dropped,
            long queued,
            long deadLetters,
            long oldestAgeMs,
            String lastError,
            String lastErrorAt) {
        public long droppedTotal() {
            return dropped.values().stream().mapToLong(Long::longValue).sum();
        }

        /** received + recovered = delivered + dead-lettered + dropped + queued */
        public boolean balanced() {
            return received + recovered == delivered + deadLettered + droppedTotal() + queued;
        }
    }

    private final String name;
    private final DurableQueue queue;
    private final BatchSink sink;
    private final QueueSettings settings;
    private final Listener listener;
    private final Thread dispatcher;
    private final Object accounts = new Object();
    private final Object signal = new Object();
    private long recovered; // guarded by accounts
    private long reopensSettled; // guarded by accounts
    private long received;
    private long delivered;
    private long deadLettered;
    private final AtomicLong retried = new AtomicLong();
    private final Map<String, AtomicLong> dropped = new ConcurrentHashMap<>();
    private volatile boolean accepting = true;
    private volatile boolean running = true;
    private volatile long drainDeadline = Long.MAX_VALUE;
    private volatile String lastError;
    private volatile String lastErrorAt;
    /** System.nanoTime() of the first failed delivery since the last good one; 0 while delivering */
    private volatile long failingSinceNanos;

    private volatile long lastFullWarning;
    private long lastSync = System.nanoTime();

    public SinkQueue(String name, DurableQueue queue, BatchSink sink, QueueSettings settings, Listener listener) {
        this.name = name;
        this.queue = queue;
        this.sink = sink;
        this.settings = settings;
        this.listener = listener;
        this.recovered = queue.depth();
        if (recovered > 0)
            LOG.infof(
                    "sink %s: %d events from before the last stop are queued in %s and are delivered first",
                    name, recovered, queue.file());
        this.dispatcher = new Thread(this::run, "sink-" + name);
        dispatcher.setDaemon(true);
        dispatcher.start();
        QueueRegistry.register(this);
    }

    public String name() {
        return name;
    }

    /**
     * Puts the event in the queue. Full: waits (backpressure) or drops and counts, per
     * {@code whenFull}; {@code lossy} marks input that cannot wait (UDP). A stopping sink refuses
     * the event with an exception, so the listener does not acknowledge it.
     *
     * @return false when dropped because the queue is full
     */
    public boolean enqueue(LogEvent event, boolean lossy) throws InterruptedException {
        return enqueue(event, lossy ? WhenStorageFails.DROP : WhenStorageFails.WAIT);
    }

    /** What a listener wants done with an event while the queue's file cannot be written. */
    public enum WhenStorageFails {
        /** count it as dropped{reason=storage} (UDP: nobody would wait for it) */
        DROP,
        /** wait until the file works again (TCP and RELP: the sender is held, nothing read is lost) */
        WAIT,
        /** fail at once with {@link DurableQueue.StorageUnavailable} (HTTP: the client is told 503 and sends again) */
        REFUSE
    }

    /**
     * As {@link #enqueue(LogEvent, boolean)}, saying what to do while the queue's file cannot be
     * written (disk full): drop and count, wait, or refuse.
     */
    public boolean enqueue(LogEvent event, WhenStorageFails whenStorageFails) throws InterruptedException {
        boolean lossy = whenStorageFails == WhenStorageFails.DROP;
        if (!accepting) throw new IllegalStateException("sink " + name + " is stopping");
        byte[] bytes = EventCodec.encode(event, DurableQueue.TIME_PREFIX);
        if (queue.depth() >= settings.capacity()) {
            boolean drop = settings.whenFull() == QueueSettings.WhenFull.DROP
                    || (settings.whenFull() == QueueSettings.WhenFull.AUTO && lossy);
            if (drop) {
                synchronized (accounts) {
                    received++; // offered, and dropped: counted on both sides of the balance
                    countDrop("queue_full", 1);
                }
                warnFull();
                return false;
            }
            warnFull();
            while (queue.depth() >= settings.capacity()) {
                if (!accepting) throw new IllegalStateException("sink " + name + " is stopping");
                synchronized (signal) {
                    signal.wait(50);
                }
            }
        }
        while (true) {
            try {
                synchronized (accounts) {
                    queue.appendPrefixed(bytes);
                    received++;
                }
                return true;
            } catch (DurableQueue.StorageUnavailable e) {
                if (whenStorageFails == WhenStorageFails.DROP) {
                    synchronized (accounts) {
                        received++;
                        countDrop("storage", 1);
                    }
                    return false;
                }
                if (whenStorageFails == WhenStorageFails.REFUSE || !accepting) throw e;
                Thread.sleep(100); // held: the sender waits until the disk has room again
            }
        }
    }

    /**
     * Makes queued events durable (per the fsync policy); listeners call it before they acknowledge.
     *
     * @throws DurableQueue.StorageUnavailable when the queue's file cannot be written: acknowledge nothing
     */
    public void commit() {
        boolean wrote = queue.commit();
        if (settings.fsync() == QueueSettings.Fsync.BATCH) queue.sync(); // also what the dispatcher committed unsynced
        if (!wrote) return; // nothing new for the dispatcher
        synchronized (signal) {
            signal.notifyAll();
        }
    }

    /** How long deliveries have failed without one getting through, in milliseconds; 0 while the sink delivers. */
    public long failingForMillis() {
        long since = failingSinceNanos;
        return since == 0 ? 0 : TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - since);
    }

    /** The last delivery error (or the queue file's problem), null while delivering. */
    public String lastError() {
        return queue.isBroken() ? queue.problem() : lastError;
    }

    /** Why the queue's file cannot be written right now, or null. */
    public String storageProblem() {
        return queue.problem();
    }

    /** False once the sink is stopping. */
    public boolean isAccepting() {
        return accepting;
    }

    /** Events waiting now (cheap: for gauges). */
    public long depth() {
        return queue.depth();
    }

    private void warnFull() {
        long now = System.nanoTime();
        if (now - lastFullWarning < TimeUnit.SECONDS.toNanos(10)) return;
        lastFullWarning = now;
        LOG.warnf(
                "sink %s: queue full (%d events); %s. Dropped so far: %d",
                name,
                settings.capacity(),
                lastError == null ? "the sink is slower than the input" : "the sink fails: " + lastError,
                dropped.getOrDefault("queue_full", new AtomicLong()).get());
    }

    private void countDrop(String reason, int n) {
        dropped.computeIfAbsent(reason, r -> new AtomicLong()).addAndGet(n);
        listener.dropped(reason, n);
    }

    private void run() {
        long backoff = FIRST_BACKOFF_MS;
        while (true) {
            try {
                settleReopen();
                syncIfDue();
                if (!running && (queue.depth() == 0 || System.nanoTime() > drainDeadline)) break;
                List<DurableQueue.Entry> entries = queue.head(settings.batchSize());
                if (entries.isEmpty()
                        || (running
                                && entries.size() < settings.batchSize()
                                && youngerThanFlushInterval(entries.get(0)))) {
                    sink.idle();
                    synchronized (signal) {
                        signal.wait(entries.isEmpty() ? 100 : Math.max(1, Math.min(100, settings.flushIntervalMs())));
                    }
                    continue;
                }
                BatchSink.Outcome outcome = deliver(entries);
                if (outcome.failure() == null) {
                    if (lastError != null) LOG.infof("sink %s: delivering again after %d retries", name, retried.get());
                    lastError = null;
                    failingSinceNanos = 0;
                    backoff = FIRST_BACKOFF_MS;
                    if (queue.depth() == 0) compactDrainedFile();
                    continue;
                }
                String error = rootMessage(outcome.failure());
                if (!error.equals(lastError) || retried.get() % 20 == 0) {
                    LOG.warnf("sink %s: delivery failed (%s); %d events queued, retrying", name, error, queue.depth());
                }
                if (lastError == null) failingSinceNanos = System.nanoTime();
                lastError = error;
                lastErrorAt = Instant.now().toString();
                retried.incrementAndGet();
                listener.retried();
                long pause = backoff + ThreadLocalRandom.current().nextLong(backoff / 5 + 1);
                backoff = Math.min(backoff * 2, MAX_BACKOFF_MS);
                sleepUnlessStopped(pause);
            } catch (InterruptedException e) {
                if (!running) break;
            } catch (DurableQueue.StorageUnavailable e) {
                // reported once to Problems by the queue; retried (reopened) here every second
                lastError = e.getMessage();
                lastErrorAt = Instant.now().toString();
                if (!running) break;
                sleepQuietly(1000);
            } catch (RuntimeException e) {
                // a bug must not end the dispatcher; the batch stays queued and is tried again
                LOG.errorf(e, "sink %s: unexpected failure in delivery", name);
                lastError = e.toString();
                sleepQuietly(1000);
            }
        }
        sink.close();
    }

    /** A backlog has just drained: give its space back, and say so when it was much. */
    private void compactDrainedFile() {
        long before = queue.fileSize();
        if (!queue.compactIfLarge()) return;
        long after = queue.fileSize();
        LOG.infof(
                "sink %s: backlog delivered; queue file %s compacted from %d MB to %d MB",
                name, queue.file(), before >> 20, after >> 20);
    }

    /**
     * After the queue's file was reopened (a storage failure), removals that had not been
     * committed are back in the queue and will be delivered again: they count as recovered, so the
     * balance holds.
     */
    private void settleReopen() {
        long reopens = queue.reopenCount();
        if (reopens == reopensSettled) return;
        synchronized (accounts) {
            reopensSettled = reopens;
            long expected = received
                    + recovered
                    - delivered
                    - deadLettered
                    - dropped.values().stream().mapToLong(AtomicLong::get).sum();
            long back = queue.depth() - expected;
            if (back > 0) {
                recovered += back;
                LOG.infof(
                        "sink %s: queue file reopened; %d events whose delivery was not yet recorded are delivered again",
                        name, back);
            }
        }
    }

    private boolean youngerThanFlushInterval(DurableQueue.Entry first) {
        return System.currentTimeMillis() - first.enqueuedAtMillis() < settings.flushIntervalMs();
    }

    /** Delivers one batch and settles the queue and the accounts with what the sink reports. */
    private BatchSink.Outcome deliver(List<DurableQueue.Entry> entries) {
        List<LogEvent> events = new ArrayList<>(entries.size());
        List<DurableQueue.Entry> readable = new ArrayList<>(entries.size());
        for (DurableQueue.Entry e : entries) {
            try {
                events.add(EventCodec.decode(e.event()));
                readable.add(e);
            } catch (IllegalArgumentException unreadable) {
                synchronized (accounts) {
                    queue.deadLetter(e, unreadable.getMessage());
                    deadLettered++;
                }
                listener.deadLettered(1);
            }
        }
        BatchSink.Outcome outcome;
        try {
            outcome = sink.deliver(events);
        } catch (RuntimeException e) {
            outcome = BatchSink.Outcome.failed(0, Map.of(), e);
        }
        int done = Math.min(outcome.done(), readable.size());
        int rejected = 0;
        synchronized (accounts) {
            List<DurableQueue.Entry> finished = new ArrayList<>(done);
            for (int i = 0; i < done; i++) {
                String reason = outcome.rejected().get(i);
                if (reason != null) {
                    queue.deadLetter(readable.get(i), reason);
                    rejected++;
                } else {
                    finished.add(readable.get(i));
                }
            }
            queue.remove(finished);
            delivered += finished.size();
            deadLettered += rejected;
        }
        queue.commit();
        if (done - rejected > 0) listener.delivered(done - rejected);
        if (rejected > 0) {
            listener.deadLettered(rejected);
            LOG.errorf(
                    "sink %s: %d events rejected for good, kept as dead letters (GET /api/v1/deadletter): %s",
                    name, rejected, outcome.rejected().values().iterator().next());
        }
        return outcome;
    }

    private void syncIfDue() {
        if (settings.fsync() != QueueSettings.Fsync.INTERVAL) return;
        long now = System.nanoTime();
        if (now - lastSync < TimeUnit.MILLISECONDS.toNanos(settings.syncIntervalMs())) return;
        lastSync = now;
        queue.commit();
        queue.sync();
    }

    private void sleepUnlessStopped(long millis) throws InterruptedException {
        long end = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(millis);
        while (System.nanoTime() < end) {
            if (!running && System.nanoTime() > drainDeadline) return;
            Thread.sleep(Math.min(50, Math.max(1, TimeUnit.NANOSECONDS.toMillis(end - System.nanoTime()))));
        }
    }

    private static void sleepQuietly(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    static String rootMessage(Throwable t) {
        String last = t.toString();
        for (Throwable c = t; c != null; c = c.getCause()) if (c.getMessage() != null) last = c.getMessage();
        return last;
    }

    public Status status() {
        synchronized (accounts) {
            Map<String, Long> drops = new TreeMap<>();
            dropped.forEach((k, v) -> drops.put(k, v.get()));
            return new Status(
                    name,
                    received,
                    recovered,
                    delivered,
                    retried.get(),
                    deadLettered,
                    drops,
                    queue.depth(),
                    queue.deadCount(),
                    queue.oldestAgeMillis(),
                    queue.isBroken() ? queue.problem() : lastError != null ? lastError : sink.problem(),
                    lastErrorAt);
        }
    }

    public List<DurableQueue.DeadLetter> deadLetters(long after, int max) {
        return queue.deadLetters(after, max);
    }

    /** Puts dead letters back in the queue (null = all); they count as received again. */
    public int replay(List<Long> ids) {
        int n;
        synchronized (accounts) {
            n = queue.replay(ids);
            received += n;
        }
        commit();
        if (n > 0) LOG.infof("sink %s: %d dead letters replayed", name, n);
        return n;
    }

    public int discard(List<Long> ids) {
        int n;
        synchronized (accounts) {
            n = queue.discard(ids);
        }
        queue.commit();
        if (n > 0) LOG.infof("sink %s: %d dead letters discarded", name, n);
        return n;
    }

    /** Stops taking events, delivers for up to the drain timeout, and leaves the rest on disk. */
    @Override
    public void close() {
        accepting = false;
        long waiting = queue.depth();
        if (waiting > 0)
            LOG.infof(
                    "sink %s: delivering %d queued events before stopping (up to %d ms)",
                    name, waiting, settings.drainTimeout().toMillis());
        drainDeadline = System.nanoTime() + settings.drainTimeout().toNanos();
        running = false;
        synchronized (signal) {
            signal.notifyAll();
        }
        try {
            // a delivery in progress may take its sink's own timeout to give up; never interrupt it:
            // an interrupt closes the queue file's channel under it
            dispatcher.join(settings.drainTimeout().toMillis() + 35_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        QueueRegistry.unregister(this);
        long left = queue.depth();
        if (dispatcher.isAlive()) {
            LOG.errorf(
                    "sink %s: still inside a delivery at shutdown; its queue file stays as last committed (%d events), delivered after the next start",
                    name, left);
            return;
        }
        try {
            queue.close();
        } catch (DurableQueue.StorageUnavailable e) {
            LOG.errorf("sink %s: %s", name, e.getMessage());
            return;
        }
        if (left > 0)
            LOG.warnf(
                    "sink %s: stopped with %d events still queued in %s; they are delivered after the next start",
                    name, left, queue.file());
    }
}
