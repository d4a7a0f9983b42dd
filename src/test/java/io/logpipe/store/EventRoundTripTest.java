package io.logpipe.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.logpipe.event.EventJson;
import io.logpipe.event.LogEvent;
import io.logpipe.event.Source;
import java.sql.Connection;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Every contract field survives a write and a read, the same on H2, PostgreSQL, MariaDB and the Lucene index. */
class EventRoundTripTest {
    static LogEvent full() {
        LogEvent e = new LogEvent();
        e.setTimestamp(Instant.parse("2026-03-01T08:11:12.123456Z"));
        e.setReceivedAt(Instant.parse("2026-03-01T08:11:13.000001Z"));
        e.setFormat("rfc5424");
        e.setFacilityCode(10);
        e.setSeverityCode(3);
        e.setHost("mymachine.example.com");
        e.setApp("su");
        e.setProcid("4711");
        e.setMsgid("ID47");
        e.setMessage("'su root' failed for lonvick on /dev/pts/8 — Grüße 日本語 🚀");
        Map<String, Map<String, String>> sd = new LinkedHashMap<>();
        sd.put(
                "exampleSDID@32473",
                new LinkedHashMap<>(Map.of("iut", "3", "eventSource", "Application", "eventID", "1011")));
        sd.put("examplePriority@32473", new LinkedHashMap<>(Map.of("class", "high \"quoted\" ]\\ value")));
        e.setStructuredData(sd);
        e.setSource(new Source("192.0.2.7", 51514, "syslog-tcp", "CN=sender.example.com"));
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("truncated", true);
        fields.put("original_length", 70000);
        fields.put("list", List.of("a", "b"));
        e.setFields(fields);
        e.setRaw("<82>1 2026-03-01T08:11:12.123456Z mymachine.example.com su 4711 ID47 - 'su root' failed");
        return e;
    }

    @ParameterizedTest
    @ValueSource(strings = {"h2", "postgresql", "mariadb", "lucene"})
    void everyFieldRoundTrips(String kind) throws Exception {
        try (TestStores.Loaded store = TestStores.empty(kind)) {
            LogEvent raw = LogEvent.raw(
                    "garbage \u0001 line",
                    "no PRI and no text",
                    Instant.parse("2026-03-01T09:00:00Z"),
                    new Source("198.51.100.1", 0, "syslog-udp", null));
            store.add(List.of(full(), raw));
            List<StoredEvent> rows =
                    store.queries().find(EventFilter.all(), true, null, 10).events();
            assertEquals(2, rows.size());
            // compared as JSON trees: PostgreSQL's jsonb keeps its own key order
            assertEquals(tree(full()), tree(rows.get(0).event()));
            assertEquals(tree(raw), tree(rows.get(1).event()));
            assertNull(rows.get(1).event().getStructuredData());
        }
    }

    @org.junit.jupiter.api.Test
    void copyAndJdbcBatchStoreTheSameOnPostgresql() throws Exception {
        try (Database db = new Database(TestDatabases.fresh("postgresql"))) {
            LogEvent empty = full();
            empty.setMessage("");
            empty.setHost("with \"quotes\", commas\nand a newline");
            empty.setFields(null);
            try (Connection c = db.connection()) {
                new PgCopyInserter().insert(c, List.of(full(), empty));
                new JdbcBatchInserter(db.dialect()).insert(c, List.of(full(), empty));
            }
            List<StoredEvent> rows =
                    new EventSearch(db).find(EventFilter.all(), true, null, 10).events();
            assertEquals(4, rows.size());
            assertEquals(tree(rows.get(0).event()), tree(rows.get(2).event()));
            assertEquals(tree(rows.get(1).event()), tree(rows.get(3).event()));
            assertEquals("", rows.get(1).event().getMessage(), "empty string stays empty, not NULL");
            assertEquals(tree(empty), tree(rows.get(1).event()));
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"h2", "postgresql", "mariadb", "lucene"})
    void injectionStringsAreStoredVerbatim(String kind) throws Exception {
        List<String> hostile = List.of(
                "'); DROP TABLE events;--",
                "\\'; DELETE FROM events; --",
                "%_!' OR '1'='1",
                "\"; SELECT pg_sleep(10); --",
                "${jndi:ldap://x}",
                "\\.",
                "line\n\\.\nafter",
                "tab\there \"q\" ,comma");
        try (TestStores.Loaded store = TestStores.empty(kind)) {
            List<LogEvent> events = new ArrayList<>();
            for (String s : hostile) {
                LogEvent e = full();
                e.setMessage(s);
                e.setHost(s);
                e.setApp(s);
                e.setStructuredData(Map.of("x@1", Map.of("p", s)));
                events.add(e);
            }
            store.add(events);
            List<StoredEvent> rows =
                    store.queries().find(EventFilter.all(), true, null, 10).events();
            assertEquals(hostile.size(), rows.size());
            for (int i = 0; i < hostile.size(); i++) {
                assertEquals(hostile.get(i), rows.get(i).event().getMessage());
                assertEquals(hostile.get(i), rows.get(i).event().getHost());
                assertEquals(
                        hostile.get(i),
                        rows.get(i).event().getStructuredData().get("x@1").get("p"));
            }
            // the text filter treats LIKE wildcards as plain characters
            EventFilter text = new EventFilter(
                    null, null, List.of(), List.of(), List.of(), null, null, List.of(), "%_!'", List.of());
            assertEquals(1, store.queries().find(text, true, null, 10).events().size());
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"h2", "postgresql", "mariadb"})
    void nulIsReplacedAndLongColumnsAreCut(String kind) throws Exception {
        try (Database db = new Database(TestDatabases.fresh(kind))) {
            LogEvent e = full();
            e.setMessage("before\0after");
            e.setHost("h".repeat(300));
            e.setStructuredData(Map.of("x@1", Map.of("p", "nul\0inside")));
            write(db, List.of(e));
            LogEvent back = new EventSearch(db)
                    .find(EventFilter.all(), true, null, 1)
                    .events()
                    .get(0)
                    .event();
            assertEquals("before\uFFFDafter", back.getMessage());
            assertEquals(255, back.getHost().length());
            assertEquals("nul\uFFFDinside", back.getStructuredData().get("x@1").get("p"));
        }
    }

    static JsonNode tree(LogEvent e) throws Exception {
        return new ObjectMapper().readTree(EventJson.toJson(e));
    }

    static void write(Database db, List<LogEvent> events) throws Exception {
        try (Connection c = db.connection()) {
            EventInserter.of(db.dialect()).insert(c, events);
        }
    }
}
