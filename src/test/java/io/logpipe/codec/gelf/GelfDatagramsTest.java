package io.logpipe.codec.gelf;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.zip.DeflaterOutputStream;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;

public class GelfDatagramsTest {
    /** 3,000 characters that do not compress to one chunk */
    static final String MESSAGE = "{\"version\":\"1.1\",\"host\":\"h\",\"short_message\":\"" + noise(3000) + "\"}";

    static String noise(int n) {
        Random r = new Random(1);
        StringBuilder sb = new StringBuilder();
        while (sb.length() < n) sb.append(Long.toHexString(r.nextLong()));
        return sb.substring(0, n);
    }

    public static byte[] gzip(byte[] b) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (GZIPOutputStream z = new GZIPOutputStream(out)) {
            z.write(b);
        }
        return out.toByteArray();
    }

    public static byte[] zlib(byte[] b) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (DeflaterOutputStream z = new DeflaterOutputStream(out)) {
            z.write(b);
        }
        return out.toByteArray();
    }

    /** The spec's chunks: 0x1e 0x0f, 8-byte id, sequence number, count, payload. */
    public static List<byte[]> chunks(byte[] message, long id, int size) {
        List<byte[]> out = new ArrayList<>();
        int count = (message.length + size - 1) / size;
        for (int i = 0; i < count; i++) {
            int from = i * size;
            int len = Math.min(size, message.length - from);
            byte[] c = new byte[12 + len];
            c[0] = 0x1e;
            c[1] = 0x0f;
            for (int b = 0; b < 8; b++) c[2 + b] = (byte) (id >>> (56 - 8 * b));
            c[10] = (byte) i;
            c[11] = (byte) count;
            System.arraycopy(message, from, c, 12, len);
            out.add(c);
        }
        return out;
    }

    @Test
    void plainGzipAndZlibDatagrams() throws Exception {
        GelfDatagrams g = new GelfDatagrams(65536);
        byte[] raw = MESSAGE.getBytes(StandardCharsets.UTF_8);
        for (byte[] d : List.of(raw, gzip(raw), zlib(raw))) {
            GelfDatagrams.Result r = g.accept("10.0.0.1:5000", d, 0);
            assertEquals(MESSAGE, r.text());
            assertEquals(raw.length, r.originalLength());
        }
    }

    @Test
    void chunksInAnyOrderMakeOneMessagePerSenderAndId() throws Exception {
        GelfDatagrams g = new GelfDatagrams(65536);
        List<byte[]> a = chunks(gzip(MESSAGE.getBytes(StandardCharsets.UTF_8)), 42, 100);
        List<byte[]> b = chunks(MESSAGE.getBytes(StandardCharsets.UTF_8), 42, 500); // same id, another sender
        assertTrue(a.size() > 1 && b.size() > 1);
        Collections.reverse(a);
        List<String> done = new ArrayList<>();
        for (int i = 0; i < Math.max(a.size(), b.size()); i++) {
            if (i < a.size()) collect(g.accept("10.0.0.1:5000", a.get(i), i), done);
            if (i < b.size()) collect(g.accept("10.0.0.2:5000", b.get(i), i), done);
            if (i < b.size())
                collect(g.accept("10.0.0.2:5000", b.get(i), i), done); // a duplicate chunk changes nothing
        }
        assertEquals(List.of(MESSAGE, MESSAGE), done);
    }

    static void collect(GelfDatagrams.Result r, List<String> done) {
        assertNull(r.dropReason());
        if (r.text() != null) done.add(r.text());
    }

    @Test
    void incompleteMessagesExpireAfterFiveSecondsAndAreCounted() {
        GelfDatagrams g = new GelfDatagrams(65536);
        List<byte[]> c = chunks(MESSAGE.getBytes(StandardCharsets.UTF_8), 7, 1000);
        assertNull(g.accept("s", c.get(0), 0).text());
        g.expire(GelfDatagrams.CHUNK_TIMEOUT_NANOS - 1);
        assertEquals(0, g.takeExpired());
        g.expire(GelfDatagrams.CHUNK_TIMEOUT_NANOS);
        assertEquals(1, g.takeExpired());
        // the rest arrives too late: a new, again incomplete message
        for (int i = 1; i < c.size(); i++)
            assertNull(g.accept("s", c.get(i), GelfDatagrams.CHUNK_TIMEOUT_NANOS + i)
                    .text());
    }

    /** A flood of first chunks that never complete: memory stays bounded, the oldest are dropped and counted. */
    @Test
    void partialMessagesAreBoundedInBytes() {
        GelfDatagrams g = new GelfDatagrams(1 << 20);
        byte[] payload = new byte[8000];
        long dropped = 0;
        for (int i = 0; i < 10_000; i++) {
            byte[] first = chunks(payload, i, 8000).get(0);
            first[11] = 100; // one chunk of an announced hundred
            GelfDatagrams.Result r = g.accept("s", first, i);
            if (r.dropReason() != null) dropped++;
            assertTrue(g.pendingBytes() <= GelfDatagrams.MAX_PENDING_BYTES, "held " + g.pendingBytes());
        }
        dropped += g.takeExpired();
        assertTrue(dropped >= 10_000 - GelfDatagrams.MAX_PENDING_BYTES / 8000 - 1, "dropped " + dropped);
    }

    @Test
    void badChunksCompressionAndBombsAreNamed() throws Exception {
        GelfDatagrams g = new GelfDatagrams(1000);
        assertEquals(
                "gelf_bad_chunk",
                g.accept("s", new byte[] {0x1e, 0x0f, 1, 2}, 0).dropReason());
        byte[] bad = chunks(new byte[10], 1, 5).get(0);
        bad[11] = (byte) 200; // more than 128 chunks
        assertEquals("gelf_bad_chunk", g.accept("s", bad, 0).dropReason());
        assertEquals(
                "gelf_bad_compression",
                g.accept("s", new byte[] {0x1f, (byte) 0x8b, 8, 0, 0, 0}, 0).dropReason());
        GelfDatagrams.Result bomb = g.accept("s", gzip(new byte[50_000_000]), 0);
        assertEquals(1000, bomb.text().length(), "cut at the frame size");
        assertTrue(bomb.truncated());
    }
}
