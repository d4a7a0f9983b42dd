package io.logpipe.store;

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
    private final int retentionDays;
    private final Clock clock;
    private final io.logpipe.store.archive.ArchiveBeforePurge gate; // null: the cutoff as it is
    private ScheduledExecutorService timer;

    public StoreMaintenance(Database db, int retentionDays, Clock clock) {
        this(db, retentionDays, clock, null);
    }

    public StoreMaintenance(Database db, int retentionDays, Clock clock, io.logpipe.store.archive.ArchiveBeforePurge gate) {
        this.db = db;
        this.retentionDays = retentionDays;
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
        } catch (SQLException | StoreException | java.io.IOException | RuntimeException e) {
            LOG.warnf("event database maintenance on %s failed: %s (next try at the next interval)", db.describe(), Database.rootMessage(e));
        }
    }

    /** One round: partitions ahead, then the purge of events received more than retentionDays ago. */
    public Retention.Result run() throws SQLException, StoreException, java.io.IOException {
        Instant now = clock.instant();
        try (Connection c = db.connection()) {
            Partitions.ensureAhead(c, db.dialect(), now);
            if (retentionDays <= 0) return new Retention.Result(0, 0);
            Instant cutoff = now.minus(Duration.ofDays(retentionDays));
            if (gate != null) cutoff = gate.cutoff(cutoff);
            Retention.Result r = Retention.purge(c, db.dialect(), cutoff);
            if (r.partitionsDropped() > 0 || r.rowsDeleted() > 0) {
                LOG.infof("retention (%d days): dropped %d daily partitions, deleted %d events", retentionDays, r.partitionsDropped(), r.rowsDeleted());
            }
            return r;
        }
    }

    @Override
    public void close() {
        if (timer != null) timer.shutdownNow();
    }
}
