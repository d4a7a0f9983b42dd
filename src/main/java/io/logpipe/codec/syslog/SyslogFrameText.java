package io.logpipe.codec.syslog;

import java.nio.charset.StandardCharsets;

/**
 * Turns a received syslog frame's bytes into text. RFC5424 senders (rsyslog, syslog-ng, loggen) put
 * a UTF-8 byte-order mark before MSG to say it is UTF-8; decoded, that one character (U+FEFF) makes
 * the JDK store the whole frame as UTF-16 — twice the bytes through the parser, the routes and
 * the writers. The mark is dropped here, at byte level, when it stands where RFC5424 puts it and
 * is the frame's first non-ASCII byte; {@link Rfc5424Parser} drops it from MSG anyway, so the
 * decoded event is the same.
 */
public final class SyslogFrameText {
    private SyslogFrameText() {}

    private static final byte B0 = (byte) 0xEF, B1 = (byte) 0xBB, B2 = (byte) 0xBF;

    /** {@code len} bytes of {@code b} from {@code off} as text, without an RFC5424 MSG byte-order mark. */
    public static String decode(byte[] b, int off, int len) {
        int end = off + len;
        int bom = firstNonAscii(b, off, end);
        if (bom < 0 || !isMsgBom(b, off, bom, end)) return new String(b, off, len, StandardCharsets.UTF_8);
        byte[] without = new byte[len - 3];
        System.arraycopy(b, off, without, 0, bom - off);
        System.arraycopy(b, bom + 3, without, bom - off, end - bom - 3);
        return new String(without, StandardCharsets.UTF_8);
    }

    private static int firstNonAscii(byte[] b, int from, int end) {
        for (int i = from; i < end; i++) if (b[i] < 0) return i;
        return -1;
    }

    /**
     * A BOM at {@code at}, after the "-" or "]" that ends STRUCTURED-DATA and a space, in a frame
     * that starts like RFC5424 ("&lt;PRI&gt;VERSION SP").
     */
    private static boolean isMsgBom(byte[] b, int off, int at, int end) {
        if (at + 3 > end || b[at] != B0 || b[at + 1] != B1 || b[at + 2] != B2) return false;
        if (at - off < 2 || b[at - 1] != ' ' || (b[at - 2] != '-' && b[at - 2] != ']')) return false;
        return startsLikeRfc5424(b, off, end);
    }

    /** {@link SyslogDecoder#looksLikeRfc5424}'s test on bytes: {@code <PRI>} then 1–3 digits (not 0…) then a space. */
    private static boolean startsLikeRfc5424(byte[] b, int off, int end) {
        if (off >= end || b[off] != '<') return false;
        int i = off + 1;
        while (i < end && i - off <= 3 && b[i] >= '0' && b[i] <= '9') i++;
        if (i == off + 1 || i >= end || b[i] != '>') return false;
        i++;
        int v = i;
        while (i < end && i - v < 3 && b[i] >= '0' && b[i] <= '9') i++;
        return i > v && b[v] != '0' && i < end && b[i] == ' ';
    }
}
