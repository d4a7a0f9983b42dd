package io.logpipe.codec.cef;

import io.logpipe.codec.DecodeContext;
import io.logpipe.codec.FrameDecoder;
import io.logpipe.codec.ParseException;
import io.logpipe.codec.Text;
import io.logpipe.codec.syslog.SyslogDecoder;
import io.logpipe.event.LogEvent;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * CEF or LEEF, bare or after a syslog header. After a header the event keeps the header's
 * facility, severity, host and time; bare, the CEF severity (or LEEF {@code sev}) gives the
 * syslog severity. CEF: app = device product, msgid = signature id, message = name.
 * LEEF: app = product, msgid = event id, message = the LEEF text.
 */
public final class CefDecoder implements FrameDecoder {
    public enum Kind {
        CEF,
        LEEF
    }

    private final Kind kind;
    private final SyslogDecoder header = new SyslogDecoder(SyslogDecoder.Mode.AUTO);

    public CefDecoder(Kind kind) {
        this.kind = kind;
    }

    @Override
    public String format() {
        return kind.name().toLowerCase(Locale.ROOT);
    }

    @Override
    public LogEvent decodeOne(String input, DecodeContext ctx) {
        String s = Text.stripTrailingNewlines(input);
        String marker = kind == Kind.CEF ? "CEF:" : "LEEF:";
        LogEvent e;
        if (s.startsWith(marker)) {
            e = new LogEvent();
            e.setReceivedAt(ctx.receivedAt());
            e.setTimestamp(ctx.receivedAt());
            e.setSource(ctx.source());
            if (ctx.source() != null) e.setHost(ctx.source().ip());
            e = apply(e, s, ctx, true);
        } else {
            e = header.decodeOne(s, ctx);
            int at = payloadStart(s);
            if (e.getParseError() != null || at < 0 || !s.startsWith(marker, at)) {
                e = LogEvent.raw(
                        s,
                        format() + ": no " + marker + " payload after a syslog header",
                        ctx.receivedAt(),
                        ctx.source());
            } else {
                e = apply(e, s.substring(at), ctx, false);
            }
        }
        if (ctx.keepRaw()) e.setRaw(input);
        return e;
    }

    /**
     * Where a CEF or LEEF payload starts after a syslog header: the first {@code CEF:} or
     * {@code LEEF:} that follows a space or the PRI's {@code >}; -1 when there is none.
     */
    public static int payloadStart(String s) {
        int at = firstMarker(s, 0);
        while (at > 0) {
            char before = s.charAt(at - 1);
            if (before == ' ' || before == '>') return at;
            at = firstMarker(s, at + 1);
        }
        return -1;
    }

    private static int firstMarker(String s, int from) {
        int c = s.indexOf("CEF:", from);
        int l = s.indexOf("LEEF:", from);
        if (c < 0) return l;
        if (l < 0) return c;
        return Math.min(c, l);
    }

    /** Fills {@code e} from the CEF or LEEF text {@code payload}; a raw event when it does not parse. */
    public static LogEvent apply(LogEvent e, String payload, DecodeContext ctx, boolean bare) {
        try {
            // the RFC3164 parser took the marker for a tag ("CEF" + ':'); that is no program name
            if ("CEF".equals(e.getApp()) || "LEEF".equals(e.getApp())) e.setApp(null);
            if (payload.startsWith("CEF:")) {
                CefParser.Cef cef = CefParser.parse(payload);
                e.setFormat("cef");
                e.setApp(cef.deviceProduct().isEmpty() ? e.getApp() : cef.deviceProduct());
                e.setMsgid(cef.signatureId().isEmpty() ? e.getMsgid() : cef.signatureId());
                e.setMessage(cef.name());
                if (bare) e.setSeverityCode(CefParser.syslogSeverity(cef.severity()));
                fields(e).put("cef", cef.asFields());
            } else {
                LeefParser.Leef leef = LeefParser.parse(payload);
                e.setFormat("leef");
                e.setApp(leef.product().isEmpty() ? e.getApp() : leef.product());
                e.setMsgid(leef.eventId().isEmpty() ? e.getMsgid() : leef.eventId());
                e.setMessage(payload);
                String sev = leef.attributes().get("sev");
                if (bare && sev != null) e.setSeverityCode(CefParser.syslogSeverity(sev));
                fields(e).put("leef", leef.asFields());
            }
            return e;
        } catch (ParseException | RuntimeException ex) {
            String why = ex instanceof ParseException
                    ? ex.getMessage()
                    : (payload.startsWith("CEF:") ? "cef" : "leef") + ": internal error " + ex;
            LogEvent raw = LogEvent.raw(payload, why, ctx.receivedAt(), ctx.source());
            if (!bare) {
                // keep what the syslog header said; only the payload failed
                raw.setFacilityCode(e.getFacilityCode());
                raw.setSeverityCode(e.getSeverityCode());
                raw.setHost(e.getHost());
                raw.setTimestamp(e.getTimestamp());
                raw.setApp(e.getApp());
            }
            return raw;
        }
    }

    private static Map<String, Object> fields(LogEvent e) {
        // a copy: the syslog decoder's fields may be immutable
        Map<String, Object> m = e.getFields() == null ? new LinkedHashMap<>() : new LinkedHashMap<>(e.getFields());
        e.setFields(m);
        return m;
    }
}
