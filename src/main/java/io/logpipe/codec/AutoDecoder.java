package io.logpipe.codec;

import io.logpipe.codec.cef.CefDecoder;
import io.logpipe.codec.mozlog.MozlogDecoder;
import io.logpipe.codec.syslog.SyslogDecoder;
import io.logpipe.event.LogEvent;

/**
 * {@code format=auto} on every listener and in the parse API: a JSON object with an
 * {@code EnvVersion} is mozlog; text starting with {@code CEF:} or {@code LEEF:} is CEF or LEEF;
 * anything else is syslog (RFC5424 or RFC3164), and a {@code CEF:}/{@code LEEF:} payload after
 * the syslog header is decoded too, keeping the header's facility, severity and host.
 */
public final class AutoDecoder implements FrameDecoder {
    private final SyslogDecoder syslog = new SyslogDecoder(SyslogDecoder.Mode.AUTO);
    private final CefDecoder cef = new CefDecoder(CefDecoder.Kind.CEF);
    private final CefDecoder leef = new CefDecoder(CefDecoder.Kind.LEEF);
    private final MozlogDecoder mozlog = new MozlogDecoder();

    @Override
    public String format() { return "auto"; }

    @Override
    public LogEvent decodeOne(String input, DecodeContext ctx) {
        char first = firstNonSpace(input);
        if (first == '{' && MozlogDecoder.looksLikeMozlog(input)) return mozlog.decodeOne(input, ctx);
        if (input.startsWith("CEF:")) return cef.decodeOne(input, ctx);
        if (input.startsWith("LEEF:")) return leef.decodeOne(input, ctx);
        LogEvent e = syslog.decodeOne(input, ctx);
        if (e.getParseError() == null && e.getMessage() != null) {
            // look in the text, not the parsed message: the RFC3164 parser splits "host CEF:0|..." into tag "CEF" and the rest
            String s = Text.stripTrailingNewlines(input);
            int at = CefDecoder.payloadStart(s);
            if (at > 0) {
                LogEvent withPayload = CefDecoder.apply(e, s.substring(at), ctx, false);
                if (ctx.keepRaw()) withPayload.setRaw(input);
                return withPayload;
            }
        }
        return e;
    }

    private static char firstNonSpace(String s) {
        for (int i = 0; i < s.length(); i++) if (!Character.isWhitespace(s.charAt(i))) return s.charAt(i);
        return 0;
    }
}
