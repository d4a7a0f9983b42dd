package io.logpipe.api;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.everyItem;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.lessThanOrEqualTo;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.logpipe.event.LogEvent;
import io.logpipe.store.EventInserter;
import io.logpipe.store.EventStore;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.restassured.path.json.JsonPath;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.hamcrest.Matchers;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The query API over known data in the embedded database: filters, pages, stats and 400s. */
@QuarkusTest
class QueryApiTest {
    static final Instant T0 = Instant.parse("2026-11-20T10:00:00Z");
    /** receive times relative to now, so retention (30 days by receive time) never applies whatever the date */
    static final Instant RECEIVED = Instant.now().truncatedTo(ChronoUnit.HOURS).minus(Duration.ofHours(10));

    @Inject
    EventStore store;

    /** Every request of this class carries the test profile's read token (the API refuses requests without one). */
    @org.junit.jupiter.api.BeforeAll
    static void readToken() {
        RestAssured.replaceFiltersWith((req, res, ctx) -> {
            if (!req.getHeaders().hasHeaderWithName("Authorization"))
                req.header("Authorization", "Bearer " + ApiAuthTest.READER);
            return ctx.next(req, res);
        });
    }

    @org.junit.jupiter.api.AfterAll
    static void noToken() {
        RestAssured.replaceFiltersWith(List.of());
    }

    @BeforeEach
    void load() throws Exception {
        List<LogEvent> events = new ArrayList<>();
        String[] hosts = {"web1", "web2", "db1"};
        for (int i = 0; i < 60; i++) {
            LogEvent e = new LogEvent();
            e.setTimestamp(T0.plus(Duration.ofMinutes(i)));
            e.setReceivedAt(
                    i < 30
                            ? RECEIVED.plusSeconds(i)
                            : RECEIVED.plus(Duration.ofHours(3)).plusSeconds(i)); // half of them arrived 3 h later
            e.setFormat("rfc3164");
            e.setHost(hosts[i % 3]);
            e.setApp(i % 2 == 0 ? "sshd" : "cron");
            e.setFacilityCode(i % 2 == 0 ? 10 : 9);
            e.setSeverityCode(i % 8);
            e.setMessage(i % 6 == 0 ? "Failed password for root from 10.0.0." + i : "session opened " + i);
            events.add(e);
        }
        clear();
        add(events);
    }

    /** Empties the store the test profile runs on (the embedded default, or a database). */
    void clear() throws Exception {
        if (store.isLucene()) {
            store.index().clear();
            return;
        }
        try (Connection c = store.database().connection();
                Statement s = c.createStatement()) {
            s.execute("DELETE FROM events");
        }
    }

    void add(List<LogEvent> events) throws Exception {
        if (store.isLucene()) {
            assertTrue(store.index().write(events).isEmpty());
            return;
        }
        try (Connection c = store.database().connection()) {
            EventInserter.of(store.database().dialect()).insert(c, events);
        }
    }

    /** A sender whose clock runs two hours fast: events and stats agree on "the last hour", and stats says what lies past its chart. */
    @Test
    void eventsAndStatsHaveTheSameDefaultEndAndFieldKeysAreListed() throws Exception {
        Instant now = Instant.now();
        List<LogEvent> recent = new ArrayList<>();
        for (Instant t : List.of(now.minus(Duration.ofMinutes(10)), now.plus(Duration.ofHours(2)))) {
            LogEvent e = new LogEvent();
            e.setTimestamp(t);
            e.setReceivedAt(now);
            e.setFormat("rfc3164");
            e.setHost("fast-clock");
            e.setApp("sshd");
            e.setMessage("Failed password for root from 203.0.113.9 port 22 ssh2");
            e.setFields(new LinkedHashMap<>(
                    Map.of("src_ip", "203.0.113.9", "outcome", "failure", "geo", Map.of("country", "NL"))));
            recent.add(e);
        }
        add(recent);
        given().queryParam("from", "-1h")
                .get("/api/v1/events")
                .then()
                .statusCode(200)
                .body("count", equalTo(2));
        given().queryParam("from", "-1h")
                .get("/api/v1/stats")
                .then()
                .statusCode(200)
                .body("total", equalTo(2))
                .body("after_to", equalTo(1));
        given().queryParam("from", "-1h")
                .queryParam("to", "now")
                .get("/api/v1/stats")
                .then()
                .body("total", equalTo(1))
                .body("after_to", nullValue());
        given().queryParam("from", "-1h")
                .queryParam("not_fields.outcome", "failure")
                .get("/api/v1/events")
                .then()
                .body("count", equalTo(0));
        given().queryParam("host", "fast-clock")
                .get("/api/v1/fields")
                .then()
                .statusCode(200)
                .body("sampled", equalTo(2))
                .body("keys.key", equalTo(List.of("fields.geo.country", "fields.outcome", "fields.src_ip")))
                .body("keys[0].count", equalTo(2));
        given().queryParam("sample", "0").get("/api/v1/fields").then().statusCode(400);
    }

    @Test
    void filtersCombine() {
        given().queryParam("host", "web1")
                .queryParam("app", "sshd")
                .when()
                .get("/api/v1/events")
                .then()
                .statusCode(200)
                .body("count", equalTo(10))
                .body("events.host", everyItem(equalTo("web1")))
                .body("events.app", everyItem(equalTo("sshd")));
        given().queryParam("min_severity", "warning")
                .get("/api/v1/events")
                .then()
                .body("events.severity_code", everyItem(lessThanOrEqualTo(4)))
                .body("count", equalTo(39));
        given().queryParam("severity", "err")
                .get("/api/v1/events")
                .then()
                .body("count", equalTo(8))
                .body("events.severity", everyItem(equalTo("err")));
        given().queryParam("facility", "authpriv").get("/api/v1/events").then().body("count", equalTo(30));
        given().queryParam("q", "FAILED password").get("/api/v1/events").then().body("count", equalTo(10));
        given().queryParam("host", "web1,web2").get("/api/v1/events").then().body("count", equalTo(40));
        given().queryParam("from", "2026-11-20T10:10:00Z")
                .queryParam("to", "2026-11-20T10:20:00Z")
                .get("/api/v1/events")
                .then()
                .body("count", equalTo(10))
                .body("events[0].timestamp", equalTo("2026-11-20T10:19:00Z"));
        given().queryParam("from", "2026-11-20")
                .queryParam("order", "asc")
                .queryParam("limit", 1)
                .get("/api/v1/events")
                .then()
                .body("events[0].timestamp", equalTo("2026-11-20T10:00:00Z"))
                .body("events[0].id", equalTo(idOfOldest()));
    }

    @Test
    void filtersOnReceiveTimeAsWellAsEventTime() {
        String twoHoursIn = RECEIVED.plus(Duration.ofHours(2)).toString();
        given().queryParam("received_from", twoHoursIn)
                .get("/api/v1/events")
                .then()
                .statusCode(200)
                .body("count", equalTo(30));
        given().queryParam("received_from", RECEIVED.toString())
                .queryParam("received_to", RECEIVED.plus(Duration.ofHours(1)).toString())
                .queryParam("host", "web1")
                .get("/api/v1/events")
                .then()
                .body("count", equalTo(10));
        given().queryParam("from", "2026-11-20")
                .queryParam("to", "2026-11-21")
                .queryParam("received_from", twoHoursIn)
                .get("/api/v1/stats")
                .then()
                .statusCode(200)
                .body("total", equalTo(30));
        given().queryParam("received_from", twoHoursIn)
                .queryParam("received_to", RECEIVED.toString())
                .get("/api/v1/events")
                .then()
                .statusCode(400)
                .body("error", containsString("received_from"));
    }

    @Test
    void exportStreamsTheSearchAsNdjsonOrCsv() {
        String ndjson = given().queryParam("host", "web1")
                .get("/api/v1/export")
                .then()
                .statusCode(200)
                .header("Content-Disposition", containsString("logpipe-export.ndjson"))
                .extract()
                .asString();
        assertEquals(20, ndjson.lines().count());
        assertTrue(ndjson.lines().allMatch(l -> l.startsWith("{") && l.contains("\"host\":\"web1\"")));
        String csv = given().queryParam("as", "csv")
                .queryParam("limit", 5)
                .get("/api/v1/export")
                .then()
                .statusCode(200)
                .extract()
                .asString();
        List<String> lines = csv.lines().toList();
        assertEquals("timestamp,received_at,host,app,procid,facility,severity,source_ip,message", lines.get(0));
        assertEquals(6, lines.size(), "the limit holds: " + csv);
        assertEquals(
                "\"'=HYPERLINK(1)\"", ExportResource.csvField("=HYPERLINK(1)"), "no formula runs in a spreadsheet");
        assertEquals("\"a,\"\"b\"\"\"", ExportResource.csvField("a,\"b\""));
        given().queryParam("as", "xml").get("/api/v1/export").then().statusCode(400);
    }

    @Test
    void valuesCanBeExcluded() {
        given().queryParam("not_host", "web1")
                .get("/api/v1/events")
                .then()
                .statusCode(200)
                .body("count", equalTo(40))
                .body("events.host", everyItem(Matchers.not("web1")));
        given().queryParam("not_host", "web1,web2")
                .queryParam("not_app", "cron")
                .get("/api/v1/events")
                .then()
                .body("count", equalTo(10));
        given().queryParam("not_facility", "authpriv")
                .get("/api/v1/events")
                .then()
                .body("count", equalTo(30));
        given().queryParam("from", "2026-11-20")
                .queryParam("to", "2026-11-21")
                .queryParam("not_severity", "err")
                .get("/api/v1/stats")
                .then()
                .body("total", equalTo(52));
        given().queryParam("not_facility", "nonsense")
                .get("/api/v1/events")
                .then()
                .statusCode(400);
    }

    @Test
    void statsGroupByAnyField() {
        given().queryParam("from", "2026-11-20")
                .queryParam("to", "2026-11-21")
                .queryParam("group_by", "host,severity")
                .get("/api/v1/stats")
                .then()
                .statusCode(200)
                .body("by.host.size()", equalTo(3))
                .body("by.host[0].count", equalTo(20))
                .body("by.severity.find { it.value == 'err' }.count", equalTo(8));
        given().queryParam("group_by", "nope")
                .get("/api/v1/stats")
                .then()
                .statusCode(400)
                .body("error", containsString("group_by 'nope'"));
        // an extracted field no event has: no values, not an error
        given().queryParam("group_by", "fields.nope")
                .get("/api/v1/stats")
                .then()
                .statusCode(200)
                .body("by.'fields.nope'.size()", equalTo(0));
        given().queryParam("fields.nope", "x")
                .get("/api/v1/events")
                .then()
                .statusCode(200)
                .body("count", equalTo(0));
        given().queryParam("fields.bad key", "x")
                .get("/api/v1/events")
                .then()
                .statusCode(400)
                .body("error", containsString("unknown parameter 'fields.bad key'"));
    }

    private int idOfOldest() {
        return given().queryParam("order", "asc")
                .queryParam("limit", 1)
                .get("/api/v1/events")
                .jsonPath()
                .getInt("events[0].id");
    }

    @Test
    void cursorPagesThroughEverythingOnce() {
        Set<Integer> ids = new HashSet<>();
        String cursor = null;
        int pages = 0;
        do {
            var req = given().queryParam("limit", 25);
            if (cursor != null) req = req.queryParam("cursor", cursor);
            JsonPath page =
                    req.get("/api/v1/events").then().statusCode(200).extract().jsonPath();
            ids.addAll(page.getList("events.id", Integer.class));
            cursor = page.getString("next_cursor");
            pages++;
        } while (cursor != null);
        assertEquals(60, ids.size());
        assertEquals(3, pages);
    }

    @Test
    void statsCountAndBucket() {
        given().queryParam("from", "2026-11-20T10:00:00Z")
                .queryParam("to", "2026-11-20T11:00:00Z")
                .queryParam("interval", "15m")
                .get("/api/v1/stats")
                .then()
                .statusCode(200)
                .body("total", equalTo(60))
                .body("by_host", hasSize(3))
                .body("by_host[0].count", equalTo(20))
                .body("by_app.value", equalTo(List.of("cron", "sshd")))
                .body("by_facility.value", equalTo(List.of("cron", "authpriv")))
                .body("by_severity", hasSize(8))
                .body("histogram.interval_seconds", equalTo(900))
                .body("histogram.buckets.count", equalTo(List.of(15, 15, 15, 15)))
                .body("histogram.buckets[0].start", equalTo("2026-11-20T10:00:00Z"));
        given().queryParam("from", "2026-11-20T10:00:00Z")
                .queryParam("to", "2026-11-20T11:00:00Z")
                .queryParam("host", "db1")
                .get("/api/v1/stats")
                .then()
                .body("total", equalTo(20))
                .body("histogram.interval_seconds", equalTo(60));
    }

    @Test
    void badInputIsA400WithAMessage() {
        given().queryParam("from", "yesterday-ish")
                .get("/api/v1/events")
                .then()
                .statusCode(400)
                .body("error", containsString("from: cannot read 'yesterday-ish'"));
        given().queryParam("limit", 1001)
                .get("/api/v1/events")
                .then()
                .statusCode(400)
                .body("error", containsString("limit must be between 1 and 1000"));
        given().queryParam("limit", "ten")
                .get("/api/v1/events")
                .then()
                .statusCode(400)
                .body("error", containsString("not a number"));
        given().queryParam("hots", "web1")
                .get("/api/v1/events")
                .then()
                .statusCode(400)
                .body("error", containsString("unknown parameter 'hots'"));
        given().queryParam("severity", "loud")
                .get("/api/v1/events")
                .then()
                .statusCode(400)
                .body("error", containsString("severity: unknown 'loud'"));
        given().queryParam("facility", "kitchen")
                .get("/api/v1/events")
                .then()
                .statusCode(400)
                .body("error", containsString("facility: unknown"));
        given().queryParam("cursor", "bm90LWEtY3Vyc29y")
                .get("/api/v1/events")
                .then()
                .statusCode(400)
                .body("error", containsString("cursor"));
        given().queryParam("order", "sideways")
                .get("/api/v1/events")
                .then()
                .statusCode(400)
                .body("error", containsString("order must be asc or desc"));
        given().queryParam("from", "2026-11-21")
                .queryParam("to", "2026-11-20")
                .get("/api/v1/events")
                .then()
                .statusCode(400)
                .body("error", containsString("must be before"));
        given().queryParam("limit", 2)
                .queryParam("from", "2026-11-20")
                .get("/api/v1/events")
                .then()
                .statusCode(200);
        String cursor =
                given().queryParam("limit", 2).get("/api/v1/events").jsonPath().getString("next_cursor");
        given().queryParam("cursor", cursor)
                .queryParam("order", "asc")
                .get("/api/v1/events")
                .then()
                .statusCode(400)
                .body("error", containsString("keep the order"));
        given().queryParam("interval", "1s")
                .queryParam("from", "-7d")
                .get("/api/v1/stats")
                .then()
                .statusCode(400)
                .body("error", containsString("buckets"));
        given().queryParam("interval", "fortnight")
                .get("/api/v1/stats")
                .then()
                .statusCode(400)
                .body("error", containsString("interval"));
        given().queryParam("limit", 5)
                .get("/api/v1/stats")
                .then()
                .statusCode(400)
                .body("error", containsString("unknown parameter 'limit'"));
        given().queryParam("from", "-1h")
                .get("/api/v1/events")
                .then()
                .statusCode(200)
                .body("next_cursor", nullValue());
    }
}
