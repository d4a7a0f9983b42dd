package io.logpipe.store;

import io.logpipe.store.archive.ArchiveBeforePurge;
import java.io.IOException;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.jboss.logging.Logger;

/**
 * The database's housekeeping on a schedule: schema migration (retried until the database is
 * reachable), PostgreSQL partitions for the coming days, and the retention purge.
 */
public final class StoreMaintenance implements AutoCloseable {
    private static final Logger LOG = Logger.getLogger(StoreMaintenance.class);

    private final Database db;
    private final RetentionRules rules;
    private final Clock clock;
    private final ArchiveBeforePurge gate; // null: the cutoff as it is
    private ScheduledExecutorService timer;

    public StoreMaintenance(Database db, int retentionDays, Clock clock) {
        this(db, RetentionRules.of(retentionDays), clock, null);
    }

    public StoreMaintenance(Database db, RetentionRules rules, Clock clock, ArchiveBeforePurge gate) {
        this.db = db;
        this.rules = rules;
        this.clock = clock;
        this.gate = gate;
    }

    public void start(Duration interval) {
        timer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "db-maintenance");
            t.setDaemon(true);
            return t;
        });
        timer.scheduleWithFixedDelay(this::runQuietly, 0, interval.toMillis(), TimeUnit.MILLISECONDS);
    }

    private void runQuietly() {
        try {
            run();
        } catch (SQLException | StoreException | IOException | RuntimeException e) {
            LOG.warnf(
                    "event database maintenance on %s failed: %s (next try at the next interval)",
                    db.describe(), Database.rootMessage(e));
        }
    }

    /**
     * One round: partitions ahead, then the purge of what retention lets go: every day past all
     * retention days, and each retention class's events once their day is past its days.
     */
    public Retention.Result run() throws SQLException, StoreException, IOException {
        Instant now = clock.instant();
        try (Connection c = db.connection()) {
            Partitions.ensureAhead(c, db.dialect(), now);
            Instant earliest = rules.earliestRemoval(now);
            if (earliest == null) return new Retention.Result(0, 0);
            Instant limit =
                    gate != null ? gate.cutoff(earliest) : earliest; // what the archive and restore holds let go
            Instant before = rules.purgeBefore(now, limit);
            Retention.Result r = before == null ? new Retention.Result(0, 0) : Retention.purge(c, db.dialect(), before);
            long byClass = rules.hasClasses() ? ClassRetention.run(c, db.dialect(), rules, now, limit) : 0;
            if (r.partitionsDropped() > 0 || r.rowsDeleted() > 0 || byClass > 0) {
                LOG.infof(
                        "retention (%s): dropped %d daily partitions, deleted %d events past every retention, %d of retention classes",
                        rules.describe(), r.partitionsDropped(), r.rowsDeleted(), byClass);
            }
            return new Retention.Result(r.partitionsDropped(), r.rowsDeleted() + byClass);
        }
    }

    @Override
    public void close() {
        if (timer != null) timer.shutdownNow();
    }
}
