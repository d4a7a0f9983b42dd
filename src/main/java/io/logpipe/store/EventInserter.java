package io.logpipe.store;

import io.logpipe.event.EventJson;
import io.logpipe.event.LogEvent;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import java.util.Map;

/**
 * Writes a batch of events as rows of {@code events} in one transaction: all or nothing. Each
 * database gets the fastest way measured with bench/insert-methods.sh: COPY on PostgreSQL, JDBC
 * batches elsewhere.
 */
public interface EventInserter {
    String COLUMNS = "ts, received_at, format, facility_code, severity_code, host, app, procid, msgid, message,"
            + " structured_data, source_ip, source_port, source_listener, source_peer, fields, parse_error, raw";

    void insert(Connection c, List<LogEvent> events) throws SQLException;

    static EventInserter of(Dialect dialect) {
        return dialect == Dialect.POSTGRESQL ? new PgCopyInserter() : new JdbcBatchInserter(dialect);
    }

    /** JSON text for a JSON column; null for no value or an empty map. */
    static String json(Map<String, ?> value) {
        if (value == null || value.isEmpty()) return null;
        String text = EventJson.valueJson(value);
        // rare: NUL inside a value, which PostgreSQL's jsonb refuses
        return text.contains("\\u0000") ? EventJson.valueJson(DbText.cleanDeep(value)) : text;
    }

    /** The work that fills one transaction. */
    interface TransactionWork {
        void run() throws SQLException;
    }

    /**
     * Runs {@code work} in one transaction: committed if it completes, rolled back if anything
     * is thrown (including pgjdbc's AssertionError on a connection that broke mid-batch under -ea).
     */
    static void inTransaction(Connection c, TransactionWork work) throws SQLException {
        boolean autoCommit = c.getAutoCommit();
        c.setAutoCommit(false);
        try {
            work.run();
            c.commit();
        } catch (SQLException | RuntimeException | AssertionError e) {
            rollbackQuietly(c, e);
            throw e;
        } finally {
            restoreAutoCommit(c, autoCommit);
        }
    }

    private static void rollbackQuietly(Connection c, Throwable cause) {
        try {
            c.rollback();
        } catch (SQLException r) {
            cause.addSuppressed(r);
        }
    }

    private static void restoreAutoCommit(Connection c, boolean autoCommit) {
        try {
            if (!c.isClosed()) c.setAutoCommit(autoCommit);
        } catch (SQLException ignored) {
            // a broken connection is discarded by the pool anyway
        }
    }
}
