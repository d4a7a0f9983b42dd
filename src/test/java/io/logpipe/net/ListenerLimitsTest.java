package io.logpipe.net;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.logpipe.component.syslog.ConnectionLimits;
import io.logpipe.component.syslog.SyslogServer;
import io.logpipe.event.Source;
import java.io.IOException;
import java.io.OutputStream;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Real sockets against a SyslogServer: refused senders and rate limits are counted, TCP slows down instead of dropping. */
class ListenerLimitsTest {
    static final class Counting implements MessageReceiver {
        final AtomicInteger received = new AtomicInteger();
        final ConcurrentHashMap<String, AtomicLong> refused = new ConcurrentHashMap<>();
        final ConcurrentHashMap<String, AtomicLong> dropped = new ConcurrentHashMap<>();

        @Override
        public boolean receive(String text, int originalLength, boolean truncated, Source source) {
            received.incrementAndGet();
            return true;
        }

        @Override
        public void endOfBatch() {}

        @Override
        public void refused(String reason) {
            refused.computeIfAbsent(reason, r -> new AtomicLong()).incrementAndGet();
        }

        @Override
        public void dropped(String reason) {
            dropped.computeIfAbsent(reason, r -> new AtomicLong()).incrementAndGet();
        }

        final ConcurrentHashMap<String, AtomicLong> closed = new ConcurrentHashMap<>();

        @Override
        public void closed(String reason) {
            closed.computeIfAbsent(reason, r -> new AtomicLong()).incrementAndGet();
        }

        long closedCount(String r) {
            return closed.getOrDefault(r, new AtomicLong()).get();
        }

        long refusedCount(String r) {
            return refused.getOrDefault(r, new AtomicLong()).get();
        }

        long droppedCount(String r) {
            return dropped.getOrDefault(r, new AtomicLong()).get();
        }
    }

    static void udp(int port, int n) throws Exception {
        try (DatagramSocket s = new DatagramSocket()) {
            for (int i = 0; i < n; i++) {
                byte[] b = ("<13>Nov 22 10:00:00 h app: udp " + i).getBytes(StandardCharsets.UTF_8);
                s.send(new DatagramPacket(b, b.length, InetAddress.getLoopbackAddress(), port));
            }
        }
    }

    @Test
    void aclRefusesTcpConnectionsAndDatagramsFromOthers() throws Exception {
        Counting c = new Counting();
        ListenerLimits onlyTenNet = new ListenerLimits(SenderAcl.parse("10.0.0.0/8, *.invalid"), 0, 0, 0, 0, true);
        SyslogServer tcp = new SyslogServer(SyslogServer.Protocol.TCP, "127.0.0.1", 0, 1024, "acl-tcp", c, onlyTenNet);
        SyslogServer udp = new SyslogServer(SyslogServer.Protocol.UDP, "127.0.0.1", 0, 1024, "acl-udp", c, onlyTenNet);
        tcp.start();
        udp.start();
        try {
            try (Socket s = new Socket("127.0.0.1", tcp.boundPort());
                    OutputStream out = s.getOutputStream()) {
                out.write("<13>Nov 22 10:00:00 h app: refused\n".getBytes(StandardCharsets.UTF_8));
            } catch (IOException closedByServer) {
                // the server may close before the write: refused either way
            }
            udp(udp.boundPort(), 5);
            await().atMost(Duration.ofSeconds(5)).until(() -> c.refusedCount("acl") == 6);
            assertEquals(0, c.received.get());
        } finally {
            tcp.stop();
            udp.stop();
        }
        Counting ok = new Counting();
        SyslogServer allowed = new SyslogServer(
                SyslogServer.Protocol.UDP,
                "127.0.0.1",
                0,
                1024,
                "acl-ok",
                ok,
                new ListenerLimits(SenderAcl.parse("127.0.0.0/8"), 0, 0, 0, 0, false));
        allowed.start();
        try {
            udp(allowed.boundPort(), 3);
            await().atMost(Duration.ofSeconds(5)).until(() -> ok.received.get() == 3);
        } finally {
            allowed.stop();
        }
    }

    @Test
    void udpOverTheRateIsDroppedAndCounted() throws Exception {
        Counting c = new Counting();
        // 10/s with a burst of 50: of 500 datagrams sent at once, about 50 pass
        SyslogServer udp = new SyslogServer(
                SyslogServer.Protocol.UDP,
                "127.0.0.1",
                0,
                1024,
                "rate-udp",
                c,
                new ListenerLimits(SenderAcl.ALLOW_ALL, 10, 50, 0, 0, false));
        udp.start();
        try {
            udp(udp.boundPort(), 500);
            await().atMost(Duration.ofSeconds(5)).until(() -> c.received.get() + c.droppedCount("rate_limit") == 500);
            assertTrue(c.received.get() >= 50 && c.received.get() < 100, "passed " + c.received.get());
        } finally {
            udp.stop();
        }
    }

    @Test
    void tcpOverTheRateIsSlowedDownNotDropped() throws Exception {
        Counting c = new Counting();
        // 400/s with a burst of 100 for the whole listener: 600 lines need about a second more than a burst
        SyslogServer tcp = new SyslogServer(
                SyslogServer.Protocol.TCP,
                "127.0.0.1",
                0,
                1024,
                "rate-tcp",
                c,
                new ListenerLimits(SenderAcl.ALLOW_ALL, 0, 0, 400, 100, true));
        tcp.start();
        try {
            try (Socket s = new Socket("127.0.0.1", tcp.boundPort());
                    OutputStream out = s.getOutputStream()) {
                StringBuilder sb = new StringBuilder();
                for (int i = 0; i < 600; i++)
                    sb.append("<13>Nov 22 10:00:00 h app: tcp ").append(i).append('\n');
                out.write(sb.toString().getBytes(StandardCharsets.UTF_8));
                out.flush();
                Thread.sleep(150);
                // the connection stays open: the listener holds what it read and hands it over at 400/s
                int early = c.received.get();
                assertTrue(early >= 100 && early < 600, "after 150 ms at 400/s with a burst of 100: " + early);
                await().atMost(Duration.ofSeconds(10)).until(() -> c.received.get() == 600);
            }
            assertEquals(0, c.droppedCount("rate_limit"), "backpressure drops nothing");
        } finally {
            tcp.stop();
        }
    }

    /** True once the server has closed the connection (a read sees end of stream or a reset). */
    static boolean closedByServer(Socket s) {
        try {
            s.setSoTimeout(50);
            return s.getInputStream().read() < 0;
        } catch (SocketTimeoutException stillOpen) {
            return false;
        } catch (IOException reset) {
            return true;
        }
    }

    @ParameterizedTest
    @EnumSource(
            value = SyslogServer.Protocol.class,
            names = {"TCP", "RELP"})
    void connectionsBeyondTheMaximumAreRefusedAndIdleOnesClosed(SyslogServer.Protocol protocol) throws Exception {
        Counting c = new Counting();
        SyslogServer server = new SyslogServer(protocol, "127.0.0.1", 0, 1024, "conn-" + protocol, c)
                .withConnectionLimits(new ConnectionLimits(2, 700));
        server.start();
        try (Socket a = new Socket("127.0.0.1", server.boundPort());
                Socket b = new Socket("127.0.0.1", server.boundPort())) {
            Thread.sleep(100);
            try (Socket third = new Socket("127.0.0.1", server.boundPort())) {
                await().atMost(Duration.ofSeconds(5)).until(() -> closedByServer(third));
            }
            assertEquals(1, c.refusedCount("max_connections"));
            assertFalse(closedByServer(a), "the first two stay open");
            // a and b send nothing: closed after the idle timeout, which frees their places
            await().atMost(Duration.ofSeconds(5)).until(() -> closedByServer(a) && closedByServer(b));
            assertEquals(2, c.closedCount("idle_timeout"));
            try (Socket again = new Socket("127.0.0.1", server.boundPort())) {
                Thread.sleep(200);
                assertFalse(closedByServer(again), "room again once the idle ones were closed");
            }
        } finally {
            server.stop();
        }
    }
}
