package io.logpipe.bench;

import io.logpipe.event.LogEvent;
import io.logpipe.event.Source;
import io.logpipe.store.Database;
import io.logpipe.store.DbSettings;
import io.logpipe.store.EventInserter;
import io.logpipe.store.JdbcBatchInserter;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * bench/insert-methods.sh: the same events into logpipe's PostgreSQL table three ways, to choose
 * how the db: sink writes: COPY (what it does on PostgreSQL), JDBC batches rewritten into
 * multi-row INSERTs (reWriteBatchedInserts), and plain JDBC batches. With and without the
 * trigram text index. Prints rows/s per method; not a test.
 */
public final class InsertMethods {
    public static void main(String[] args) throws Exception {
        String url = args.length > 0 ? args[0] : "jdbc:postgresql://127.0.0.1:5432/logpipe_bench";
        int total = args.length > 1 ? Integer.parseInt(args[1]) : 200_000;
        int batch = args.length > 2 ? Integer.parseInt(args[2]) : 1000;
        List<LogEvent> events = new ArrayList<>();
        for (int i = 0; i < batch; i++) events.add(event(i));
        for (boolean textIndex : new boolean[] {true, false}) {
            try (Connection c = DriverManager.getConnection(url, "logpipe", "logpipe");
                    Statement s = c.createStatement()) {
                s.execute("DROP TABLE IF EXISTS events CASCADE");
                s.execute("DROP TABLE IF EXISTS event_counts");
                s.execute("DROP TABLE IF EXISTS retention_done");
                s.execute("DROP TABLE IF EXISTS logpipe_schema_history");
            }
            System.out.println("logpipe.db.text-index=" + textIndex + ", " + total + " rows in batches of " + batch);
            try (Database db = new Database(new DbSettings(url, "logpipe", "logpipe", 2, textIndex))) {
                EventInserter copy = EventInserter.of(db.dialect());
                JdbcBatchInserter jdbc = new JdbcBatchInserter(db.dialect());
                for (int round = 0; round < 2; round++) {
                    truncate(db);
                    report("  COPY FROM STDIN (csv)", total, time(() -> {
                        try (Connection c = db.connection()) {
                            for (int n = 0; n < total; n += batch) copy.insert(c, events);
                        }
                    }));
                    truncate(db);
                    report("  JDBC batch, reWriteBatchedInserts", total, time(() -> {
                        try (Connection c = db.connection()) {
                            for (int n = 0; n < total; n += batch) jdbc.insert(c, events);
                        }
                    }));
                    truncate(db);
                    report("  JDBC batch, one INSERT per row", total, time(() -> {
                        try (Connection c = DriverManager.getConnection(url, "logpipe", "logpipe")) {
                            for (int n = 0; n < total; n += batch) jdbc.insert(c, events);
                        }
                    }));
                }
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
        System.out.printf("%-38s %,10.0f rows/s%n", method, rows / (nanos / 1e9));
    }

    static void truncate(Database db) throws Exception {
        try (Connection c = db.connection();
                Statement s = c.createStatement()) {
            s.execute("TRUNCATE events");
        }
    }

    /** Shaped like loggen's W1 message after decoding. */
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
        e.setMessage(
                "seq: " + i
                        + ", thread: 0000, runid: 1700000000, stamp: 2026-11-22T10:00:00 PADDPADDPADDPADDPADDPADDPADDPADDPADDPADDPADDPADDPADDPADDPADDPADD");
        e.setSource(new Source("127.0.0.1", 40000, "syslog-tcp", null));
        return e;
    }
}
