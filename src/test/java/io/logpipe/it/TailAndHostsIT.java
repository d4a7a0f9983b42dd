package io.logpipe.it;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.HttpURLConnection;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

/**
 * The access layer's streaming and inventory endpoints on the packaged jar: a message sent with
 * logger shows in /api/v1/tail (server-sent events, as curl -N reads it) within two seconds, and
 * /api/v1/hosts lists the senders with last-seen time and the host a silence rule holds silent.
 */
class TailAndHostsIT {
    static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void aMessageShowsInTheLiveTailAndItsHostInTheHostsList() throws Exception {
        String tag = "tail" + UUID.randomUUID().toString().substring(0, 6);
        Path alerts = Files.createTempDirectory("alerts");
        Files.writeString(alerts.resolve("silence.yaml"), """
                - rule:
                    id: host-silent
                    type: silence
                    groupBy: host
                    window: 2s
                    hosts: [ghost-host]
                """);
        try (PackagedApp app = new PackagedApp(PackagedApp.shippedRoutes(), "-Dlogpipe.alerts.dir=" + alerts)) {
            HttpURLConnection c =
                    (HttpURLConnection) URI.create("http://127.0.0.1:" + app.httpPort + "/api/v1/tail?app=" + tag)
                            .toURL()
                            .openConnection();
            c.setRequestProperty("Authorization", "Bearer " + PackagedApp.IT_TOKEN);
            c.setReadTimeout(20_000);
            assertEquals(200, c.getResponseCode());
            assertTrue(c.getContentType().startsWith("text/event-stream"), c.getContentType());
            List<String> lines = new CopyOnWriteArrayList<>();
            Thread reader = new Thread(() -> {
                try (BufferedReader r =
                        new BufferedReader(new InputStreamReader(c.getInputStream(), StandardCharsets.UTF_8))) {
                    for (String l; (l = r.readLine()) != null; ) lines.add(l);
                } catch (Exception closed) {
                    // the test is over
                }
            });
            reader.setDaemon(true);
            reader.start();
            Thread.sleep(500); // the page is open before the message is sent
            try (Socket s = new Socket("127.0.0.1", app.syslogPort)) {
                OutputStream out = s.getOutputStream();
                out.write(("<13>1 2021-03-10T12:00:00Z tailhost " + tag + " - - - not this one\n")
                        .getBytes(StandardCharsets.UTF_8));
                out.flush();
            }
            long sent = System.nanoTime();
            Process p = new ProcessBuilder(
                            "logger",
                            "-n",
                            "127.0.0.1",
                            "-P",
                            String.valueOf(app.syslogPort),
                            "--tcp",
                            "-t",
                            tag,
                            "live " + tag)
                    .start();
            assertEquals(0, p.waitFor());
            // the figure is printed; the limit only catches a tail that does not deliver (ConsoleIT holds the 2 s of
            // the issue)
            await().atMost(Duration.ofSeconds(10))
                    .pollInterval(Duration.ofMillis(50))
                    .alias("tail lines so far: " + lines)
                    .until(() -> lines.stream().anyMatch(l -> l.contains("live " + tag)));
            System.out.printf("live tail: the message arrived in %d ms%n", (System.nanoTime() - sent) / 1_000_000);
            String data = lines.stream()
                    .filter(l -> l.contains("live " + tag))
                    .findFirst()
                    .orElseThrow();
            assertTrue(data.startsWith("data:"), data);
            JsonNode event = JSON.readTree(data.substring(5).strip());
            assertEquals(tag, event.get("app").asText());
            assertTrue(
                    lines.stream().anyMatch(l -> l.contains("not this one")),
                    "same app, another host: still matching app=" + tag);
            c.disconnect();

            await().atMost(Duration.ofSeconds(10))
                    .until(() -> JSON.readTree(
                                    app.http("GET", "/api/v1/hosts", null).body())
                            .toString()
                            .contains("tailhost"));
            JsonNode hosts =
                    JSON.readTree(app.http("GET", "/api/v1/hosts", null).body()).get("hosts");
            JsonNode tailhost = null;
            for (JsonNode h : hosts) if (h.get("host").asText().equals("tailhost")) tailhost = h;
            assertTrue(
                    tailhost.get("events").asLong() >= 1
                            && !tailhost.get("last_seen").isNull(),
                    tailhost.toString());
            assertEquals("127.0.0.1", tailhost.get("last_ip").asText());
            // the inventory host never sent anything: silent once the window has passed
            await().atMost(Duration.ofSeconds(15))
                    .until(() -> app.http("GET", "/api/v1/hosts?state=silent", null)
                            .body()
                            .contains("ghost-host"));
            JsonNode silent = JSON.readTree(
                            app.http("GET", "/api/v1/hosts?state=silent", null).body())
                    .get("hosts")
                    .get(0);
            assertEquals("ghost-host", silent.get("host").asText());
            assertEquals("host-silent", silent.get("silent_rules").get(0).asText());
            // a host that sends again is OK again (the rule's 2 s window has likely made tailhost silent meanwhile)
            try (Socket s = new Socket("127.0.0.1", app.syslogPort)) {
                s.getOutputStream()
                        .write(("<13>1 2021-03-10T12:00:01Z tailhost " + tag + " - - - back\n")
                                .getBytes(StandardCharsets.UTF_8));
            }
            await().atMost(Duration.ofSeconds(2))
                    .pollInterval(Duration.ofMillis(50))
                    .until(() -> {
                        for (JsonNode h : JSON.readTree(
                                        app.http("GET", "/api/v1/hosts", null).body())
                                .get("hosts")) {
                            if (h.get("host").asText().equals("tailhost"))
                                return h.get("state").asText().equals("ok");
                        }
                        return false;
                    });
            assertEquals(400, app.http("GET", "/api/v1/tail?nope=1", null).status());
            assertEquals(401, app.http("GET", "/api/v1/hosts", null, null).status(), "tokens apply here too");
        }
    }
}
