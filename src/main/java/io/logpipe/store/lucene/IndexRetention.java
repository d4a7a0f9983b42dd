package io.logpipe.store.lucene;

import io.logpipe.store.RetentionRules;
import io.logpipe.store.StoreException;
import io.logpipe.store.archive.ArchiveBeforePurge;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.jboss.logging.Logger;

/**
 * The embedded index's retention on a schedule: days past every retention go whole; from days past
 * some retention classes' days, those classes' events are deleted (once per day and step while running).
 */
public final class IndexRetention implements AutoCloseable {
    private static final Logger LOG = Logger.getLogger(IndexRetention.class);

    private final LuceneStore store;
    private final RetentionRules rules;
    private final Set<String> done = ConcurrentHashMap.newKeySet(); // day and step already deleted from
    private final Clock clock;
    private final ArchiveBeforePurge gate; // null: the cutoff as it is
    private ScheduledExecutorService timer;

    public IndexRetention(LuceneStore store, RetentionRules rules, Clock clock, ArchiveBeforePurge gate) {
        this.store = store;
        this.rules = rules;
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
        } catch (IOException | StoreException | RuntimeException e) {
            LOG.warnf("event index retention failed: %s (next try at the next interval)", e.getMessage());
        }
    }

    /** One round; returns the days removed whole. */
    public int run() throws IOException, StoreException {
        Instant now = clock.instant();
        Instant earliest = rules.earliestRemoval(now);
        if (earliest == null) return 0;
        Instant limit = gate != null ? gate.cutoff(earliest) : earliest; // what the archive and restore holds let go
        Instant before = rules.purgeBefore(now, limit);
        int removed = before == null ? 0 : store.purge(before);
        if (rules.hasClasses()) deleteByClass(now, limit);
        return removed;
    }

    private void deleteByClass(Instant now, Instant limit) throws IOException {
        String fingerprint = rules.fingerprint();
        for (LocalDate day : store.days()) {
            RetentionRules.SomeEvents some = rules.byClass(day, now, limit);
            if (some == null) continue;
            String key = day + "/" + some.daysOld() + "/" + fingerprint;
            if (done.contains(key)) continue;
            long n = store.delete(day, RetentionQuery.of(some));
            done.add(key);
            if (n > 0)
                LOG.infof(
                        "retention: deleted %d events received on %s of the classes kept %d days or less",
                        n, day, some.daysOld());
        }
    }

    @Override
    public void close() {
        if (timer != null) timer.shutdownNow();
    }
}
