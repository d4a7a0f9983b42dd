package io.logpipe.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.logpipe.event.LogEvent;
import java.sql.Connection;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Predicate;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Filters, pagination and statistics against known data, identical on all three databases. */
class EventSearchTest {
    static final Instant T0 = Instant.parse("2026-11-20T10:00:00Z");
    static final String[] HOSTS = {"web1", "web2", "db1"};
    static final String[] APPS = {"sshd", "nginx", "postgres", "cron"};

    /** 120 events one minute apart; the i-th has host i%3, app i%4, severity i%8, facility (i%2==0 ? auth : daemon). */
    static List<LogEvent> dataset() {
        List<LogEvent> events = new ArrayList<>();
        for (int i = 0; i < 120; i++) {
            LogEvent e = new LogEvent();
            e.setTimestamp(T0.plus(Duration.ofMinutes(i)));
            e.setReceivedAt(Instant.now());
            e.setFormat(i % 10 == 0 ? "rfc5424" : "rfc3164");
            e.setHost(HOSTS[i % 3]);
            e.setApp(APPS[i % 4]);
            e.setSeverityCode(i % 8);
            e.setFacilityCode(i % 2 == 0 ? 4 : 3);
            e.setMessage((i % 5 == 0 ? "Failed password for root from 10.0.0." : "accepted connection ") + i);
            if (i % 5 == 0) {
                // as normalize:sshd would leave them: text, a number, a nested map
                e.setFields(new java.util.LinkedHashMap<>(java.util.Map.of("src_ip", "10.0.0." + (i % 3), "src_port", 22L + i % 2, "outcome", "failure",
                        "geo", java.util.Map.of("country", i % 2 == 0 ? "NL" : "DE"))));
            }
            events.add(e);
        }
        return events;
    }

    static EventFilter filter(List<String> hosts, List<String> apps, List<Integer> facilities, Integer severity, Integer minSeverity, String text) {
        return new EventFilter(null, null, hosts, apps, facilities, severity, minSeverity, List.of(), text, List.of());
    }

    static Database loaded(String kind) throws Exception {
        Database db = new Database(TestDatabases.fresh(kind));
        try (Connection c = db.connection()) {
            EventInserter.of(db.dialect()).insert(c, dataset());
        }
        return db;
    }

    static List<LogEvent> all(EventSearch search, EventFilter f) throws Exception {
        return search.find(f, false, null, 1000).events().stream().map(StoredEvent::event).toList();
    }

    static long expected(Predicate<LogEvent> p) {
        return dataset().stream().filter(p).count();
    }

    @ParameterizedTest
    @ValueSource(strings = {"h2", "postgresql", "mariadb"})
    void filtersSelectTheRightEvents(String kind) throws Exception {
        try (Database db = loaded(kind)) {
            EventSearch search = new EventSearch(db);
            assertEquals(120, all(search, EventFilter.all()).size());
            assertEquals(expected(e -> e.getHost().equals("web1")), all(search, filter(List.of("web1"), List.of(), List.of(), null, null, null)).size());
            assertEquals(expected(e -> !e.getHost().equals("db1")), all(search, filter(List.of("web1", "web2"), List.of(), List.of(), null, null, null)).size());
            assertEquals(expected(e -> e.getApp().equals("sshd") && e.getHost().equals("web1")),
                    all(search, filter(List.of("web1"), List.of("sshd"), List.of(), null, null, null)).size());
            assertEquals(expected(e -> e.getFacilityCode() == 4), all(search, filter(List.of(), List.of(), List.of(4), null, null, null)).size());
            assertEquals(expected(e -> e.getSeverityCode() == 3), all(search, filter(List.of(), List.of(), List.of(), 3, null, null)).size());
            assertEquals(expected(e -> e.getSeverityCode() <= 4), all(search, filter(List.of(), List.of(), List.of(), null, 4, null)).size());
            // contains, case-insensitive, on all three
            assertEquals(expected(e -> e.getMessage().contains("Failed password")), all(search, filter(List.of(), List.of(), List.of(), null, null, "failed PASSWORD")).size());
            assertEquals(expected(e -> e.getMessage().contains("n 7")), all(search, filter(List.of(), List.of(), List.of(), null, null, "n 7")).size());
            EventFilter formats = new EventFilter(null, null, List.of(), List.of(), List.of(), null, null, List.of("rfc5424"), null, List.of());
            assertEquals(12, all(search, formats).size());
            EventFilter range = EventFilter.all().withRange(T0.plus(Duration.ofMinutes(10)), T0.plus(Duration.ofMinutes(20)));
            List<LogEvent> inRange = all(search, range);
            assertEquals(10, inRange.size(), "from inclusive, to exclusive");
            assertEquals(T0.plus(Duration.ofMinutes(19)), inRange.get(0).getTimestamp(), "newest first");
        }
    }

    static EventFilter extracted(java.util.Map<String, List<String>> values) {
        return new EventFilter(null, null, List.of(), List.of(), List.of(), null, null, List.of(), null, List.of(), null, null, null, values);
    }

    static String fieldText(LogEvent e, String path) {
        return String.valueOf(io.logpipe.event.ExtractedFields.get(e, path));
    }

    @ParameterizedTest
    @ValueSource(strings = {"h2", "postgresql", "mariadb"})
    void extractedFieldsFilterAndGroupTheSameOnAllThree(String kind) throws Exception {
        try (Database db = loaded(kind)) {
            EventSearch search = new EventSearch(db);
            assertEquals(expected(e -> e.getFields() != null && e.getFields().get("src_ip").equals("10.0.0.1")),
                    all(search, extracted(java.util.Map.of("fields.src_ip", List.of("10.0.0.1")))).size());
            assertEquals(expected(e -> e.getFields() != null && !e.getFields().get("src_ip").equals("10.0.0.2")),
                    all(search, extracted(java.util.Map.of("fields.src_ip", List.of("10.0.0.0", "10.0.0.1")))).size(), "values are alternatives");
            assertEquals(expected(e -> e.getFields() != null && e.getFields().get("src_port").equals(23L)),
                    all(search, extracted(java.util.Map.of("fields.src_port", List.of("23")))).size(), "a number compares as its text");
            assertEquals(expected(e -> e.getFields() != null && fieldText(e, "fields.geo.country").equals("DE") && e.getFields().get("src_ip").equals("10.0.0.1")),
                    all(search, extracted(java.util.Map.of("fields.geo.country", List.of("DE"), "fields.src_ip", List.of("10.0.0.1")))).size(), "nested, and with another");
            assertEquals(0, all(search, extracted(java.util.Map.of("fields.nope", List.of("x")))).size());
            EventFilter notOne = new EventFilter(null, null, List.of(), List.of(), List.of(), null, null, List.of(), null, List.of(), null, null, null, null,
                    java.util.Map.of("fields.src_ip", List.of("10.0.0.1")));
            assertEquals(expected(e -> e.getFields() == null || !e.getFields().get("src_ip").equals("10.0.0.1")), all(search, notOne).size(),
                    "excluded values; events without the field are kept");
            assertEquals(all(search, notOne).size(), dataset().stream().filter(new io.logpipe.access.FilterMatch(notOne)).count(), "the live tail agrees");
            EventFilter range = EventFilter.all().withRange(T0, T0.plus(Duration.ofHours(2)));
            List<EventStats.Count> byIp = new EventStats(db).groupBy(range, "fields.src_ip", 10);
            assertEquals(List.of(new EventStats.Count("10.0.0.0", 8), new EventStats.Count("10.0.0.1", 8), new EventStats.Count("10.0.0.2", 8)), byIp,
                    "events without the field are left out");
            assertEquals(List.of(new EventStats.Count("22", 12), new EventStats.Count("23", 12)), new EventStats(db).groupBy(range, "fields.src_port", 10));
            assertEquals(List.of(new EventStats.Count("DE", 12)), new EventStats(db).groupBy(range, "fields.geo.country", 1), "ties by value");
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"h2", "postgresql", "mariadb"})
    void pagesCoverEverythingOnceInOrder(String kind) throws Exception {
        try (Database db = loaded(kind)) {
            EventSearch search = new EventSearch(db);
            for (boolean ascending : new boolean[] {false, true}) {
                List<Long> ids = new ArrayList<>();
                Instant previous = null;
                PageCursor cursor = null;
                int pages = 0;
                do {
                    EventPage page = search.find(EventFilter.all(), ascending, cursor, 7);
                    for (StoredEvent e : page.events()) {
                        ids.add(e.id());
                        Instant t = e.event().getTimestamp();
                        if (previous != null) assertTrue(ascending ? !t.isBefore(previous) : !t.isAfter(previous), "order");
                        previous = t;
                    }
                    cursor = page.next() == null ? null : PageCursor.decode(page.next().encode());
                    pages++;
                } while (cursor != null);
                assertEquals(120, ids.size());
                Set<Long> unique = new HashSet<>(ids);
                assertEquals(120, unique.size());
                assertEquals(18, pages, "17 full pages of 7 and one of 1");
            }
            EventPage last = search.find(EventFilter.all(), false, null, 120);
            assertNull(last.next(), "no cursor when everything fit");
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"h2", "postgresql", "mariadb"})
    void statsCountByDimensionAndTime(String kind) throws Exception {
        try (Database db = loaded(kind)) {
            EventFilter range = EventFilter.all().withRange(T0, T0.plus(Duration.ofHours(2)));
            EventStats.Result r = new EventStats(db).compute(range, 3600, 2);
            assertEquals(120, r.total());
            assertEquals(2, r.byHost().size(), "top 2 of 3 hosts");
            assertEquals(40, r.byHost().get(0).count());
            assertEquals(2, r.byApp().size(), "top limits apps too");
            assertEquals(List.of(new EventStats.Count("daemon", 60), new EventStats.Count("auth", 60)), r.byFacility(), "ties ordered by code");
            assertEquals(8, r.bySeverity().size());
            assertEquals(15, r.bySeverity().get(0).count());
            assertEquals(List.of(new EventStats.Bucket(T0, 60), new EventStats.Bucket(T0.plus(Duration.ofHours(1)), 60)), r.histogram());
            EventStats.Result narrow = new EventStats(db).compute(range.withRange(T0, T0.plus(Duration.ofMinutes(30))), 600, 10);
            assertEquals(List.of(10L, 10L, 10L), narrow.histogram().stream().map(EventStats.Bucket::count).toList());
        }
    }
}
