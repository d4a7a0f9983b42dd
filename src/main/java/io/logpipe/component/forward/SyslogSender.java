package io.logpipe.component.forward;

import io.logpipe.component.syslog.SyslogServer;
import io.logpipe.net.StallWatchdog;
import io.logpipe.net.TlsClientSettings;
import io.logpipe.relp.RelpClient;
import io.logpipe.relp.RelpRefusedException;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import javax.net.ssl.SSLSocketFactory;

/**
 * Sends syslog messages to one upstream server: UDP (one datagram each, cut to 65,507 bytes), TCP
 * with octet-counted (RFC6587 3.4.1) or LF framing, or RELP, where {@link #send} returns only
 * once the server acknowledged the message. TCP and RELP keep one connection open, optionally
 * TLS. A broken connection is reopened once per message before the failure goes to the caller.
 */
public final class SyslogSender implements AutoCloseable {
    public enum Framing {
        OCTET_COUNTED,
        LF
    }

    private static final int MAX_UDP = 65_507;
    private static final int CONNECT_TIMEOUT_MS = 5000;
    public static final int DEFAULT_TIMEOUT_MS = 30_000;

    private final SyslogServer.Protocol protocol;
    private final InetSocketAddress target;
    private final Framing framing;
    private final TlsClientSettings tls;
    private final SSLSocketFactory tlsFactory;
    private final int timeoutMs;
    private Socket socket;
    private OutputStream out;
    private RelpClient relp;
    private DatagramSocket udp;

    public SyslogSender(SyslogServer.Protocol protocol, String host, int port, Framing framing) throws IOException {
        this(protocol, host, port, framing, null);
    }

    /** @param tls TLS settings for TCP or RELP, or null for plain */
    public SyslogSender(SyslogServer.Protocol protocol, String host, int port, Framing framing, TlsClientSettings tls)
            throws IOException {
        this(protocol, host, port, framing, tls, DEFAULT_TIMEOUT_MS);
    }

    /** @param timeoutMs longest a write may stall, or a RELP answer take, before the send fails */
    public SyslogSender(
            SyslogServer.Protocol protocol,
            String host,
            int port,
            Framing framing,
            TlsClientSettings tls,
            int timeoutMs)
            throws IOException {
        if (tls != null && protocol == SyslogServer.Protocol.UDP)
            throw new IllegalArgumentException("TLS needs TCP or RELP");
        this.protocol = protocol;
        this.target = new InetSocketAddress(host, port);
        this.framing = framing;
        this.tls = tls;
        this.tlsFactory = tls == null ? null : tls.socketFactory();
        this.timeoutMs = timeoutMs;
    }

    public synchronized void send(String message) throws IOException {
        byte[] body = message.getBytes(StandardCharsets.UTF_8);
        if (protocol == SyslogServer.Protocol.UDP) {
            if (udp == null) udp = new DatagramSocket();
            udp.send(new DatagramPacket(body, Math.min(body.length, MAX_UDP), target));
            return;
        }
        try {
            sendOnce(message, body);
        } catch (RelpRefusedException refused) {
            throw refused; // the server answered: reconnecting would not change its mind
        } catch (StalledException stalled) {
            closeConnection(false);
            throw stalled; // the upstream is alive but stuck: the caller backs off and says so
        } catch (IOException first) {
            closeConnection(false);
            sendOnce(message, body); // one reconnect; a second failure goes to the caller
        }
    }

    private void sendOnce(String message, byte[] body) throws IOException {
        if (socket == null) connect();
        Socket busy = socket;
        StallWatchdog.busy(busy, timeoutMs, () -> closeQuietly(busy));
        try {
            if (protocol == SyslogServer.Protocol.RELP) {
                relp.send(message);
                return;
            }
            if (framing == Framing.OCTET_COUNTED) {
                out.write((body.length + " ").getBytes(StandardCharsets.US_ASCII));
                out.write(body);
            } else {
                out.write(body);
                out.write('\n');
            }
            out.flush();
        } catch (IOException e) {
            if (!StallWatchdog.done(busy) || e instanceof SocketTimeoutException)
                throw new StalledException("upstream " + target + " stalled for more than " + timeoutMs + " ms", e);
            throw e;
        } finally {
            StallWatchdog.done(busy);
        }
    }

    private void connect() throws IOException {
        Socket s;
        if (tls != null) {
            s = tls.connect(tlsFactory, target, CONNECT_TIMEOUT_MS);
        } else {
            s = new Socket();
            s.connect(target, CONNECT_TIMEOUT_MS);
        }
        s.setTcpNoDelay(true);
        s.setSoTimeout(timeoutMs); // a RELP answer that does not come
        try {
            if (protocol == SyslogServer.Protocol.RELP) {
                RelpClient client = new RelpClient(s); // open's answer: bounded by the read timeout
                client.open();
                relp = client;
            } else {
                out = new BufferedOutputStream(s.getOutputStream(), 64 * 1024);
            }
        } catch (IOException e) {
            s.close();
            throw e;
        }
        socket = s;
    }

    /** @param polite end a RELP session with close (on shutdown), not just drop it (after a failure) */
    private void closeConnection(boolean polite) {
        if (relp != null && polite) relp.close();
        if (socket != null) closeQuietly(socket);
        relp = null;
        socket = null;
        out = null;
    }

    private static void closeQuietly(Socket s) {
        try {
            s.close();
        } catch (IOException ignored) {
            // reopening anyway; a stuck call throws either way
        }
    }

    /** The upstream accepted the connection but stopped reading or answering. */
    static final class StalledException extends IOException {
        StalledException(String message, Throwable cause) {
            super(message, cause);
        }
    }

    @Override
    public synchronized void close() {
        closeConnection(true);
        if (udp != null) udp.close();
    }
}
