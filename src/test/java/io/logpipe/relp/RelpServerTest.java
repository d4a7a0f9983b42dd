package io.logpipe.relp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.logpipe.component.forward.SyslogSender;
import io.logpipe.component.syslog.SyslogServer;
import io.logpipe.event.Source;
import io.logpipe.net.ListenerLimits;
import io.logpipe.net.MessageReceiver;
import io.logpipe.net.SenderAcl;
import io.logpipe.net.TestCertificates;
import io.logpipe.net.TlsClientSettings;
import io.logpipe.net.TlsSettings;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The RELP listener against our own client, raw sockets and TLS; rsyslog's omrelp is in RelpRsyslogIT. */
class RelpServerTest {
    /** Takes every message except those containing "poison", which the "route" fails. */
    static final class Collect implements MessageReceiver {
        final List<String> messages = new CopyOnWriteArrayList<>();
        final List<Source> sources = new CopyOnWriteArrayList<>();
        final Map<String, AtomicLong> refused = new ConcurrentHashMap<>();
        final AtomicLong batches = new AtomicLong();

        @Override
        public boolean receive(String text, int originalLength, boolean truncated, Source source) {
            if (text.contains("poison")) return false;
            messages.add(text);
            sources.add(source);
            return true;
        }

        @Override
        public void endOfBatch() {
            batches.incrementAndGet();
        }

        @Override
        public void refused(String reason) {
            refused.computeIfAbsent(reason, r -> new AtomicLong()).incrementAndGet();
        }

        long refusedCount(String r) {
            return refused.getOrDefault(r, new AtomicLong()).get();
        }
    }

    final Collect collect = new Collect();
    SyslogServer server;

    SyslogServer start(TlsSettings tls) throws Exception {
        server = new SyslogServer(SyslogServer.Protocol.RELP, "127.0.0.1", 0, 1024, "relp-test", collect);
        if (tls != null) server.withTls(tls);
        server.start();
        return server;
    }

    @AfterEach
    void stop() {
        if (server != null) server.stop();
    }

    @Test
    void ourClientSendsAThousandMessagesEachAcknowledged() throws Exception {
        start(null);
        try (SyslogSender sender = new SyslogSender(
                SyslogServer.Protocol.RELP, "127.0.0.1", server.boundPort(), SyslogSender.Framing.LF)) {
            for (int i = 0; i < 1000; i++) sender.send("<13>Nov 22 10:00:00 host app: message " + i);
            // send() returned for each: the server acknowledged it, so it is already with the receiver
            assertEquals(1000, collect.messages.size());
        }
        for (int i = 0; i < 1000; i++)
            assertEquals("<13>Nov 22 10:00:00 host app: message " + i, collect.messages.get(i));
        assertEquals("relp-test", collect.sources.get(0).listener());
        assertEquals("127.0.0.1", collect.sources.get(0).ip());
    }

    /** Reads n response frames (each "TXNR rsp LEN DATA", data may span lines) as "TXNR DATA". */
    static String[] responses(BufferedReader in, int n) throws IOException {
        String[] out = new String[n];
        for (int i = 0; i < n; i++) {
            String line = in.readLine();
            String[] h = line.split(" ", 4);
            int len = Integer.parseInt(h[2]);
            StringBuilder data = new StringBuilder(h.length > 3 ? h[3] : "");
            while (data.toString().getBytes(StandardCharsets.UTF_8).length < len)
                data.append('\n').append(in.readLine());
            out[i] = h[0] + " " + h[1] + " " + data;
        }
        return out;
    }

    @Test
    void aPipelinedWindowIsAnsweredInOrderAndAFailedRouteGets500() throws Exception {
        start(null);
        String offers = "relp_version=0\ncommands=syslog";
        StringBuilder window = new StringBuilder("1 open " + offers.length() + " " + offers + "\n");
        for (int tx = 2; tx <= 101; tx++) {
            String msg = tx == 50 ? "<13>poison pill" : "<13>msg " + tx;
            window.append(tx)
                    .append(" syslog ")
                    .append(msg.length())
                    .append(' ')
                    .append(msg)
                    .append('\n');
        }
        window.append("102 close 0\n");
        try (Socket s = new Socket("127.0.0.1", server.boundPort())) {
            s.getOutputStream().write(window.toString().getBytes(StandardCharsets.US_ASCII));
            BufferedReader in = new BufferedReader(new InputStreamReader(s.getInputStream(), StandardCharsets.UTF_8));
            String[] r = responses(in, 102);
            assertTrue(r[0].startsWith("1 rsp 200 OK\nrelp_version=0"), r[0]);
            assertTrue(r[0].contains("commands=syslog"), r[0]);
            for (int tx = 2; tx <= 101; tx++) {
                String expected = tx == 50 ? tx + " rsp 500 the route failed for this message" : tx + " rsp 200 OK";
                assertEquals(expected, r[tx - 1]);
            }
            assertEquals("102 rsp ", r[101]);
            assertEquals(-1, s.getInputStream().read(), "the server closes after close");
        }
        assertEquals(99, collect.messages.size());
    }

    @Test
    void syslogBeforeOpenAndGarbageEndTheSessionAndAreCounted() throws Exception {
        start(null);
        try (Socket s = new Socket("127.0.0.1", server.boundPort())) {
            s.getOutputStream().write("1 syslog 5 <13>x\n".getBytes(StandardCharsets.US_ASCII));
            BufferedReader in = new BufferedReader(new InputStreamReader(s.getInputStream(), StandardCharsets.UTF_8));
            assertEquals("1 rsp 20 500 session not open", in.readLine());
            assertEquals(null, in.readLine());
        }
        try (Socket s = new Socket("127.0.0.1", server.boundPort())) {
            s.getOutputStream()
                    .write("<13>Nov 22 10:00:00 host plain syslog to a RELP port\n"
                            .getBytes(StandardCharsets.US_ASCII));
            assertEquals(-1, s.getInputStream().read());
        }
        assertEquals(2, collect.refusedCount("relp_protocol"));
        assertEquals(0, collect.messages.size());
    }

    @Test
    void stoppingTellsOpenSessionsServerclose() throws Exception {
        start(null);
        try (Socket s = new Socket("127.0.0.1", server.boundPort())) {
            OutputStream out = s.getOutputStream();
            out.write("1 open 15 commands=syslog\n2 syslog 5 <13>a\n".getBytes(StandardCharsets.US_ASCII));
            BufferedReader in = new BufferedReader(new InputStreamReader(s.getInputStream(), StandardCharsets.UTF_8));
            responses(in, 2);
            server.stop();
            server = null;
            assertEquals("0 serverclose 0", in.readLine());
            assertEquals(null, in.readLine());
        }
    }

    @Test
    void ourClientSeesServercloseAsAFailureAndReconnectsToTheNextServer() throws Exception {
        start(null);
        int port = server.boundPort();
        try (SyslogSender sender =
                new SyslogSender(SyslogServer.Protocol.RELP, "127.0.0.1", port, SyslogSender.Framing.LF)) {
            sender.send("<13>before");
            server.stop();
            server = new SyslogServer(SyslogServer.Protocol.RELP, "127.0.0.1", port, 1024, "relp-test", collect);
            server.start();
            sender.send("<13>after"); // the old session got serverclose; the sender opens a new one
        }
        assertEquals(List.of("<13>before", "<13>after"), collect.messages);
    }

    @Test
    void aMessageTheRouteRefusesIsAnErrorForTheSender() throws Exception {
        start(null);
        try (SyslogSender sender = new SyslogSender(
                SyslogServer.Protocol.RELP, "127.0.0.1", server.boundPort(), SyslogSender.Framing.LF)) {
            IOException e = assertThrows(RelpRefusedException.class, () -> sender.send("<13>poison"));
            assertTrue(e.getMessage().contains("500"), e.getMessage());
            sender.send("<13>fine"); // the session goes on
        }
        assertEquals(List.of("<13>fine"), collect.messages);
    }

    @Test
    void overTheRateLimitTheSenderIsSlowedNotDropped() throws Exception {
        ListenerLimits limits = new ListenerLimits(SenderAcl.ALLOW_ALL, 200, 50, 0, 0, true);
        server = new SyslogServer(SyslogServer.Protocol.RELP, "127.0.0.1", 0, 1024, "relp-limited", collect, limits);
        server.start();
        long start = System.nanoTime();
        try (SyslogSender sender = new SyslogSender(
                SyslogServer.Protocol.RELP, "127.0.0.1", server.boundPort(), SyslogSender.Framing.LF)) {
            for (int i = 0; i < 350; i++) sender.send("<13>limited " + i);
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        assertEquals(350, collect.messages.size(), "nothing dropped");
        // 50 at once, then 200/s: the last of 350 cannot pass before 1.5 s
        assertTrue(seconds >= 1.4, "took " + seconds + " s");
    }

    @Test
    void relpOverTlsWithMutualAuthRecordsThePeer() throws Exception {
        TestCertificates certs = new TestCertificates();
        start(new TlsSettings(
                certs.pem("server").toString(),
                certs.key("server").toString(),
                certs.pem("ca").toString(),
                TlsSettings.ClientAuth.REQUIRED,
                List.of("*.example.com")));
        TlsClientSettings good = new TlsClientSettings(
                certs.pem("ca").toString(),
                certs.pem("good").toString(),
                certs.key("good").toString(),
                List.of());
        try (SyslogSender sender = new SyslogSender(
                SyslogServer.Protocol.RELP, "localhost", server.boundPort(), SyslogSender.Framing.LF, good)) {
            sender.send("<13>over tls");
        }
        assertEquals(List.of("<13>over tls"), collect.messages);
        assertEquals("sender.example.com", collect.sources.get(0).peer());

        TlsClientSettings intruder = new TlsClientSettings(
                certs.pem("ca").toString(),
                certs.pem("intruder").toString(),
                certs.key("intruder").toString(),
                List.of());
        try (SyslogSender sender = new SyslogSender(
                SyslogServer.Protocol.RELP, "localhost", server.boundPort(), SyslogSender.Framing.LF, intruder)) {
            assertThrows(IOException.class, () -> sender.send("<13>from the intruder"));
        }
        assertEquals(1, collect.messages.size());
        assertEquals(2, collect.refusedCount("peer_not_permitted")); // the send and its one reconnect
    }
}
