package io.logpipe.bench;

import io.logpipe.event.LogEvent;
import io.logpipe.store.Database;
import io.logpipe.store.DbSettings;
import io.logpipe.store.EventFilter;
import io.logpipe.store.EventInserter;
import io.logpipe.store.EventSearch;
import io.logpipe.store.EventStats;
import io.logpipe.store.Partitions;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;

/** logpipe's own event store as it is (schema, indexes, inserter, EventSearch, EventStats) on H2 or PostgreSQL. */
final class LogpipeStore implements StoreCandidates.Candidate {
    private final String name;
    private final Database db;
    private final Path dir;
    private final EventInserter inserter;
    private final EventSearch search;
    private final EventStats stats;

    private LogpipeStore(String name, Database db, Path dir) throws Exception {
        this.name = name;
        this.db = db;
        this.dir = dir;
        db.ensureMigrated();
        inserter = EventInserter.of(db.dialect());
        search = new EventSearch(db);
        stats = new EventStats(db);
    }

    static LogpipeStore h2(Path dir) throws Exception {
        return new LogpipeStore("h2", new Database(DbSettings.of("", "", "", 4, true, dir)), dir);
    }

    static LogpipeStore postgresql(String url) throws Exception {
        try (Connection c = DriverManager.getConnection(url, "logpipe", "logpipe");
                Statement s = c.createStatement()) {
            s.execute("DROP TABLE IF EXISTS events CASCADE");
            s.execute("DROP TABLE IF EXISTS event_counts");
            s.execute("DROP TABLE IF EXISTS retention_done");
            s.execute("DROP TABLE IF EXISTS logpipe_schema_history");
        }
        LogpipeStore store =
                new LogpipeStore("postgresql", new Database(new DbSettings(url, "logpipe", "logpipe", 4, true)), null);
        // daily partitions, as the store's maintenance prepares them (the default partition stays empty)
        try (Connection c = store.db.connection()) {
            for (int d = -2; d <= 1; d++)
                Partitions.ensure(
                        c, LocalDate.ofInstant(BenchEvents.NOW, ZoneOffset.UTC).plusDays(d));
        }
        return store;
    }

    static LogpipeStore mariadb(String url) throws Exception {
        try (Connection c = DriverManager.getConnection(url, "logpipe", "logpipe");
                Statement s = c.createStatement()) {
            s.execute("DROP TABLE IF EXISTS events");
            s.execute("DROP TABLE IF EXISTS event_counts");
            s.execute("DROP TABLE IF EXISTS retention_done");
            s.execute("DROP TABLE IF EXISTS logpipe_schema_history");
        }
        return new LogpipeStore("mariadb", new Database(new DbSettings(url, "logpipe", "logpipe", 4, true)), null);
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public void load(List<LogEvent> batch) throws Exception {
        try (Connection c = db.connection()) {
            c.setAutoCommit(false);
            inserter.insert(c, batch);
            c.commit();
        }
    }

    @Override
    public void loaded() throws Exception {
        try (Connection c = db.connection();
                Statement s = c.createStatement()) {
            if (name.equals("postgresql")) s.execute("VACUUM ANALYZE events");
            if (name.equals("mariadb")) s.execute("ANALYZE TABLE events");
        }
    }

    private static EventFilter filter(StoreCandidates.Search s) {
        return new EventFilter(
                s.from(),
                s.to(),
                s.host() == null ? List.of() : List.of(s.host()),
                s.app() == null ? List.of() : List.of(s.app()),
                List.of(),
                null,
                s.minSeverity(),
                List.of(),
                s.text(),
                List.of());
    }

    @Override
    public long newest(StoreCandidates.Search s) throws Exception {
        return search.find(filter(s), false, null, 100).events().size();
    }

    @Override
    public long stats(Instant from, Instant to, long bucketSeconds) throws Exception {
        return stats.compute(EventFilter.all().withRange(from, to), bucketSeconds, 10)
                .total();
    }

    @Override
    public long groupByHost(Instant from, Instant to) throws Exception {
        return stats.groupBy(EventFilter.all().withRange(from, to), "host", 10)
                .get(0)
                .count();
    }

    @Override
    public long bytesOnDisk() throws Exception {
        if (dir != null) return StoreCandidates.du(dir);
        if (name.equals("mariadb")) {
            try (Connection c = db.connection();
                    Statement s = c.createStatement();
                    ResultSet r = s.executeQuery(
                            "SELECT data_length + index_length FROM information_schema.tables WHERE table_schema = DATABASE() AND table_name = 'events'")) {
                return r.next() ? r.getLong(1) : -1;
            }
        }
        try (Connection c = db.connection();
                Statement s = c.createStatement();
                ResultSet r = s.executeQuery(
                        "SELECT sum(pg_total_relation_size(inhrelid)) FROM pg_inherits WHERE inhparent = 'events'::regclass")) {
            return r.next() ? r.getLong(1) : -1;
        }
    }

    @Override
    public void close() {
        db.close();
    }
}
