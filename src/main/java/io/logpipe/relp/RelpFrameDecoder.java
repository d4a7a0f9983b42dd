package io.logpipe.relp;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.ByteToMessageDecoder;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * Splits a RELP byte stream into {@link RelpFrame}s (librelp's framing: {@code TXNR SP COMMAND SP
 * DATALEN [SP DATA] LF}, TXNR and DATALEN at most 9 digits, COMMAND at most 32 letters). Data
 * longer than {@code maxData} is cut to {@code maxData} bytes and the rest skipped, so one huge
 * message cannot exhaust memory; anything that is not RELP throws {@link RelpProtocolException}.
 */
public final class RelpFrameDecoder extends ByteToMessageDecoder {
    private static final int MAX_DIGITS = 9;
    private static final int MAX_COMMAND = 32;
    /** Longest possible header: txnr, command, datalen and their separators. */
    private static final int MAX_HEADER = MAX_DIGITS + 1 + MAX_COMMAND + 1 + MAX_DIGITS + 1;

    private final int maxData;
    // the frame being read, once its header is in
    private long txnr = -1;
    private String command;
    private int dataLength;
    private String kept; // data kept so far (when cut)
    private long skip; // bytes of cut data still to skip

    public RelpFrameDecoder(int maxData) {
        this.maxData = maxData;
    }

    private boolean failed; // after a protocol error nothing more is decoded (the session is closing)

    @Override
    protected void decode(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) {
        if (failed) {
            in.skipBytes(in.readableBytes());
            return;
        }
        try {
            decodeFrames(in, out);
        } catch (RelpProtocolException e) {
            failed = true;
            in.skipBytes(in.readableBytes());
            throw e;
        }
    }

    private void decodeFrames(ByteBuf in, List<Object> out) {
        while (in.isReadable()) {
            if (txnr < 0) {
                skipBlankLines(in);
                if (!in.isReadable() || !readHeader(in)) return;
            }
            if (!readData(in)) return;
            out.add(new RelpFrame(txnr, command, kept, dataLength, dataLength > maxData));
            txnr = -1;
            kept = null;
        }
    }

    /** Some clients end a frame with CR LF or send a blank line; neither is a frame. */
    private static void skipBlankLines(ByteBuf in) {
        while (in.isReadable()) {
            byte b = in.getByte(in.readerIndex());
            if (b != '\n' && b != '\r') return;
            in.skipBytes(1);
        }
    }

    /** Parses the header when it is all here; false to wait for more bytes. */
    private boolean readHeader(ByteBuf in) {
        int start = in.readerIndex();
        int end = Math.min(in.writerIndex(), start + MAX_HEADER);
        int txnrEnd = token(in, start, end, MAX_DIGITS, true, "transaction number");
        if (txnrEnd < 0) return waitOrFail(in, end);
        int cmdEnd = token(in, txnrEnd + 1, end, MAX_COMMAND, false, "command");
        if (cmdEnd < 0) return waitOrFail(in, end);
        int lenEnd = token(in, cmdEnd + 1, end, MAX_DIGITS, true, "data length");
        if (lenEnd < 0) return waitOrFail(in, end);
        long tx = Long.parseLong(ascii(in, start, txnrEnd));
        String cmd = ascii(in, txnrEnd + 1, cmdEnd);
        long len = Long.parseLong(ascii(in, cmdEnd + 1, lenEnd));
        byte after = in.getByte(lenEnd);
        if (len == 0 && after != '\n' && after != ' ')
            throw new RelpProtocolException("data length 0 must be followed by LF");
        if (len > 0 && after != ' ')
            throw new RelpProtocolException("data length must be followed by a space and the data");
        in.readerIndex(len == 0 && after == '\n' ? lenEnd : lenEnd + 1); // a zero-length frame's LF is its trailer
        txnr = tx;
        command = cmd;
        dataLength = (int) len;
        kept = null;
        skip = 0;
        return true;
    }

    /**
     * End index of a token starting at {@code from} (the separator's index), -1 when it is not
     * complete yet; throws when what is there cannot be RELP.
     */
    private static int token(ByteBuf in, int from, int end, int maxLen, boolean digits, String what) {
        for (int i = from; i < end; i++) {
            byte b = in.getByte(i);
            if (b == ' ' || b == '\n') {
                if (i == from) throw new RelpProtocolException("empty " + what);
                return i;
            }
            boolean ok = digits ? b >= '0' && b <= '9' : (b >= 'a' && b <= 'z') || (b >= 'A' && b <= 'Z');
            if (!ok)
                throw new RelpProtocolException("bad character 0x" + Integer.toHexString(b & 0xff) + " in " + what);
            if (i - from >= maxLen) throw new RelpProtocolException(what + " longer than " + maxLen + " characters");
        }
        return -1;
    }

    private static boolean waitOrFail(ByteBuf in, int end) {
        if (end - in.readerIndex() >= MAX_HEADER)
            throw new RelpProtocolException("no complete RELP header in " + MAX_HEADER + " bytes");
        return false;
    }

    /** Reads the data (cut to maxData) and the LF trailer; false to wait for more bytes. */
    private boolean readData(ByteBuf in) {
        if (dataLength == 0) {
            kept = "";
            return trailer(in);
        }
        if (kept == null) {
            int want = Math.min(dataLength, maxData);
            if (in.readableBytes() < want) return false;
            kept = in.toString(in.readerIndex(), want, StandardCharsets.UTF_8);
            in.skipBytes(want);
            skip = dataLength - want;
        }
        if (skip > 0) {
            int n = (int) Math.min(skip, in.readableBytes());
            in.skipBytes(n);
            skip -= n;
            if (skip > 0) return false;
        }
        return trailer(in);
    }

    /** LF, or CR LF from a lenient client. */
    private static boolean trailer(ByteBuf in) {
        if (!in.isReadable()) return false;
        int r = in.readerIndex();
        byte b = in.getByte(r);
        if (b == '\r') {
            if (in.readableBytes() < 2) return false;
            b = in.getByte(r + 1);
            if (b == '\n') {
                in.skipBytes(2);
                return true;
            }
        } else if (b == '\n') {
            in.skipBytes(1);
            return true;
        }
        throw new RelpProtocolException("frame not ended by LF (data length wrong?)");
    }

    private static String ascii(ByteBuf in, int from, int to) {
        return in.toString(from, to - from, StandardCharsets.US_ASCII);
    }
}
