package io.logpipe.codec.auditd;

import io.logpipe.codec.DecodeContext;
import io.logpipe.codec.FrameDecoder;
import io.logpipe.codec.ParseException;
import io.logpipe.codec.Text;
import io.logpipe.event.LogEvent;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Linux audit (auditd) records. A body of several records (a log file's lines, the parse API) gives one
 * event per serial, its records in arrival order (an {@code EOE} record ends an event and is not kept); one
 * frame of a listener is one record, one event. {@code timestamp} = the record's, {@code host} = its node
 * (else the sender), {@code app} = {@code auditd}, {@code fields.audit} = {serial, node?, records: [{type, k: v...}]},
 * {@code message} a one-line summary (types and the telling keys). A failure ({@code success=no},
 * {@code res=failed}) is a notice, the rest info; facility 13 (log audit).
 */
public final class AuditdDecoder implements FrameDecoder {
    /** keys that tell what happened, for the summary, in this order */
    private static final List<String> SUMMARY_KEYS = List.of("key", "op", "acct", "exe", "comm", "proctitle", "addr", "hostname", "terminal", "success", "res");

    @Override
    public String format() { return "auditd"; }

    @Override
    public LogEvent decodeOne(String input, DecodeContext ctx) {
        String s = Text.stripTrailingNewlines(input);
        LogEvent e;
        try {
            AuditRecord r = AuditRecord.parse(s);
            e = event(List.of(r), ctx);
        } catch (ParseException | RuntimeException ex) {
            e = LogEvent.raw(s, ex instanceof ParseException ? ex.getMessage() : "auditd: internal error " + ex, ctx.receivedAt(), ctx.source());
        }
        if (ctx.keepRaw()) e.setRaw(input);
        return e;
    }

    @Override
    public List<LogEvent> decode(String input, DecodeContext ctx) {
        Map<String, List<AuditRecord>> open = new LinkedHashMap<>();
        List<LogEvent> out = new ArrayList<>();
        for (String line : input.split("\\r?\\n")) {
            if (line.isBlank()) continue;
            AuditRecord r;
            try {
                r = AuditRecord.parse(line);
            } catch (ParseException | RuntimeException ex) {
                out.add(LogEvent.raw(line, ex instanceof ParseException ? ex.getMessage() : "auditd: internal error " + ex, ctx.receivedAt(), ctx.source()));
                continue;
            }
            String key = r.node() + "|" + r.serial();
            if (r.type().equals("EOE")) {
                List<AuditRecord> done = open.remove(key);
                if (done != null) out.add(event(done, ctx));
                continue;
            }
            open.computeIfAbsent(key, k -> new ArrayList<>()).add(r);
        }
        for (List<AuditRecord> rest : open.values()) out.add(event(rest, ctx)); // no EOE (single-record events, or cut off): what arrived
        if (out.isEmpty()) out.add(LogEvent.raw(input, "auditd: no audit records", ctx.receivedAt(), ctx.source()));
        return out;
    }

    static LogEvent event(List<AuditRecord> records, DecodeContext ctx) {
        AuditRecord first = records.get(0);
        LogEvent e = new LogEvent();
        e.setFormat("auditd");
        e.setReceivedAt(ctx.receivedAt());
        e.setSource(ctx.source());
        e.setTimestamp(Instant.ofEpochMilli(first.epochMillis()));
        e.setHost(first.node() != null ? first.node() : ctx.source() == null ? null : ctx.source().ip());
        e.setApp("auditd");
        e.setFacilityCode(13);
        boolean failed = false;
        List<Map<String, Object>> list = new ArrayList<>();
        for (AuditRecord r : records) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("type", r.type());
            m.putAll(r.values());
            list.add(m);
            failed |= "no".equals(r.values().get("success")) || "failed".equals(r.values().get("res"));
        }
        e.setSeverityCode(failed ? 5 : 6);
        e.setMessage(summary(records));
        Map<String, Object> audit = new LinkedHashMap<>();
        audit.put("serial", first.serial());
        if (first.node() != null) audit.put("node", first.node());
        audit.put("records", list);
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("audit", audit);
        e.setFields(fields);
        return e;
    }

    private static String summary(List<AuditRecord> records) {
        StringBuilder sb = new StringBuilder();
        for (AuditRecord r : records) {
            if (sb.length() > 0) sb.append('+');
            sb.append(r.type());
        }
        for (String k : SUMMARY_KEYS) {
            for (AuditRecord r : records) {
                String v = r.values().get(k);
                if (v != null && !v.isEmpty() && !v.equals("(null)") && !v.equals("?")) {
                    sb.append(' ').append(k).append('=').append(v.length() > 200 ? v.substring(0, 200) + "..." : v);
                    break;
                }
            }
        }
        return sb.toString();
    }
}
