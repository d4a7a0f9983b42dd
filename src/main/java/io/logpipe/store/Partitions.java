package io.logpipe.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * PostgreSQL's daily partitions of {@code events} by {@code received_at} (UTC days), named
 * {@code events_yyyyMMdd}. Created a few days ahead so inserts never wait on DDL; dropped whole by
 * retention. Other databases have one table and these calls do nothing.
 */
public final class Partitions {
    static final int DAYS_AHEAD = 2;
    private static final DateTimeFormatter NAME = DateTimeFormatter.ofPattern("yyyyMMdd");
    private static final Pattern PARTITION = Pattern.compile("events_(\\d{8})");

    private Partitions() {}

    /** Makes sure the partitions for {@code now}'s day and the next days exist. */
    public static void ensureAhead(Connection c, Dialect dialect, Instant now) throws SQLException {
        if (dialect != Dialect.POSTGRESQL) return;
        LocalDate today = LocalDate.ofInstant(now, ZoneOffset.UTC);
        for (int i = 0; i <= DAYS_AHEAD; i++) ensure(c, today.plusDays(i));
    }

    /**
     * Creates one day's partition unless it exists. Rows the default partition already holds for
     * that day (a replayed backlog, a clock jump, maintenance that did not run) would make
     * PostgreSQL refuse the partition, so they are moved into it in the same transaction; the
     * default partition is locked against inserts meanwhile so none can slip in between.
     */
    public static void ensure(Connection c, LocalDate day) throws SQLException {
        String name = "events_" + NAME.format(day);
        if (exists(c, name)) return;
        // the names and bounds are formatted dates, never user text
        String from = "'" + day + " 00:00:00+00'";
        String to = "'" + day.plusDays(1) + " 00:00:00+00'";
        boolean autoCommit = c.getAutoCommit();
        c.setAutoCommit(false);
        try (Statement s = c.createStatement()) {
            s.execute("LOCK TABLE events_default IN EXCLUSIVE MODE");
            if (!exists(c, name)) {
                s.execute(
                        "CREATE TEMPORARY TABLE logpipe_moving ON COMMIT DROP AS WITH moved AS (DELETE FROM events_default"
                                + " WHERE received_at >= " + from + " AND received_at < " + to
                                + " RETURNING *) SELECT * FROM moved");
                s.execute(
                        "CREATE TABLE " + name + " PARTITION OF events FOR VALUES FROM (" + from + ") TO (" + to + ")");
                s.execute("INSERT INTO events SELECT * FROM logpipe_moving");
            }
            c.commit();
        } catch (SQLException | RuntimeException e) {
            c.rollback();
            throw e;
        } finally {
            c.setAutoCommit(autoCommit);
        }
    }

    private static boolean exists(Connection c, String table) throws SQLException {
        try (PreparedStatement ps =
                c.prepareStatement("SELECT 1 FROM pg_class t JOIN pg_namespace n ON n.oid = t.relnamespace"
                        + " WHERE t.relname = ? AND n.nspname = current_schema()")) {
            ps.setString(1, table);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next();
            }
        }
    }

    /** Days that have a partition, oldest first. */
    public static List<LocalDate> days(Connection c) throws SQLException {
        List<LocalDate> days = new ArrayList<>();
        try (Statement s = c.createStatement();
                ResultSet rs = s.executeQuery(
                        "SELECT child.relname FROM pg_inherits JOIN pg_class parent ON parent.oid = pg_inherits.inhparent"
                                + " JOIN pg_class child ON child.oid = pg_inherits.inhrelid JOIN pg_namespace n ON n.oid = parent.relnamespace"
                                + " WHERE parent.relname = 'events' AND n.nspname = current_schema() ORDER BY child.relname")) {
            while (rs.next()) {
                Matcher m = PARTITION.matcher(rs.getString(1));
                if (m.matches()) days.add(LocalDate.parse(m.group(1), NAME));
            }
        }
        return days;
    }

    /** Drops the partitions whose whole day is before {@code cutoff}; returns how many. */
    static int dropBefore(Connection c, Instant cutoff) throws SQLException {
        int dropped = 0;
        for (LocalDate day : days(c)) {
            Instant end = day.plusDays(1).atStartOfDay(ZoneOffset.UTC).toInstant();
            if (end.isAfter(cutoff)) continue;
            EventInserter.inTransaction(c, () -> {
                try (Statement s = c.createStatement()) {
                    s.execute("DROP TABLE events_" + NAME.format(day));
                }
                EventCounts.delete(c, day); // the day's pre-aggregated counts go with it
            });
            dropped++;
        }
        return dropped;
    }
}
