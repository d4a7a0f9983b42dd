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
    private static final List<String> SUMMARY_KEYS =
            List.of("key", "op", "acct", "exe", "comm", "proctitle", "addr", "hostname", "terminal", "success", "res");

    @Override
    public String format() {
        return "auditd";
    }

    @Override
    public LogEvent decodeOne(String input, DecodeContext ctx) {
        String s = Text.stripTrailingNewlines(input);
        LogEvent e;
        try {
            AuditRecord r = AuditRecord.parse(s);
            e = event(List.of(r), ctx);
        } catch (ParseException | RuntimeException ex) {
            e = LogEvent.raw(
                    s,
                    ex instanceof ParseException ? ex.getMessage() : "auditd: internal error " + ex,
                    ctx.receivedAt(),
                    ctx.source());
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
                out.add(LogEvent.raw(
                        line,
                        ex instanceof ParseException ? ex.getMessage() : "auditd: internal error " + ex,
                        ctx.receivedAt(),
                        ctx.source()));
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
        for (List<AuditRecord> rest : open.values())
            out.add(event(rest, ctx)); // no EOE (single-record events, or cut off): what arrived
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
        e.setHost(
                first.node() != null
                        ? first.node()
                        : ctx.source() == null ? null : ctx.source().ip());
        e.setApp("auditd");
        e.setFacilityCode(13);
        boolean failed = false;
        List<Map<String, Object>> list = new ArrayList<>();
        for (AuditRecord r : records) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("type", r.type());
            m.putAll(r.values());
            list.add(m);
            failed |= "no".equals(r.values().get("success"))
                    || "failed".equals(r.values().get("res"));
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

    /** The records of an auditd event, as its fields hold them. */
    @SuppressWarnings("unchecked")
    static List<Map<String, Object>> records(LogEvent e) {
        Object audit = e.getFields() == null ? null : e.getFields().get("audit");
        Object records = audit instanceof Map<?, ?> m ? m.get("records") : null;
        return records instanceof List<?> l ? (List<Map<String, Object>>) l : List.of();
    }

    /** One event of several of one serial (each one or more records), in arrival order: the first one's time and host. */
    @SuppressWarnings("unchecked")
    static LogEvent merge(List<LogEvent> parts) {
        if (parts.size() == 1) return parts.get(0);
        LogEvent first = parts.get(0);
        List<Map<String, Object>> all = new ArrayList<>();
        int severity = first.getSeverityCode();
        for (LogEvent p : parts) {
            all.addAll(records(p));
            severity = Math.min(severity, p.getSeverityCode());
        }
        Map<String, Object> audit =
                new LinkedHashMap<>((Map<String, Object>) first.getFields().get("audit"));
        audit.put("records", all);
        Map<String, Object> fields = new LinkedHashMap<>(first.getFields());
        fields.put("audit", audit);
        first.setFields(fields);
        first.setSeverityCode(severity);
        first.setMessage(summaryOf(all));
        return first;
    }

    private static String summary(List<AuditRecord> records) {
        List<Map<String, Object>> maps = new ArrayList<>();
        for (AuditRecord r : records) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("type", r.type());
            m.putAll(r.values());
            maps.add(m);
        }
        return summaryOf(maps);
    }

    private static String summaryOf(List<Map<String, Object>> records) {
        StringBuilder sb = new StringBuilder();
        for (Map<String, Object> r : records) {
            if (sb.length() > 0) sb.append('+');
            sb.append(r.get("type"));
        }
        for (String k : SUMMARY_KEYS) {
            for (Map<String, Object> r : records) {
                Object o = r.get(k);
                String v = o == null ? null : o.toString();
                if (v != null && !v.isEmpty() && !v.equals("(null)") && !v.equals("?")) {
                    sb.append(' ').append(k).append('=').append(v.length() > 200 ? v.substring(0, 200) + "..." : v);
                    break;
                }
            }
        }
        return sb.toString();
    }
}
