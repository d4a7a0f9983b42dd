package io.logpipe.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Counts over a time range from PostgreSQL's pre-aggregated {@code event_counts} (migration V2):
 * whole hours and minutes add up stored counts, the parts of a minute at the range's ends are
 * counted from the events (see {@link CountRanges}). Answers only filters of nothing but a time
 * range, for the dimensions it keeps; everything else scans the events as before.
 */
final class EventCounts {
    static final int ALL = 0, HOST = 1, APP = 2, FACILITY = 3, SEVERITY = 4, SOURCE_IP = 5, LISTENER = 6;
    /** The events column behind each kept dimension. */
    private static final Map<String, Integer> BY_COLUMN = Map.of(
            "host",
            HOST,
            "app",
            APP,
            "facility_code",
            FACILITY,
            "severity_code",
            SEVERITY,
            "source_ip",
            SOURCE_IP,
            "source_listener",
            LISTENER);
    /** One received day's counts from its events again (as migration V2 does for all days). */
    private static final String REBUILD = "INSERT INTO event_counts (dim, span, bucket, known, value, received_day, n)"
            + " SELECT d.dim, s.span, to_timestamp(floor(extract(epoch FROM e.ts) / s.span) * s.span), d.value IS NOT NULL, COALESCE(d.value, ''),"
            + " (e.received_at AT TIME ZONE 'UTC')::date, COUNT(*) FROM events e"
            + " CROSS JOIN LATERAL (VALUES (0, ''), (1, e.host), (2, e.app), (3, e.facility_code::text), (4, e.severity_code::text),"
            + " (5, e.source_ip), (6, e.source_listener)) AS d(dim, value) CROSS JOIN (VALUES (60), (3600)) AS s(span)"
            + " WHERE e.received_at >= ? AND e.received_at < ? GROUP BY 1, 2, 3, 4, 5, 6";

    private final Dialect dialect;

    EventCounts(Dialect dialect) {
        this.dialect = dialect;
    }

    /** Whether these counts can answer the filter (and a histogram of {@code bucketSeconds}, 0 for none). */
    static boolean answers(Dialect dialect, EventFilter filter, long bucketSeconds) {
        return dialect == Dialect.POSTGRESQL && filter.onlyTimeRange() && bucketSeconds % CountRanges.MINUTE == 0;
    }

    static boolean keeps(String column) {
        return BY_COLUMN.containsKey(column);
    }

    long total(Connection c, EventFilter filter) throws SQLException {
        Query q = new Query();
        q.sql.append("SELECT COALESCE(SUM(n), 0) FROM (");
        parts(q, filter, ALL, "n", "COUNT(*)", null, null);
        q.sql.append(") x");
        try (PreparedStatement ps = q.prepare(c);
                ResultSet rs = ps.executeQuery()) {
            rs.next();
            return rs.getLong(1);
        }
    }

    /** Top values of a kept column, most frequent first, ties by value (codes numerically), as a scan orders them. */
    List<EventStats.Count> counts(Connection c, EventFilter filter, String column, int top) throws SQLException {
        Query q = new Query();
        q.sql.append("SELECT v, SUM(n) AS total FROM (");
        parts(
                q,
                filter,
                BY_COLUMN.get(column),
                "CASE WHEN known THEN value END AS v, n",
                "CAST(" + column + " AS text) AS v, COUNT(*) AS n",
                column,
                null);
        q.sql.append(") x GROUP BY v ORDER BY total DESC, ")
                .append(EventColumns.isCode(column) ? "CAST(v AS integer)" : "v")
                .append(" LIMIT ")
                .append(top);
        List<EventStats.Count> out = new ArrayList<>();
        try (PreparedStatement ps = q.prepare(c);
                ResultSet rs = ps.executeQuery()) {
            while (rs.next()) out.add(new EventStats.Count(rs.getString(1), rs.getLong(2)));
        }
        return out;
    }

    /** Counts by histogram bucket number (seconds since the epoch / width); the width a multiple of a minute. */
    Map<Long, Long> histogram(Connection c, EventFilter filter, long seconds) throws SQLException {
        Query q = new Query();
        q.sql.append("SELECT b, SUM(n) FROM (");
        String stored = "FLOOR(EXTRACT(EPOCH FROM bucket) / " + seconds + ") AS b, n";
        String scanned = "FLOOR(" + dialect.epochSeconds("ts") + " / " + seconds + ".0) AS b, COUNT(*) AS n";
        parts(q, filter, ALL, stored, scanned, null, seconds);
        q.sql.append(") x GROUP BY b");
        Map<Long, Long> counts = new HashMap<>();
        try (PreparedStatement ps = q.prepare(c);
                ResultSet rs = ps.executeQuery()) {
            while (rs.next()) counts.put(rs.getLong(1), rs.getLong(2));
        }
        return counts;
    }

    /**
     * The UNION ALL of the range's parts: stored rows of {@code dim} selected as {@code stored},
     * events selected as {@code scanned} (grouped by {@code groupColumn}, or by the histogram bucket
     * when {@code bucketSeconds} is given). Hourly rows serve a histogram only when its buckets are whole hours.
     */
    private void parts(
            Query q,
            EventFilter filter,
            int dim,
            String stored,
            String scanned,
            String groupColumn,
            Long bucketSeconds) {
        CountRanges ranges = CountRanges.of(filter.from(), filter.to());
        boolean hourlyBuckets = bucketSeconds == null || bucketSeconds % CountRanges.HOUR == 0;
        List<String> parts = new ArrayList<>();
        for (CountRanges.Range r : ranges.hours())
            parts.add(stored(q, dim, hourlyBuckets ? CountRanges.HOUR : CountRanges.MINUTE, r, stored));
        for (CountRanges.Range r : ranges.minutes()) parts.add(stored(q, dim, CountRanges.MINUTE, r, stored));
        for (CountRanges.Range r : ranges.events()) {
            SqlWhere where = new SqlWhere(dialect, filter.withRange(r.from(), r.to()));
            String group =
                    groupColumn != null ? " GROUP BY " + groupColumn : bucketSeconds != null ? " GROUP BY 1" : "";
            parts.add("SELECT " + scanned + " FROM events" + where.sql() + group);
            q.binders.add(where::bind);
        }
        if (parts.isEmpty()) parts.add("SELECT " + stored + " FROM event_counts WHERE FALSE"); // an empty range
        // the parts' SQL was built in binding order, so join them in that order
        q.sql.append(String.join(" UNION ALL ", parts));
    }

    private static String stored(Query q, int dim, long span, CountRanges.Range r, String select) {
        StringBuilder sql = new StringBuilder("SELECT ")
                .append(select)
                .append(" FROM event_counts WHERE dim = ")
                .append(dim)
                .append(" AND span = ")
                .append(span);
        List<Instant> bounds = new ArrayList<>();
        if (r.from() != null) {
            sql.append(" AND bucket >= ?");
            bounds.add(r.from());
        }
        if (r.to() != null) {
            sql.append(" AND bucket < ?");
            bounds.add(r.to());
        }
        q.binders.add((ps, first) -> {
            int i = first;
            for (Instant t : bounds) q.dialect().setInstant(ps, i++, t);
            return i;
        });
        return sql.toString();
    }

    /** Recounts one received day from its events, replacing its counts (after retention deleted some of its events). */
    static void rebuild(Connection c, LocalDate day) throws SQLException {
        EventInserter.inTransaction(c, () -> {
            try (Statement s = c.createStatement()) {
                // writers adding to this day wait until the recount is committed, so none is counted twice or lost
                s.execute("LOCK TABLE event_counts IN SHARE ROW EXCLUSIVE MODE");
            }
            delete(c, day);
            try (PreparedStatement ps = c.prepareStatement(REBUILD)) {
                Dialect.POSTGRESQL.setInstant(
                        ps, 1, day.atStartOfDay(ZoneOffset.UTC).toInstant());
                Dialect.POSTGRESQL.setInstant(
                        ps, 2, day.plusDays(1).atStartOfDay(ZoneOffset.UTC).toInstant());
                ps.executeUpdate();
            }
        });
    }

    /** Removes one received day's counts (its partition is dropped in the same transaction). */
    static void delete(Connection c, LocalDate day) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("DELETE FROM event_counts WHERE received_day = ?")) {
            ps.setObject(1, day);
            ps.executeUpdate();
        }
    }

    /** SQL text and, in order, what binds its placeholders. */
    private final class Query {
        interface Part {
            int bind(PreparedStatement ps, int index) throws SQLException;
        }

        final StringBuilder sql = new StringBuilder();
        final List<Part> binders = new ArrayList<>();

        Dialect dialect() {
            return dialect;
        }

        PreparedStatement prepare(Connection c) throws SQLException {
            PreparedStatement ps = c.prepareStatement(sql.toString());
            try {
                int i = 1;
                for (Part b : binders) i = b.bind(ps, i);
                return ps;
            } catch (SQLException e) {
                ps.close();
                throw e;
            }
        }
    }
}
