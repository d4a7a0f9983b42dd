package io.logpipe.component.syslog;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.logpipe.event.Source;
import io.logpipe.net.MessageReceiver;
import io.logpipe.net.TestCertificates;
import io.logpipe.net.TlsSettings;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import org.awaitility.core.ConditionTimeoutException;
import org.junit.jupiter.api.Test;

/**
 * A TLS 1.3 sender (OpenSSL, through Python's ssl module) that writes fast and closes its socket
 * without reading anything, as loggen does. Had the listener sent anything after the handshake (TLS 1.3 session tickets, which JSSE
 * sends by default), those bytes would lie unread at the sender, its close would be a TCP reset,
 * and the reset makes the listener's kernel discard what logpipe had not read yet: loggen's 50,000
 * arrived as about 37,000. The listener sends nothing unasked, so all of them arrive.
 */
class TlsAbruptCloseTest {
    static final int LINES = 20_000;

    @Test
    void aSenderThatClosesWithoutReadingLosesNothing() throws Exception {
        TestCertificates certs = new TestCertificates();
        AtomicLong received = new AtomicLong();
        MessageReceiver slow = new MessageReceiver() {
            @Override
            public boolean receive(String text, int originalLength, boolean truncated, Source source) {
                LockSupport.parkNanos(30_000); // slower than the sender: a backlog waits in the kernel when it closes
                received.incrementAndGet();
                return true;
            }

            @Override
            public void endOfBatch() {}
        };
        SyslogServer server = new SyslogServer(SyslogServer.Protocol.TCP, "127.0.0.1", 0, 4096, "tls-close", slow)
                .withTls(new TlsSettings(
                        certs.pem("server").toString(),
                        certs.key("server").toString(),
                        null,
                        TlsSettings.ClientAuth.NONE,
                        List.of()));
        server.start();
        try {
            // Python's ssl module is OpenSSL, as loggen is; closing the socket without unwrap() sends no close_notify
            String sender = """
                    import socket, ssl, sys
                    ctx = ssl.create_default_context(cafile=sys.argv[2])
                    ctx.minimum_version = ssl.TLSVersion.TLSv1_3
                    s = ctx.wrap_socket(socket.create_connection(("127.0.0.1", int(sys.argv[1]))), server_hostname="localhost")
                    lines = "".join("<13>Dec  2 05:50:00 host app: seq=%d payload-abcdefghijklmnopqrstuvwxyz-0123456789\\n" % i for i in range(int(sys.argv[3])))
                    s.sendall(lines.encode())
                    s.close()
                    """;
            Process p = new ProcessBuilder(
                            "python3",
                            "-c",
                            sender,
                            String.valueOf(server.boundPort()),
                            certs.pem("ca").toString(),
                            String.valueOf(LINES))
                    .redirectErrorStream(true)
                    .start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertEquals(0, p.waitFor(), out);
            try {
                await().atMost(Duration.ofSeconds(30)).until(() -> received.get() >= LINES);
            } catch (ConditionTimeoutException lost) {
                // fall through: the count says how many the reset took
            }
            Thread.sleep(300);
            assertEquals(
                    LINES,
                    received.get(),
                    "lines the sender wrote before closing; a TCP reset discards what the listener had not read");
        } finally {
            server.stop();
        }
    }
}
