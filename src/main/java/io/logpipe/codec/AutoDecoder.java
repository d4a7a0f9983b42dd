package io.logpipe.codec;

import io.logpipe.codec.auditd.AuditdDecoder;
import io.logpipe.codec.cef.CefDecoder;
import io.logpipe.codec.gelf.GelfDecoder;
import io.logpipe.codec.mozlog.MozlogDecoder;
import io.logpipe.codec.ossec.OssecDecoder;
import io.logpipe.codec.snare.SnareDecoder;
import io.logpipe.codec.syslog.SyslogDecoder;
import io.logpipe.event.LogEvent;
import java.util.Map;

/**
 * {@code format=auto} on every listener and in the parse API: a JSON object with an
 * {@code EnvVersion} is mozlog, one with a {@code short_message} GELF; text starting with {@code CEF:}
 * or {@code LEEF:} is CEF or LEEF; anything else is syslog (RFC5424 or RFC3164), and after the syslog
 * header a {@code CEF:}/{@code LEEF:} payload, an OSSEC alert (tag {@code ossec}), a Snare
 * {@code MSWinEventLog} record or an audit record ({@code type=... msg=audit(...)}) is decoded too,
 * keeping the header's facility, severity and host.
 */
public final class AutoDecoder implements FrameDecoder {
    private final SyslogDecoder syslog = new SyslogDecoder(SyslogDecoder.Mode.AUTO);
    private final CefDecoder cef = new CefDecoder(CefDecoder.Kind.CEF);
    private final CefDecoder leef = new CefDecoder(CefDecoder.Kind.LEEF);
    private final MozlogDecoder mozlog = new MozlogDecoder();
    private final GelfDecoder gelf = new GelfDecoder();
    private final AuditdDecoder auditd = new AuditdDecoder();

    @Override
    public String format() {
        return "auto";
    }

    @Override
    public LogEvent decodeOne(String input, DecodeContext ctx) {
        char first = firstNonSpace(input);
        if (first == '{' && MozlogDecoder.looksLikeMozlog(input)) return mozlog.decodeOne(input, ctx);
        if (first == '{' && GelfDecoder.looksLikeGelf(input)) return gelf.decodeOne(input, ctx);
        if ((first == 't' || first == 'n') && looksLikeAudit(input)) return auditd.decodeOne(input, ctx);
        if (input.startsWith("CEF:")) return cef.decodeOne(input, ctx);
        if (input.startsWith("LEEF:")) return leef.decodeOne(input, ctx);
        LogEvent e = syslog.decodeOne(input, ctx);
        if (e.getParseError() == null && e.getMessage() != null) {
            // look in the text, not the parsed message: the RFC3164 parser splits "host CEF:0|..." into tag "CEF" and
            // the rest
            String s = Text.stripTrailingNewlines(input);
            int at = CefDecoder.payloadStart(s);
            if (at > 0) return keepRaw(CefDecoder.apply(e, s.substring(at), ctx, false), input, ctx);
            if (OssecDecoder.looksLikeOssec(e)) return keepRaw(OssecDecoder.apply(e, ctx), input, ctx);
            int snare = s.indexOf(SnareDecoder.MARKER);
            if (snare > 0) return keepRaw(SnareDecoder.apply(e, s.substring(snare), ctx), input, ctx);
            if (looksLikeAudit(e.getMessage())) return keepRaw(auditAfterHeader(e, ctx), input, ctx);
        }
        return e;
    }

    private static LogEvent keepRaw(LogEvent e, String input, DecodeContext ctx) {
        if (ctx.keepRaw()) e.setRaw(input);
        return e;
    }

    /** {@code type=X msg=audit(}, optionally after {@code node=N }: an audit record (audisp's syslog plugin sends them behind a header). */
    static boolean looksLikeAudit(String s) {
        if (s == null) return false;
        String t = s.startsWith("node=") && s.indexOf(' ') > 0 ? s.substring(s.indexOf(' ') + 1) : s;
        return t.startsWith("type=") && t.contains(" msg=audit(");
    }

    /** An audit record behind a syslog header: the record's time and fields, the header's host and facility. */
    private LogEvent auditAfterHeader(LogEvent header, DecodeContext ctx) {
        LogEvent a = auditd.decodeOne(header.getMessage(), ctx);
        if (a.getParseError() != null) return header;
        if (header.getHost() != null
                && (a.getFields() == null || !(((Map<?, ?>) a.getFields().get("audit")).containsKey("node"))))
            a.setHost(header.getHost());
        return a;
    }

    private static char firstNonSpace(String s) {
        for (int i = 0; i < s.length(); i++) if (!Character.isWhitespace(s.charAt(i))) return s.charAt(i);
        return 0;
    }
}
