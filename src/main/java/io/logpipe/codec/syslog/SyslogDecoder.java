package io.logpipe.codec.syslog;

import io.logpipe.codec.DecodeContext;
import io.logpipe.codec.FrameDecoder;
import io.logpipe.codec.ParseException;
import io.logpipe.codec.Text;
import io.logpipe.event.LogEvent;
import java.util.Locale;

/**
 * Syslog decoder for {@code auto}, {@code rfc3164} and {@code rfc5424}. Auto picks RFC5424 when
 * the PRI is followed by a version digit and a space (RFC5424 6.2.2), RFC3164 otherwise. Never
 * throws: a failure gives a {@code raw} event carrying the reason.
 */
public final class SyslogDecoder implements FrameDecoder {
    public enum Mode {
        AUTO,
        RFC3164,
        RFC5424
    }

    private final Mode mode;

    public SyslogDecoder(Mode mode) {
        this.mode = mode;
    }

    @Override
    public String format() {
        return mode.name().toLowerCase(Locale.ROOT);
    }

    /** The hot-path form: one frame in, one event out. */
    @Override
    public LogEvent decodeOne(String input, DecodeContext ctx) {
        String s = Text.stripTrailingNewlines(input);
        LogEvent e = new LogEvent();
        e.setReceivedAt(ctx.receivedAt());
        e.setSource(ctx.source());
        boolean rfc5424 = mode == Mode.RFC5424 || (mode == Mode.AUTO && looksLikeRfc5424(s));
        try {
            if (rfc5424) {
                e.setFormat("rfc5424");
                Rfc5424Parser.parse(s, ctx, e);
            } else {
                e.setFormat("rfc3164");
                Rfc3164Parser.parse(s, ctx, e);
            }
        } catch (ParseException | RuntimeException ex) {
            String why = (rfc5424 ? "rfc5424: " : "rfc3164: ")
                    + (ex instanceof ParseException ? ex.getMessage() : "internal error " + ex);
            e = LogEvent.raw(s, why, ctx.receivedAt(), ctx.source());
        }
        if (ctx.keepRaw()) e.setRaw(input);
        return e;
    }

    /** {@code <PRI>} then 1–3 digits then a space. */
    public static boolean looksLikeRfc5424(String s) {
        int gt = s.indexOf('>');
        if (!Pri.present(s) || gt < 2 || gt > 4) return false;
        int i = gt + 1;
        int start = i;
        while (i < s.length() && Character.isDigit(s.charAt(i)) && i - start < 3) i++;
        return i > start && i < s.length() && s.charAt(i) == ' ' && s.charAt(start) != '0';
    }
}
