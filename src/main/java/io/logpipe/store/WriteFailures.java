package io.logpipe.store;

import java.io.IOException;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.SQLNonTransientConnectionException;
import java.sql.SQLRecoverableException;
import java.sql.SQLTransientException;
import java.util.Set;

/**
 * Tells an outage (retry the batch later) from a row the database refuses (retrying cannot help).
 * When unsure, the connection decides: if it no longer works, it was an outage.
 */
final class WriteFailures {
    private WriteFailures() {}

    static boolean isOutage(SQLException e, Connection c) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof SQLTransientException
                    || t instanceof SQLRecoverableException
                    || t instanceof SQLNonTransientConnectionException) return true;
            if (t instanceof SQLException s && s.getSQLState() != null && transientState(s.getSQLState())) return true;
            if (t instanceof IOException) return true;
        }
        return c == null || !valid(c);
    }

    /**
     * SQLSTATE classes for connection loss, rollbacks, resource shortage, admin shutdown and system
     * errors; and the embedded H2's own codes for storage trouble (I/O errors, no disk space, a
     * database closed by a failed write), which it reports with its error code as the state.
     */
    private static boolean transientState(String state) {
        return state.startsWith("08")
                || state.startsWith("40")
                || state.startsWith("53")
                || state.startsWith("57")
                || state.startsWith("58")
                || state.equals("HYT00")
                || state.equals("HYT01")
                || H2_STORAGE.contains(state);
    }

    /** H2 ErrorCode IO_EXCEPTION_1/2, DATABASE_IS_CLOSED, NO_DISK_SPACE_AVAILABLE, DATABASE_CALLED_AT_SHUTDOWN, FILE_CORRUPTED. */
    private static final Set<String> H2_STORAGE = Set.of("90028", "90031", "90098", "90100", "90121", "90030");

    private static boolean valid(Connection c) {
        try {
            return !c.isClosed() && c.isValid(2);
        } catch (SQLException e) {
            return false;
        }
    }
}
