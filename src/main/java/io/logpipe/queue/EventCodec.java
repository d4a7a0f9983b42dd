package io.logpipe.queue;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.logpipe.event.EventJson;
import io.logpipe.event.LogEvent;
import io.logpipe.event.Source;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Map;

/**
 * An event as bytes for the durable queue: scalar fields in a fixed binary layout (strings of any
 * length), structured data and free-form fields as JSON (their values are arbitrary JSON, read
 * back with exact numbers). Version byte first, so a queue written by an older logpipe can be read.
 */
public final class EventCodec {
    private static final int VERSION = 1;
    private static final ObjectMapper JSON = new ObjectMapper()
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS);
    private static final TypeReference<Map<String, Object>> FIELDS = new TypeReference<>() {};
    private static final TypeReference<Map<String, Map<String, String>>> SD = new TypeReference<>() {};

    private EventCodec() {}

    public static byte[] encode(LogEvent e) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(256 + length(e.getMessage()) + length(e.getRaw()));
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.writeByte(VERSION);
            instant(out, e.getTimestamp());
            instant(out, e.getReceivedAt());
            string(out, e.getFormat());
            out.writeInt(e.getFacilityCode());
            out.writeInt(e.getSeverityCode());
            string(out, e.getHost());
            string(out, e.getApp());
            string(out, e.getProcid());
            string(out, e.getMsgid());
            string(out, e.getMessage());
            string(out, e.getStructuredData() == null ? null : EventJson.valueJson(e.getStructuredData()));
            Source s = e.getSource();
            out.writeBoolean(s != null);
            if (s != null) {
                string(out, s.ip());
                out.writeInt(s.port());
                string(out, s.listener());
                string(out, s.peer());
            }
            string(out, e.getFields() == null ? null : EventJson.valueJson(e.getFields()));
            string(out, e.getParseError());
            string(out, e.getRaw());
        } catch (IOException impossible) {
            throw new UncheckedIOException(impossible);
        }
        return bytes.toByteArray();
    }

    public static LogEvent decode(byte[] data) {
        try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(data))) {
            int version = in.readUnsignedByte();
            if (version != VERSION) throw new IllegalArgumentException("queued event has format version " + version + ", this logpipe reads " + VERSION);
            LogEvent e = new LogEvent();
            e.setTimestamp(instant(in));
            e.setReceivedAt(instant(in));
            e.setFormat(string(in));
            e.setFacilityCode(in.readInt());
            e.setSeverityCode(in.readInt());
            e.setHost(string(in));
            e.setApp(string(in));
            e.setProcid(string(in));
            e.setMsgid(string(in));
            e.setMessage(string(in));
            String sd = string(in);
            if (sd != null) e.setStructuredData(JSON.readValue(sd, SD));
            if (in.readBoolean()) e.setSource(new Source(string(in), in.readInt(), string(in), string(in)));
            String fields = string(in);
            if (fields != null) e.setFields(JSON.readValue(fields, FIELDS));
            e.setParseError(string(in));
            e.setRaw(string(in));
            return e;
        } catch (IOException ex) {
            throw new IllegalArgumentException("queued event cannot be read: " + ex.getMessage(), ex);
        }
    }

    private static int length(String s) { return s == null ? 0 : s.length(); }

    private static void instant(DataOutputStream out, Instant i) throws IOException {
        out.writeBoolean(i != null);
        if (i == null) return;
        out.writeLong(i.getEpochSecond());
        out.writeInt(i.getNano());
    }

    private static Instant instant(DataInputStream in) throws IOException {
        return in.readBoolean() ? Instant.ofEpochSecond(in.readLong(), in.readInt()) : null;
    }

    private static void string(DataOutputStream out, String s) throws IOException {
        if (s == null) {
            out.writeInt(-1);
            return;
        }
        byte[] b = s.getBytes(StandardCharsets.UTF_8);
        out.writeInt(b.length);
        out.write(b);
    }

    private static String string(DataInputStream in) throws IOException {
        int n = in.readInt();
        if (n < 0) return null;
        byte[] b = in.readNBytes(n);
        if (b.length < n) throw new IOException("truncated string");
        return new String(b, StandardCharsets.UTF_8);
    }
}
