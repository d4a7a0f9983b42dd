package io.logpipe.it;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.logpipe.net.TestCertificates;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * rsyslog configured as the seeds do (omfwd over gtls, StreamDriverAuthMode x509/name, its own
 * client certificate) sending to the packaged app's TLS listener, which permits only *.example.com.
 */
class TlsRsyslogIT {
    @Test
    void rsyslogOverTlsWithMutualAuthArrives() throws Exception {
        TestCertificates certs = new TestCertificates();
        Path routes = Files.createTempDirectory("tls-routes");
        Files.writeString(
                routes.resolve("tls.yaml"), """
                - route:
                    id: syslog-tls
                    from:
                      uri: "syslog:tcp"
                      parameters:
                        port: "{{logpipe.syslog.port}}"
                        tls: true
                        certFile: "%s"
                        keyFile: "%s"
                        caFile: "%s"
                        permittedPeers: "*.example.com"
                      steps:
                        - to: "logfile:tls.log?template=${host} ${app} ${message} via=${source.listener}"
                """.formatted(certs.pem("server"), certs.key("server"), certs.pem("ca")));
        try (PackagedApp app = new PackagedApp(routes)) {
            Path work = Files.createTempDirectory("rsyslog-tls");
            int in = PackagedApp.freePort();
            Process rsyslog = Rsyslog.start(
                    work,
                    "global(workDirectory=\"" + work
                            + "\" DefaultNetstreamDriver=\"gtls\" DefaultNetstreamDriverCAFile=\"" + certs.pem("ca")
                            + "\" DefaultNetstreamDriverCertFile=\"" + certs.pem("good")
                            + "\" DefaultNetstreamDriverKeyFile=\"" + certs.key("good") + "\")",
                    "module(load=\"imudp\")",
                    "input(type=\"imudp\" address=\"127.0.0.1\" port=\"" + in + "\")",
                    "action(type=\"omfwd\" target=\"127.0.0.1\" port=\"" + app.syslogPort
                            + "\" protocol=\"tcp\" StreamDriver=\"gtls\" StreamDriverMode=\"1\""
                            + " StreamDriverAuthMode=\"x509/name\" StreamDriverPermittedPeers=\"localhost\" TCP_Framing=\"octet-counted\" template=\"RSYSLOG_SyslogProtocol23Format\")");
            try {
                Thread.sleep(1000);
                for (int i = 0; i < 20; i++) {
                    Process p = new ProcessBuilder(
                                    "logger",
                                    "-n",
                                    "127.0.0.1",
                                    "-P",
                                    String.valueOf(in),
                                    "--udp",
                                    "-t",
                                    "tlsapp",
                                    "over gtls " + i)
                            .start();
                    assertEquals(0, p.waitFor());
                }
                await().atMost(Duration.ofSeconds(20))
                        .until(() -> PackagedApp.read(app.data.resolve("tls.log"))
                                        .lines()
                                        .count()
                                == 20);
                String text = PackagedApp.read(app.data.resolve("tls.log"));
                for (int i = 0; i < 20; i++) assertTrue(text.contains("tlsapp over gtls " + i + " "), text);
                // (the start-up probe of PackagedApp, a plain connect, counts as one refused handshake)
                assertTrue(
                        app.metric("logpipe_listener_refused_total", "reason=\"peer_not_permitted\"") <= 0,
                        "rsyslog was not refused: " + app.log());
            } finally {
                rsyslog.destroy();
                rsyslog.waitFor();
            }
        }
    }
}
