package io.logpipe.access;

import io.logpipe.event.EventJson;
import io.logpipe.event.LogEvent;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Metrics;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Predicate;

/**
 * Live tail: every received event is offered to each viewer whose filter it matches. A viewer has a
 * bounded buffer; what a slow viewer cannot take is skipped and counted, never waited for, so tailing
 * cannot slow ingestion. With no viewer the cost per event is one list check.
 */
public final class LiveTail {
    public static final LiveTail INSTANCE = new LiveTail();
    private final List<Viewer> viewers = new CopyOnWriteArrayList<>();
    private final Counter skipped = Counter.builder("logpipe.tail.skipped")
            .description("events a live-tail viewer was too slow to take, skipped")
            .register(Metrics.globalRegistry);

    /** One open tail: its filter and what it has not read yet. */
    public final class Viewer implements AutoCloseable {
        private final Predicate<LogEvent> filter;
        private final ArrayBlockingQueue<String> pending;
        private long skippedHere;

        Viewer(Predicate<LogEvent> filter, int capacity) {
            this.filter = filter;
            this.pending = new ArrayBlockingQueue<>(capacity);
        }

        void offer(String json) {
            if (!pending.offer(json)) {
                synchronized (this) {
                    skippedHere++;
                }
                skipped.increment();
            }
        }

        /** What arrived since the last call, oldest first. */
        public List<String> drain() {
            List<String> out = new ArrayList<>();
            pending.drainTo(out);
            return out;
        }

        /** Events skipped for this viewer since the last call (it was too slow). */
        public synchronized long takeSkipped() {
            long n = skippedHere;
            skippedHere = 0;
            return n;
        }

        @Override
        public void close() {
            viewers.remove(this);
        }
    }

    public Viewer open(Predicate<LogEvent> filter, int capacity) {
        Viewer v = new Viewer(filter, capacity);
        viewers.add(v);
        return v;
    }

    public int viewers() {
        return viewers.size();
    }

    public void publish(LogEvent e) {
        if (viewers.isEmpty()) return;
        String json = null; // written once, however many viewers want it
        for (Viewer v : viewers) {
            try {
                if (!v.filter.test(e)) continue;
                if (json == null) json = EventJson.toJson(e);
                v.offer(json);
            } catch (RuntimeException bad) {
                // a filter or an unserialisable event never reaches the listener that called us
            }
        }
    }
}
