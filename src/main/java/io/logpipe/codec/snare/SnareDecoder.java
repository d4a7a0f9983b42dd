package io.logpipe.codec.snare;

import io.logpipe.codec.DecodeContext;
import io.logpipe.codec.FrameDecoder;
import io.logpipe.codec.ParseException;
import io.logpipe.codec.Text;
import io.logpipe.codec.syslog.SyslogDecoder;
import io.logpipe.event.LogEvent;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Windows events as Snare-style agents send them through syslog:
 * {@code MSWinEventLog<d>criticality<d>log<d>counter<d>Fri Mar 19 15:33:30 2010<d>event id<d>source<d>user<d>SID type<d>event type<d>computer<d>category<d>data<d>description[<d>record]},
 * the delimiter {@code <d>} a tab, rsyslog's escaped tab {@code #011}, or whatever single character follows
 * the criticality. {@code app} = source, {@code message} = description, {@code timestamp} = the event's time
 * (in the zone for stamps without one), {@code host} = the syslog header's, else the computer;
 * {@code fields.windows} = {log, event_id, source, event_type, user, computer, category, record, criticality, sid_type}.
 */
public final class SnareDecoder implements FrameDecoder {
    public static final String MARKER = "MSWinEventLog";
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("EEE MMM d HH:mm:ss yyyy", Locale.ROOT);

    private final SyslogDecoder header = new SyslogDecoder(SyslogDecoder.Mode.AUTO);

    @Override
    public String format() {
        return "snare";
    }

    @Override
    public LogEvent decodeOne(String input, DecodeContext ctx) {
        String s = Text.stripTrailingNewlines(input);
        int at = s.indexOf(MARKER);
        LogEvent e;
        if (at < 0) {
            e = LogEvent.raw(s, "snare: no MSWinEventLog record", ctx.receivedAt(), ctx.source());
        } else {
            String prefix = s.substring(0, at).strip();
            if (prefix.startsWith("<")) {
                e = header.decodeOne(prefix, ctx);
                if (e.getParseError() != null)
                    e = bare(ctx); // whatever precedes the record is no syslog header: keep the record
            } else {
                // no PRI: nothing says facility or severity; a lone word before the record is the agent's host name
                e = bare(ctx);
                if (!prefix.isEmpty() && !prefix.contains(" ")) e.setHost(prefix);
            }
            e = apply(e, s.substring(at), ctx);
        }
        if (ctx.keepRaw()) e.setRaw(input);
        return e;
    }

    private static LogEvent bare(DecodeContext ctx) {
        LogEvent e = new LogEvent();
        e.setReceivedAt(ctx.receivedAt());
        e.setTimestamp(ctx.receivedAt());
        e.setSource(ctx.source());
        return e;
    }

    /** Fills {@code e} (its syslog header facts, if any) from the record {@code MSWinEventLog...}; a raw event when it does not parse. */
    public static LogEvent apply(LogEvent e, String record, DecodeContext ctx) {
        try {
            List<String> f = split(record);
            if (f.size() < 13)
                throw new ParseException("snare: " + f.size() + " fields after MSWinEventLog, expected at least 13", 0);
            boolean hadHeaderHost = e.getHost() != null
                    && (ctx.source() == null || !e.getHost().equals(ctx.source().ip()));
            Map<String, Object> w = new LinkedHashMap<>();
            put(w, "criticality", f.get(0));
            put(w, "log", f.get(1));
            put(w, "counter", f.get(2));
            put(w, "event_id", f.get(4));
            put(w, "source", f.get(5));
            put(w, "user", f.get(6));
            put(w, "sid_type", f.get(7));
            put(w, "event_type", f.get(8));
            put(w, "computer", f.get(9));
            put(w, "category", f.get(10));
            put(w, "data", f.get(11));
            // a 14th field that is a number is the event log record number (older agents end with the description)
            String recordNumber = f.size() >= 14 && f.get(f.size() - 1).strip().matches("\\d+")
                    ? f.get(f.size() - 1).strip()
                    : null;
            put(w, "record", recordNumber);
            String description = String.join(" ", f.subList(12, recordNumber == null ? f.size() : f.size() - 1))
                    .strip();
            e.setFormat("snare");
            e.setApp(f.get(5).isBlank() ? e.getApp() : f.get(5).strip());
            e.setMessage(description);
            if (!hadHeaderHost && !f.get(9).isBlank()) e.setHost(f.get(9).strip());
            try {
                e.setTimestamp(LocalDateTime.parse(f.get(3).strip().replaceAll("\\s+", " "), TIME)
                        .atZone(ctx.defaultZone())
                        .toInstant());
            } catch (DateTimeParseException keepHeaderTime) {
                // an agent with another date layout: the syslog header's (or receipt) time stays
            }
            if (e.getSeverityCode() == LogEvent.NONE) e.setSeverityCode(severity(f.get(8)));
            if (e.getFacilityCode() == LogEvent.NONE) e.setFacilityCode(13); // security/log audit, as Snare's default
            Map<String, Object> fields =
                    e.getFields() == null ? new LinkedHashMap<>() : new LinkedHashMap<>(e.getFields());
            fields.put("windows", w);
            e.setFields(fields);
            return e;
        } catch (ParseException | RuntimeException ex) {
            LogEvent raw = LogEvent.raw(
                    record,
                    ex instanceof ParseException ? ex.getMessage() : "snare: internal error " + ex,
                    ctx.receivedAt(),
                    ctx.source());
            if (e.getHost() != null) raw.setHost(e.getHost());
            if (e.getTimestamp() != null) raw.setTimestamp(e.getTimestamp());
            raw.setFacilityCode(e.getFacilityCode());
            raw.setSeverityCode(e.getSeverityCode());
            return raw;
        }
    }

    /** The fields after the marker, split on the record's delimiter. */
    static List<String> split(String record) throws ParseException {
        String rest = record.substring(MARKER.length());
        String delimiter;
        if (rest.indexOf('\t') >= 0) delimiter = "\t";
        else if (rest.contains("#011")) delimiter = "#011";
        else {
            // other delimiters: the first character after the criticality digit
            String t = rest.stripLeading();
            int i = 0;
            while (i < t.length() && Character.isDigit(t.charAt(i))) i++;
            if (i == 0 || i >= t.length()) throw new ParseException("snare: no delimiter after MSWinEventLog", 0);
            delimiter = String.valueOf(t.charAt(i));
            rest = t;
        }
        List<String> out = new ArrayList<>();
        int from = 0;
        while (true) {
            int next = rest.indexOf(delimiter, from);
            if (next < 0) {
                out.add(rest.substring(from));
                break;
            }
            out.add(rest.substring(from, next));
            from = next + delimiter.length();
        }
        // the marker is followed by a delimiter (or a space): the first field is the criticality
        if (!out.isEmpty() && out.get(0).isBlank()) out.remove(0);
        else if (!out.isEmpty()) out.set(0, out.get(0).strip());
        return out;
    }

    private static void put(Map<String, Object> m, String key, String v) {
        if (v == null) return;
        String t = v.strip();
        if (t.isEmpty() || t.equals("N/A")) return;
        if ((key.equals("event_id") || key.equals("record") || key.equals("counter") || key.equals("criticality"))
                && t.matches("\\d{1,18}")) m.put(key, Long.parseLong(t));
        else m.put(key, t);
    }

    /** Windows event types onto syslog severities. */
    static int severity(String eventType) {
        return switch (eventType.strip().toLowerCase(Locale.ROOT)) {
            case "error" -> 3;
            case "warning" -> 4;
            case "failure audit", "audit failure" -> 5;
            default -> 6; // information, success audit
        };
    }
}
