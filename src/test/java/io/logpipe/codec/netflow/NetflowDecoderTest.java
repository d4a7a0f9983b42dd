package io.logpipe.codec.netflow;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.logpipe.codec.DecodeContext;
import io.logpipe.event.ExtractedFields;
import io.logpipe.event.LogEvent;
import io.logpipe.event.Source;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** Packets built here byte by byte after Cisco's v5 and v9 layouts (RFC 3954) and IPFIX (RFC 7011). */
class NetflowDecoderTest {
    static final Instant NOW = Instant.parse("2026-12-02T12:00:00Z");
    static final long EXPORT_SECS = NOW.getEpochSecond() - 1;
    final Map<String, Long> drops = new HashMap<>();
    final NetflowDecoder.Drops counter = (reason, n) -> drops.merge(reason, n, Long::sum);

    static DecodeContext ctx(Instant at) {
        return new DecodeContext(at, new Source("192.0.2.1", 9995, "netflow", null), ZoneOffset.UTC, false);
    }

    static Object f(LogEvent e, String key) {
        return ExtractedFields.get(e, "fields.netflow." + key);
    }

    static byte[] ip(int a, int b, int c, int d) {
        return new byte[] {(byte) a, (byte) b, (byte) c, (byte) d};
    }

    /** A v5 packet: 24-byte header, then 48-byte records. */
    static byte[] v5(int records) {
        ByteBuffer b = ByteBuffer.allocate(24 + 48 * records);
        b.putShort((short) 5)
                .putShort((short) records)
                .putInt(100_000)
                .putInt((int) EXPORT_SECS)
                .putInt(500_000_000)
                .putInt(7)
                .put((byte) 0)
                .put((byte) 0)
                .putShort((short) 0);
        for (int i = 0; i < records; i++) {
            b.put(ip(10, 0, 0, 1 + i))
                    .put(ip(192, 0, 2, 80))
                    .put(ip(10, 0, 0, 254))
                    .putShort((short) 3)
                    .putShort((short) 4)
                    .putInt(10 + i)
                    .putInt(840 + i)
                    .putInt(90_000)
                    .putInt(99_000)
                    .putShort((short) (40000 + i))
                    .putShort((short) 443)
                    .put((byte) 0)
                    .put((byte) 0x1b)
                    .put((byte) 6)
                    .put((byte) 0)
                    .putShort((short) 64512)
                    .putShort((short) 15169)
                    .put((byte) 24)
                    .put((byte) 32)
                    .putShort((short) 0);
        }
        return b.array();
    }

    @Test
    void v5RecordsWithAbsoluteTimes() {
        List<LogEvent> events = new NetflowDecoder(10_000, 100).decode(v5(2), "192.0.2.1", ctx(NOW), counter);
        assertEquals(2, events.size());
        LogEvent e = events.get(0);
        assertEquals("netflow", e.getFormat());
        assertEquals("192.0.2.1", e.getHost());
        assertEquals("10.0.0.1", f(e, "src_addr"));
        assertEquals("192.0.2.80", f(e, "dst_addr"));
        assertEquals(40000L, f(e, "src_port"));
        assertEquals(443L, f(e, "dst_port"));
        assertEquals(6L, f(e, "protocol"));
        assertEquals(10L, f(e, "packets"));
        assertEquals(840L, f(e, "bytes"));
        assertEquals(0x1bL, f(e, "tcp_flags"));
        assertEquals(3L, f(e, "input_if"));
        assertEquals(15169L, f(e, "dst_as"));
        long export = EXPORT_SECS * 1000 + 500;
        assertEquals(export - 10_000, f(e, "start"), "export time minus (uptime - first)");
        assertEquals(export - 1_000, f(e, "end"));
        assertEquals(Instant.ofEpochMilli(export - 10_000), e.getTimestamp());
        assertEquals("TCP 10.0.0.1:40000 -> 192.0.2.80:443 10 packets 840 bytes", e.getMessage());
    }

    /** v9: the template (flowset 0) and the data (flowset 256) in separate packets, data first. */
    static byte[] v9(boolean template, boolean data) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteBuffer h = ByteBuffer.allocate(20)
                .putShort((short) 9)
                .putShort((short) 1)
                .putInt(100_000)
                .putInt((int) EXPORT_SECS)
                .putInt(1)
                .putInt(42);
        out.writeBytes(h.array());
        int[][] fields = {{8, 4}, {12, 4}, {7, 2}, {11, 2}, {4, 1}, {2, 4}, {1, 8}, {22, 4}, {21, 4}, {61, 1}, {82, 8}};
        if (template) {
            ByteBuffer t = ByteBuffer.allocate(4 + 4 + fields.length * 4);
            t.putShort((short) 0)
                    .putShort((short) t.capacity())
                    .putShort((short) 256)
                    .putShort((short) fields.length);
            for (int[] fl : fields) t.putShort((short) fl[0]).putShort((short) fl[1]);
            out.writeBytes(t.array());
        }
        if (data) {
            ByteBuffer d = ByteBuffer.allocate(4 + 42 + 2); // 42-byte record, 2 bytes padding
            d.putShort((short) 256).putShort((short) d.capacity());
            d.put(ip(10, 1, 1, 1))
                    .put(ip(10, 2, 2, 2))
                    .putShort((short) 53000)
                    .putShort((short) 53)
                    .put((byte) 17)
                    .putInt(3)
                    .putLong(234L)
                    .putInt(95_000)
                    .putInt(96_000)
                    .put((byte) 1)
                    .put("eth0\0\0\0\0".getBytes());
            out.writeBytes(d.array());
        }
        return out.toByteArray();
    }

    @Test
    void v9DataWaitsForItsTemplateThenDecodes() {
        NetflowDecoder d = new NetflowDecoder(10_000, 100);
        assertEquals(List.of(), d.decode(v9(false, true), "192.0.2.1", ctx(NOW), counter), "held: no template yet");
        assertEquals(1, d.heldSets());
        List<LogEvent> events = d.decode(v9(true, false), "192.0.2.1", ctx(NOW.plusSeconds(1)), counter);
        assertEquals(1, events.size(), "the template releases the held data");
        LogEvent e = events.get(0);
        assertEquals("10.1.1.1", f(e, "src_addr"));
        assertEquals(53L, f(e, "dst_port"));
        assertEquals(17L, f(e, "protocol"));
        assertEquals(234L, f(e, "bytes"));
        assertEquals(1L, f(e, "flow_direction"), "other fields under their IANA name");
        assertEquals("eth0", f(e, "interface_name"));
        assertEquals(EXPORT_SECS * 1000 - 5_000, f(e, "start"));
        assertEquals("UDP 10.1.1.1:53000 -> 10.2.2.2:53 3 packets 234 bytes", e.getMessage());
        assertEquals(
                1, d.decode(v9(false, true), "192.0.2.1", ctx(NOW), counter).size(), "the template is remembered");
        assertEquals(
                0, d.decode(v9(false, true), "198.51.100.9", ctx(NOW), counter).size(), "per exporter");
        d.expire(NOW.plusSeconds(11).toEpochMilli(), counter);
        assertEquals(Map.of("netflow_no_template", 1L), drops, "held too long: dropped and counted");
        assertEquals(0, d.heldSets());
    }

    /** IPFIX: template set 2 with an enterprise field and a variable-length one, then data set 300. */
    static byte[] ipfix() {
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        ByteBuffer t = ByteBuffer.allocate(4 + 4 + 5 * 4 + 4);
        t.putShort((short) 2)
                .putShort((short) t.capacity())
                .putShort((short) 300)
                .putShort((short) 5);
        t.putShort((short) 27).putShort((short) 16); // sourceIPv6Address
        t.putShort((short) 28).putShort((short) 16); // destinationIPv6Address
        t.putShort((short) 152).putShort((short) 8); // flowStartMilliseconds
        t.putShort((short) 96).putShort((short) 65535); // applicationName, variable length
        t.putShort((short) (0x8000 | 12)).putShort((short) 2).putInt(29305); // an enterprise field
        body.writeBytes(t.array());
        byte[] name = "dns".getBytes();
        ByteBuffer d = ByteBuffer.allocate(4 + 16 + 16 + 8 + 1 + name.length + 2);
        d.putShort((short) 300).putShort((short) d.capacity());
        d.put(new byte[] {0x20, 0x01, 0x0d, (byte) 0xb8, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1});
        d.put(new byte[] {0x20, 0x01, 0x0d, (byte) 0xb8, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 2});
        d.putLong(NOW.toEpochMilli() - 3000).put((byte) name.length).put(name).putShort((short) 7);
        body.writeBytes(d.array());
        ByteBuffer h = ByteBuffer.allocate(16)
                .putShort((short) 10)
                .putShort((short) (16 + body.size()))
                .putInt((int) EXPORT_SECS)
                .putInt(1)
                .putInt(5);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(h.array());
        out.writeBytes(body.toByteArray());
        return out.toByteArray();
    }

    @Test
    void ipfixWithVariableLengthAndEnterpriseFields() {
        List<LogEvent> events = new NetflowDecoder(10_000, 100).decode(ipfix(), "192.0.2.1", ctx(NOW), counter);
        assertEquals(1, events.size(), events.toString());
        LogEvent e = events.get(0);
        assertEquals(10L, f(e, "version"));
        assertEquals("2001:db8:0:0:0:0:0:1", f(e, "src_addr"));
        assertEquals("dns", f(e, "application_name"));
        assertEquals(7L, f(e, "e29305_12"));
        assertEquals(NOW.toEpochMilli() - 3000, f(e, "start"));
        assertEquals(Instant.ofEpochMilli(NOW.toEpochMilli() - 3000), e.getTimestamp());
    }

    /** Data for templates that never come: held sets are bounded in bytes too, the oldest dropped and counted. */
    @Test
    void heldDataIsBoundedInBytes() {
        NetflowDecoder d = new NetflowDecoder(60_000, 1_000_000);
        ByteBuffer big = ByteBuffer.allocate(20 + 4 + 60_000);
        big.putShort((short) 9)
                .putShort((short) 1)
                .putInt(1)
                .putInt((int) EXPORT_SECS)
                .putInt(1)
                .putInt(7);
        big.putShort((short) 300).putShort((short) 60_004);
        for (int i = 0; i < 1000; i++) {
            d.decode(big.array(), "192.0.2." + (i % 200), ctx(NOW), counter);
            assertTrue(d.heldBytes() <= NetflowDecoder.MAX_HELD_BYTES, "held " + d.heldBytes());
        }
        assertTrue(
                drops.getOrDefault("netflow_no_template", 0L) >= 1000 - NetflowDecoder.MAX_HELD_BYTES / 60_000 - 1,
                drops.toString());
    }

    @Test
    void badPacketsBecomeRawEventsNamingWhy() {
        NetflowDecoder d = new NetflowDecoder(10_000, 100);
        for (byte[] bad : List.of(
                new byte[] {0, 7, 0, 0}, new byte[] {0, 5}, Arrays.copyOf(v5(2), 60), Arrays.copyOf(ipfix(), 30))) {
            List<LogEvent> out = d.decode(bad, "192.0.2.1", ctx(NOW), counter);
            assertEquals(1, out.size());
            assertEquals("raw", out.get(0).getFormat());
            assertTrue(
                    out.get(0).getParseError().startsWith("netflow: "),
                    out.get(0).getParseError());
        }
        Random r = new Random(3);
        for (int i = 0; i < 20_000; i++) { // random bytes behind each version: never an exception
            byte[] p = new byte[r.nextInt(200)];
            r.nextBytes(p);
            if (p.length > 2) p[1] = (byte) new int[] {5, 9, 10}[r.nextInt(3)];
            if (p.length > 0) p[0] = 0;
            d.decode(p, "192.0.2." + r.nextInt(3), ctx(NOW), counter);
        }
    }
}
