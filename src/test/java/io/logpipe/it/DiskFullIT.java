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
import java.util.TreeSet;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
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
        Path routes = relpAndIngestRoutes();
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
                // The queue takes what still fits in its own file (space superseded commits held), so
                // acknowledgements slow to a trickle rather than stop at once; each one is durable
                // (checked at the end). Readiness says why, and HTTP ingest is refused meanwhile.
                AtomicReference<PackagedApp.Reply> notReady = new AtomicReference<>();
                await().atMost(Duration.ofSeconds(30)).until(() -> {
                    notReady.set(app.http("GET", "/q/health/ready", null));
                    return notReady.get().status() == 503;
                });
                PackagedApp.Reply ready = notReady.get();
                // the queue's file or the log file, whichever failed last: both name the disk and its free space
                assertTrue(
                        ready.body().contains("No space left") && ready.body().contains("free"), ready.body());
                int heldAt = acknowledged.size();
                Thread.sleep(3000);
                int stillHeld = acknowledged.size();
                assertTrue(
                        stillHeld - heldAt < 1000,
                        "acknowledgements went on at full speed with the disk full: " + heldAt + " -> " + stillHeld);
                AtomicReference<PackagedApp.Reply> refused = new AtomicReference<>();
                await().atMost(Duration.ofSeconds(30)).until(() -> {
                    refused.set(app.http(
                            "POST",
                            "/api/v1/ingest",
                            "{\"host\":\"h\",\"app\":\"" + tag + "\",\"message\":\"over http\"}\n"));
                    return refused.get().status() == 503;
                });
                assertTrue(
                        refused.get().body().contains("storage"), refused.get().body());
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
                awaitStored(
                        app,
                        tag,
                        acknowledged,
                        () -> "sender held at " + stillHeld + "; pipeline "
                                + app.http("GET", "/api/v1/pipeline", null).body()
                                + "; on the disk " + disk.listing() + "\nlog:\n" + app.log());
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

    /**
     * SIGTERM while the disk is full and a RELP sender waits for its acknowledgement: the listener
     * gives up waiting for storage (acknowledging nothing more) so that logpipe stops within its
     * drain time instead of holding the stop until the disk has room; the next start, with room
     * again, has every message that was acknowledged.
     */
    @Test
    void aStopWhileTheDiskIsFullEndsAndTheNextStartHasEverythingAcknowledged() throws Exception {
        String tag = "stopfull" + UUID.randomUUID().toString().substring(0, 8);
        Path routes = relpAndIngestRoutes();
        try (SmallDisk disk = SmallDisk.mount(32)) {
            Path data = disk.dir.resolve("data");
            Set<Integer> acknowledged = ConcurrentHashMap.newKeySet();
            AtomicInteger next = new AtomicInteger();
            AtomicBoolean stop = new AtomicBoolean();
            long stopMillis;
            Thread sender;
            PackagedApp app = new PackagedApp(routes, "-Dlogpipe.data.dir=" + data);
            try {
                int port = app.syslogPort;
                sender = new Thread(() -> sendUntilStopped(port, tag, next, acknowledged, stop));
                sender.start();
                await().atMost(Duration.ofSeconds(60)).until(() -> acknowledged.size() >= 500);
                disk.fillUp();
                await().atMost(Duration.ofSeconds(30))
                        .until(() -> app.http("GET", "/q/health/ready", null).status() == 503);
            } finally {
                long t0 = System.nanoTime();
                app.close(); // fails the test when the stop takes longer than PackagedApp.STOP_LIMIT
                stopMillis = (System.nanoTime() - t0) / 1_000_000;
            }
            stop.set(true);
            sender.join(30_000);
            int held = acknowledged.size();
            disk.makeRoom();
            try (PackagedApp again = new PackagedApp(routes, "-Dlogpipe.data.dir=" + data)) {
                awaitStored(again, tag, acknowledged, () -> "after the restart");
            }
            System.out.printf(
                    "stop with a full disk: %d ms to stop with a RELP sender held; all %d acknowledged messages there after the restart%n",
                    stopMillis, held);
            assertTrue(stopMillis < 30_000, "the stop took " + stopMillis + " ms");
        }
    }

    static Path relpAndIngestRoutes() throws Exception {
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
        return routes;
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

    /** Waits up to a minute until every acknowledged number is stored; else fails naming the missing ones and {@code context}. */
    static void awaitStored(PackagedApp app, String tag, Set<Integer> acknowledged, Callable<String> context)
            throws Exception {
        try {
            await().atMost(Duration.ofSeconds(60)).until(() -> stored(app, tag).containsAll(acknowledged));
        } catch (ConditionTimeoutException e) {
            Set<Integer> missing = new TreeSet<>(acknowledged);
            missing.removeAll(stored(app, tag));
            throw new AssertionError(
                    missing.size() + " acknowledged messages not stored: " + missing + "; " + context.call(), e);
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
