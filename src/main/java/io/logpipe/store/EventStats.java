package io.logpipe.store;

import io.logpipe.event.ExtractedFields;
import io.logpipe.event.Facility;
import io.logpipe.event.Severity;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/** Counts of stored events over a time range: by host, app, facility and severity, and per time bucket. */
public final class EventStats {
    public record Count(String value, long count) {}

    public record Bucket(Instant start, long count) {}

    public record Result(
            long total,
            List<Count> byHost,
            List<Count> byApp,
            List<Count> byFacility,
            List<Count> bySeverity,
            List<Bucket> histogram) {}

    private final Database db;
    private final EventCounts preAggregated; // null: always count the events

    public EventStats(Database db) {
        this(db, true);
    }

    /** @param usePreAggregated false to always count the events (to check the pre-aggregated counts against) */
    EventStats(Database db, boolean usePreAggregated) {
        this.db = db;
        this.preAggregated =
                usePreAggregated && db.dialect() == Dialect.POSTGRESQL ? new EventCounts(db.dialect()) : null;
    }

    /**
     * @param filter must have both from and to
     * @param bucketSeconds histogram bucket width; buckets are aligned to multiples of it since the epoch
     * @param top how many hosts and apps to list, most frequent first
     */
    public Result compute(EventFilter filter, long bucketSeconds, int top) throws SQLException {
        return compute(filter, filter.to(), bucketSeconds, top);
    }

    /**
     * As {@link #compute(EventFilter, long, int)}, for a filter that may have no {@code to}: the counts
     * cover it all, the histogram's buckets end at {@code chartEnd}.
     */
    public Result compute(EventFilter filter, Instant chartEnd, long bucketSeconds, int top) throws SQLException {
        try (Connection c = db.connection()) {
            boolean stored = preAggregated != null && EventCounts.answers(db.dialect(), filter, bucketSeconds);
            long total = stored ? preAggregated.total(c, filter) : total(c, filter);
            List<Count> byFacility = labelled(counts(c, filter, "facility_code", 100), true);
            List<Count> bySeverity = labelled(counts(c, filter, "severity_code", 100), false);
            Map<Long, Long> buckets =
                    stored ? preAggregated.histogram(c, filter, bucketSeconds) : histogram(c, filter, bucketSeconds);
            return new Result(
                    total,
                    counts(c, filter, "host", top),
                    counts(c, filter, "app", top),
                    byFacility,
                    bySeverity,
                    buckets(filter.from(), chartEnd, bucketSeconds, buckets));
        }
    }

    /** The fields {@code group_by} takes, and their columns. */
    public static final Set<String> GROUPABLE = EventColumns.BY_FIELD.keySet();

    /** Top values of one field (or of a {@code fields.<key>} path; events without it are left out) over the filter's range, most frequent first. */
    public List<Count> groupBy(EventFilter filter, String field, int top) throws SQLException {
        if (ExtractedFields.isPath(field)) {
            String expr = db.dialect().extractedText("fields", ExtractedFields.keys(field));
            try (Connection c = db.connection()) {
                return counts(c, filter, expr, top, expr + " IS NOT NULL");
            }
        }
        String column = EventColumns.BY_FIELD.get(field);
        if (column == null) throw unknownGroupBy(field);
        try (Connection c = db.connection()) {
            List<Count> counts = counts(c, filter, column, top);
            return EventColumns.isCode(column) ? labelled(counts, column.startsWith("facility")) : counts;
        }
    }

    /** The error for a {@code group_by} field no store can group by. */
    public static IllegalArgumentException unknownGroupBy(String field) {
        return new IllegalArgumentException(
                "group_by '" + field + "': one of " + String.join(", ", new TreeSet<>(GROUPABLE)) + ", fields.<name>");
    }

    /** Counts of facility or severity codes with their names ({@code auth}, {@code warning}) as values; a count without a code stays null. */
    public static List<Count> labelled(List<Count> codes, boolean facility) {
        List<Count> out = new ArrayList<>(codes.size());
        for (Count n : codes) out.add(new Count(label(n.value(), facility), n.count()));
        return out;
    }

    private static String label(String code, boolean facility) {
        if (code == null) return null;
        int n = Integer.parseInt(code);
        return facility ? Facility.ofCode(n).label() : Severity.ofCode(n).label();
    }

    /**
     * One bucket per interval from the start of the range to {@code end}, including empty ones (so
     * charts need no gap filling); {@code counts} by bucket number (seconds since the epoch / width).
     */
    public static List<Bucket> buckets(Instant from, Instant end, long seconds, Map<Long, Long> counts) {
        List<Bucket> out = new ArrayList<>();
        long first = Math.floorDiv(from.getEpochSecond(), seconds);
        long last = Math.floorDiv(end.getEpochSecond() - 1, seconds);
        for (long b = first; b <= last; b++)
            out.add(new Bucket(Instant.ofEpochSecond(b * seconds), counts.getOrDefault(b, 0L)));
        return out;
    }

    private long total(Connection c, EventFilter filter) throws SQLException {
        SqlWhere where = new SqlWhere(db.dialect(), filter);
        try (PreparedStatement ps = c.prepareStatement("SELECT COUNT(*) FROM events" + where.sql())) {
            where.bind(ps, 1);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }

    private List<Count> counts(Connection c, EventFilter filter, String column, int top) throws SQLException {
        return counts(c, filter, column, top, null);
    }

    private List<Count> counts(Connection c, EventFilter filter, String column, int top, String also)
            throws SQLException {
        if (also == null
                && preAggregated != null
                && EventCounts.keeps(column)
                && EventCounts.answers(db.dialect(), filter, 0)) {
            return preAggregated.counts(c, filter, column, top);
        }
        SqlWhere where = new SqlWhere(db.dialect(), filter);
        if (also != null) where.condition(also);
        // column is one of a fixed set above or a checked fields path, never user text
        String sql = "SELECT " + column + " AS v, COUNT(*) AS n FROM events" + where.sql() + " GROUP BY " + column
                + " ORDER BY n DESC, v LIMIT " + top;
        List<Count> out = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            where.bind(ps, 1);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) out.add(new Count(rs.getString("v"), rs.getLong("n")));
            }
        }
        return out;
    }

    /** Counts by bucket number (seconds since the epoch / width), counted from the events. */
    private Map<Long, Long> histogram(Connection c, EventFilter filter, long seconds) throws SQLException {
        SqlWhere where = new SqlWhere(db.dialect(), filter);
        String bucket = "FLOOR(" + db.dialect().epochSeconds("ts") + " / " + seconds + ".0)";
        String sql = "SELECT " + bucket + " AS b, COUNT(*) AS n FROM events" + where.sql() + " GROUP BY " + bucket;
        Map<Long, Long> counts = new HashMap<>();
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            where.bind(ps, 1);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) counts.put(rs.getLong("b"), rs.getLong("n"));
            }
        }
        return counts;
    }
}
