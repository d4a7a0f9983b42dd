package io.logpipe.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.Map;

/**
 * One insert's additions to PostgreSQL's {@code event_counts}: counted while the batch's rows are
 * written and added in the same transaction, so the counts never disagree with the events. Rows
 * are upserted in key order, so two writers adding to the same minute wait for each other instead
 * of deadlocking.
 */
final class EventCountsBatch {
    private static final String UPSERT = "INSERT INTO event_counts (dim, span, bucket, known, value, received_day, n)"
            + " SELECT d, s, to_timestamp(b), k, v, r::date, n FROM unnest(?::int[], ?::int[], ?::bigint[], ?::boolean[], ?::text[], ?::text[], ?::bigint[])"
            + " AS u(d, s, b, k, v, r, n) ORDER BY d, s, b, k, v, r"
            + " ON CONFLICT (dim, span, bucket, known, value, received_day) DO UPDATE SET n = event_counts.n + EXCLUDED.n";
    private static final long[] SPANS = {CountRanges.MINUTE, CountRanges.HOUR};

    private record Key(int dim, long span, long bucket, String value, LocalDate receivedDay) {}

    private final Map<Key, long[]> counts = new HashMap<>();

    /**
     * Counts one event row as stored: the values exactly as written to their columns (null for none),
     * the times as stored (whole microseconds, so the minute is the one PostgreSQL sees).
     */
    void add(
            Instant ts,
            Instant received,
            String host,
            String app,
            Integer facility,
            Integer severity,
            String sourceIp,
            String listener) {
        LocalDate day = LocalDate.ofInstant(received, ZoneOffset.UTC);
        long seconds = ts.getEpochSecond();
        for (long span : SPANS) {
            long bucket = Math.floorDiv(seconds, span) * span;
            count(EventCounts.ALL, span, bucket, "", day);
            count(EventCounts.HOST, span, bucket, host, day);
            count(EventCounts.APP, span, bucket, app, day);
            count(EventCounts.FACILITY, span, bucket, facility == null ? null : facility.toString(), day);
            count(EventCounts.SEVERITY, span, bucket, severity == null ? null : severity.toString(), day);
            count(EventCounts.SOURCE_IP, span, bucket, sourceIp, day);
            count(EventCounts.LISTENER, span, bucket, listener, day);
        }
    }

    private void count(int dim, long span, long bucket, String value, LocalDate day) {
        counts.computeIfAbsent(new Key(dim, span, bucket, value, day), k -> new long[1])[0]++;
    }

    /** Adds the counts to the table; call inside the transaction that inserts the rows. */
    void upsert(Connection c) throws SQLException {
        if (counts.isEmpty()) return;
        int size = counts.size();
        Integer[] dims = new Integer[size];
        Integer[] spans = new Integer[size];
        Long[] buckets = new Long[size];
        Boolean[] known = new Boolean[size];
        String[] values = new String[size];
        String[] days = new String[size];
        Long[] n = new Long[size];
        int i = 0;
        for (Map.Entry<Key, long[]> e : counts.entrySet()) {
            Key k = e.getKey();
            dims[i] = k.dim();
            spans[i] = (int) k.span();
            buckets[i] = k.bucket();
            known[i] = k.value() != null;
            values[i] = k.value() == null ? "" : k.value();
            days[i] = k.receivedDay().toString();
            n[i] = e.getValue()[0];
            i++;
        }
        try (PreparedStatement ps = c.prepareStatement(UPSERT)) {
            ps.setArray(1, c.createArrayOf("int4", dims));
            ps.setArray(2, c.createArrayOf("int4", spans));
            ps.setArray(3, c.createArrayOf("int8", buckets));
            ps.setArray(4, c.createArrayOf("bool", known));
            ps.setArray(5, c.createArrayOf("text", values));
            ps.setArray(6, c.createArrayOf("text", days));
            ps.setArray(7, c.createArrayOf("int8", n));
            ps.executeUpdate();
        }
    }
}
