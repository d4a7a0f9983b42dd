package io.logpipe.component.forward;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import io.logpipe.component.syslog.SyslogServer;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * An upstream that stops reading (TCP) or stops answering (RELP) must fail the forward sink's send
 * within its timeout — the queue then retries and reports the problem — instead of holding the
 * sink for ever: blocking socket writes and reads have no time limit of their own.
 */
class SyslogSenderStallTest {
    static final int TIMEOUT_MS = 2000;
    static final Duration BOUND = Duration.ofMillis(TIMEOUT_MS * 5L);

    @Test
    void aTcpPeerThatStopsReadingFailsTheSendWithinTheTimeout() throws Exception {
        try (ServerSocket server = new ServerSocket(0);
                Accepted peer = Accepted.silently(server)) {
            SyslogSender sender = new SyslogSender(
                    SyslogServer.Protocol.TCP,
                    "127.0.0.1",
                    server.getLocalPort(),
                    SyslogSender.Framing.OCTET_COUNTED,
                    null,
                    TIMEOUT_MS);
            String message = "<13>1 2026-11-22T10:00:00Z host app - - - " + "x".repeat(4000);
            assertTimeoutPreemptively(
                    BOUND,
                    () -> assertThrows(IOException.class, () -> {
                        for (int i = 0; i < 1_000_000; i++)
                            sender.send(message); // the buffers fill, then the write stalls
                    }));
            sender.close();
        }
    }

    @Test
    void aRelpServerThatStopsAnsweringFailsTheSendWithinTheTimeout() throws Exception {
        try (ServerSocket server = new ServerSocket(0);
                Accepted peer = Accepted.answeringOpenOnly(server)) {
            SyslogSender sender = new SyslogSender(
                    SyslogServer.Protocol.RELP,
                    "127.0.0.1",
                    server.getLocalPort(),
                    SyslogSender.Framing.OCTET_COUNTED,
                    null,
                    TIMEOUT_MS);
            assertTimeoutPreemptively(
                    BOUND,
                    () -> assertThrows(
                            IOException.class,
                            () -> sender.send("<13>1 2026-11-22T10:00:00Z host app - - - never acknowledged")));
            sender.close();
        }
    }

    /** A peer on its own thread: accepts connections and then does as little as asked. */
    static final class Accepted implements AutoCloseable {
        private final Thread thread;
        private final ServerSocket server;

        private Accepted(ServerSocket server, boolean answerOpen) {
            this.server = server;
            this.thread = new Thread(
                    () -> {
                        try {
                            while (!server.isClosed()) {
                                Socket s = server.accept();
                                if (answerOpen) answerOpen(s);
                                // then nothing: never reads (TCP) or never answers (RELP); the socket stays open
                            }
                        } catch (IOException closed) {
                            // the test is over
                        }
                    },
                    "stalled-peer");
            thread.setDaemon(true);
            thread.start();
        }

        static Accepted silently(ServerSocket server) {
            return new Accepted(server, false);
        }

        static Accepted answeringOpenOnly(ServerSocket server) {
            return new Accepted(server, true);
        }

        /** Reads the client's RELP open frame (TXNR SP open SP LEN SP DATA LF) and accepts it. */
        private static void answerOpen(Socket s) throws IOException {
            DataInputStream in = new DataInputStream(s.getInputStream());
            String txnr = token(in);
            token(in); // "open"
            int len = Integer.parseInt(token(in));
            in.readFully(new byte[len]);
            in.read(); // LF
            String offers = "200 OK\nrelp_version=0\nrelp_software=stalled\ncommands=syslog";
            OutputStream out = s.getOutputStream();
            out.write((txnr + " rsp " + offers.length() + " " + offers + "\n").getBytes(StandardCharsets.US_ASCII));
            out.flush();
        }

        private static String token(InputStream in) throws IOException {
            StringBuilder sb = new StringBuilder();
            for (int b = in.read(); b != ' ' && b != '\n'; b = in.read()) {
                if (b < 0) throw new IOException("closed");
                sb.append((char) b);
            }
            return sb.toString();
        }

        @Override
        public void close() throws IOException {
            server.close();
        }
    }
}
