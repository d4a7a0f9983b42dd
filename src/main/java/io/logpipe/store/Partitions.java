package io.logpipe.store;

import java.sql.Connection;
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

    /** Creates one day's partition unless it exists. */
    public static void ensure(Connection c, LocalDate day) throws SQLException {
        String name = "events_" + NAME.format(day);
        try (Statement s = c.createStatement()) {
            // the names and bounds are formatted dates, never user text
            s.execute("CREATE TABLE IF NOT EXISTS " + name + " PARTITION OF events FOR VALUES FROM ('"
                    + day + " 00:00:00+00') TO ('" + day.plusDays(1) + " 00:00:00+00')");
        }
    }

    /** Days that have a partition, oldest first. */
    public static List<LocalDate> days(Connection c) throws SQLException {
        List<LocalDate> days = new ArrayList<>();
        try (Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT child.relname FROM pg_inherits JOIN pg_class parent ON parent.oid = pg_inherits.inhparent"
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
            try (Statement s = c.createStatement()) {
                s.execute("DROP TABLE events_" + NAME.format(day));
            }
            dropped++;
        }
        return dropped;
    }
}
