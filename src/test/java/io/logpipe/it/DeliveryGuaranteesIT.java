package io.logpipe.it;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.logpipe.store.EventFilter;
import io.logpipe.store.EventPage;
import io.logpipe.store.PageCursor;
import io.logpipe.store.StoredEvent;
import io.logpipe.store.TcpProxy;
import io.logpipe.store.lucene.LuceneStore;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.openqa.selenium.By;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The delivery guarantees end to end, with PostgreSQL as the judge: rsyslog (omrelp) sends
 * numbered messages while logpipe is killed with SIGKILL and restarted twice; the database is cut
 * off for a minute mid-stream; a poison event goes to dead-letter and is replayed once the cause
 * is gone. The pipeline API's accounting must balance throughout.
 */
class DeliveryGuaranteesIT {
    static final ObjectMapper JSON = new ObjectMapper();
    static final String[] PG_PROPS = {
        "-Dlogpipe.db.url=" + DatabaseIT.PG, "-Dlogpipe.db.user=logpipe", "-Dlogpipe.db.password=logpipe"
    };

    static Path routes(String from, String to) throws Exception {
        Path routes = Files.createTempDirectory("dg-routes");
        Files.writeString(routes.resolve("store.yaml"), """
                - route:
                    id: store
                    from:
                      uri: "%s"
                      parameters: { port: "{{logpipe.syslog.port}}" }
                      steps:
                        - to: "%s"
                """.formatted(from, to));
        return routes;
    }

    /** A routes directory with one route: HTTP ingest (json) into db:events. */
    static Path ingestRoutes() throws Exception {
        Path routes = Files.createTempDirectory("dg-ingest");
        Files.writeString(routes.resolve("ingest.yaml"), """
                - route:
                    id: ingest-store
                    from:
                      uri: "ingest:json"
                      steps:
                        - to: "db:events"
                """);
        return routes;
    }

    static long distinct(String tag) throws Exception {
        return DatabaseIT.count("SELECT COUNT(DISTINCT message) FROM events WHERE app = ?", tag);
    }

    static JsonNode sink(PackagedApp app, String name) throws Exception {
        JsonNode p = JSON.readTree(app.http("GET", "/api/v1/pipeline", null).body());
        for (JsonNode s : p.get("sinks")) if (s.get("sink").asText().equals(name)) return s;
        throw new AssertionError("no sink " + name + " in " + p);
    }

    /**
     * The event store of a drill: the embedded Lucene index (the default) or H2 file under the app's
     * data directory, or PostgreSQL or MariaDB on this machine.
     */
    record Store(String kind, String[] props) {
        static Store of(String kind) {
            return switch (kind) {
                case "postgresql" -> new Store(kind, PG_PROPS);
                case "mariadb" ->
                    new Store(kind, new String[] {
                        "-Dlogpipe.db.url=" + MARIADB, "-Dlogpipe.db.user=logpipe", "-Dlogpipe.db.password=logpipe"
                    });
                case "h2" -> new Store(kind, new String[] {"-Dlogpipe.store=jdbc"});
                default -> new Store(kind, new String[0]);
            };
        }

        boolean embedded() {
            return kind.equals("h2") || kind.equals("lucene");
        }

        /**
         * Rows of the drill while the app runs (H2 is read through the stats API: its file is the
         * app's). 400 days back: the messages' RFC3164 time has no year, and is placed within the last year.
         */
        long rows(PackagedApp app, String tag) throws Exception {
            if (embedded()) {
                PackagedApp.Reply r = app.http("GET", "/api/v1/stats?app=" + tag + "&from=-400d&interval=24h", null);
                return r.status() == 200 ? JSON.readTree(r.body()).get("total").asLong() : 0;
            }
            return query(null, "SELECT COUNT(*) FROM events WHERE app = ?", tag);
        }

        /** COUNT(DISTINCT message) and COUNT(*); for the embedded stores only once the app has stopped. */
        long query(Path data, String sql, String tag) throws Exception {
            if (kind.equals("lucene")) return indexCount(data, sql.contains("DISTINCT"), tag);
            String url = switch (kind) {
                case "postgresql" -> DatabaseIT.PG;
                case "mariadb" -> MARIADB;
                default -> "jdbc:h2:file:" + data.resolve("db").resolve("logpipe");
            };
            try (Connection c = kind.equals("h2")
                            ? DriverManager.getConnection(url)
                            : DriverManager.getConnection(url, "logpipe", "logpipe");
                    PreparedStatement ps = c.prepareStatement(sql)) {
                ps.setString(1, tag);
                try (ResultSet rs = ps.executeQuery()) {
                    rs.next();
                    return rs.getLong(1);
                }
            } catch (SQLException e) {
                if ("42P01".equals(e.getSQLState()) || "42S02".equals(e.getSQLState()) || e.getErrorCode() == 1146)
                    return 0; // no table yet
                throw e;
            }
        }
    }

    /** The events of app {@code tag} in the index an app left in its data directory: all of them, or their distinct messages. */
    static long indexCount(Path data, boolean distinct, String tag) throws Exception {
        try (LuceneStore index = new LuceneStore(data.resolve("index"), 1000)) {
            EventFilter f = new EventFilter(
                    null, null, List.of(), List.of(tag), List.of(), null, null, List.of(), null, List.of());
            Set<String> messages = new HashSet<>();
            long rows = 0;
            PageCursor cursor = null;
            do {
                EventPage page = index.find(f, true, cursor, 5000);
                for (StoredEvent e : page.events()) {
                    rows++;
                    messages.add(e.event().getMessage());
                }
                cursor = page.next();
            } while (cursor != null);
            return distinct ? messages.size() : rows;
        }
    }

    static final String MARIADB =
            System.getProperty("logpipe.test.mariadb.url", "jdbc:mariadb://127.0.0.1:3306/logpipe_test");

    /**
     * rsyslog (omrelp) sends numbered messages while logpipe is killed with SIGKILL twice; every
     * number must be stored in the end, on the embedded index and each of the three databases. Before each kill the sink
     * reports how many it delivered: after the restart at least that many rows must be there (the
     * embedded H2 lost up to half a second of reported commits before WRITE_DELAY=0).
     */
    @ParameterizedTest
    @ValueSource(strings = {"lucene", "h2", "postgresql", "mariadb"})
    void killedTwiceWhileRsyslogSendsOverRelpNothingIsLost(String kind) throws Exception {
        Store store = Store.of(kind);
        int total = kind.equals("postgresql") ? 100_000 : 50_000;
        String tag = "crash" + UUID.randomUUID().toString().substring(0, 8);
        Path routes = routes("syslog:relp", "db:events");
        Path work = Files.createTempDirectory("rsyslog-crash");
        int in = PackagedApp.freePort();
        PackagedApp app = new PackagedApp(routes, store.props());
        int relpPort = app.syslogPort;
        Path data = app.data;
        Process rsyslog = RelpRsyslogIT.rsyslog(work, in, relpPort, "");
        try {
            RelpRsyslogIT.waitForPort(in);
            Thread sender = new Thread(() -> sendNumbered(in, tag, total));
            sender.start();
            long[] killedAt = new long[2];
            for (int round = 0; round < 2; round++) {
                long threshold = (round + 1) * total / 4;
                PackagedApp running = app;
                await().atMost(Duration.ofSeconds(120)).until(() -> store.rows(running, tag) >= threshold);
                long reported = sink(app, "db:events").get("delivered").asLong();
                app.kill9();
                Thread.sleep(500);
                app = new PackagedApp(routes, relpPort, concat(store.props(), "-Dlogpipe.data.dir=" + data));
                killedAt[round] = store.rows(app, tag);
                if (round == 0)
                    assertTrue(
                            killedAt[0] >= reported,
                            kind + ": the sink reported " + reported + " delivered before kill -9, the store has "
                                    + killedAt[0]);
            }
            sender.join();
            PackagedApp last = app;
            long[] seen = {-1};
            await().atMost(Duration.ofSeconds(240))
                    .pollInterval(Duration.ofSeconds(3))
                    .until(() -> {
                        // every number in (rows count duplicates too), nothing queued, and rsyslog done resending
                        long rows = store.rows(last, tag);
                        boolean settled = rows >= total
                                && rows == seen[0]
                                && sink(last, "db:events").get("queued").asLong() == 0;
                        seen[0] = rows;
                        return settled;
                    });
            assertTrue(killedAt[1] < total, "the second kill must fall in the middle of the stream");
            JsonNode s = sink(last, "db:events");
            assertTrue(s.get("balanced").asBoolean(), s.toString());
            last.close();
            long distinct = store.query(data, "SELECT COUNT(DISTINCT message) FROM events WHERE app = ?", tag);
            long rows = store.query(data, "SELECT COUNT(*) FROM events WHERE app = ?", tag);
            System.out.printf(
                    "kill -9 drill (%s): %d and %d rows when killed; %d of %d numbers stored, %d duplicate rows (at-least-once)%n",
                    kind, killedAt[0], killedAt[1], distinct, total, rows - distinct);
            assertEquals(total, distinct, kind + ": numbers missing after two kill -9");
        } finally {
            rsyslog.destroy();
            rsyslog.waitFor();
            app.close();
        }
    }

    /**
     * HTTP ingest into the embedded default while logpipe is killed with SIGKILL: every request
     * answered 200 must be in the store after the restart.
     */
    @Test
    void killedWhileHttpClientsIngestEveryAcknowledgedLineIsStored() throws Exception {
        String tag = "ingestcrash" + UUID.randomUUID().toString().substring(0, 6);
        Path routes = ingestRoutes();
        PackagedApp app = new PackagedApp(routes);
        Path data = app.data;
        Set<Integer> acknowledged = ConcurrentHashMap.newKeySet();
        try {
            int n = 0;
            for (int round = 0; round < 2; round++) {
                PackagedApp current = app;
                AtomicBoolean killed = new AtomicBoolean();
                AtomicInteger next = new AtomicInteger(n);
                Thread client = new Thread(() -> {
                    while (!killed.get()) {
                        int first = next.getAndAdd(200);
                        StringBuilder body = new StringBuilder();
                        for (int i = first; i < first + 200; i++) {
                            body.append("{\"host\":\"api1\",\"app\":\"")
                                    .append(tag)
                                    .append("\",\"message\":\"number ")
                                    .append(i)
                                    .append(" x\"}\n");
                        }
                        try {
                            if (current.http("POST", "/api/v1/ingest", body.toString())
                                            .status()
                                    == 200) {
                                for (int i = first; i < first + 200; i++) acknowledged.add(i);
                            }
                        } catch (IOException refused) {
                            // killed mid-request: not acknowledged
                        }
                    }
                });
                client.start();
                int startedAt = n;
                await().atMost(Duration.ofSeconds(60)).until(() -> next.get() > startedAt + 10_000);
                current.kill9();
                killed.set(true);
                client.join(10_000);
                n = next.get();
                app = new PackagedApp(routes, "-Dlogpipe.data.dir=" + data);
            }
            PackagedApp last = app;
            await().atMost(Duration.ofSeconds(60))
                    .until(() -> sink(last, "db:events").get("queued").asLong() == 0);
            Set<Integer> stored = DiskFullIT.stored(last, tag);
            List<Integer> missing = acknowledged.stream()
                    .filter(i -> !stored.contains(i))
                    .sorted()
                    .limit(10)
                    .toList();
            System.out.printf(
                    "kill -9 drill (HTTP ingest, embedded default): %d lines acknowledged with 200 over two kills, %d stored%n",
                    acknowledged.size(), stored.size());
            assertTrue(missing.isEmpty(), "acknowledged but not stored: " + missing);
        } finally {
            app.close();
        }
    }

    static String[] concat(String[] a, String... b) {
        String[] out = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }

    /** Numbered messages into rsyslog's TCP input, about 10,000 a second. */
    /**
     * At most 5,000 a second, so the stream outlasts a restart: at 10,000 a second a slow restart
     * let rsyslog deliver the whole rest at once, and the second kill came after the end.
     */
    static void sendNumbered(int port, String tag, int total) {
        Rsyslog.feed(port, total, 500, 100, i -> "<134>Nov 22 10:00:00 crashhost " + tag + ": number " + i);
    }

    @Test
    void aMinuteWithoutTheDatabaseLosesNothing() throws Exception {
        int pgPort = URI.create(DatabaseIT.PG.substring(5)).getPort();
        String tag = "outage" + UUID.randomUUID().toString().substring(0, 8);
        try (TcpProxy proxy = new TcpProxy("127.0.0.1", pgPort)) {
            proxy.up();
            String url = "jdbc:postgresql://127.0.0.1:" + proxy.port() + "/logpipe_test";
            try (PackagedApp app = new PackagedApp(
                    routes("syslog:tcp", "db:events"),
                    "-Dlogpipe.db.url=" + url,
                    "-Dlogpipe.db.user=logpipe",
                    "-Dlogpipe.db.password=logpipe",
                    "-Dlogpipe.health.sink-down-after-seconds=20")) {
                DatabaseIT.send(app, tag, 0, 1000);
                await().atMost(Duration.ofSeconds(30)).until(() -> distinct(tag) == 1000);
                proxy.down();
                long downAt = System.nanoTime();
                for (int part = 0; part < 6; part++) { // 3000 messages spread over the minute
                    DatabaseIT.send(app, tag, 1000 + part * 500, 1500 + part * 500);
                    Thread.sleep(8000);
                }
                JsonNode during = sink(app, "db:events");
                assertTrue(during.get("queued").asLong() > 0, during.toString());
                assertTrue(during.get("oldest_age_ms").asLong() > 30_000, during.toString());
                assertTrue(!during.get("last_error").isNull(), during.toString());
                assertTrue(during.get("balanced").asBoolean(), during.toString());
                // unreachable for longer than logpipe.health.sink-down-after-seconds: not ready, and why
                PackagedApp.Reply ready = app.http("GET", "/q/health/ready", null);
                assertEquals(503, ready.status(), ready.body());
                assertTrue(
                        ready.body().contains("sink db:events") && ready.body().contains("no delivery for"),
                        ready.body());
                assertEquals(200, app.http("GET", "/q/health/live", null).status());
                while (System.nanoTime() - downAt < Duration.ofSeconds(60).toNanos()) Thread.sleep(500);
                proxy.up();
                DatabaseIT.send(app, tag, 4000, 5000);
                await().atMost(Duration.ofSeconds(90)).until(() -> distinct(tag) == 5000);
                await().atMost(Duration.ofSeconds(10))
                        .until(() -> sink(app, "db:events").get("queued").asLong() == 0);
                assertEquals(
                        200,
                        app.http("GET", "/q/health/ready", null).status(),
                        "ready again once the database is back");
                JsonNode after = sink(app, "db:events");
                assertTrue(after.get("balanced").asBoolean(), after.toString());
                assertEquals(0, after.get("dropped").size(), after.toString());
                assertTrue(after.get("retried").asLong() > 0, after.toString());
                // stage by stage: every line received was decoded, routed and enqueued once
                JsonNode listener = JSON.readTree(
                                app.http("GET", "/api/v1/pipeline", null).body())
                        .get("listeners")
                        .get(0);
                long decoded = 0;
                for (JsonNode n : listener.get("decoded")) decoded += n.asLong();
                assertEquals(5000, listener.get("received").asLong(), listener.toString());
                assertEquals(5000, decoded + listener.get("parse_errors").asLong(), listener.toString());
                assertEquals(5000, listener.get("routed").asLong(), listener.toString());
                assertEquals(5000, after.get("received").asLong(), after.toString());
            }
        }
    }

    @Test
    void aPoisonEventIsDeadLetteredAndReplayedAfterTheFix() throws Exception {
        String tag = "poison" + UUID.randomUUID().toString().substring(0, 8);
        try (PackagedApp app = new PackagedApp(routes("syslog:tcp", "db:events"), PG_PROPS)) {
            DatabaseIT.send(app, tag, 0, 10); // creates the table
            await().atMost(Duration.ofSeconds(30)).until(() -> distinct(tag) == 10);
            try (Connection c = DatabaseIT.pg();
                    Statement st = c.createStatement()) {
                st.execute("ALTER TABLE events ADD CONSTRAINT no_" + tag + " CHECK (message <> 'venom " + tag + "')");
            }
            try {
                Process p = new ProcessBuilder(
                                "logger",
                                "-n",
                                "127.0.0.1",
                                "-P",
                                String.valueOf(app.syslogPort),
                                "--tcp",
                                "-t",
                                tag,
                                "venom " + tag)
                        .start();
                assertEquals(0, p.waitFor());
                DatabaseIT.send(app, tag, 10, 20);
                await().atMost(Duration.ofSeconds(30)).until(() -> distinct(tag) == 20);
                await().atMost(Duration.ofSeconds(10))
                        .until(() -> sink(app, "db:events").get("dead_letters").asLong() == 1);
                JsonNode dead = JSON.readTree(app.http("GET", "/api/v1/deadletter?sink=db:events", null)
                                .body())
                        .get("dead_letters")
                        .get(0);
                assertTrue(dead.get("error").asText().contains("no_" + tag), dead.toString());
                assertEquals("venom " + tag, dead.get("event").get("message").asText());
                assertTrue(sink(app, "db:events").get("balanced").asBoolean());
            } finally {
                try (Connection c = DatabaseIT.pg();
                        Statement st = c.createStatement()) {
                    st.execute("ALTER TABLE events DROP CONSTRAINT IF EXISTS no_" + tag); // the cause removed
                }
            }
            replayInTheConsole(app, tag);
            await().atMost(Duration.ofSeconds(10)).until(() -> distinct(tag) == 21);
            JsonNode s = sink(app, "db:events");
            assertEquals(0, s.get("dead_letters").asLong());
            assertTrue(s.get("balanced").asBoolean(), s.toString());
            try (Connection c = DatabaseIT.pg();
                    Statement st = c.createStatement();
                    ResultSet rs = st.executeQuery("SELECT COUNT(*) FROM events WHERE message = 'venom " + tag + "'")) {
                rs.next();
                assertEquals(1, rs.getLong(1));
            }
        }
    }

    /** The pipeline page lists the dead letter with its error and replays it (in Chromium; by the API where there is none). */
    static void replayInTheConsole(PackagedApp app, String tag) throws Exception {
        if (!ConsoleBrowser.available()) {
            PackagedApp.Reply replay = app.http("POST", "/api/v1/deadletter/replay?sink=db:events", "");
            assertEquals(200, replay.status(), replay.body());
            assertTrue(replay.body().contains("\"replayed\":1"), replay.body());
            return;
        }
        try (ConsoleBrowser b = new ConsoleBrowser()) {
            b.signedIn("http://127.0.0.1:" + app.httpPort + "/pipeline");
            WebDriverWait wait = new WebDriverWait(b.driver, Duration.ofSeconds(10));
            wait.ignoring(StaleElementReferenceException.class);
            wait.until(d -> d.findElements(By.cssSelector("#sinks-table button")).stream()
                    .anyMatch(x -> x.getText().equals("Show")));
            b.driver.findElements(By.cssSelector("#sinks-table button")).stream()
                    .filter(x -> x.getText().equals("Show"))
                    .findFirst()
                    .orElseThrow()
                    .click();
            WebElement row = wait.until(d -> d.findElements(By.cssSelector("#deadletters-table tbody tr")).stream()
                    .filter(r ->
                            r.getText().contains("no_" + tag) && r.getText().contains("venom " + tag))
                    .findFirst()
                    .orElse(null));
            row.click();
            wait.until(d ->
                    d.findElement(By.id("deadletter-json")).getText().contains("\"message\": \"venom " + tag + "\""));
            b.shot("pipeline-dead-letters");
            b.driver.findElements(By.cssSelector("#sinks-table button")).stream()
                    .filter(x -> x.getText().equals("Replay"))
                    .findFirst()
                    .orElseThrow()
                    .click();
            wait.until(d -> d.findElement(By.id("pipeline-status")).getText().contains("\"replayed\":1"));
        }
    }
}
