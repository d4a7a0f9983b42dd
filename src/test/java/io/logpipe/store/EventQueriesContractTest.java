package io.logpipe.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.logpipe.access.FilterMatch;
import io.logpipe.event.ExtractedFields;
import io.logpipe.event.LogEvent;
import io.logpipe.event.Source;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The query contract: filters, pagination and statistics against known data, identical on every store (the three databases and the Lucene index). */
class EventQueriesContractTest {
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
                e.setFields(new LinkedHashMap<>(Map.of(
                        "src_ip",
                        "10.0.0." + (i % 3),
                        "src_port",
                        22L + i % 2,
                        "outcome",
                        "failure",
                        "geo",
                        Map.of("country", i % 2 == 0 ? "NL" : "DE"))));
            }
            events.add(e);
        }
        return events;
    }

    static EventFilter filter(
            List<String> hosts,
            List<String> apps,
            List<Integer> facilities,
            Integer severity,
            Integer minSeverity,
            String text) {
        return new EventFilter(null, null, hosts, apps, facilities, severity, minSeverity, List.of(), text, List.of());
    }

    /** The dataset in three writes (three segments of a Lucene index, so counts add up across them). */
    static TestStores.Loaded loaded(String kind) throws Exception {
        TestStores.Loaded store = TestStores.empty(kind);
        List<LogEvent> all = dataset();
        store.add(all.subList(0, 50));
        store.add(all.subList(50, 100));
        store.add(all.subList(100, 120));
        return store;
    }

    static List<LogEvent> all(EventQueries search, EventFilter f) throws Exception {
        return search.find(f, false, null, 1000).events().stream()
                .map(StoredEvent::event)
                .toList();
    }

    static long expected(Predicate<LogEvent> p) {
        return dataset().stream().filter(p).count();
    }

    @ParameterizedTest
    @ValueSource(strings = {"h2", "postgresql", "mariadb", "lucene"})
    void filtersSelectTheRightEvents(String kind) throws Exception {
        try (TestStores.Loaded store = loaded(kind)) {
            EventQueries search = store.queries();
            assertEquals(120, all(search, EventFilter.all()).size());
            assertEquals(
                    expected(e -> e.getHost().equals("web1")),
                    all(search, filter(List.of("web1"), List.of(), List.of(), null, null, null))
                            .size());
            assertEquals(
                    expected(e -> !e.getHost().equals("db1")),
                    all(search, filter(List.of("web1", "web2"), List.of(), List.of(), null, null, null))
                            .size());
            assertEquals(
                    expected(e -> e.getApp().equals("sshd") && e.getHost().equals("web1")),
                    all(search, filter(List.of("web1"), List.of("sshd"), List.of(), null, null, null))
                            .size());
            assertEquals(
                    expected(e -> e.getFacilityCode() == 4),
                    all(search, filter(List.of(), List.of(), List.of(4), null, null, null))
                            .size());
            assertEquals(
                    expected(e -> e.getSeverityCode() == 3),
                    all(search, filter(List.of(), List.of(), List.of(), 3, null, null))
                            .size());
            assertEquals(
                    expected(e -> e.getSeverityCode() <= 4),
                    all(search, filter(List.of(), List.of(), List.of(), null, 4, null))
                            .size());
            // contains, case-insensitive, on every store
            assertEquals(
                    expected(e -> e.getMessage().contains("Failed password")),
                    all(search, filter(List.of(), List.of(), List.of(), null, null, "failed PASSWORD"))
                            .size());
            assertEquals(
                    expected(e -> e.getMessage().contains("n 7")),
                    all(search, filter(List.of(), List.of(), List.of(), null, null, "n 7"))
                            .size());
            EventFilter formats = new EventFilter(
                    null, null, List.of(), List.of(), List.of(), null, null, List.of("rfc5424"), null, List.of());
            assertEquals(12, all(search, formats).size());
            EventFilter range =
                    EventFilter.all().withRange(T0.plus(Duration.ofMinutes(10)), T0.plus(Duration.ofMinutes(20)));
            List<LogEvent> inRange = all(search, range);
            assertEquals(10, inRange.size(), "from inclusive, to exclusive");
            assertEquals(T0.plus(Duration.ofMinutes(19)), inRange.get(0).getTimestamp(), "newest first");
        }
    }

    static EventFilter extracted(Map<String, List<String>> values) {
        return new EventFilter(
                null, null, List.of(), List.of(), List.of(), null, null, List.of(), null, List.of(), null, null, null,
                values);
    }

    static String fieldText(LogEvent e, String path) {
        return String.valueOf(ExtractedFields.get(e, path));
    }

    @ParameterizedTest
    @ValueSource(strings = {"h2", "postgresql", "mariadb", "lucene"})
    void extractedFieldsFilterAndGroupTheSameOnEveryStore(String kind) throws Exception {
        try (TestStores.Loaded store = loaded(kind)) {
            EventQueries search = store.queries();
            assertEquals(
                    expected(e ->
                            e.getFields() != null && e.getFields().get("src_ip").equals("10.0.0.1")),
                    all(search, extracted(Map.of("fields.src_ip", List.of("10.0.0.1"))))
                            .size());
            assertEquals(
                    expected(e -> e.getFields() != null
                            && !e.getFields().get("src_ip").equals("10.0.0.2")),
                    all(search, extracted(Map.of("fields.src_ip", List.of("10.0.0.0", "10.0.0.1"))))
                            .size(),
                    "values are alternatives");
            assertEquals(
                    expected(e -> e.getFields() != null
                            && e.getFields().get("src_port").equals(23L)),
                    all(search, extracted(Map.of("fields.src_port", List.of("23"))))
                            .size(),
                    "a number compares as its text");
            assertEquals(
                    expected(e -> e.getFields() != null
                            && fieldText(e, "fields.geo.country").equals("DE")
                            && e.getFields().get("src_ip").equals("10.0.0.1")),
                    all(
                                    search,
                                    extracted(Map.of(
                                            "fields.geo.country", List.of("DE"), "fields.src_ip", List.of("10.0.0.1"))))
                            .size(),
                    "nested, and with another");
            assertEquals(
                    0,
                    all(search, extracted(Map.of("fields.nope", List.of("x")))).size());
            EventFilter notOne = new EventFilter(
                    null,
                    null,
                    List.of(),
                    List.of(),
                    List.of(),
                    null,
                    null,
                    List.of(),
                    null,
                    List.of(),
                    null,
                    null,
                    null,
                    null,
                    Map.of("fields.src_ip", List.of("10.0.0.1")));
            assertEquals(
                    expected(e -> e.getFields() == null
                            || !e.getFields().get("src_ip").equals("10.0.0.1")),
                    all(search, notOne).size(),
                    "excluded values; events without the field are kept");
            assertEquals(
                    all(search, notOne).size(),
                    dataset().stream().filter(new FilterMatch(notOne)).count(),
                    "the live tail agrees");
            EventFilter range = EventFilter.all().withRange(T0, T0.plus(Duration.ofHours(2)));
            List<EventStats.Count> byIp = store.queries().groupBy(range, "fields.src_ip", 10);
            assertEquals(
                    List.of(
                            new EventStats.Count("10.0.0.0", 8),
                            new EventStats.Count("10.0.0.1", 8),
                            new EventStats.Count("10.0.0.2", 8)),
                    byIp,
                    "events without the field are left out");
            assertEquals(
                    List.of(new EventStats.Count("22", 12), new EventStats.Count("23", 12)),
                    store.queries().groupBy(range, "fields.src_port", 10));
            assertEquals(
                    List.of(new EventStats.Count("DE", 12)),
                    store.queries().groupBy(range, "fields.geo.country", 1),
                    "ties by value");
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"h2", "postgresql", "mariadb", "lucene"})
    void pagesCoverEverythingOnceInOrder(String kind) throws Exception {
        try (TestStores.Loaded store = loaded(kind)) {
            EventQueries search = store.queries();
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
                        if (previous != null)
                            assertTrue(ascending ? !t.isBefore(previous) : !t.isAfter(previous), "order");
                        previous = t;
                    }
                    cursor = page.next() == null
                            ? null
                            : PageCursor.decode(page.next().encode());
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
    @ValueSource(strings = {"h2", "postgresql", "mariadb", "lucene"})
    void statsCountByDimensionAndTime(String kind) throws Exception {
        try (TestStores.Loaded store = loaded(kind)) {
            EventFilter range = EventFilter.all().withRange(T0, T0.plus(Duration.ofHours(2)));
            EventStats.Result r = store.queries().stats(range, range.to(), 3600, 2);
            assertEquals(120, r.total());
            assertEquals(2, r.byHost().size(), "top 2 of 3 hosts");
            assertEquals(40, r.byHost().get(0).count());
            assertEquals(2, r.byApp().size(), "top limits apps too");
            assertEquals(
                    List.of(new EventStats.Count("daemon", 60), new EventStats.Count("auth", 60)),
                    r.byFacility(),
                    "ties ordered by code");
            assertEquals(8, r.bySeverity().size());
            assertEquals(15, r.bySeverity().get(0).count());
            assertEquals(
                    List.of(new EventStats.Bucket(T0, 60), new EventStats.Bucket(T0.plus(Duration.ofHours(1)), 60)),
                    r.histogram());
            EventStats.Result narrow = store.queries()
                    .stats(
                            range.withRange(T0, T0.plus(Duration.ofMinutes(30))),
                            T0.plus(Duration.ofMinutes(30)),
                            600,
                            10);
            assertEquals(
                    List.of(10L, 10L, 10L),
                    narrow.histogram().stream().map(EventStats.Bucket::count).toList());
        }
    }

    static EventFilter excluding(Map<String, List<String>> excluded) {
        return new EventFilter(
                null, null, List.of(), List.of(), List.of(), null, null, List.of(), null, List.of(), null, null,
                excluded);
    }

    @ParameterizedTest
    @ValueSource(strings = {"h2", "postgresql", "mariadb", "lucene"})
    void exclusionsListenersAndReceiveTimes(String kind) throws Exception {
        Instant received = Instant.now().truncatedTo(ChronoUnit.SECONDS).minus(Duration.ofHours(1));
        List<LogEvent> events = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            LogEvent e = new LogEvent();
            e.setTimestamp(T0.plus(Duration.ofSeconds(i)));
            e.setReceivedAt(received.plus(Duration.ofSeconds(i)));
            e.setFormat("rfc3164");
            e.setHost(i % 4 == 3 ? null : HOSTS[i % 3]);
            e.setApp(APPS[i % 4]);
            if (i % 5 != 4) e.setSeverityCode(i % 8);
            e.setFacilityCode(i % 2 == 0 ? 4 : 3);
            e.setMessage("event " + i);
            e.setSource(new Source("192.0.2." + (i % 2), 514, i % 2 == 0 ? "syslog-udp" : "syslog-tcp", null));
            events.add(e);
        }
        try (TestStores.Loaded store = TestStores.loaded(kind, events)) {
            EventQueries q = store.queries();
            assertEquals(
                    events.stream().filter(e -> !"web1".equals(e.getHost())).count(),
                    all(q, excluding(Map.of("host", List.of("web1")))).size(),
                    "an event without a host is not excluded");
            assertEquals(
                    events.stream()
                            .filter(e -> e.getSeverityCode() == LogEvent.NONE || e.getSeverityCode() > 1)
                            .count(),
                    all(q, excluding(Map.of("severity", List.of("0", "1")))).size(),
                    "codes; an event without a severity stays");
            assertEquals(20, all(q, excluding(Map.of("facility", List.of("4")))).size());
            assertEquals(
                    10,
                    all(q, excluding(Map.of("app", List.of("sshd", "nginx"), "listener", List.of("syslog-udp"))))
                            .size(),
                    "several at once");
            EventFilter tcp = new EventFilter(
                    null, null, List.of(), List.of(), List.of(), null, null, List.of(), null, List.of("syslog-tcp"));
            assertEquals(20, all(q, tcp).size());
            EventFilter byReceipt = new EventFilter(
                    null,
                    null,
                    List.of(),
                    List.of(),
                    List.of(),
                    null,
                    null,
                    List.of(),
                    null,
                    List.of(),
                    received.plus(Duration.ofSeconds(10)),
                    received.plus(Duration.ofSeconds(15)),
                    null);
            List<LogEvent> window = all(q, byReceipt);
            assertEquals(5, window.size(), "received_from inclusive, received_to exclusive");
            assertEquals("event 14", window.get(0).getMessage());
            Map<String, Long> byHost = new HashMap<>();
            for (LogEvent e : events) byHost.merge(String.valueOf(e.getHost()), 1L, Long::sum);
            Map<String, Long> grouped = new HashMap<>();
            for (EventStats.Count c : q.groupBy(EventFilter.all(), "host", 10))
                grouped.put(String.valueOf(c.value()), c.count());
            assertEquals(
                    byHost,
                    grouped,
                    "events without a host count as one group (where NULL sorts among ties differs by database)");
            assertEquals(
                    List.of(new EventStats.Count("syslog-tcp", 20), new EventStats.Count("syslog-udp", 20)),
                    q.groupBy(EventFilter.all(), "listener", 10));
            assertEquals(
                    List.of(new EventStats.Count("192.0.2.0", 20), new EventStats.Count("192.0.2.1", 20)),
                    q.groupBy(EventFilter.all(), "source.ip", 10));
            assertEquals(
                    new EventStats.Count("daemon", 20),
                    q.groupBy(EventFilter.all(), "facility", 1).get(0),
                    "ties by code, labelled");
            assertEquals(List.of(new EventStats.Count("rfc3164", 40)), q.groupBy(EventFilter.all(), "format", 10));
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"h2", "postgresql", "mariadb", "lucene"})
    void textSearchIsContainsIgnoringCase(String kind) throws Exception {
        String[] messages = {
            "Accepted publickey for alice",
            "session opened for user ROOT",
            "a_b 100% done",
            "x",
            "ab",
            "needle-7f3a inside",
            "aneedle-7f3ab glued",
            "Grüße aus Köln",
            "two  spaces",
            "end with abc"
        };
        List<LogEvent> events = new ArrayList<>();
        for (int i = 0; i < messages.length; i++) {
            LogEvent e = new LogEvent();
            e.setTimestamp(T0.plus(Duration.ofSeconds(i)));
            e.setReceivedAt(Instant.now());
            e.setHost("h");
            e.setMessage(messages[i]);
            events.add(e);
        }
        try (TestStores.Loaded store = TestStores.loaded(kind, events)) {
            // (not an accented letter alone: MariaDB's default collation finds "o" for "ö")
            for (String text : List.of(
                    "publickey",
                    "PUBLICKEY",
                    "root",
                    "for",
                    "_",
                    "%",
                    "0%",
                    "a",
                    "ab",
                    "b",
                    "needle-7f3a",
                    "7f3ab",
                    "ße aus k",
                    "  ",
                    "abc",
                    "c",
                    "zzz",
                    "a_b 100% done!")) {
                long expected = Arrays.stream(messages)
                        .filter(m -> m.toLowerCase(Locale.ROOT).contains(text.toLowerCase(Locale.ROOT)))
                        .count();
                EventFilter f = new EventFilter(
                        null, null, List.of(), List.of(), List.of(), null, null, List.of(), text, List.of());
                assertEquals(expected, all(store.queries(), f).size(), "'" + text + "'");
            }
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"h2", "postgresql", "mariadb", "lucene"})
    void pagesThroughEqualTimestampsByIdAndCountsEdgeSegments(String kind) throws Exception {
        try (TestStores.Loaded store = TestStores.empty(kind)) {
            List<LogEvent> all = new ArrayList<>();
            for (int batch = 0; batch < 4; batch++) {
                List<LogEvent> events = new ArrayList<>();
                for (int i = 0; i < 25; i++) {
                    LogEvent e = new LogEvent();
                    e.setTimestamp(T0.plus(Duration.ofMinutes(batch * 10 + i / 5))); // five events share each minute
                    e.setReceivedAt(Instant.now());
                    e.setHost(HOSTS[(batch + i) % 3]);
                    e.setApp("app" + batch);
                    e.setSeverityCode(i % 8);
                    e.setMessage("batch " + batch + " event " + i);
                    events.add(e);
                }
                store.add(events);
                all.addAll(events);
            }
            Set<String> seen = new HashSet<>();
            PageCursor cursor = null;
            do {
                EventPage page = store.queries().find(EventFilter.all(), false, cursor, 3);
                for (StoredEvent e : page.events())
                    assertTrue(
                            seen.add(e.event().getMessage()),
                            "once: " + e.event().getMessage());
                cursor = page.next();
            } while (cursor != null);
            assertEquals(100, seen.size());
            // a range that starts and ends inside writes: counted event by event at the edges
            EventFilter range =
                    EventFilter.all().withRange(T0.plus(Duration.ofMinutes(2)), T0.plus(Duration.ofMinutes(32)));
            long inRange = all.stream()
                    .filter(e -> !e.getTimestamp().isBefore(range.from())
                            && e.getTimestamp().isBefore(range.to()))
                    .count();
            EventStats.Result r = store.queries().stats(range, range.to(), 600, 10);
            assertEquals(inRange, r.total());
            assertEquals(
                    inRange,
                    r.histogram().stream().mapToLong(EventStats.Bucket::count).sum());
            assertEquals(
                    inRange,
                    r.byHost().stream().mapToLong(EventStats.Count::count).sum());
            assertEquals(
                    List.of(
                            T0,
                            T0.plus(Duration.ofMinutes(10)),
                            T0.plus(Duration.ofMinutes(20)),
                            T0.plus(Duration.ofMinutes(30))),
                    r.histogram().stream().map(EventStats.Bucket::start).toList());
            assertEquals(
                    List.of(15L, 25L, 25L, 10L),
                    r.histogram().stream().map(EventStats.Bucket::count).toList());
            EventStats.Result whole = store.queries()
                    .stats(
                            EventFilter.all().withRange(T0, T0.plus(Duration.ofHours(1))),
                            T0.plus(Duration.ofHours(1)),
                            60,
                            10);
            assertEquals(100, whole.total());
            assertEquals(60, whole.histogram().size());
            assertEquals(
                    List.of(
                            new EventStats.Count("app0", 25),
                            new EventStats.Count("app1", 25),
                            new EventStats.Count("app2", 25),
                            new EventStats.Count("app3", 25)),
                    whole.byApp());
            EventFilter hostAndRange = new EventFilter(
                    range.from(),
                    range.to(),
                    List.of("web1"),
                    List.of(),
                    List.of(),
                    null,
                    3,
                    List.of(),
                    null,
                    List.of());
            long expected = all.stream()
                    .filter(e -> e.getHost().equals("web1")
                            && e.getSeverityCode() <= 3
                            && !e.getTimestamp().isBefore(range.from())
                            && e.getTimestamp().isBefore(range.to()))
                    .count();
            assertEquals(
                    expected,
                    store.queries().stats(hostAndRange, range.to(), 600, 10).total());
        }
    }
}
