package io.logpipe.it;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import com.sun.net.httpserver.HttpServer;
import jakarta.mail.internet.MimeMessage;
import java.io.BufferedInputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.apache.kafka.common.test.KafkaClusterTestKit;
import org.junit.jupiter.api.Test;

/**
 * Alerting end to end on the packaged app: real syslog traffic (the SSH lines of the loghub
 * OpenSSH corpus) drives a threshold, a match, a correlation and a silence rule; alerts arrive at
 * an in-test webhook receiver, GreenMail (SMTP), a syslog receiver and a Kafka topic; suppression
 * folds repeats into one alert; a restart keeps the silence state; a broken rule file is refused
 * with file and line while the running rules stay.
 */
class AlertsIT {
    static final ObjectMapper JSON = new ObjectMapper();

    /** The first n "Failed password" lines of the corpus from one address, with an authpriv.info PRI. */
    static List<String> bruteForce(String ip, int n) throws Exception {
        Path corpus = Path.of(System.getProperty("logpipe.corpus.dir", "../shared/corpus"))
                .resolve("rfc3164/loghub-openssh-2k.jsonl");
        return Files.readAllLines(corpus).stream()
                .map(l -> {
                    try {
                        return JSON.readTree(l).get("input").asText();
                    } catch (Exception e) {
                        throw new IllegalStateException(e);
                    }
                })
                .filter(l -> l.contains("Failed password") && l.contains(" from " + ip + " "))
                .limit(n)
                .map(l -> "<86>" + l)
                .toList();
    }

    static void sendRaw(int port, List<String> lines) throws Exception {
        try (Socket s = new Socket("127.0.0.1", port)) {
            OutputStream out = s.getOutputStream();
            for (String l : lines) out.write((l + "\n").getBytes(StandardCharsets.UTF_8));
            out.flush();
        }
    }

    @Test
    void everyRuleTypeReachesItsNotifiers() throws Exception {
        List<String> hooks = new CopyOnWriteArrayList<>();
        HttpServer http = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        http.createContext("/hook", ex -> {
            hooks.add(new String(ex.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
            ex.sendResponseHeaders(204, -1);
            ex.close();
        });
        http.start();
        GreenMail mail = new GreenMail(new ServerSetup(PackagedApp.freePort(), "127.0.0.1", "smtp"));
        mail.start();
        List<String> syslog = new CopyOnWriteArrayList<>();
        ServerSocket siem = new ServerSocket(0);
        Thread siemThread = new Thread(() -> {
            // a syslog receiver for octet-counted frames (RFC6587), each connection in turn
            while (!siem.isClosed()) {
                try (Socket c = siem.accept();
                        DataInputStream in = new DataInputStream(new BufferedInputStream(c.getInputStream()))) {
                    while (true) {
                        StringBuilder len = new StringBuilder();
                        for (int b; (b = in.read()) != ' '; ) {
                            if (b < 0) throw new EOFException();
                            len.append((char) b);
                        }
                        byte[] frame = new byte[Integer.parseInt(len.toString())];
                        in.readFully(frame);
                        syslog.add(new String(frame, StandardCharsets.UTF_8));
                    }
                } catch (Exception closed) {
                    // next connection, or the end of the test
                }
            }
        });
        siemThread.start();
        Path alerts = Files.createTempDirectory("alerts");
        try (KafkaClusterTestKit kafka = TestKafka.start(PackagedApp.freePort())) {
            Files.writeString(alerts.resolve("rules.yaml"), """
                    - notifier: { id: hook, type: webhook, url: "http://127.0.0.1:%d/hook" }
                    - notifier: { id: mail, type: email, host: 127.0.0.1, port: %d, from: logpipe@example.com, to: [ops@example.com] }
                    - notifier: { id: siem, type: syslog, transport: tcp, host: 127.0.0.1, port: %d }
                    - notifier: { id: topic, type: kafka, brokers: "%s", topic: alerts }
                    - rule:
                        id: ssh-bruteforce
                        type: threshold
                        selector: "auth,authpriv.*"
                        where: { app: sshd }
                        pattern: 'Failed password for (invalid user )?\\S+ from (?<ip>\\S+)'
                        groupBy: ip
                        count: 5
                        window: 2m
                        suppress: 10m
                        message: "{count} failed SSH logins from {ip} within {window} on {host}"
                        notify: [hook, mail]
                    - rule:
                        id: root-login
                        type: match
                        selector: "authpriv.*"
                        pattern: 'Accepted \\S+ for root from (?<ip>\\S+)'
                        groupBy: ip
                        notify: siem
                    - rule:
                        id: break-in
                        type: correlation
                        when: { pattern: 'Failed password .* from (?<ip>\\S+)' }
                        then: { pattern: 'Accepted \\S+ for \\S+ from (?<ip>\\S+)' }
                        groupBy: ip
                        window: 5m
                        notify: topic
                    - rule:
                        id: quiet
                        type: silence
                        where: { app: heartbeat }
                        groupBy: host
                        window: 3s
                        notify: hook
                    """.formatted(
                            http.getAddress().getPort(),
                            mail.getSmtp().getPort(),
                            siem.getLocalPort(),
                            kafka.bootstrapServers()));
            Path routes = Files.createTempDirectory("alert-routes");
            Files.writeString(routes.resolve("alerts.yaml"), """
                    - route:
                        id: syslog-in
                        from:
                          uri: "syslog:tcp"
                          parameters: { port: "{{logpipe.syslog.port}}" }
                          steps:
                            - to: "alerts:rules"
                    """);
            PackagedApp app = new PackagedApp(routes, "-Dlogpipe.alerts.dir=" + alerts);
            Path data = app.data;
            try {
                // threshold: the corpus' brute force from one address; then 10 more: one incident
                sendRaw(app.syslogPort, bruteForce("183.62.140.253", 5));
                await().atMost(Duration.ofSeconds(20))
                        .until(() -> hooks.stream().anyMatch(h -> h.contains("ssh-bruteforce")));
                sendRaw(app.syslogPort, bruteForce("183.62.140.253", 15).subList(5, 15));
                await().atMost(Duration.ofSeconds(10))
                        .until(() -> alerts(app, "ssh-bruteforce")
                                        .get(0)
                                        .get("count")
                                        .asLong()
                                == 3);
                JsonNode brute = alerts(app, "ssh-bruteforce").get(0);
                assertEquals("183.62.140.253", brute.get("group").asText());
                assertEquals(
                        "5 failed SSH logins from 183.62.140.253 within 2m on LabSZ",
                        brute.get("message").asText());
                assertEquals(
                        1,
                        hooks.stream().filter(h -> h.contains("ssh-bruteforce")).count(),
                        "one incident, one webhook call");
                await().atMost(Duration.ofSeconds(20)).until(() -> mail.getReceivedMessages().length == 1);
                MimeMessage m = mail.getReceivedMessages()[0];
                assertEquals("[logpipe] 5 failed SSH logins from 183.62.140.253 within 2m on LabSZ", m.getSubject());
                assertEquals("ops@example.com", m.getAllRecipients()[0].toString());

                // match → syslog; correlation (failures, then a success from that address) → Kafka
                sendRaw(
                        app.syslogPort,
                        List.of(
                                "<86>Dec 10 09:00:00 LabSZ sshd[999]: Accepted password for root from 183.62.140.253 port 4444 ssh2"));
                await().atMost(Duration.ofSeconds(20))
                        .until(() -> syslog.stream().anyMatch(l -> l.contains("root-login")));
                assertTrue(syslog.get(0).contains(" logpipe ") && syslog.get(0).contains("root-login"), syslog.get(0));
                List<String> records =
                        TestKafka.awaitRecord(kafka.bootstrapServers(), "alerts", v -> v.contains("break-in"));
                JsonNode event = JSON.readTree(records.get(0));
                assertEquals("alert", event.get("format").asText());
                assertEquals(
                        "183.62.140.253",
                        event.get("fields").get("alert").get("group").asText());

                // silence: a heartbeat host goes quiet for longer than 3 s
                sendRaw(app.syslogPort, List.of("<13>Nov 22 10:00:00 quiet-host heartbeat: tick"));
                await().atMost(Duration.ofSeconds(20))
                        .until(() -> hooks.stream()
                                .anyMatch(h -> h.contains("\"rule\":\"quiet\"") && h.contains("\"state\":\"firing\"")));
            } finally {
                app.close();
            }
            // a restart keeps the silence state: quiet-host is not alerted again, and its return is a recovery
            int before = hooks.size();
            try (PackagedApp again =
                    new PackagedApp(routes, "-Dlogpipe.alerts.dir=" + alerts, "-Dlogpipe.data.dir=" + data)) {
                Thread.sleep(5000);
                assertEquals(
                        before,
                        hooks.size(),
                        "already alerted before the restart: " + hooks.subList(before, hooks.size()));
                sendRaw(again.syslogPort, List.of("<13>Nov 22 10:01:00 quiet-host heartbeat: tick"));
                await().atMost(Duration.ofSeconds(20))
                        .until(() -> hooks.stream()
                                .anyMatch(h -> h.contains("\"state\":\"recovered\"") && h.contains("quiet-host")));

                // a broken rule file is refused with file and line; the running rules stay
                Path broken = alerts.resolve("broken.yaml");
                Files.writeString(broken, "- rule:\n    id: typo\n    type: match\n    pattern: 'unclosed (group'\n");
                await().atMost(Duration.ofSeconds(20))
                        .until(() -> !JSON.readTree(again.http("GET", "/api/v1/alerts", null)
                                        .body())
                                .get("rules_error")
                                .isNull());
                String error = JSON.readTree(
                                again.http("GET", "/api/v1/alerts", null).body())
                        .get("rules_error")
                        .asText();
                assertTrue(error.startsWith(broken + ":4:"), error);
                assertTrue(again.log().contains(broken + ":4:"), "logged with file and line");
                int sent = syslog.size();
                sendRaw(
                        again.syslogPort,
                        List.of(
                                "<86>Dec 10 09:05:00 LabSZ sshd[1001]: Accepted publickey for root from 198.51.100.9 port 4444 ssh2"));
                await().atMost(Duration.ofSeconds(20)).until(() -> syslog.size() > sent);
                assertTrue(syslog.get(syslog.size() - 1).contains("198.51.100.9"));
            }
        } finally {
            http.stop(0);
            mail.stop();
            siem.close();
        }
    }

    static JsonNode alerts(PackagedApp app, String rule) throws Exception {
        return JSON.readTree(
                        app.http("GET", "/api/v1/alerts?rule=" + rule, null).body())
                .get("alerts");
    }
}
