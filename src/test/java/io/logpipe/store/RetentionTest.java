package io.logpipe.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.logpipe.event.LogEvent;
import java.sql.Connection;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Events received before the retention window go; PostgreSQL drops whole daily partitions to do it. */
class RetentionTest {
    /**
     * Far from any real date on purpose: the store creates partitions for the real today when it
     * migrates, and the test must pass whichever day that is.
     */
    static final Instant NOW = Instant.parse("2021-03-10T12:00:00Z");

    static LogEvent receivedAt(Instant t, String message) {
        LogEvent e = EventWriterTest.numbered(0);
        e.setReceivedAt(t);
        e.setTimestamp(t);
        e.setMessage(message);
        return e;
    }

    @ParameterizedTest
    @ValueSource(strings = {"h2", "postgresql", "mariadb"})
    void purgeRemovesOnlyEventsOlderThanRetention(String kind) throws Exception {
        try (Database db = new Database(TestDatabases.fresh(kind))) {
            Instant old = NOW.minus(Duration.ofDays(40));
            Instant older = NOW.minus(Duration.ofDays(45));
            Instant recent = NOW.minus(Duration.ofDays(29));
            try (Connection c = db.connection()) {
                // a partition for the 40-day-old day; the 45-day-old rows land in the default partition
                if (db.dialect() == Dialect.POSTGRESQL) Partitions.ensure(c, LocalDate.ofInstant(old, ZoneOffset.UTC));
                EventInserter.of(db.dialect())
                        .insert(
                                c,
                                List.of(
                                        receivedAt(old, "old"),
                                        receivedAt(old, "old"),
                                        receivedAt(older, "older"),
                                        receivedAt(recent, "recent"),
                                        receivedAt(NOW, "now")));
            }
            StoreMaintenance maintenance = new StoreMaintenance(db, 30, Clock.fixed(NOW, ZoneOffset.UTC));
            Retention.Result result = maintenance.run();
            assertEquals(2, TestDatabases.count(db, ""));
            assertEquals(0, TestDatabases.count(db, " WHERE message IN ('old', 'older')"));
            if (db.dialect() == Dialect.POSTGRESQL) {
                assertEquals(1, result.partitionsDropped());
                assertEquals(1, result.rowsDeleted(), "the default partition's straggler");
                try (Connection c = db.connection()) {
                    List<LocalDate> days = Partitions.days(c);
                    assertFalse(days.contains(LocalDate.ofInstant(old, ZoneOffset.UTC)));
                    // maintenance keeps partitions ready for today and the coming days
                    for (int i = 0; i <= Partitions.DAYS_AHEAD; i++)
                        assertTrue(days.contains(
                                LocalDate.ofInstant(NOW, ZoneOffset.UTC).plusDays(i)));
                }
            } else {
                assertEquals(3, result.rowsDeleted());
            }
            // a second round finds nothing more to do
            assertEquals(new Retention.Result(0, 0), maintenance.run());
        }
    }

    @Test
    void aDaysPartitionTakesOverTheRowsTheDefaultPartitionHeldForIt() throws Exception {
        try (Database db = new Database(TestDatabases.fresh("postgresql"))) {
            LocalDate day = LocalDate.of(2020, 1, 5);
            Instant noon = day.atTime(12, 0).toInstant(ZoneOffset.UTC);
            try (Connection c = db.connection()) {
                EventInserter.of(db.dialect())
                        .insert(
                                c,
                                List.of(
                                        receivedAt(noon, "early"),
                                        receivedAt(noon.plusSeconds(3600), "late"),
                                        receivedAt(noon.plus(Duration.ofDays(1)), "next day")));
                Partitions.ensure(c, day);
                Partitions.ensure(c, day); // a second call finds it there
                assertTrue(Partitions.days(c).contains(day));
                assertTrue(c.getAutoCommit(), "the connection goes back to the pool as it came");
            }
            assertEquals(3, TestDatabases.count(db, ""));
            assertEquals(2, TestDatabases.count(db, "_20200105"), "the day's rows moved into its partition");
            assertEquals(
                    1,
                    TestDatabases.count(db, "_default WHERE message = 'next day'"),
                    "other days stay where they were");
            // the next day's partition can be made as well, and maintenance no longer fails on it
            try (Connection c = db.connection()) {
                Partitions.ensure(c, day.plusDays(1));
            }
            assertEquals(0, TestDatabases.count(db, "_default"));
        }
    }
}
