package io.logpipe.relp;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;

/**
 * The client side of a RELP session over a connected (plain or TLS) socket: {@code open} with our
 * offers, then each {@link #send} waits for its {@code rsp}, so a message counts as delivered only
 * once the server acknowledged it with 200. Not thread-safe; one caller at a time.
 */
public final class RelpClient implements AutoCloseable {
    /** librelp wraps transaction numbers after 999,999,999 back to 1. */
    private static final long MAX_TXNR = 999_999_999L;

    private static final int MAX_RESPONSE = 64 * 1024;

    private final Socket socket;
    private final InputStream in;
    private final OutputStream out;
    private long txnr;

    public RelpClient(Socket socket) throws IOException {
        this.socket = socket;
        this.in = new BufferedInputStream(socket.getInputStream());
        this.out = new BufferedOutputStream(socket.getOutputStream(), 64 * 1024);
    }

    /** Opens the session; the server must accept and offer the syslog command. */
    public void open() throws IOException {
        String offers = call("open", "relp_version=0\nrelp_software=logpipe\ncommands=syslog");
        if (!offers.startsWith("200")) throw new IOException("RELP server refused the session: " + firstLine(offers));
        if (!RelpSession.offersSyslog(offers)) throw new IOException("RELP server does not offer the syslog command");
    }

    /** Sends one message and waits for the server's 200; anything else is an IOException. */
    public void send(String message) throws IOException {
        String rsp = call("syslog", message);
        if (!rsp.startsWith("200")) throw new RelpRefusedException("RELP server answered: " + firstLine(rsp));
    }

    /** Ends the session politely; the socket is closed either way. */
    @Override
    public void close() {
        try {
            socket.setSoTimeout(2000);
            call("close", "");
        } catch (IOException ignored) {
            // closing anyway
        } finally {
            try {
                socket.close();
            } catch (IOException ignored) {
                // nothing more to do
            }
        }
    }

    private String call(String command, String data) throws IOException {
        txnr = txnr >= MAX_TXNR ? 1 : txnr + 1;
        byte[] body = data.getBytes(StandardCharsets.UTF_8);
        out.write((txnr + " " + command + " " + body.length + (body.length > 0 ? " " : ""))
                .getBytes(StandardCharsets.US_ASCII));
        out.write(body);
        out.write('\n');
        out.flush();
        long rspTxnr = Long.parseLong(token());
        String rspCommand = token();
        int len = Integer.parseInt(token());
        String rspData = "";
        if (len > 0) {
            if (lastTerminator != ' ') throw new IOException("RELP frame from the server has a length but no data");
            rspData = readData(len);
        }
        if (len > 0 || lastTerminator == ' ') {
            if (in.read() != '\n') throw new IOException("RELP frame from the server not ended by LF");
        }
        if (rspCommand.equals("serverclose")) throw new IOException("RELP server closed the session (serverclose)");
        if (!rspCommand.equals("rsp")) throw new IOException("RELP server sent '" + rspCommand + "', expected rsp");
        if (rspTxnr != txnr) throw new IOException("RELP response for transaction " + rspTxnr + ", expected " + txnr);
        return rspData;
    }

    private int lastTerminator;

    /** The next header token, up to SP or LF (kept in lastTerminator). */
    private String token() throws IOException {
        StringBuilder sb = new StringBuilder(12);
        while (true) {
            int b = in.read();
            if (b < 0) throw new IOException("RELP server closed the connection");
            if (b == ' ' || b == '\n') {
                if (sb.isEmpty() && b == '\n') continue; // a blank line between frames
                lastTerminator = b;
                return sb.toString();
            }
            if (sb.length() > 32) throw new IOException("RELP header token too long");
            sb.append((char) b);
        }
    }

    private String readData(int len) throws IOException {
        if (len > MAX_RESPONSE) throw new IOException("RELP response of " + len + " bytes is too long");
        byte[] buf = in.readNBytes(len);
        if (buf.length < len) throw new IOException("RELP server closed the connection mid-frame");
        return new String(buf, StandardCharsets.UTF_8);
    }

    private static String firstLine(String s) {
        int nl = s.indexOf('\n');
        return nl < 0 ? s : s.substring(0, nl);
    }
}
