package io.logpipe.transport;

import java.io.IOException;
import java.io.OutputStream;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;

/**
 * Sends syslog messages to one upstream server: UDP (one datagram each, cut to 65,507 bytes) or
 * TCP with octet-counted (RFC6587 3.4.1) or LF framing on one kept-open connection. A broken
 * connection is reopened once per message before the failure is reported to the caller.
 */
public final class SyslogSender implements AutoCloseable {
    public enum Framing { OCTET_COUNTED, LF }

    private static final int MAX_UDP = 65_507;

    private final SyslogServer.Protocol protocol;
    private final InetSocketAddress target;
    private final Framing framing;
    private Socket socket;
    private OutputStream out;
    private DatagramSocket udp;

    public SyslogSender(SyslogServer.Protocol protocol, String host, int port, Framing framing) {
        this.protocol = protocol;
        this.target = new InetSocketAddress(host, port);
        this.framing = framing;
    }

    public synchronized void send(String message) throws IOException {
        byte[] body = message.getBytes(StandardCharsets.UTF_8);
        if (protocol == SyslogServer.Protocol.UDP) {
            if (udp == null) udp = new DatagramSocket();
            udp.send(new DatagramPacket(body, Math.min(body.length, MAX_UDP), target));
            return;
        }
        try {
            write(body);
        } catch (IOException first) {
            closeTcp();
            write(body); // one reconnect; a second failure goes to the caller
        }
    }

    private void write(byte[] body) throws IOException {
        if (socket == null) {
            socket = new Socket();
            socket.connect(target, 5000);
            socket.setTcpNoDelay(true);
            out = new java.io.BufferedOutputStream(socket.getOutputStream(), 64 * 1024);
        }
        if (framing == Framing.OCTET_COUNTED) {
            out.write((body.length + " ").getBytes(StandardCharsets.US_ASCII));
            out.write(body);
        } else {
            out.write(body);
            out.write('\n');
        }
        out.flush();
    }

    private void closeTcp() {
        try {
            if (socket != null) socket.close();
        } catch (IOException ignored) {
            // reopening anyway
        }
        socket = null;
        out = null;
    }

    @Override
    public synchronized void close() {
        closeTcp();
        if (udp != null) udp.close();
    }
}
