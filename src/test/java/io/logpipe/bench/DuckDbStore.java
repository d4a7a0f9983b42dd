package io.logpipe.bench;

import io.logpipe.event.LogEvent;
import io.logpipe.event.Source;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.duckdb.DuckDBAppender;
import org.duckdb.DuckDBConnection;

/**
 * DuckDB as the embedded store: columnar, rows appended in arrival order (so the zone maps of each
 * row group prune time ranges), times as epoch microseconds, one scan with GROUPING SETS for all of
 * a stats answer. Every batch is flushed (committed) before the next, as a queue would require.
 */
final class DuckDbStore implements StoreCandidates.Candidate {
    private static final String COLUMNS =
            "ts, received_at, format, facility_code, severity_code, host, app, procid, message, source_ip";
    private final Path dir;
    private final Connection c;
    private final DuckDBAppender appender;

    DuckDbStore(Path dir) throws Exception {
        this.dir = dir;
        Files.createDirectories(dir);
        Files.deleteIfExists(dir.resolve("events.duckdb"));
        Files.deleteIfExists(dir.resolve("events.duckdb.wal"));
        c = DriverManager.getConnection("jdbc:duckdb:" + dir.resolve("events.duckdb"));
        try (Statement s = c.createStatement()) {
            s.execute(
                    "CREATE TABLE events (ts BIGINT NOT NULL, received_at BIGINT NOT NULL, format VARCHAR, facility_code SMALLINT, severity_code SMALLINT,"
                            + " host VARCHAR, app VARCHAR, procid VARCHAR, message VARCHAR, source_ip VARCHAR)");
        }
        appender = ((DuckDBConnection) c).createAppender(DuckDBConnection.DEFAULT_SCHEMA, "events");
    }

    static long micros(Instant t) {
        return t.getEpochSecond() * 1_000_000L + t.getNano() / 1000;
    }

    @Override
    public String name() {
        return "duckdb";
    }

    @Override
    public void load(List<LogEvent> batch) throws Exception {
        for (LogEvent e : batch) {
            appender.beginRow();
            appender.append(micros(e.getTimestamp()));
            appender.append(micros(e.getReceivedAt()));
            appender.append(e.getFormat());
            appender.append((short) e.getFacilityCode());
            appender.append((short) e.getSeverityCode());
            appender.append(e.getHost());
            appender.append(e.getApp());
            appender.append(e.getProcid());
            appender.append(e.getMessage());
            appender.append(e.getSource().ip());
            appender.endRow();
        }
        appender.flush();
    }

    @Override
    public void loaded() throws Exception {
        appender.close();
        try (Statement s = c.createStatement()) {
            s.execute("CHECKPOINT");
        }
    }

    @Override
    public long newest(StoreCandidates.Search s) throws Exception {
        StringBuilder where = new StringBuilder("TRUE");
        List<Object> args = new ArrayList<>();
        if (s.from() != null) {
            where.append(" AND ts >= ?");
            args.add(micros(s.from()));
        }
        if (s.to() != null) {
            where.append(" AND ts < ?");
            args.add(micros(s.to()));
        }
        if (s.host() != null) {
            where.append(" AND host = ?");
            args.add(s.host());
        }
        if (s.app() != null) {
            where.append(" AND app = ?");
            args.add(s.app());
        }
        if (s.minSeverity() != null) {
            where.append(" AND severity_code <= ?");
            args.add(s.minSeverity());
        }
        if (s.text() != null) {
            where.append(" AND message ILIKE ?");
            args.add("%" + s.text() + "%");
        }
        try (PreparedStatement p = c.prepareStatement(
                "SELECT " + COLUMNS + " FROM events WHERE " + where + " ORDER BY ts DESC LIMIT 100")) {
            for (int i = 0; i < args.size(); i++) p.setObject(i + 1, args.get(i));
            List<LogEvent> out = new ArrayList<>();
            try (ResultSet r = p.executeQuery()) {
                while (r.next()) {
                    LogEvent e = new LogEvent();
                    e.setTimestamp(Instant.EPOCH.plusNanos(r.getLong(1) * 1000));
                    e.setReceivedAt(Instant.EPOCH.plusNanos(r.getLong(2) * 1000));
                    e.setFormat(r.getString(3));
                    e.setFacilityCode(r.getShort(4));
                    e.setSeverityCode(r.getShort(5));
                    e.setHost(r.getString(6));
                    e.setApp(r.getString(7));
                    e.setProcid(r.getString(8));
                    e.setMessage(r.getString(9));
                    e.setSource(new Source(r.getString(10), 0, null, null));
                    out.add(e);
                }
            }
            return out.size();
        }
    }

    @Override
    public long stats(Instant from, Instant to, long bucketSeconds) throws Exception {
        long total = 0;
        String sql =
                "SELECT host, app, facility_code, severity_code, ts // ? AS bucket, count(*) FROM events WHERE ts >= ? AND ts < ?"
                        + " GROUP BY GROUPING SETS ((), (host), (app), (facility_code), (severity_code), (bucket))";
        try (PreparedStatement p = c.prepareStatement(sql)) {
            p.setLong(1, bucketSeconds * 1_000_000L);
            p.setLong(2, micros(from));
            p.setLong(3, micros(to));
            try (ResultSet r = p.executeQuery()) {
                while (r.next()) {
                    boolean all = r.getObject(1) == null
                            && r.getObject(2) == null
                            && r.getObject(3) == null
                            && r.getObject(4) == null
                            && r.getObject(5) == null;
                    if (all) total = r.getLong(6);
                }
            }
        }
        return total;
    }

    @Override
    public long groupByHost(Instant from, Instant to) throws Exception {
        try (PreparedStatement p = c.prepareStatement(
                "SELECT host, count(*) AS n FROM events WHERE ts >= ? AND ts < ? GROUP BY host ORDER BY n DESC LIMIT 10")) {
            p.setLong(1, micros(from));
            p.setLong(2, micros(to));
            try (ResultSet r = p.executeQuery()) {
                return r.next() ? r.getLong(2) : 0;
            }
        }
    }

    @Override
    public long bytesOnDisk() throws Exception {
        return StoreCandidates.du(dir);
    }

    @Override
    public void close() throws Exception {
        c.close();
    }
}
