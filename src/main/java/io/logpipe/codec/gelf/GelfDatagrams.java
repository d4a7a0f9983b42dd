package io.logpipe.codec.gelf;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.zip.GZIPInputStream;
import java.util.zip.InflaterInputStream;

/**
 * GELF over UDP: a datagram is a whole message (plain, gzip or zlib) or one chunk of one
 * ({@code 0x1e 0x0f}, 8-byte message id, sequence number, sequence count, up to 128 chunks), which
 * are put back together per sender and id; a message whose chunks do not all arrive within five
 * seconds (the spec's limit) is dropped and counted. Decompressed, a message is cut at the listener's
 * frame size, like any oversize frame. One instance per listener, used on its one I/O thread.
 */
public final class GelfDatagrams {
    /** What a datagram gave: a message (maybe cut), nothing yet (more chunks to come), or a drop with its reason. */
    public record Result(String text, int originalLength, boolean truncated, String dropReason) {
        static final Result WAITING = new Result(null, 0, false, null);

        static Result dropped(String reason) {
            return new Result(null, 0, false, reason);
        }
    }

    static final long CHUNK_TIMEOUT_NANOS = 5_000_000_000L;
    private static final int MAX_CHUNKS = 128;
    /** partial messages held at once; beyond it the oldest is dropped (a flood of first chunks must not exhaust memory) */
    private static final int MAX_PENDING = 1024;
    /** bytes of chunks held at once, whatever their count: 1024 messages of 128 large chunks would be a gigabyte */
    static final long MAX_PENDING_BYTES = 32L << 20;

    private final int maxMessage;
    private final Map<String, Pending> pending = new LinkedHashMap<>();
    private long pendingBytes;

    private static final class Pending {
        final byte[][] chunks;
        final long started;
        int received;
        int bytes;

        Pending(int count, long started) {
            this.chunks = new byte[count][];
            this.started = started;
        }
    }

    public GelfDatagrams(int maxMessage) {
        this.maxMessage = maxMessage;
    }

    /** @param sender who sent it ({@code ip:port}), which with the message id keys the chunks */
    public Result accept(String sender, byte[] datagram, long nowNanos) {
        expire(nowNanos);
        if (datagram.length >= 2 && datagram[0] == 0x1e && datagram[1] == 0x0f)
            return chunk(sender, datagram, nowNanos);
        return message(datagram);
    }

    /** Partial messages older than the timeout, dropped now; each is one {@code gelf_incomplete}. */
    public int expire(long nowNanos) {
        int n = 0;
        for (Iterator<Pending> it = pending.values().iterator(); it.hasNext(); ) {
            Pending p = it.next();
            if (nowNanos - p.started < CHUNK_TIMEOUT_NANOS) break; // kept in arrival order: the rest are younger
            it.remove();
            pendingBytes -= p.bytes;
            n++;
        }
        expired += n;
        return n;
    }

    private long expired;

    /** Partial messages dropped for their timeout since the last call. */
    public long takeExpired() {
        long n = expired;
        expired = 0;
        return n;
    }

    private Result chunk(String sender, byte[] d, long now) {
        if (d.length < 12) return Result.dropped("gelf_bad_chunk");
        int seq = d[10] & 0xff;
        int count = d[11] & 0xff;
        if (count == 0 || count > MAX_CHUNKS || seq >= count) return Result.dropped("gelf_bad_chunk");
        StringBuilder key = new StringBuilder(sender).append('/');
        for (int i = 2; i < 10; i++)
            key.append(Character.forDigit((d[i] >> 4) & 0xf, 16)).append(Character.forDigit(d[i] & 0xf, 16));
        String id = key.toString();
        Pending p = pending.get(id);
        if (p == null) {
            p = new Pending(count, now);
            pending.put(id, p);
        } else if (p.chunks.length != count) {
            pending.remove(id);
            pendingBytes -= p.bytes;
            return Result.dropped("gelf_bad_chunk");
        }
        if (p.chunks[seq] == null) {
            p.chunks[seq] = Arrays.copyOfRange(d, 12, d.length);
            p.received++;
            p.bytes += d.length - 12;
            pendingBytes += d.length - 12;
        }
        if (p.received < count) {
            dropOldestBeyondLimits(id);
            return pending.containsKey(id) ? Result.WAITING : Result.dropped("gelf_incomplete");
        }
        pending.remove(id);
        pendingBytes -= p.bytes;
        byte[] whole = new byte[p.bytes];
        int at = 0;
        for (byte[] c : p.chunks) {
            System.arraycopy(c, 0, whole, at, c.length);
            at += c.length;
        }
        return message(whole);
    }

    /** Too many partial messages, or too many bytes of them: the oldest go first (counted as incomplete), {@code current} last. */
    private void dropOldestBeyondLimits(String current) {
        for (Iterator<Map.Entry<String, Pending>> it = pending.entrySet().iterator();
                it.hasNext() && (pending.size() > MAX_PENDING || pendingBytes > MAX_PENDING_BYTES); ) {
            Map.Entry<String, Pending> oldest = it.next();
            if (oldest.getKey().equals(current) && pending.size() > 1) continue;
            it.remove();
            pendingBytes -= oldest.getValue().bytes;
            if (!oldest.getKey().equals(current)) expired++;
        }
    }

    /** Bytes of chunks held now. */
    long pendingBytes() {
        return pendingBytes;
    }

    private Result message(byte[] d) {
        try {
            if (d.length >= 2 && (d[0] & 0xff) == 0x1f && (d[1] & 0xff) == 0x8b)
                return inflated(new GZIPInputStream(new ByteArrayInputStream(d)));
            if (d.length >= 2 && (d[0] & 0xff) == 0x78 && (((d[0] & 0xff) << 8) | (d[1] & 0xff)) % 31 == 0) {
                return inflated(new InflaterInputStream(new ByteArrayInputStream(d)));
            }
        } catch (IOException e) {
            return Result.dropped("gelf_bad_compression");
        }
        int keep = Math.min(d.length, maxMessage);
        return new Result(new String(d, 0, keep, StandardCharsets.UTF_8), d.length, d.length > maxMessage, null);
    }

    /** Reads at most maxMessage bytes, then only counts the rest (a zip bomb costs time, not memory). */
    private Result inflated(InputStream in) {
        try (in) {
            ByteArrayOutputStream out = new ByteArrayOutputStream(4096);
            byte[] buf = new byte[8192];
            long total = 0;
            for (int n; (n = in.read(buf)) > 0; ) {
                int room = (int) Math.max(0, Math.min(n, maxMessage - total));
                if (room > 0) out.write(buf, 0, room);
                total += n;
                if (total > 64L * maxMessage) break; // far past the limit: stop inflating
            }
            return new Result(
                    out.toString(StandardCharsets.UTF_8),
                    (int) Math.min(total, Integer.MAX_VALUE),
                    total > maxMessage,
                    null);
        } catch (IOException e) {
            return Result.dropped("gelf_bad_compression");
        }
    }
}
