package io.logpipe.it;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.logpipe.store.TcpProxy;
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
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * The packaged app storing into the real PostgreSQL through a proxy that the test cuts: logger
 * sends over TCP before, during and after the outage, and psql's view (JDBC here) holds every
 * message; the query API answers from the same rows.
 */
class DatabaseIT {
    static final String PG = System.getProperty("logpipe.test.pg.url", "jdbc:postgresql://127.0.0.1:5432/logpipe_test");

    static Connection pg() throws SQLException {
        return DriverManager.getConnection(PG, "logpipe", "logpipe");
    }

    static long count(String sql, String tag) throws SQLException {
        try (Connection c = pg();
                PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setString(1, tag);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        } catch (SQLException e) {
            if ("42P01".equals(e.getSQLState())) return 0; // table not created yet
            throw e;
        }
    }

    static void send(PackagedApp app, String tag, int from, int to) throws Exception {
        Path lines = Files.createTempFile("lines", ".txt");
        List<String> text = new ArrayList<>();
        for (int i = from; i < to; i++) text.add("number " + i + " of " + tag);
        Files.write(lines, text);
        Process p = new ProcessBuilder(
                        "logger",
                        "-n",
                        "127.0.0.1",
                        "-P",
                        String.valueOf(app.syslogPort),
                        "--tcp",
                        "--octet-count",
                        "-t",
                        tag,
                        "-p",
                        "local3.info",
                        "-f",
                        lines.toString())
                .redirectErrorStream(true)
                .start();
        String out = new String(p.getInputStream().readAllBytes());
        assertEquals(0, p.waitFor(), out);
    }

    @Test
    void shutdownWritesWhatIsQueued() throws Exception {
        // a sink that would hold events for a minute: only the shutdown drain can write them in time
        Path routes = Files.createTempDirectory("routes");
        Files.writeString(routes.resolve("hold.yaml"), """
                - route:
                    id: hold
                    from:
                      uri: "syslog:tcp"
                      parameters: { port: "{{logpipe.syslog.port}}" }
                      steps:
                        - to: "db:events?batchSize=100000&queueSize=100000&flushIntervalMs=60000"
                """);
        String tag = "drain" + UUID.randomUUID().toString().substring(0, 8);
        Path data;
        try (PackagedApp app = new PackagedApp(routes)) {
            data = app.data;
            send(app, tag, 0, 5000);
            await().atMost(Duration.ofSeconds(20))
                    .until(() -> app.metric("logpipe_listener_received_total", "listener=\"hold\"") == 5000);
            assertTrue(
                    app.metric("logpipe_sink_delivered_total", "sink=\"db:events\"") <= 0,
                    "held in the queue, nothing written yet");
        }
        try (PackagedApp again = new PackagedApp(routes, "-Dlogpipe.data.dir=" + data)) {
            PackagedApp.Reply stats = again.http("GET", "/api/v1/stats?app=" + tag + "&from=-1h", null);
            assertTrue(stats.body().contains("\"total\":5000,"), stats.body() + again.log());
        }
    }

    @Test
    void everyMessageIsStoredAcrossADatabaseOutageAndQueryable() throws Exception {
        try (Connection c = pg();
                Statement s = c.createStatement()) {
            s.execute("DROP TABLE IF EXISTS events CASCADE");
            s.execute("DROP TABLE IF EXISTS event_counts");
            s.execute("DROP TABLE IF EXISTS retention_done");
            s.execute("DROP TABLE IF EXISTS logpipe_schema_history");
        }
        int pgPort = URI.create(PG.substring(5)).getPort();
        String tag = "dbit" + UUID.randomUUID().toString().substring(0, 8);
        String distinct = "SELECT COUNT(DISTINCT message) FROM events WHERE app = ?";
        try (TcpProxy proxy = new TcpProxy("127.0.0.1", pgPort)) {
            proxy.up();
            String url = "jdbc:postgresql://127.0.0.1:" + proxy.port() + "/logpipe_test";
            try (PackagedApp app = new PackagedApp(
                    Path.of(System.getProperty("logpipe.repo.dir", "."))
                            .resolve("routes")
                            .toAbsolutePath(),
                    "-Dlogpipe.db.url=" + url,
                    "-Dlogpipe.db.user=logpipe",
                    "-Dlogpipe.db.password=logpipe")) {
                send(app, tag, 0, 1000);
                await().atMost(Duration.ofSeconds(30)).until(() -> count(distinct, tag) == 1000);

                proxy.down();
                send(app, tag, 1000, 2000);
                await().atMost(Duration.ofSeconds(30))
                        .until(() -> app.metric("logpipe_sink_retries_total", "sink=\"db:events\"") >= 2);
                assertTrue(
                        app.http("GET", "/api/v1/events?limit=1", null).status() == 503,
                        "query API says the database is away");
                proxy.up();
                send(app, tag, 2000, 3000);
                await().atMost(Duration.ofSeconds(60)).until(() -> count(distinct, tag) == 3000);
                assertTrue(app.metric("logpipe_sink_dropped_total", "sink=\"db:events\"") <= 0, app.log());
                assertTrue(app.log().contains("delivering again after"), "recovery is logged");

                // the API reads the same rows
                PackagedApp.Reply page = app.http("GET", "/api/v1/events?app=" + tag + "&limit=5", null);
                assertEquals(200, page.status(), page.body());
                assertTrue(page.body().contains("\"count\":5") && page.body().contains("next_cursor"), page.body());
                assertTrue(
                        page.body().contains("\"facility\":\"local3\",\"facility_code\":19,\"severity\":\"info\""),
                        page.body());
                PackagedApp.Reply stats = app.http("GET", "/api/v1/stats?app=" + tag + "&from=-1h", null);
                assertTrue(
                        stats.body().contains("\"total\":" + count("SELECT COUNT(*) FROM events WHERE app = ?", tag)),
                        stats.body());

                // hostile text arrives verbatim
                String hostile = "'); DROP TABLE events;-- " + tag;
                Process p = new ProcessBuilder(
                                "logger",
                                "-n",
                                "127.0.0.1",
                                "-P",
                                String.valueOf(app.syslogPort),
                                "--tcp",
                                "-t",
                                tag + "x",
                                hostile)
                        .start();
                assertEquals(0, p.waitFor());
                await().atMost(Duration.ofSeconds(10))
                        .until(() -> count("SELECT COUNT(*) FROM events WHERE message = ?", hostile) == 1);
            }
        }
    }
}
