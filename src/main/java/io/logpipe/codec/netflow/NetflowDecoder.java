package io.logpipe.codec.netflow;

import io.logpipe.codec.DecodeContext;
import io.logpipe.event.LogEvent;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Deque;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * NetFlow v5, v9 and IPFIX (v10) export packets into one event per flow record. v9 and IPFIX
 * templates are learned per exporter, source id / observation domain and template id; data that
 * arrives before its template is held (at most {@code maxHeld} sets, for {@code holdMillis}) and
 * decoded when the template comes, else dropped and counted ({@code netflow_no_template}). Options
 * templates and their records (exporter statistics, sampling) are read and skipped: they describe the
 * exporter, not flows. A packet that does not parse gives a raw event naming why. Not thread-safe:
 * one per listener, on its one I/O thread.
 */
public final class NetflowDecoder {
    /** Counts what is dropped, by reason. */
    public interface Drops {
        void dropped(String reason, long n);
    }

    private record Field(int id, int length, long enterprise) {}

    private record Template(List<Field> fields, boolean options, int scopeCount) {}

    /** A data set waiting for its template. */
    private record Held(String key, byte[] packet, int from, int to, Header header, DecodeContext ctx, long since) {}

    /** What a packet's header says that every record of it needs. */
    private record Header(int version, String exporter, long sourceId, long exportMillis, long sysUptimeMillis) {}

    /** bytes of data held at once, whatever maxHeld says: a flood of sets for unknown templates must not exhaust memory */
    static final long MAX_HELD_BYTES = 16L << 20;

    private final long holdMillis;
    private final int maxHeld;
    private long heldBytes;
    private final Map<String, Template> templates = new HashMap<>();
    private final Deque<Held> held = new ArrayDeque<>();

    public NetflowDecoder(long holdMillis, int maxHeld) {
        this.holdMillis = holdMillis;
        this.maxHeld = maxHeld;
    }

    public List<LogEvent> decode(byte[] p, String exporter, DecodeContext ctx, Drops drops) {
        List<LogEvent> out = new ArrayList<>();
        try {
            if (p.length < 4) throw new IllegalArgumentException("packet of " + p.length + " bytes");
            int version = u16(p, 0);
            switch (version) {
                case 5 -> v5(p, exporter, ctx, out);
                case 9 -> v9(p, exporter, ctx, out, drops);
                case 10 -> ipfix(p, exporter, ctx, out, drops);
                default -> throw new IllegalArgumentException("version " + version + " (expected 5, 9 or 10)");
            }
        } catch (RuntimeException e) {
            LogEvent raw = LogEvent.raw(
                    hex(p, 64),
                    "netflow: "
                            + (e instanceof IllegalArgumentException
                                    ? e.getMessage()
                                    : "cannot read the packet (" + e + ")"),
                    ctx.receivedAt(),
                    ctx.source());
            raw.setHost(exporter);
            out.add(raw);
        }
        expire(ctx.receivedAt().toEpochMilli(), drops);
        return out;
    }

    /** Data held longer than holdMillis is dropped as {@code netflow_no_template}. */
    public void expire(long nowMillis, Drops drops) {
        for (Iterator<Held> it = held.iterator(); it.hasNext(); ) {
            Held h = it.next();
            if (nowMillis - h.since() < holdMillis) break;
            it.remove();
            heldBytes -= h.to() - h.from();
            drops.dropped("netflow_no_template", 1);
        }
    }

    /** Data sets held now, waiting for their templates. */
    public int heldSets() {
        return held.size();
    }

    /** Bytes of those sets. */
    public long heldBytes() {
        return heldBytes;
    }

    // --- v5: fixed 48-byte records --------------------------------------------------------
    private static void v5(byte[] p, String exporter, DecodeContext ctx, List<LogEvent> out) {
        if (p.length < 24) throw new IllegalArgumentException("v5 header cut short");
        int count = u16(p, 2);
        long uptime = u32(p, 4);
        long exportMillis = u32(p, 8) * 1000 + u32(p, 12) / 1_000_000;
        if (p.length < 24 + count * 48)
            throw new IllegalArgumentException(
                    "v5: " + count + " records announced, " + (p.length - 24) / 48 + " present");
        for (int i = 0; i < count; i++) {
            int o = 24 + i * 48;
            Map<String, Object> f = new LinkedHashMap<>();
            f.put("version", 5L);
            f.put("src_addr", FlowFields.read(p, o, 4, FlowFields.Kind.ADDRESS));
            f.put("dst_addr", FlowFields.read(p, o + 4, 4, FlowFields.Kind.ADDRESS));
            f.put("next_hop", FlowFields.read(p, o + 8, 4, FlowFields.Kind.ADDRESS));
            f.put("src_port", (long) u16(p, o + 32));
            f.put("dst_port", (long) u16(p, o + 34));
            f.put("protocol", (long) (p[o + 38] & 0xff));
            f.put("packets", u32(p, o + 16));
            f.put("bytes", u32(p, o + 20));
            f.put("start", exportMillis - (uptime - u32(p, o + 24)));
            f.put("end", exportMillis - (uptime - u32(p, o + 28)));
            f.put("tcp_flags", (long) (p[o + 37] & 0xff));
            f.put("tos", (long) (p[o + 39] & 0xff));
            f.put("input_if", (long) u16(p, o + 12));
            f.put("output_if", (long) u16(p, o + 14));
            f.put("src_as", (long) u16(p, o + 40));
            f.put("dst_as", (long) u16(p, o + 42));
            f.put("src_mask", (long) (p[o + 44] & 0xff));
            f.put("dst_mask", (long) (p[o + 45] & 0xff));
            out.add(event(f, exporter, ctx));
        }
    }

    // --- v9 --------------------------------------------------------------------------------
    private void v9(byte[] p, String exporter, DecodeContext ctx, List<LogEvent> out, Drops drops) {
        if (p.length < 20) throw new IllegalArgumentException("v9 header cut short");
        Header h = new Header(9, exporter, u32(p, 16), u32(p, 8) * 1000, u32(p, 4));
        sets(p, 20, p.length, h, ctx, out, drops, 0, 1);
    }

    // --- IPFIX -----------------------------------------------------------------------------
    private void ipfix(byte[] p, String exporter, DecodeContext ctx, List<LogEvent> out, Drops drops) {
        if (p.length < 16) throw new IllegalArgumentException("IPFIX header cut short");
        int length = u16(p, 2);
        if (length > p.length || length < 16)
            throw new IllegalArgumentException("IPFIX message length " + length + " for a datagram of " + p.length);
        Header h = new Header(10, exporter, u32(p, 12), u32(p, 4) * 1000, -1);
        sets(p, 16, length, h, ctx, out, drops, 2, 3);
    }

    /** The sets (flowsets) of a v9 or IPFIX packet; template and options template set ids differ between the two. */
    private void sets(
            byte[] p,
            int at,
            int end,
            Header h,
            DecodeContext ctx,
            List<LogEvent> out,
            Drops drops,
            int templateSet,
            int optionsSet) {
        while (at + 4 <= end) {
            int id = u16(p, at);
            int len = u16(p, at + 2);
            if (len < 4 || at + len > end)
                throw new IllegalArgumentException("set " + id + " of length " + len + " runs past the packet");
            if (id == templateSet) templates(p, at + 4, at + len, h, false, ctx, out, drops);
            else if (id == optionsSet) templates(p, at + 4, at + len, h, true, ctx, out, drops);
            else if (id >= 256) data(p, at + 4, at + len, id, h, ctx, out, drops);
            at += len;
        }
    }

    private void templates(
            byte[] p, int at, int end, Header h, boolean options, DecodeContext ctx, List<LogEvent> out, Drops drops) {
        while (at + 4 <= end) {
            int id = u16(p, at);
            int count = u16(p, at + 2);
            int scope = 0;
            at += 4;
            if (options) {
                if (h.version() == 9) { // v9 options: scope length and option length in bytes
                    if (at + 2 > end) break;
                    int scopeLen = count; // the second u16 was option scope length
                    int optionLen = u16(p, at);
                    at += 2;
                    count = (scopeLen + optionLen) / 4;
                    scope = scopeLen / 4;
                } else {
                    if (at + 2 > end) break;
                    scope = u16(p, at);
                    at += 2;
                }
            }
            if (id < 256) { // padding at the end of a set, or a withdrawal message
                if (count == 0) break;
                throw new IllegalArgumentException("template id " + id + " (templates are 256 and up)");
            }
            List<Field> fields = new ArrayList<>(count);
            for (int i = 0; i < count; i++) {
                if (at + 4 > end) throw new IllegalArgumentException("template " + id + " cut short");
                int type = u16(p, at);
                int length = u16(p, at + 2);
                at += 4;
                long enterprise = 0;
                if (h.version() == 10 && (type & 0x8000) != 0) {
                    if (at + 4 > end) throw new IllegalArgumentException("template " + id + " cut short");
                    enterprise = u32(p, at);
                    type &= 0x7fff;
                    at += 4;
                }
                fields.add(new Field(type, length, enterprise));
            }
            if (fields.isEmpty()) continue; // IPFIX template withdrawal
            String key = key(h, id);
            templates.put(key, new Template(List.copyOf(fields), options, scope));
            release(key, out, drops);
        }
    }

    private void data(byte[] p, int at, int end, int id, Header h, DecodeContext ctx, List<LogEvent> out, Drops drops) {
        String key = key(h, id);
        Template t = templates.get(key);
        if (t == null) {
            while (!held.isEmpty() && (held.size() >= maxHeld || heldBytes + (end - at) > MAX_HELD_BYTES)) {
                Held oldest = held.removeFirst();
                heldBytes -= oldest.to() - oldest.from();
                drops.dropped("netflow_no_template", 1);
            }
            if (maxHeld == 0) {
                drops.dropped("netflow_no_template", 1);
                return;
            }
            // only the set is kept, not the datagram it came in
            held.addLast(new Held(
                    key,
                    Arrays.copyOfRange(p, at, end),
                    0,
                    end - at,
                    h,
                    ctx,
                    ctx.receivedAt().toEpochMilli()));
            heldBytes += end - at;
            return;
        }
        records(p, at, end, t, h, ctx, out);
    }

    /** Decodes the data held for a template that just arrived. */
    private void release(String key, List<LogEvent> out, Drops drops) {
        for (Iterator<Held> it = held.iterator(); it.hasNext(); ) {
            Held w = it.next();
            if (!w.key().equals(key)) continue;
            it.remove();
            heldBytes -= w.to() - w.from();
            try {
                records(w.packet(), w.from(), w.to(), templates.get(key), w.header(), w.ctx(), out);
            } catch (RuntimeException e) {
                drops.dropped("netflow_malformed", 1);
            }
        }
    }

    private static void records(
            byte[] p, int at, int end, Template t, Header h, DecodeContext ctx, List<LogEvent> out) {
        int minimum = 0;
        for (Field f : t.fields()) minimum += f.length() == 65535 ? 1 : f.length();
        if (minimum == 0) return;
        while (end - at >= minimum) {
            Map<String, Object> f = new LinkedHashMap<>();
            f.put("version", (long) h.version());
            for (Field field : t.fields()) {
                int len = field.length();
                if (len == 65535) { // IPFIX variable length
                    len = p[at] & 0xff;
                    at++;
                    if (len == 255) {
                        len = u16(p, at);
                        at += 2;
                    }
                }
                if (at + len > end) throw new IllegalArgumentException("record runs past its set");
                FlowFields.Element e = FlowFields.of(field.id(), field.enterprise());
                if (field.id() != 210 || field.enterprise() != 0)
                    f.putIfAbsent(e.name(), FlowFields.read(p, at, len, e.kind()));
                at += len;
            }
            if (t.options()) continue; // exporter statistics and sampling: not a flow
            times(f, h);
            out.add(event(f, h.exporter(), ctx));
        }
    }

    /** start and end as milliseconds since the epoch, from whichever clock the record carries. */
    private static void times(Map<String, Object> f, Header h) {
        Long start = absolute(f, "flow_start_milliseconds", "flow_start_seconds", "flow_start_sys_up_time", h);
        Long end = absolute(f, "flow_end_milliseconds", "flow_end_seconds", "flow_end_sys_up_time", h);
        if (start != null) f.put("start", start);
        if (end != null) f.put("end", end);
    }

    private static Long absolute(Map<String, Object> f, String millis, String seconds, String uptime, Header h) {
        if (f.get(millis) instanceof Long m) return m;
        if (f.get(seconds) instanceof Long s) return s * 1000;
        if (f.get(uptime) instanceof Long u) {
            if (h.sysUptimeMillis() >= 0) return h.exportMillis() - (h.sysUptimeMillis() - u);
            if (f.get("system_init_time_milliseconds") instanceof Long init) return init + u;
        }
        return null;
    }

    private static LogEvent event(Map<String, Object> f, String exporter, DecodeContext ctx) {
        LogEvent e = new LogEvent();
        e.setFormat("netflow");
        e.setReceivedAt(ctx.receivedAt());
        e.setSource(ctx.source());
        e.setHost(exporter);
        e.setApp("netflow");
        e.setFacilityCode(16);
        e.setSeverityCode(6);
        e.setTimestamp(f.get("start") instanceof Long s ? Instant.ofEpochMilli(s) : ctx.receivedAt());
        e.setMessage(summary(f));
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("netflow", f);
        e.setFields(fields);
        return e;
    }

    private static String summary(Map<String, Object> f) {
        Object proto = f.get("protocol");
        String name = proto instanceof Long n
                ? switch (n.intValue()) {
                    case 1 -> "ICMP";
                    case 6 -> "TCP";
                    case 17 -> "UDP";
                    case 58 -> "ICMPv6";
                    default -> "proto " + n;
                }
                : "flow";
        StringBuilder sb = new StringBuilder(name).append(' ').append(f.getOrDefault("src_addr", "-"));
        if (f.containsKey("src_port")) sb.append(':').append(f.get("src_port"));
        sb.append(" -> ").append(f.getOrDefault("dst_addr", "-"));
        if (f.containsKey("dst_port")) sb.append(':').append(f.get("dst_port"));
        if (f.containsKey("packets")) sb.append(' ').append(f.get("packets")).append(" packets");
        if (f.containsKey("bytes")) sb.append(' ').append(f.get("bytes")).append(" bytes");
        return sb.toString();
    }

    private static String key(Header h, int templateId) {
        return h.exporter() + "/" + h.version() + "/" + h.sourceId() + "/" + templateId;
    }

    static int u16(byte[] b, int o) {
        return ((b[o] & 0xff) << 8) | (b[o + 1] & 0xff);
    }

    static long u32(byte[] b, int o) {
        return ((long) (b[o] & 0xff) << 24) | ((b[o + 1] & 0xff) << 16) | ((b[o + 2] & 0xff) << 8) | (b[o + 3] & 0xff);
    }

    private static String hex(byte[] b, int max) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < Math.min(b.length, max); i++) sb.append(String.format("%02x", b[i] & 0xff));
        return b.length > max ? sb + "..." : sb.toString();
    }
}
