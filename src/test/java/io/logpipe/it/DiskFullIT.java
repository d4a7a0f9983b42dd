package io.logpipe.it;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.logpipe.relp.RelpClient;
import io.logpipe.testutil.SmallDisk;
import java.io.IOException;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.awaitility.core.ConditionTimeoutException;
import org.junit.jupiter.api.Test;

/**
 * The data directory on a 64 MiB tmpfs that fills up while a RELP sender and HTTP clients keep
 * sending into the embedded default (durable queue in front of H2). While the disk is full RELP
 * acknowledges nothing that is not durable, HTTP ingest answers 503, the pipeline API still
 * answers, readiness says why it is DOWN and one warning (not thousands) is logged; once space is
 * back everything resumes by itself and every acknowledged message is in the database.
 */
class DiskFullIT {
    static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void aFullDiskHoldsSendersAndLosesNothingAcknowledged() throws Exception {
        String tag = "full" + UUID.randomUUID().toString().substring(0, 8);
        Path routes = DeliveryGuaranteesIT.ingestRoutes();
        Files.writeString(routes.resolve("relp.yaml"), """
                - route:
                    id: relp-store
                    from:
                      uri: "syslog:relp"
                      parameters: { port: "{{logpipe.syslog.port}}" }
                      steps:
                        - to: "db:events"
                        - to: "logfile:all.log"
                """);
        try (SmallDisk disk = SmallDisk.mount(64)) {
            Path data = disk.dir.resolve("data");
            try (PackagedApp app = new PackagedApp(
                    routes, "-Dlogpipe.data.dir=" + data, "-Dlogpipe.health.sink-down-after-seconds=0")) {
                Set<Integer> acknowledged = ConcurrentHashMap.newKeySet();
                AtomicInteger next = new AtomicInteger();
                AtomicBoolean stop = new AtomicBoolean();
                Thread sender = new Thread(() -> sendUntilStopped(app.syslogPort, tag, next, acknowledged, stop));
                sender.start();
                await().atMost(Duration.ofSeconds(60)).until(() -> acknowledged.size() >= 2000);
                assertEquals(200, app.http("GET", "/q/health/ready", null).status());

                disk.fillUp();
                // the sender is held: acknowledgements stop within a few seconds
                await().atMost(Duration.ofSeconds(30))
                        .until(() -> app.http("GET", "/q/health/ready", null).status() == 503);
                PackagedApp.Reply ready = app.http("GET", "/q/health/ready", null);
                assertTrue(ready.body().contains("queue") && ready.body().contains("free"), ready.body());
                int heldAt = acknowledged.size();
                Thread.sleep(3000);
                int stillHeld = acknowledged.size();
                assertTrue(
                        stillHeld - heldAt < 50,
                        "acknowledgements went on while nothing could be stored: " + heldAt + " -> " + stillHeld);

                PackagedApp.Reply ingest = app.http(
                        "POST",
                        "/api/v1/ingest",
                        "{\"host\":\"h\",\"app\":\"" + tag + "\",\"message\":\"over http\"}\n");
                assertEquals(503, ingest.status(), ingest.body());
                assertTrue(ingest.body().contains("storage"), ingest.body());
                PackagedApp.Reply pipeline = app.http("GET", "/api/v1/pipeline", null);
                assertEquals(200, pipeline.status(), pipeline.body());
                assertEquals(
                        200,
                        app.http("GET", "/q/health/live", null).status(),
                        "liveness stays UP: a restart would not help");

                disk.makeRoom();
                try {
                    // a few hundred more, then stop: a sender at full speed would fill the 64 MiB again
                    await().atMost(Duration.ofSeconds(60)).until(() -> acknowledged.size() > stillHeld + 300);
                } catch (ConditionTimeoutException e) {
                    throw new AssertionError(
                            "delivery did not resume: " + acknowledged.size() + " acknowledged; on the disk "
                                    + disk.listing() + "; pipeline "
                                    + app.http("GET", "/api/v1/pipeline", null).body(),
                            e);
                }
                stop.set(true);
                sender.join(30_000);
                try {
                    await().atMost(Duration.ofSeconds(60))
                            .until(() ->
                                    app.http("GET", "/q/health/ready", null).status() == 200);
                } catch (ConditionTimeoutException e) {
                    throw new AssertionError(
                            "not ready again: "
                                    + app.http("GET", "/q/health/ready", null).body() + "; on the disk "
                                    + disk.listing(),
                            e);
                }
                assertEquals(
                        200,
                        app.http(
                                        "POST",
                                        "/api/v1/ingest",
                                        "{\"host\":\"h\",\"app\":\"" + tag + "\",\"message\":\"over http\"}\n")
                                .status());
                await().atMost(Duration.ofSeconds(60))
                        .until(() -> stored(app, tag).containsAll(acknowledged));
                Set<Integer> stored = stored(app, tag);
                JsonNode sink = DeliveryGuaranteesIT.sink(app, "db:events");
                assertTrue(sink.get("balanced").asBoolean(), sink.toString());
                String log = app.log();
                long warnings = log.lines()
                        .filter(l -> l.contains(" WARN ") || l.contains(" ERROR "))
                        .count();
                System.out.printf(
                        "disk full drill: %d messages acknowledged over RELP, %d held while the disk was full, all %d stored after; %d warning/error lines logged; disk after: %s%n",
                        acknowledged.size(), stillHeld, stored.size(), warnings, disk.listing());
                assertTrue(warnings < 40, "a full disk must not flood the log:\n" + log);
            }
        }
    }

    /** Numbered messages over RELP, each acknowledged before the next; a refused or broken session reconnects and resends. */
    static void sendUntilStopped(
            int port, String tag, AtomicInteger next, Set<Integer> acknowledged, AtomicBoolean stop) {
        while (!stop.get()) {
            try (Socket s = new Socket("127.0.0.1", port);
                    RelpClient relp = new RelpClient(s)) {
                s.setSoTimeout(120_000);
                relp.open();
                while (!stop.get()) {
                    int n = next.get();
                    relp.send("<134>Nov 22 10:00:00 fullhost " + tag + ": number " + n + " " + "d".repeat(300));
                    acknowledged.add(n);
                    next.incrementAndGet();
                }
            } catch (IOException e) {
                sleep(200);
            }
        }
    }

    static Set<Integer> stored(PackagedApp app, String tag) throws IOException {
        Set<Integer> numbers = ConcurrentHashMap.newKeySet();
        String cursor = null;
        do {
            String path = "/api/v1/events?app=" + tag + "&limit=1000" + (cursor == null ? "" : "&cursor=" + cursor);
            JsonNode page = JSON.readTree(app.http("GET", path, null).body());
            for (JsonNode e : page.get("events")) {
                String m = e.get("message").asText();
                if (m.startsWith("number ")) numbers.add(Integer.parseInt(m.substring(7, m.indexOf(' ', 7))));
            }
            cursor = page.hasNonNull("next_cursor") ? page.get("next_cursor").asText() : null;
        } while (cursor != null);
        return numbers;
    }

    static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
