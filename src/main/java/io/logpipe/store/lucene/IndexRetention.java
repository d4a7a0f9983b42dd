package io.logpipe.store.lucene;

import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.jboss.logging.Logger;

/** The embedded index's retention on a schedule: days received more than {@code retentionDays} ago go whole. */
public final class IndexRetention implements AutoCloseable {
    private static final Logger LOG = Logger.getLogger(IndexRetention.class);

    private final LuceneStore store;
    private final int retentionDays;
    private final Clock clock;
    private final io.logpipe.store.archive.ArchiveBeforePurge gate; // null: the cutoff as it is
    private ScheduledExecutorService timer;

    public IndexRetention(LuceneStore store, int retentionDays, Clock clock, io.logpipe.store.archive.ArchiveBeforePurge gate) {
        this.store = store;
        this.retentionDays = retentionDays;
        this.clock = clock;
        this.gate = gate;
    }

    public void start(Duration interval) {
        timer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "index-retention");
            t.setDaemon(true);
            return t;
        });
        timer.scheduleWithFixedDelay(this::runQuietly, 0, interval.toMillis(), TimeUnit.MILLISECONDS);
    }

    private void runQuietly() {
        try {
            run();
        } catch (java.io.IOException | io.logpipe.store.StoreException | RuntimeException e) {
            LOG.warnf("event index retention failed: %s (next try at the next interval)", e.getMessage());
        }
    }

    /** One round; returns the days removed. */
    public int run() throws java.io.IOException, io.logpipe.store.StoreException {
        if (retentionDays <= 0) return 0;
        java.time.Instant cutoff = clock.instant().minus(Duration.ofDays(retentionDays));
        if (gate != null) cutoff = gate.cutoff(cutoff);
        return store.purge(cutoff);
    }

    @Override
    public void close() {
        if (timer != null) timer.shutdownNow();
    }
}
