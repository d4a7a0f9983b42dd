package io.logpipe.queue;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.logpipe.event.EventJson;
import io.logpipe.event.LogEvent;
import io.logpipe.event.Source;
import java.io.IOException;
import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Arrays;
import java.util.Map;

/**
 * An event as bytes for the durable queue: scalar fields in a fixed binary layout (strings of any
 * length), structured data and free-form fields as JSON (their values are arbitrary JSON, read
 * back with exact numbers). Version byte first, so a queue written by an older logpipe can be read.
 */
public final class EventCodec {
    private static final int VERSION = 1;
    private static final ObjectMapper JSON =
            new ObjectMapper().enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS);
    private static final TypeReference<Map<String, Object>> FIELDS = new TypeReference<>() {};
    private static final TypeReference<Map<String, Map<String, String>>> SD = new TypeReference<>() {};

    private EventCodec() {}

    public static byte[] encode(LogEvent e) {
        return encode(e, 0);
    }

    /** The event's bytes after {@code headroom} zero bytes, which the caller fills (the queue: its time). */
    public static byte[] encode(LogEvent e, int headroom) {
        Writer out = new Writer(headroom + 256 + 3 * (length(e.getMessage()) + length(e.getRaw())));
        out.skip(headroom);
        out.writeByte(VERSION);
        instant(out, e.getTimestamp());
        instant(out, e.getReceivedAt());
        out.writeString(e.getFormat());
        out.writeInt(e.getFacilityCode());
        out.writeInt(e.getSeverityCode());
        out.writeString(e.getHost());
        out.writeString(e.getApp());
        out.writeString(e.getProcid());
        out.writeString(e.getMsgid());
        out.writeString(e.getMessage());
        out.writeString(e.getStructuredData() == null ? null : EventJson.valueJson(e.getStructuredData()));
        Source s = e.getSource();
        out.writeByte(s != null ? 1 : 0);
        if (s != null) {
            out.writeString(s.ip());
            out.writeInt(s.port());
            out.writeString(s.listener());
            out.writeString(s.peer());
        }
        out.writeString(e.getFields() == null ? null : EventJson.valueJson(e.getFields()));
        out.writeString(e.getParseError());
        out.writeString(e.getRaw());
        return out.toByteArray();
    }

    public static LogEvent decode(byte[] data) {
        try {
            ByteBuffer in = ByteBuffer.wrap(data);
            int version = in.get() & 0xff;
            if (version != VERSION)
                throw new IllegalArgumentException(
                        "queued event has format version " + version + ", this logpipe reads " + VERSION);
            LogEvent e = new LogEvent();
            e.setTimestamp(instant(in));
            e.setReceivedAt(instant(in));
            e.setFormat(string(in));
            e.setFacilityCode(in.getInt());
            e.setSeverityCode(in.getInt());
            e.setHost(string(in));
            e.setApp(string(in));
            e.setProcid(string(in));
            e.setMsgid(string(in));
            e.setMessage(string(in));
            String sd = string(in);
            if (sd != null) e.setStructuredData(JSON.readValue(sd, SD));
            if (in.get() != 0) e.setSource(new Source(string(in), in.getInt(), string(in), string(in)));
            String fields = string(in);
            if (fields != null) e.setFields(JSON.readValue(fields, FIELDS));
            e.setParseError(string(in));
            e.setRaw(string(in));
            return e;
        } catch (IOException | BufferUnderflowException ex) {
            throw new IllegalArgumentException(
                    "queued event cannot be read: " + (ex.getMessage() == null ? "truncated" : ex.getMessage()), ex);
        }
    }

    private static int length(String s) {
        return s == null ? 0 : s.length();
    }

    private static void instant(Writer out, Instant i) {
        out.writeByte(i != null ? 1 : 0);
        if (i == null) return;
        out.writeLong(i.getEpochSecond());
        out.writeInt(i.getNano());
    }

    private static Instant instant(ByteBuffer in) {
        return in.get() != 0 ? Instant.ofEpochSecond(in.getLong(), in.getInt()) : null;
    }

    /** Length-prefixed UTF-8, -1 for null; decoded in place, without copying the bytes first. */
    private static String string(ByteBuffer in) throws IOException {
        int n = in.getInt();
        if (n < 0) return null;
        if (n > in.remaining()) throw new IOException("truncated string");
        String s = new String(in.array(), in.arrayOffset() + in.position(), n, StandardCharsets.UTF_8);
        in.position(in.position() + n);
        return s;
    }

    /** A growable big-endian byte buffer: the layout DataOutputStream wrote, without its stream and locking overhead. */
    private static final class Writer {
        private byte[] buf;
        private int size;

        Writer(int capacity) {
            buf = new byte[capacity];
        }

        private void ensure(int more) {
            if (size + more > buf.length) buf = Arrays.copyOf(buf, Math.max(buf.length * 2, size + more));
        }

        void skip(int n) {
            ensure(n);
            size += n;
        }

        void writeByte(int b) {
            ensure(1);
            buf[size++] = (byte) b;
        }

        void writeInt(int v) {
            ensure(4);
            buf[size++] = (byte) (v >>> 24);
            buf[size++] = (byte) (v >>> 16);
            buf[size++] = (byte) (v >>> 8);
            buf[size++] = (byte) v;
        }

        void writeLong(long v) {
            writeInt((int) (v >>> 32));
            writeInt((int) v);
        }

        void writeString(String s) {
            if (s == null) {
                writeInt(-1);
                return;
            }
            byte[] b = s.getBytes(StandardCharsets.UTF_8);
            writeInt(b.length);
            ensure(b.length);
            System.arraycopy(b, 0, buf, size, b.length);
            size += b.length;
        }

        byte[] toByteArray() {
            return Arrays.copyOf(buf, size);
        }
    }
}
