package io.logpipe.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.logpipe.event.LogEvent;
import io.logpipe.event.Source;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * PostgreSQL's pre-aggregated counts give exactly the answers of counting the events: random
 * ranges over events with sub-microsecond times, missing values and several days of receipt,
 * before and after retention removes days.
 */
class EventCountsTest {
    static final Instant T0 = Instant.parse("2026-03-01T22:00:00Z");
    static Database db;
    static final Random RANDOM = new Random(7);

    @BeforeAll
    static void load() throws Exception {
        db = new Database(TestDatabases.fresh("postgresql"));
        try (Connection c = db.connection()) {
            Partitions.ensure(c, LocalDate.of(2026, 3, 2)); // the other days stay in the default partition
            for (int batch = 0; batch < 10; batch++) {
                List<LogEvent> events = new ArrayList<>();
                for (int i = 0; i < 400; i++) events.add(event());
                EventInserter.of(db.dialect()).insert(c, events);
            }
        }
    }

    @AfterAll
    static void close() {
        db.close();
    }

    /** Within 8 hours of T0, received over three days; a few at exact minute and hour boundaries, some 100 ns before one. */
    static LogEvent event() {
        LogEvent e = new LogEvent();
        long nanos = (long) (RANDOM.nextDouble() * Duration.ofHours(8).toNanos());
        Instant ts = T0.plusNanos(nanos);
        int kind = RANDOM.nextInt(10);
        if (kind == 0) ts = ts.truncatedTo(ChronoUnit.MINUTES);
        if (kind == 1) ts = ts.truncatedTo(ChronoUnit.HOURS).minusNanos(100);
        e.setTimestamp(ts);
        e.setReceivedAt(T0.plus(Duration.ofHours(RANDOM.nextInt(60))).plusNanos(RANDOM.nextInt(1000)));
        e.setFormat("rfc5424");
        e.setHost(RANDOM.nextInt(8) == 0 ? null : "host" + RANDOM.nextInt(12));
        e.setApp(RANDOM.nextInt(8) == 0 ? null : "app" + RANDOM.nextInt(5));
        e.setFacilityCode(RANDOM.nextInt(8) == 0 ? -1 : RANDOM.nextInt(24));
        e.setSeverityCode(RANDOM.nextInt(8) == 0 ? -1 : RANDOM.nextInt(8));
        if (RANDOM.nextInt(4) != 0)
            e.setSource(new Source(
                    "10.0.0." + RANDOM.nextInt(6), 514, RANDOM.nextBoolean() ? "syslog-tcp" : "syslog-udp", null));
        e.setMessage("m");
        return e;
    }

    static Instant randomInstant() {
        Instant t = T0.minus(Duration.ofMinutes(30))
                .plusNanos((long) (RANDOM.nextDouble() * Duration.ofHours(9).toNanos()));
        return switch (RANDOM.nextInt(4)) {
            case 0 -> t.truncatedTo(ChronoUnit.MINUTES);
            case 1 -> t.truncatedTo(ChronoUnit.HOURS);
            default -> t;
        };
    }

    static void assertSameAnswers(String when) throws Exception {
        EventStats stored = new EventStats(db);
        EventStats scanned = new EventStats(db, false);
        for (int round = 0; round < 40; round++) {
            Instant a = randomInstant();
            Instant b = randomInstant();
            Instant from = round % 10 == 0 ? null : a.isBefore(b) ? a : b;
            Instant to = round % 10 == 1 ? null : a.isBefore(b) ? b : a;
            EventFilter f = EventFilter.all().withRange(from, to);
            Instant chartFrom = from == null ? T0.minus(Duration.ofHours(1)) : from;
            Instant chartEnd = to == null ? T0.plus(Duration.ofHours(9)) : to;
            EventFilter charted = f.withRange(chartFrom, to);
            for (long bucket : new long[] {60, 300, 3600, 7200}) {
                assertEquals(
                        scanned.compute(charted, chartEnd, bucket, 5),
                        stored.compute(charted, chartEnd, bucket, 5),
                        when + ": stats " + charted + " per " + bucket + " s");
            }
            for (String field : List.of("host", "app", "facility", "severity", "source.ip", "listener")) {
                assertEquals(
                        scanned.groupBy(f, field, 20),
                        stored.groupBy(f, field, 20),
                        when + ": group_by " + field + " over " + f);
            }
        }
    }

    @Test
    void theCountsAnswerAsCountingTheEventsDoes() throws Exception {
        assertSameAnswers("as loaded");
        EventStats.Result all = new EventStats(db)
                .compute(
                        EventFilter.all().withRange(T0.minus(Duration.ofHours(1)), T0.plus(Duration.ofHours(9))),
                        3600,
                        100);
        assertEquals(4000, all.total());
        assertTrue(all.byHost().stream().anyMatch(c -> c.value() == null), "events without a host are counted as such");

        // retention drops the partitioned day and deletes the default partition's stragglers; the counts follow
        try (Connection c = db.connection()) {
            Retention.purge(c, db.dialect(), T0.plus(Duration.ofHours(30)));
        }
        assertTrue(TestDatabases.count(db, "") < 4000);
        assertEquals(
                TestDatabases.count(db, ""),
                new EventStats(db)
                        .compute(
                                EventFilter.all()
                                        .withRange(T0.minus(Duration.ofHours(1)), T0.plus(Duration.ofHours(9))),
                                3600,
                                100)
                        .total());
        assertSameAnswers("after retention");
        try (Connection c = db.connection();
                Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SELECT MIN(received_day) FROM event_counts")) {
            rs.next();
            assertEquals(
                    LocalDate.ofInstant(T0.plus(Duration.ofHours(30)), ZoneOffset.UTC),
                    rs.getObject(1, LocalDate.class),
                    "no counts are left for the removed days");
        }
    }

    @Test
    void theStoredCountsAreWhatAnswers() throws Exception {
        EventFilter hours = EventFilter.all().withRange(T0, T0.plus(Duration.ofHours(2)));
        long before = new EventStats(db).compute(hours, 3600, 10).total();
        try (Connection c = db.connection();
                Statement s = c.createStatement()) {
            int rows = s.executeUpdate(
                    "UPDATE event_counts SET n = n + 1000 WHERE dim = 0 AND span = 3600 AND bucket = '" + T0 + "'");
            try {
                assertTrue(rows > 0);
                assertEquals(
                        before + 1000L * rows,
                        new EventStats(db).compute(hours, 3600, 10).total());
                assertEquals(
                        before,
                        new EventStats(db, false).compute(hours, 3600, 10).total());
            } finally {
                s.executeUpdate(
                        "UPDATE event_counts SET n = n - 1000 WHERE dim = 0 AND span = 3600 AND bucket = '" + T0 + "'");
            }
        }
    }

    @Test
    void theMigrationCountsTheEventsStoredBeforeIt() throws Exception {
        try (Connection c = db.connection();
                Statement s = c.createStatement()) {
            // back to version 1, with its events
            s.execute("DROP TABLE event_counts");
            s.execute("DROP TABLE retention_done");
            s.execute("DELETE FROM logpipe_schema_history WHERE version IN ('2', '3')");
        }
        db.close();
        db = new Database(TestDatabases.fresh("postgresql", TestDatabases.PG_URL, false));
        assertSameAnswers("counted by the migration");
    }
}
