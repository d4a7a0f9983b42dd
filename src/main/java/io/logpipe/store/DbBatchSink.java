package io.logpipe.store;

import io.logpipe.event.LogEvent;
import io.logpipe.queue.BatchSink;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.jboss.logging.Logger;

/**
 * Writes a batch from a durable queue in one transaction. The database unreachable: nothing done,
 * the queue retries. A batch the database refuses is written row by row, and the rows it refuses
 * for good (constraint violations, bad data) are reported as rejected, for the dead-letter store.
 * A database that hangs rather than refuses is an outage too: every write runs under a deadline,
 * so the queue sees the failure instead of waiting for ever.
 */
public final class DbBatchSink implements BatchSink {
    private static final Logger LOG = Logger.getLogger(DbBatchSink.class);

    private final String name;
    private final Database db;
    private final EventInserter inserter;
    private final Duration writeTimeout;

    public DbBatchSink(String name, Database db, Duration writeTimeout) {
        this.name = name;
        this.db = db;
        this.inserter = EventInserter.of(db.dialect());
        this.writeTimeout = writeTimeout;
    }

    @Override
    public Outcome deliver(List<LogEvent> batch) {
        Connection c = null;
        try {
            c = db.connection();
            insert(c, batch);
            return Outcome.all(batch.size());
        } catch (SQLException e) {
            if (WriteFailures.isOutage(e, c)) return Outcome.failed(0, Map.of(), e);
            closeQuietly(c);
            c = null;
            LOG.debugf("db sink %s: batch refused (%s); writing it row by row", name, e.getMessage());
            return oneByOne(batch);
        } finally {
            closeQuietly(c);
        }
    }

    private Outcome oneByOne(List<LogEvent> batch) {
        Map<Integer, String> rejected = new HashMap<>();
        for (int i = 0; i < batch.size(); i++) {
            Connection c = null;
            try {
                c = db.connection();
                insert(c, List.of(batch.get(i)));
            } catch (SQLException e) {
                if (WriteFailures.isOutage(e, c)) return Outcome.failed(i, rejected, e);
                rejected.put(i, Database.rootMessage(e));
            } finally {
                closeQuietly(c);
            }
        }
        return new Outcome(batch.size(), rejected, null);
    }

    /** The insert, with anything the driver throws seen as an SQLException, so one place decides outage or refusal. */
    private void insert(Connection c, List<LogEvent> events) throws SQLException {
        try {
            db.write(c, writeTimeout, () -> inserter.insert(c, events));
        } catch (RuntimeException | AssertionError e) {
            throw new SQLException("driver failure: " + e, e);
        }
    }

    private static void closeQuietly(Connection c) {
        if (c == null) return;
        try {
            c.close();
        } catch (SQLException ignored) {
            // already broken; the pool discards it
        }
    }
}
