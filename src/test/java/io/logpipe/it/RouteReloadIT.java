package io.logpipe.it;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** A broken route file saved while logpipe runs is rejected with file and line; the running routes keep working. */
class RouteReloadIT {
    void logger(PackagedApp app, String msg) throws Exception {
        Process p = new ProcessBuilder(
                        "logger",
                        "-n",
                        "127.0.0.1",
                        "-P",
                        String.valueOf(app.syslogPort),
                        "--tcp",
                        "-t",
                        "reload",
                        "-p",
                        "authpriv.info",
                        msg)
                .start();
        assertEquals(0, p.waitFor());
    }

    /** The shipped routes in a directory of their own, to edit while the app runs. */
    static Path copyOfShippedRoutes() throws Exception {
        Path routes = Files.createTempDirectory("routes");
        try (var files = Files.list(PackagedApp.shippedRoutes())) {
            for (Path f : files.toList()) Files.copy(f, routes.resolve(f.getFileName()));
        }
        return routes;
    }

    @Test
    void brokenSaveIsRejectedAndAGoodSaveApplies() throws Exception {
        Path routes = copyOfShippedRoutes();
        Path sort = routes.resolve("sort.yaml");
        String original = Files.readString(sort);
        try (PackagedApp app = new PackagedApp(routes)) {
            String broken = original.replace("\"auth,authpriv.*\"", "\"mial.*\"");
            int line = broken.substring(0, broken.indexOf("mial.*")).split("\n", -1).length;
            Files.writeString(sort, broken);
            Path log = app.work.resolve("logpipe.log");
            await().atMost(Duration.ofSeconds(10))
                    .until(() -> PackagedApp.read(log)
                            .contains("route reload rejected " + sort + ":" + line
                                    + ": selector 'mial.*': unknown facility 'mial'"));
            logger(app, "still routed after a broken save");
            await().atMost(Duration.ofSeconds(10))
                    .until(() -> PackagedApp.read(app.data.resolve("auth.log"))
                            .contains("still routed after a broken save"));

            Files.writeString(sort, original.replace("logfile:auth.log", "logfile:auth-new.log"));
            await().atMost(Duration.ofSeconds(10))
                    .until(() -> PackagedApp.read(log).contains("route reload: " + sort + " applied"));
            logger(app, "routed by the edited file");
            await().atMost(Duration.ofSeconds(10))
                    .until(() ->
                            PackagedApp.read(app.data.resolve("auth-new.log")).contains("routed by the edited file"));
        }
    }

    @Test
    void anEditWhoseListenerCannotStartIsRolledBackAndADeletedFileStops() throws Exception {
        Path routes = copyOfShippedRoutes();
        Path relp = routes.resolve("syslog-relp.yaml");
        String original = Files.readString(relp);
        try (PackagedApp app = new PackagedApp(routes)) {
            Path log = app.work.resolve("logpipe.log");
            // RELP moved onto the port the TCP syslog listener holds: validation passes, the start cannot
            Files.writeString(relp, original.replace("{{logpipe.relp.port}}", "{{logpipe.syslog.port}}"));
            String line = relp + ":"
                    + (original.substring(0, original.indexOf("- route:")).split("\n", -1).length);
            await().atMost(Duration.ofSeconds(15))
                    .until(() -> PackagedApp.read(log).contains("route reload: " + relp + " rolled back"));
            String text = PackagedApp.read(log);
            assertTrue(
                    text.contains("route reload rejected " + line
                            + ": route syslog-relp did not start: listener syslog-relp: cannot listen on TCP 0.0.0.0:"
                            + app.syslogPort + ": the port is in use"),
                    text);
            new Socket("127.0.0.1", app.relpPort).close(); // the RELP listener is back on its port
            assertEquals(
                    200, app.http("GET", "/q/health/ready", null).status(), "ready: every route that should run runs");
            assertEquals(1.0, app.metric("logpipe_routes_reload_total", "result=\"rejected\""));
            logger(app, "still routed after the rollback");
            await().atMost(Duration.ofSeconds(10))
                    .until(() ->
                            PackagedApp.read(app.data.resolve("auth.log")).contains("still routed after the rollback"));

            // a deleted file's routes stop: its port is free again, and readiness stays UP
            Files.delete(relp);
            await().atMost(Duration.ofSeconds(15))
                    .until(() -> PackagedApp.read(log)
                            .contains("route reload: " + relp
                                    + " was deleted; its routes [syslog-relp] stopped and removed"));
            try (ServerSocket free = new ServerSocket(app.relpPort)) {
                assertEquals(app.relpPort, free.getLocalPort(), "the deleted listener let go of its port");
            }
            assertEquals(200, app.http("GET", "/q/health/ready", null).status());
            // and the file put back starts it again
            Files.writeString(relp, original);
            await().atMost(Duration.ofSeconds(15))
                    .until(() -> PackagedApp.read(log).contains("route reload: " + relp + " applied"));
            new Socket("127.0.0.1", app.relpPort).close();
        }
    }

    @Test
    void aDirectTargetWithoutConsumerFailsAtOnceAndIsCounted() throws Exception {
        Path routes = Files.createTempDirectory("routes");
        Files.writeString(routes.resolve("typo.yaml"), """
                - route:
                    id: syslog-tcp
                    from:
                      uri: "syslog:tcp"
                      parameters: { port: "{{logpipe.syslog.port}}" }
                      steps:
                        - to: "direct:nowhere"
                """);
        try (PackagedApp app = new PackagedApp(routes)) {
            long start = System.nanoTime();
            for (int i = 0; i < 4; i++) logger(app, "into a typo " + i);
            await().atMost(Duration.ofSeconds(10))
                    .until(() -> app.metric("logpipe_listener_dropped_total", "reason=\"route_error\"") == 4.0);
            long ms = (System.nanoTime() - start) / 1_000_000;
            assertTrue(
                    ms < 8_000,
                    "four events into direct:nowhere took " + ms + " ms (a blocking direct: waits 30 s each)");
        }
    }
}
