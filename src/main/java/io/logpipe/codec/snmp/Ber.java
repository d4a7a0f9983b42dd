package io.logpipe.codec.snmp;

import java.io.ByteArrayOutputStream;

/** The BER subset SNMP uses: definite lengths, one-byte tags. Reading past the end is an {@link IllegalArgumentException}. */
final class Ber {
    static final int INTEGER = 0x02, OCTET_STRING = 0x04, NULL = 0x05, OID = 0x06, SEQUENCE = 0x30;
    static final int IP_ADDRESS = 0x40,
            COUNTER32 = 0x41,
            GAUGE32 = 0x42,
            TIMETICKS = 0x43,
            OPAQUE = 0x44,
            COUNTER64 = 0x46;
    static final int NO_SUCH_OBJECT = 0x80, NO_SUCH_INSTANCE = 0x81, END_OF_MIB_VIEW = 0x82;

    /** One tag-length-value: where its value starts and ends in the buffer. */
    record Tlv(int tag, byte[] buf, int start, int end) {
        Reader contents() {
            return new Reader(buf, start, end);
        }

        int length() {
            return end - start;
        }
    }

    static final class Reader {
        private final byte[] b;
        private int at;
        private final int end;

        Reader(byte[] b, int at, int end) {
            this.b = b;
            this.at = at;
            this.end = end;
        }

        boolean more() {
            return at < end;
        }

        Tlv next() {
            if (at + 2 > end) throw new IllegalArgumentException("BER: cut short at byte " + at);
            int tag = b[at++] & 0xff;
            if ((tag & 0x1f) == 0x1f) throw new IllegalArgumentException("BER: multi-byte tags are not SNMP");
            int len = b[at++] & 0xff;
            if (len > 0x7f) {
                int n = len & 0x7f;
                if (n == 0 || n > 4 || at + n > end)
                    throw new IllegalArgumentException("BER: bad length at byte " + at);
                len = 0;
                for (int i = 0; i < n; i++) len = (len << 8) | (b[at++] & 0xff);
                if (len < 0) throw new IllegalArgumentException("BER: bad length");
            }
            if (at + len > end)
                throw new IllegalArgumentException("BER: a value of " + len + " bytes runs past the end");
            Tlv t = new Tlv(tag, b, at, at + len);
            at += len;
            return t;
        }

        Tlv next(int expected, String what) {
            Tlv t = next();
            if (t.tag() != expected)
                throw new IllegalArgumentException("SNMP: expected " + what + " (tag 0x" + Integer.toHexString(expected)
                        + "), got tag 0x" + Integer.toHexString(t.tag()));
            return t;
        }
    }

    static long integer(Tlv t) {
        if (t.length() == 0 || t.length() > 8)
            throw new IllegalArgumentException("BER: an integer of " + t.length() + " bytes");
        long v = t.buf()[t.start()]; // sign-extended
        for (int i = t.start() + 1; i < t.end(); i++) v = (v << 8) | (t.buf()[i] & 0xff);
        return v;
    }

    static long unsigned(Tlv t) {
        if (t.length() == 0 || t.length() > 9)
            throw new IllegalArgumentException("BER: an unsigned of " + t.length() + " bytes");
        long v = 0;
        for (int i = t.start(); i < t.end(); i++) v = (v << 8) | (t.buf()[i] & 0xff);
        return v;
    }

    static String oid(Tlv t) {
        if (t.length() == 0) throw new IllegalArgumentException("BER: an empty OID");
        StringBuilder sb = new StringBuilder();
        long v = 0;
        boolean first = true;
        for (int i = t.start(); i < t.end(); i++) {
            int x = t.buf()[i] & 0xff;
            v = (v << 7) | (x & 0x7f);
            if (v > Long.MAX_VALUE >> 7) throw new IllegalArgumentException("BER: an OID arc too large");
            if ((x & 0x80) != 0) continue;
            if (first) {
                long a = Math.min(v / 40, 2);
                sb.append(a).append('.').append(v - 40 * a);
                first = false;
            } else {
                sb.append('.').append(v);
            }
            v = 0;
        }
        return sb.toString();
    }

    // --- writing (the Response to an Inform) ---
    static byte[] tlv(int tag, byte[] value) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(value.length + 6);
        out.write(tag);
        if (value.length < 0x80) {
            out.write(value.length);
        } else {
            int n = value.length > 0xffff ? 3 : value.length > 0xff ? 2 : 1;
            out.write(0x80 | n);
            for (int i = n - 1; i >= 0; i--) out.write(value.length >> (8 * i));
        }
        out.writeBytes(value);
        return out.toByteArray();
    }

    static byte[] integerValue(long v) {
        int n = 8;
        while (n > 1
                && ((v >> (8 * (n - 1))) == 0 && ((v >> (8 * (n - 2))) & 0x80) == 0
                        || (v >> (8 * (n - 1))) == -1 && ((v >> (8 * (n - 2))) & 0x80) != 0)) n--;
        byte[] b = new byte[n];
        for (int i = 0; i < n; i++) b[i] = (byte) (v >> (8 * (n - 1 - i)));
        return tlv(INTEGER, b);
    }

    static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] p : parts) out.writeBytes(p);
        return out.toByteArray();
    }
}
