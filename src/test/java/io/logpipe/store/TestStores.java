package io.logpipe.store;

import io.logpipe.event.LogEvent;
import io.logpipe.queue.BatchSink;
import io.logpipe.store.lucene.IndexRetention;
import io.logpipe.store.lucene.LuceneBatchSink;
import io.logpipe.store.lucene.LuceneStore;
import java.nio.file.Path;
import java.sql.Connection;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.UUID;

/** A store of each kind with known events in it, for the contract suite: the three databases and the Lucene index. */
final class TestStores {
    static final String[] KINDS = {"h2", "postgresql", "mariadb", "lucene"};

    private TestStores() {}

    interface Loaded extends AutoCloseable {
        EventQueries queries();

        /** Adds more events, committed (on Lucene, each call is a new segment). */
        void add(List<LogEvent> events) throws Exception;

        /** What a db: sink's queue writes through. */
        BatchSink sink();

        /** Retention's removal of what was received before the cutoff. */
        void purge(Instant cutoff) throws Exception;

        /** One round of scheduled retention under these rules, at {@code now}. */
        void retain(RetentionRules rules, Instant now) throws Exception;

        @Override
        void close();
    }

    static Loaded empty(String kind) throws Exception {
        if (kind.equals("lucene")) {
            LuceneStore index = new LuceneStore(
                    Path.of("target/test-index", UUID.randomUUID().toString()).toAbsolutePath(), 1000);
            return new Loaded() {
                @Override
                public EventQueries queries() {
                    return index;
                }

                @Override
                public void add(List<LogEvent> events) throws Exception {
                    if (!index.write(events).isEmpty()) throw new AssertionError("the index refused events");
                }

                @Override
                public BatchSink sink() {
                    return new LuceneBatchSink(index);
                }

                @Override
                public void purge(Instant cutoff) throws Exception {
                    index.purge(cutoff);
                }

                @Override
                public void retain(RetentionRules rules, Instant now) throws Exception {
                    new IndexRetention(index, rules, Clock.fixed(now, ZoneOffset.UTC), null).run();
                }

                @Override
                public void close() {
                    index.close();
                }
            };
        }
        Database db = new Database(TestDatabases.fresh(kind));
        return new Loaded() {
            @Override
            public EventQueries queries() {
                return new SqlEventQueries(db);
            }

            @Override
            public void add(List<LogEvent> events) throws Exception {
                try (Connection c = db.connection()) {
                    EventInserter.of(db.dialect()).insert(c, events);
                }
            }

            @Override
            public BatchSink sink() {
                return new DbBatchSink("db:test", db, Duration.ofSeconds(30));
            }

            @Override
            public void purge(Instant cutoff) throws Exception {
                try (Connection c = db.connection()) {
                    Retention.purge(c, db.dialect(), cutoff);
                }
            }

            @Override
            public void retain(RetentionRules rules, Instant now) throws Exception {
                new StoreMaintenance(db, rules, Clock.fixed(now, ZoneOffset.UTC), null).run();
            }

            @Override
            public void close() {
                db.close();
            }
        };
    }

    static Loaded loaded(String kind, List<LogEvent> events) throws Exception {
        Loaded store = empty(kind);
        store.add(events);
        return store;
    }
}
