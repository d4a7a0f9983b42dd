package io.logpipe.component.syslog;

import io.logpipe.codec.syslog.SyslogFrameText;
import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.ByteToMessageDecoder;
import java.util.List;

/**
 * RFC6587 framing for syslog over TCP, detected per frame as syslog-ng and Vector do: a frame
 * that starts with {@code [1-9][0-9]* SP} is octet-counted, anything else ends at LF or NUL. Bounded:
 * a frame longer than {@code maxFrame} is delivered cut to {@code maxFrame} bytes and flagged,
 * the rest of it is skipped, and the next frame parses normally, so the connection never stalls.
 * Delivers frames straight to a {@link FrameListener} instead of Netty's message list, to avoid
 * an allocation per frame.
 */
public final class SyslogFrameDecoder extends ByteToMessageDecoder {
    private static final int MAX_COUNT_DIGITS = 9;

    private final int maxFrame;
    private final FrameListener listener;
    private long skipBytes; // rest of an oversize octet-counted frame
    private boolean skipToNewline; // rest of an oversize LF-terminated frame
    private String cutLine; // its first maxFrame bytes, delivered with the whole length at its LF
    private long cutLineLength;
    private int pendingCount = -1; // octet count read, waiting for the bytes
    private boolean paused; // a rate limit holds the rest of the buffer until resume()
    private boolean draining; // the peer closed: deliver everything, pause no more

    public SyslogFrameDecoder(int maxFrame, FrameListener listener) {
        this.maxFrame = maxFrame;
        this.listener = listener;
    }

    /** Stops delivering frames; bytes already read wait in the buffer (and the sender waits on TCP). */
    public void pause() {
        paused = !draining;
    }

    /** Delivers again; the caller fires an empty read so the buffered bytes are decoded. */
    public void resume() {
        paused = false;
    }

    public boolean isPaused() {
        return paused;
    }

    @Override
    protected void decode(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) {
        while (in.isReadable() && !paused) {
            if (skipBytes > 0) {
                int n = (int) Math.min(skipBytes, in.readableBytes());
                in.skipBytes(n);
                skipBytes -= n;
                continue;
            }
            if (skipToNewline) {
                int lf = trailer(in, in.readerIndex(), in.writerIndex());
                if (lf < 0) {
                    cutLineLength += in.readableBytes();
                    in.skipBytes(in.readableBytes());
                    return;
                }
                cutLineLength += lf - in.readerIndex();
                in.readerIndex(lf + 1);
                skipToNewline = false;
                deliverCutLine();
                continue;
            }
            if (pendingCount >= 0) {
                if (!octetFrame(in)) return;
                continue;
            }
            skipSeparators(in);
            if (!in.isReadable()) return;
            int header = octetCountHeader(in);
            if (header == NEED_MORE) return;
            if (header > 0) {
                if (!octetFrame(in)) return;
                continue;
            }
            if (!newlineFrame(in)) return;
        }
    }

    /** Stray LF/CR/NUL between frames (a sender that ends octet-counted frames with LF too). */
    private static void skipSeparators(ByteBuf in) {
        while (in.isReadable()) {
            byte b = in.getByte(in.readerIndex());
            if (b != '\n' && b != '\r' && b != 0) return;
            in.skipBytes(1);
        }
    }

    private static final int NEED_MORE = -2;

    /** Reads "MSGLEN SP" into pendingCount; returns header length, 0 when this is not octet counting, NEED_MORE. */
    private int octetCountHeader(ByteBuf in) {
        int r = in.readerIndex();
        byte first = in.getByte(r);
        if (first < '1' || first > '9') return 0;
        long count = 0;
        int i = r;
        while (i < in.writerIndex() && i - r <= MAX_COUNT_DIGITS) {
            byte b = in.getByte(i);
            if (b == ' ') {
                pendingCount = (int) Math.min(count, Integer.MAX_VALUE);
                int header = i - r + 1;
                in.skipBytes(header);
                return header;
            }
            if (b < '0' || b > '9') return 0;
            count = count * 10 + (b - '0');
            i++;
        }
        return i - r > MAX_COUNT_DIGITS ? 0 : NEED_MORE;
    }

    /** Delivers the pending octet-counted frame once its bytes (up to maxFrame) are here. */
    private boolean octetFrame(ByteBuf in) {
        int want = Math.min(pendingCount, maxFrame);
        if (in.readableBytes() < want) return false;
        String text = text(in, in.readerIndex(), want);
        in.skipBytes(want);
        int declared = pendingCount;
        pendingCount = -1;
        if (declared > want) skipBytes = declared - want;
        listener.onFrame(text, declared, declared > want);
        return true;
    }

    /**
     * RFC6587 3.4.2 non-transparent framing: the index of the first LF, or NUL as some senders use,
     * in [from, to), or -1. Two of Netty's word-at-a-time searches (NUL only before the LF) instead of
     * a byte-at-a-time loop, which was a tenth of a W1 listener thread by JFR.
     */
    private static int trailer(ByteBuf in, int from, int to) {
        int lf = in.indexOf(from, to, (byte) '\n');
        int nul = in.indexOf(from, lf < 0 ? to : lf, (byte) 0);
        return nul >= 0 ? nul : lf;
    }

    private boolean newlineFrame(ByteBuf in) {
        int r = in.readerIndex();
        int limit = Math.min(in.writerIndex(), r + maxFrame + 1);
        int lf = trailer(in, r, limit);
        if (lf >= 0) {
            int len = lf - r;
            String text = text(in, r, len);
            in.readerIndex(lf + 1);
            listener.onFrame(text, len, false);
            return true;
        }
        if (in.readableBytes() > maxFrame) {
            // held until the line ends, so the event can say how long the line really was
            cutLine = text(in, r, maxFrame);
            cutLineLength = maxFrame;
            in.skipBytes(maxFrame);
            skipToNewline = true;
            return true;
        }
        return false;
    }

    /** A frame's bytes as text, through {@link SyslogFrameText} (no RFC5424 byte-order mark). */
    private static String text(ByteBuf in, int from, int len) {
        if (in.hasArray()) return SyslogFrameText.decode(in.array(), in.arrayOffset() + from, len);
        byte[] bytes = len <= MAX_SCRATCH ? scratch(len) : new byte[len];
        in.getBytes(from, bytes, 0, len);
        return SyslogFrameText.decode(bytes, 0, len);
    }

    // one copy buffer per event-loop thread, as Netty's own ByteBuf.toString does for direct buffers
    private static final int MAX_SCRATCH = 64 * 1024;
    private static final ThreadLocal<byte[]> SCRATCH = ThreadLocal.withInitial(() -> new byte[1024]);

    private static byte[] scratch(int len) {
        byte[] b = SCRATCH.get();
        if (b.length < len) SCRATCH.set(b = new byte[Math.min(MAX_SCRATCH, Math.max(len, b.length * 2))]);
        return b;
    }

    private void deliverCutLine() {
        String text = cutLine;
        cutLine = null;
        if (text != null) listener.onFrame(text, (int) Math.min(cutLineLength, Integer.MAX_VALUE), true);
    }

    /** At end of stream, whatever is left of an unterminated LF frame is still a message. */
    @Override
    protected void decodeLast(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) {
        // the peer is gone: what it sent is delivered even while a rate limit pauses us; nothing read is lost
        draining = true;
        paused = false;
        decode(ctx, in, out);
        if (skipToNewline) deliverCutLine(); // the peer closed inside an oversize line: what arrived is its length
        if (in.isReadable() && !skipToNewline && skipBytes == 0) {
            int len = in.readableBytes();
            String text = text(in, in.readerIndex(), len);
            in.skipBytes(len);
            pendingCount = -1; // a peer that closed mid-frame: keep what arrived
            listener.onFrame(text, len, false);
        }
    }
}
