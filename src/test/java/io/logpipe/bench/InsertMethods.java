package io.logpipe.bench;

import io.logpipe.event.EventJson;
import io.logpipe.event.LogEvent;
import io.logpipe.event.Source;
import io.logpipe.store.Database;
import io.logpipe.store.DbSettings;
import io.logpipe.store.EventInserter;
import java.io.StringReader;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.postgresql.PGConnection;

/**
 * bench/insert-methods.sh: the same events into the same PostgreSQL table three ways, to choose
 * how the db: sink writes: JDBC batch as logpipe does it (reWriteBatchedInserts), the same without
 * the rewrite, and COPY FROM STDIN (CSV). Prints rows/s per method; not a test.
 */
public final class InsertMethods {
    public static void main(String[] args) throws Exception {
        String url = args.length > 0 ? args[0] : "jdbc:postgresql://127.0.0.1:5432/logpipe_bench";
        int total = args.length > 1 ? Integer.parseInt(args[1]) : 200_000;
        int batch = args.length > 2 ? Integer.parseInt(args[2]) : 1000;
        try (Connection c = DriverManager.getConnection(url, "logpipe", "logpipe"); Statement s = c.createStatement()) {
            s.execute("DROP TABLE IF EXISTS events CASCADE");
            s.execute("DROP TABLE IF EXISTS logpipe_schema_history");
        }
        List<LogEvent> events = new ArrayList<>();
        for (int i = 0; i < batch; i++) events.add(event(i));
        try (Database db = new Database(new DbSettings(url, "logpipe", "logpipe", 2))) {
            EventInserter inserter = new EventInserter(db.dialect());
            for (int round = 0; round < 2; round++) {
                truncate(db);
                report("jdbc batch, reWriteBatchedInserts", total, time(() -> {
                    try (Connection c = db.connection()) {
                        for (int n = 0; n < total; n += batch) inserter.insert(c, events);
                    }
                }));
                truncate(db);
                report("jdbc batch, one INSERT per row", total, time(() -> {
                    try (Connection c = DriverManager.getConnection(url, "logpipe", "logpipe")) {
                        for (int n = 0; n < total; n += batch) inserter.insert(c, events);
                    }
                }));
                truncate(db);
                report("COPY FROM STDIN (csv)", total, time(() -> {
                    try (Connection c = db.connection()) {
                        for (int n = 0; n < total; n += batch) copy(c, events);
                    }
                }));
            }
        }
    }

    interface Work {
        void run() throws Exception;
    }

    static long time(Work w) throws Exception {
        long t0 = System.nanoTime();
        w.run();
        return System.nanoTime() - t0;
    }

    static void report(String method, int rows, long nanos) {
        System.out.printf("%-36s %,10.0f rows/s%n", method, rows / (nanos / 1e9));
    }

    static void truncate(Database db) throws Exception {
        try (Connection c = db.connection(); Statement s = c.createStatement()) {
            s.execute("TRUNCATE events");
        }
    }

    static LogEvent event(int i) {
        LogEvent e = new LogEvent();
        Instant now = Instant.now();
        e.setTimestamp(now);
        e.setReceivedAt(now);
        e.setFormat("rfc3164");
        e.setFacilityCode(4);
        e.setSeverityCode(6);
        e.setHost("localhost");
        e.setApp("prg00000");
        e.setProcid("1234");
        e.setMessage("seq: " + i + ", thread: 0000, runid: 1700000000, stamp: 2026-11-22T10:00:00 PADDPADDPADDPADDPADDPADDPADDPADDPADDPADDPADDPADDPADDPADDPADDPADD");
        e.setSource(new Source("127.0.0.1", 40000, "syslog-tcp", null));
        return e;
    }

    /** The same rows through COPY, CSV-quoted; one transaction per batch like the JDBC path. */
    static void copy(Connection c, List<LogEvent> events) throws Exception {
        StringBuilder sb = new StringBuilder(events.size() * 300);
        for (LogEvent e : events) {
            sb.append(e.getTimestamp()).append(',').append(e.getReceivedAt()).append(',').append(e.getFormat()).append(',')
                    .append(e.getFacilityCode()).append(',').append(e.getSeverityCode()).append(',');
            csv(sb, e.getHost()).append(',');
            csv(sb, e.getApp()).append(',');
            csv(sb, e.getProcid()).append(',');
            csv(sb, e.getMsgid()).append(',');
            csv(sb, e.getMessage()).append(',');
            csv(sb, e.getStructuredData() == null ? null : EventJson.valueJson(e.getStructuredData())).append(',');
            csv(sb, e.getSource().ip()).append(',').append(e.getSource().port()).append(',');
            csv(sb, e.getSource().listener()).append(',');
            csv(sb, e.getSource().peer()).append(',');
            csv(sb, null).append(',');
            csv(sb, e.getParseError()).append(',');
            csv(sb, e.getRaw()).append('\n');
        }
        c.setAutoCommit(false);
        c.unwrap(PGConnection.class).getCopyAPI().copyIn("COPY events (" + columns() + ") FROM STDIN WITH (FORMAT csv)", new StringReader(sb.toString()));
        c.commit();
        c.setAutoCommit(true);
    }

    static String columns() {
        return "ts, received_at, format, facility_code, severity_code, host, app, procid, msgid, message,"
                + " structured_data, source_ip, source_port, source_listener, source_peer, fields, parse_error, raw";
    }

    static StringBuilder csv(StringBuilder sb, String v) {
        if (v == null) return sb;
        return sb.append('"').append(v.replace("\"", "\"\"")).append('"');
    }
}
