package io.logpipe.component.syslog;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.logpipe.event.Source;
import io.logpipe.net.MessageReceiver;
import io.logpipe.net.PeerCheck;
import io.logpipe.net.TestCertificates;
import io.logpipe.net.TlsSettings;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The TLS listener with certificates made by openssl at test time and openssl s_client as the
 * client: a permitted client is accepted with its name as source.peer; no certificate, an unknown
 * CA and a name outside permittedPeers are refused and counted; a fingerprint permits too;
 * a renewed server certificate is picked up without a restart.
 */
class TlsListenerTest {
    static TestCertificates certs;
    static Path dir;

    @BeforeAll
    static void certificates() throws Exception {
        certs = new TestCertificates();
        dir = certs.dir;
    }

    static final class Collect implements MessageReceiver {
        final List<String> messages = new CopyOnWriteArrayList<>();
        final List<String> peers = new CopyOnWriteArrayList<>();
        final ConcurrentHashMap<String, AtomicLong> refused = new ConcurrentHashMap<>();

        @Override
        public boolean receive(String text, int originalLength, boolean truncated, Source source) {
            messages.add(text);
            peers.add(String.valueOf(source.peer()));
            return true;
        }

        @Override
        public void endOfBatch() {}

        @Override
        public void refused(String reason) {
            refused.computeIfAbsent(reason, r -> new AtomicLong()).incrementAndGet();
        }

        long refusedCount(String r) {
            return refused.getOrDefault(r, new AtomicLong()).get();
        }
    }

    static SyslogServer server(Collect c, List<String> permitted) throws Exception {
        SyslogServer s = new SyslogServer(SyslogServer.Protocol.TCP, "127.0.0.1", 0, 4096, "tls-test", c)
                .withTls(new TlsSettings(
                        dir.resolve("server.pem").toString(),
                        dir.resolve("server.key").toString(),
                        dir.resolve("ca.pem").toString(),
                        TlsSettings.ClientAuth.REQUIRED,
                        permitted));
        s.start();
        return s;
    }

    /** openssl s_client sends one octet-counted message and ends; returns its output. */
    static String send(int port, String client, String message) throws Exception {
        List<String> cmd = new ArrayList<>(List.of(
                "openssl",
                "s_client",
                "-connect",
                "127.0.0.1:" + port,
                "-CAfile",
                dir.resolve("ca.pem").toString(),
                "-quiet",
                "-no_ign_eof"));
        if (client != null)
            cmd.addAll(List.of(
                    "-cert",
                    dir.resolve(client + ".pem").toString(),
                    "-key",
                    dir.resolve(client + ".key").toString()));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        byte[] body = message.getBytes(StandardCharsets.UTF_8);
        p.getOutputStream().write((body.length + " ").getBytes(StandardCharsets.US_ASCII));
        p.getOutputStream().write(body);
        p.getOutputStream().flush();
        Thread.sleep(300);
        p.getOutputStream().close();
        if (!p.waitFor(10, TimeUnit.SECONDS)) p.destroyForcibly();
        return new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    }

    @Test
    void permittedNameIsAcceptedOthersAreRefusedAndCounted() throws Exception {
        Collect c = new Collect();
        SyslogServer s = server(c, List.of("*.example.com"));
        try {
            send(s.boundPort(), "good", "<13>1 2026-11-22T10:00:00Z h app - - - over tls");
            await().atMost(Duration.ofSeconds(10)).until(() -> c.messages.size() == 1);
            assertEquals("<13>1 2026-11-22T10:00:00Z h app - - - over tls", c.messages.get(0));
            assertEquals("sender.example.com", c.peers.get(0), "source.peer is the certificate name");

            send(s.boundPort(), null, "<13>1 - h app - - - no cert");
            await().atMost(Duration.ofSeconds(10)).until(() -> c.refusedCount("no_client_cert") == 1);
            send(s.boundPort(), "stranger", "<13>1 - h app - - - unknown CA");
            await().atMost(Duration.ofSeconds(10)).until(() -> c.refusedCount("unknown_ca") == 1);
            send(s.boundPort(), "expired", "<13>1 - h app - - - expired certificate");
            await().atMost(Duration.ofSeconds(10)).until(() -> c.refusedCount("cert_expired") == 1);
            send(s.boundPort(), "intruder", "<13>1 - h app - - - wrong name");
            await().atMost(Duration.ofSeconds(10)).until(() -> c.refusedCount("peer_not_permitted") == 1);
            assertEquals(1, c.messages.size(), "nothing from refused peers");
        } finally {
            s.stop();
        }
    }

    @Test
    void fingerprintPermitsAndRenewedServerCertificateIsUsedWithoutRestart() throws Exception {
        X509Certificate intruder;
        try (var in = Files.newInputStream(dir.resolve("intruder.pem"))) {
            intruder = (X509Certificate) CertificateFactory.getInstance("X.509").generateCertificate(in);
        }
        Collect c = new Collect();
        SyslogServer s = server(c, List.of("logger1.example.net", PeerCheck.fingerprint(intruder)));
        try {
            send(s.boundPort(), "intruder", "<13>1 - h app - - - by fingerprint");
            await().atMost(Duration.ofSeconds(10)).until(() -> c.messages.size() == 1);
            String before = send(s.boundPort(), "intruder", "<13>1 - h app - - - second");
            // renew the server certificate under a new name; the next connection must see it
            certs.cert("server", "renewed.logpipe.test", "ca", "DNS:localhost,IP:127.0.0.1");
            Thread.sleep(2100);
            await().atMost(Duration.ofSeconds(10)).until(() -> {
                Process p = new ProcessBuilder(
                                "sh",
                                "-c",
                                "echo | openssl s_client -connect 127.0.0.1:" + s.boundPort() + " -cert "
                                        + dir.resolve("intruder.pem") + " -key " + dir.resolve("intruder.key")
                                        + " 2>/dev/null | openssl x509 -noout -subject")
                        .redirectErrorStream(true)
                        .start();
                String subject = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
                p.waitFor();
                return subject.contains("renewed.logpipe.test");
            });
            assertTrue(before != null);
        } finally {
            s.stop();
        }
    }

    @Test
    void namesAndWildcards() throws Exception {
        X509Certificate good;
        try (var in = Files.newInputStream(dir.resolve("good.pem"))) {
            good = (X509Certificate) CertificateFactory.getInstance("X.509").generateCertificate(in);
        }
        assertTrue(PeerCheck.permitted(good, List.of("*.example.com")));
        assertTrue(PeerCheck.permitted(good, List.of("sender.example.com")));
        assertTrue(!PeerCheck.permitted(good, List.of("*.com")), "a wildcard covers one label");
        assertTrue(!PeerCheck.permitted(good, List.of("other.example.com", "SHA256:00")));
        assertTrue(PeerCheck.permitted(good, List.of(PeerCheck.fingerprint(good).toLowerCase())));
    }
}
