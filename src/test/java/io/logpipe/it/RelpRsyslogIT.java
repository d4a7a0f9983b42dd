package io.logpipe.it;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.logpipe.net.TestCertificates;
import java.io.IOException;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.BitSet;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * rsyslog's omrelp (librelp) as the real RELP client: messages go into rsyslog over TCP and on to
 * the packaged app's RELP listener. The app is restarted mid-stream while rsyslog keeps sending;
 * rsyslog resends what was not acknowledged, so every number arrives (duplicates are allowed).
 */
class RelpRsyslogIT {
    static final Pattern NUMBER = Pattern.compile("relp (\\d+)$");

    /** A RELP listener writing relp.log; {@code listenerParameters} are extra "key: value" lines. */
    static Path routes(String... listenerParameters) throws Exception {
        String extra = String.join(
                "\n", Arrays.stream(listenerParameters).map(p -> "        " + p).toList());
        Path routes = Files.createTempDirectory("relp-routes");
        Files.writeString(routes.resolve("relp.yaml"), """
                - route:
                    id: syslog-relp
                    from:
                      uri: "syslog:relp"
                      parameters:
                        port: "{{logpipe.syslog.port}}"
                %s
                      steps:
                        - to: "logfile:relp.log?template=${host} ${app} ${message} peer=${source.peer}"
                """.formatted(extra));
        return routes;
    }

    /** rsyslog taking LF-framed syslog on a TCP port and forwarding it with omrelp to {@code relpPort}. */
    static Process rsyslog(Path work, int in, int relpPort, String omrelpOptions) throws Exception {
        return Rsyslog.start(
                work,
                "global(workDirectory=\"" + work + "\")",
                "module(load=\"imtcp\")",
                "module(load=\"omrelp\")",
                "input(type=\"imtcp\" address=\"127.0.0.1\" port=\"" + in + "\")",
                "action(type=\"omrelp\" target=\"127.0.0.1\" port=\"" + relpPort
                        + "\" template=\"RSYSLOG_SyslogProtocol23Format\"" + omrelpOptions
                        + " action.resumeRetryCount=\"-1\" action.resumeInterval=\"1\" queue.type=\"LinkedList\" queue.size=\"200000\")");
    }

    static void waitForPort(int port) throws InterruptedException {
        for (int i = 0; i < 100; i++) {
            try (Socket s = new Socket("127.0.0.1", port)) {
                return;
            } catch (IOException e) {
                Thread.sleep(100);
            }
        }
        throw new IllegalStateException("rsyslog's input port " + port + " never opened");
    }

    /** The numbers seen in the log, and how many lines repeated one. */
    record Seen(BitSet numbers, int lines) {
        int duplicates() {
            return lines - numbers.cardinality();
        }
    }

    static Seen seen(Path log) {
        BitSet numbers = new BitSet();
        int lines = 0;
        for (String line : PackagedApp.read(log).lines().toList()) {
            Matcher m = NUMBER.matcher(line.replaceAll(" peer=.*", ""));
            if (!m.find()) continue;
            numbers.set(Integer.parseInt(m.group(1)));
            lines++;
        }
        return new Seen(numbers, lines);
    }

    @Test
    void everyMessageArrivesAcrossALogpipeRestartWhileRsyslogKeepsSending() throws Exception {
        int total = 20_000;
        Path routes = routes();
        Path work = Files.createTempDirectory("rsyslog-relp");
        int in = PackagedApp.freePort();
        PackagedApp first = new PackagedApp(routes);
        int relpPort = first.syslogPort;
        Path data = first.data;
        Path log = data.resolve("relp.log");
        Process rsyslog = rsyslog(work, in, relpPort, "");
        PackagedApp second = null;
        try {
            waitForPort(in);
            Thread sender = new Thread(() -> send(in, total));
            sender.start();
            await().atMost(Duration.ofSeconds(30)).until(() -> seen(log).lines() >= total / 5);
            first.close(); // SIGTERM mid-stream: open sessions get serverclose
            int beforeRestart = seen(log).numbers().cardinality();
            assertTrue(beforeRestart < total, "the restart must fall in the middle of the stream");
            Thread.sleep(1000);
            second = new PackagedApp(routes, relpPort, "-Dlogpipe.data.dir=" + data);
            sender.join();
            await().atMost(Duration.ofSeconds(90))
                    .until(() -> seen(log).numbers().cardinality() == total);
            Seen s = seen(log);
            System.out.printf(
                    "RELP restart: %d numbers before the restart; %d of %d arrived in the end, %d duplicate lines%n",
                    beforeRestart, s.numbers().cardinality(), total, s.duplicates());
            assertEquals(total, s.numbers().cardinality());
            assertTrue(s.numbers().nextClearBit(1) > total, "every number from 1 to " + total);
        } finally {
            rsyslog.destroy();
            rsyslog.waitFor();
            first.close();
            if (second != null) second.close();
        }
    }

    /** Numbered messages into rsyslog, 200 every 20 ms, so the stream spans the restart. */
    static void send(int port, int total) {
        Rsyslog.feed(port, total, 200, 20, i -> "<134>Nov 22 10:00:00 relphost relpapp: relp " + i);
    }

    @Test
    void rsyslogOverRelpWithTlsAndX509NameAuth() throws Exception {
        TestCertificates certs = new TestCertificates();
        Path routes = routes(
                "tls: true",
                "certFile: \"" + certs.pem("server") + "\"",
                "keyFile: \"" + certs.key("server") + "\"",
                "caFile: \"" + certs.pem("ca") + "\"",
                "permittedPeers: \"*.example.com\"");
        try (PackagedApp app = new PackagedApp(routes)) {
            Path work = Files.createTempDirectory("rsyslog-relp-tls");
            int in = PackagedApp.freePort();
            Process rsyslog = rsyslog(
                    work,
                    in,
                    app.syslogPort,
                    " tls=\"on\" tls.caCert=\"" + certs.pem("ca") + "\" tls.myCert=\"" + certs.pem("good")
                            + "\" tls.myPrivKey=\"" + certs.key("good")
                            + "\" tls.authMode=\"name\" tls.permittedPeer=[\"localhost\"]");
            try {
                waitForPort(in);
                send(in, 500);
                Path log = app.data.resolve("relp.log");
                await().atMost(Duration.ofSeconds(30))
                        .until(() -> seen(log).numbers().cardinality() == 500);
                List<String> lines = PackagedApp.read(log).lines().toList();
                // (rsyslog's msg property keeps the space after "relpapp:")
                assertTrue(
                        lines.get(0).matches("relphost relpapp +relp \\d+ peer=sender\\.example\\.com"), lines.get(0));
                assertTrue(lines.stream().allMatch(l -> l.endsWith("peer=sender.example.com")), lines.get(0));
            } finally {
                rsyslog.destroy();
                rsyslog.waitFor();
            }
        }
    }
}
