package io.logpipe.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;

/**
 * Removes events received before a cutoff. PostgreSQL drops whole daily partitions (a day is kept
 * until all of it is past the cutoff) and deletes stragglers in the default partition; the others
 * delete in chunks so no single transaction grows large.
 */
public final class Retention {
    private static final int CHUNK = 10_000;

    private Retention() {}

    public record Result(int partitionsDropped, long rowsDeleted) {}

    public static Result purge(Connection c, Dialect dialect, Instant cutoff) throws SQLException {
        return switch (dialect) {
            case POSTGRESQL -> new Result(Partitions.dropBefore(c, cutoff), deleteUnpartitioned(c, cutoff));
            case MARIADB ->
                new Result(
                        0,
                        deleteInChunks(c, dialect, "DELETE FROM events WHERE received_at < ? LIMIT " + CHUNK, cutoff));
            case H2 ->
                new Result(
                        0,
                        deleteInChunks(
                                c,
                                dialect,
                                "DELETE FROM events WHERE received_at < ? FETCH FIRST " + CHUNK + " ROWS ONLY",
                                cutoff));
        };
    }

    /** Stragglers in PostgreSQL's default partition; the days they leave are counted again. */
    private static long deleteUnpartitioned(Connection c, Instant cutoff) throws SQLException {
        List<LocalDate> days = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement(
                "SELECT DISTINCT (received_at AT TIME ZONE 'UTC')::date FROM events_default WHERE received_at < ?")) {
            Dialect.POSTGRESQL.setInstant(ps, 1, cutoff);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) days.add(rs.getObject(1, LocalDate.class));
            }
        }
        if (days.isEmpty()) return 0;
        long deleted = delete(c, Dialect.POSTGRESQL, "DELETE FROM events_default WHERE received_at < ?", cutoff);
        for (LocalDate day : days) EventCounts.rebuild(c, day);
        return deleted;
    }

    private static long deleteInChunks(Connection c, Dialect dialect, String sql, Instant cutoff) throws SQLException {
        long total = 0;
        int n;
        do {
            n = (int) delete(c, dialect, sql, cutoff);
            total += n;
        } while (n >= CHUNK);
        return total;
    }

    private static long delete(Connection c, Dialect dialect, String sql, Instant cutoff) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            dialect.setInstant(ps, 1, cutoff);
            return ps.executeUpdate();
        }
    }
}
