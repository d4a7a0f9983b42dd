package io.logpipe.it;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.logpipe.net.TestCertificates;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Forwarding to a real rsyslog: logger → logpipe → rsyslog over TCP (RFC5424, octet-counted) and
 * over UDP (RFC3164); rsyslog's files are compared line by line with what was sent.
 */
class ForwardIT {
    @Test
    void rsyslogReceivesEveryForwardedEventIntact() throws Exception {
        Path work = Files.createTempDirectory("rsyslog-recv");
        int tcp = PackagedApp.freePort();
        int udp = PackagedApp.freePort();
        Process rsyslog = Rsyslog.start(
                work,
                "global(workDirectory=\"" + work + "\")",
                "module(load=\"imtcp\")",
                "module(load=\"imudp\")",
                "template(name=\"cmp\" type=\"string\" string=\"%syslogfacility-text%.%syslogseverity-text% %hostname% %programname% %procid% %msg%\\n\")",
                "input(type=\"imtcp\" address=\"127.0.0.1\" port=\"" + tcp + "\" ruleset=\"tcp\")",
                "input(type=\"imudp\" address=\"127.0.0.1\" port=\"" + udp + "\" ruleset=\"udp\")",
                "ruleset(name=\"tcp\") { action(type=\"omfile\" file=\"" + work.resolve("tcp.log")
                        + "\" template=\"cmp\") }",
                "ruleset(name=\"udp\") { action(type=\"omfile\" file=\"" + work.resolve("udp.log")
                        + "\" template=\"cmp\") }");
        Path routes = Files.createTempDirectory("fwd-routes");
        Files.writeString(routes.resolve("forward.yaml"), """
                - route:
                    id: fwd
                    from:
                      uri: "syslog:tcp"
                      parameters: { port: "{{logpipe.syslog.port}}" }
                      steps:
                        - to: "forward:tcp?host=127.0.0.1&port=%d&format=rfc5424"
                        - to: "forward:udp?host=127.0.0.1&port=%d&format=rfc3164"
                """.formatted(tcp, udp));
        try (PackagedApp app = new PackagedApp(routes)) {
            Thread.sleep(500); // rsyslog binds its inputs
            List<String> expected = new ArrayList<>();
            for (int i = 0; i < 50; i++) {
                String msg = "forwarded " + i + " grüße \"q\" ]";
                Process p = new ProcessBuilder(
                                "logger",
                                "-n",
                                "127.0.0.1",
                                "-P",
                                String.valueOf(app.syslogPort),
                                "--tcp",
                                "--rfc5424=notq",
                                "-t",
                                "fwdapp",
                                "--id=" + (1000 + i),
                                "-p",
                                "local2.warning",
                                msg)
                        .start();
                assertEquals(0, p.waitFor());
                expected.add("local2.warning " + host() + " fwdapp " + (1000 + i) + " " + msg);
            }
            await().atMost(Duration.ofSeconds(15))
                    .until(() -> PackagedApp.read(work.resolve("tcp.log"))
                                            .lines()
                                            .count()
                                    == 50
                            && PackagedApp.read(work.resolve("udp.log")).lines().count() == 50);
            // each logger call is its own connection, handled on any of the event loops: order holds per
            // connection only, so the lines are compared as sorted lists
            assertEquals(
                    expected.stream().sorted().toList(),
                    PackagedApp.read(work.resolve("tcp.log")).lines().sorted().toList());
            // rsyslog's %msg% of an RFC3164 message keeps the space after "tag:" (its documented behaviour)
            assertEquals(
                    expected.stream()
                            .map(l -> l.replaceFirst(" forwarded", "  forwarded"))
                            .sorted()
                            .toList(),
                    PackagedApp.read(work.resolve("udp.log")).lines().sorted().toList());
        } finally {
            rsyslog.destroy();
            rsyslog.waitFor();
        }
    }

    /**
     * forward:relp to rsyslog's imrelp, and with TLS (mutual auth; rsyslog checks our certificate's
     * name with x509/name, we check its certificate against the CA and the dialled address) over
     * TCP to imtcp's gtls driver and over RELP to imrelp's TLS.
     */
    @Test
    void rsyslogReceivesOverRelpAndTls() throws Exception {
        TestCertificates certs = new TestCertificates();
        Path work = Files.createTempDirectory("rsyslog-recv-secure");
        int relp = PackagedApp.freePort();
        int tlsTcp = PackagedApp.freePort();
        int tlsRelp = PackagedApp.freePort();
        String relpTls = " tls=\"on\" tls.caCert=\"" + certs.pem("ca") + "\" tls.myCert=\"" + certs.pem("server")
                + "\" tls.myPrivKey=\"" + certs.key("server")
                + "\" tls.authMode=\"name\" tls.permittedPeer=[\"*.example.com\"]";
        Process rsyslog = Rsyslog.start(
                work,
                "global(workDirectory=\"" + work + "\" DefaultNetstreamDriverCAFile=\"" + certs.pem("ca")
                        + "\" DefaultNetstreamDriverCertFile=\"" + certs.pem("server")
                        + "\" DefaultNetstreamDriverKeyFile=\"" + certs.key("server") + "\")",
                "module(load=\"imrelp\")",
                "module(load=\"imtcp\")",
                "template(name=\"cmp\" type=\"string\" string=\"%syslogfacility-text%.%syslogseverity-text% %hostname% %programname% %procid% %msg%\\n\")",
                "input(type=\"imrelp\" port=\"" + relp + "\" ruleset=\"relp\")",
                "input(type=\"imrelp\" port=\"" + tlsRelp + "\" ruleset=\"tlsrelp\"" + relpTls + ")",
                "input(type=\"imtcp\" address=\"127.0.0.1\" port=\"" + tlsTcp
                        + "\" ruleset=\"tlstcp\" streamDriver.name=\"gtls\" streamDriver.mode=\"1\""
                        + " streamDriver.authMode=\"x509/name\" permittedPeer=[\"*.example.com\"])",
                "ruleset(name=\"relp\") { action(type=\"omfile\" file=\"" + work.resolve("relp.log")
                        + "\" template=\"cmp\") }",
                "ruleset(name=\"tlsrelp\") { action(type=\"omfile\" file=\"" + work.resolve("tlsrelp.log")
                        + "\" template=\"cmp\") }",
                "ruleset(name=\"tlstcp\") { action(type=\"omfile\" file=\"" + work.resolve("tlstcp.log")
                        + "\" template=\"cmp\") }");
        String client = "tls=true&caFile=" + certs.pem("ca") + "&certFile=" + certs.pem("good") + "&keyFile="
                + certs.key("good");
        Path routes = Files.createTempDirectory("fwd-secure-routes");
        Files.writeString(routes.resolve("forward.yaml"), """
                - route:
                    id: fwd-secure
                    from:
                      uri: "syslog:tcp"
                      parameters: { port: "{{logpipe.syslog.port}}" }
                      steps:
                        - to: "forward:relp?host=127.0.0.1&port=%d"
                        - to: "forward:tcp?host=127.0.0.1&port=%d&%s"
                        - to: "forward:relp?host=127.0.0.1&port=%d&%s"
                """.formatted(relp, tlsTcp, client, tlsRelp, client));
        try (PackagedApp app = new PackagedApp(routes)) {
            Thread.sleep(500); // rsyslog binds its inputs
            List<String> expected = new ArrayList<>();
            for (int i = 0; i < 30; i++) {
                String msg = "secured " + i + " grüße";
                Process p = new ProcessBuilder(
                                "logger",
                                "-n",
                                "127.0.0.1",
                                "-P",
                                String.valueOf(app.syslogPort),
                                "--tcp",
                                "--rfc5424=notq",
                                "-t",
                                "secapp",
                                "--id=" + (2000 + i),
                                "-p",
                                "auth.notice",
                                msg)
                        .start();
                assertEquals(0, p.waitFor());
                expected.add("auth.notice " + host() + " secapp " + (2000 + i) + " " + msg);
            }
            for (String file : List.of("relp.log", "tlstcp.log", "tlsrelp.log")) {
                await().atMost(Duration.ofSeconds(20))
                        .until(() ->
                                PackagedApp.read(work.resolve(file)).lines().count() == 30);
                assertEquals(
                        expected.stream().sorted().toList(),
                        PackagedApp.read(work.resolve(file)).lines().sorted().toList(),
                        file);
            }
            assertEquals(90.0, app.metric("logpipe_sink_delivered_total", "sink=\"forward:"), app.log());
        } finally {
            rsyslog.destroy();
            rsyslog.waitFor();
        }
    }

    static String host() throws Exception {
        Process p = new ProcessBuilder("hostname").start();
        return new String(p.getInputStream().readAllBytes()).strip();
    }
}
