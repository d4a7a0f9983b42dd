package io.logpipe.codec;

import io.logpipe.codec.auditd.AuditdDecoder;
import io.logpipe.codec.cef.CefDecoder;
import io.logpipe.codec.gelf.GelfDecoder;
import io.logpipe.codec.mozlog.MozlogDecoder;
import io.logpipe.codec.ossec.OssecDecoder;
import io.logpipe.codec.snare.SnareDecoder;
import io.logpipe.codec.syslog.SyslogDecoder;
import java.util.List;
import java.util.Locale;

/** The formats a listener's {@code format=} and the parse API's {@code ?format=} accept. */
public final class Decoders {
    public static final List<String> NAMES =
            List.of("auto", "rfc3164", "rfc5424", "cef", "leef", "mozlog", "gelf", "ossec", "snare", "auditd");

    private Decoders() {}

    /** A decoder for {@code name}; decoders hold no per-call state, so one may serve many threads. Null when unknown. */
    public static FrameDecoder frameDecoder(String name) {
        return Guarded.of(unguarded(name));
    }

    private static FrameDecoder unguarded(String name) {
        return switch (name.toLowerCase(Locale.ROOT)) {
            case "auto" -> new AutoDecoder();
            case "rfc3164" -> new SyslogDecoder(SyslogDecoder.Mode.RFC3164);
            case "rfc5424" -> new SyslogDecoder(SyslogDecoder.Mode.RFC5424);
            case "cef" -> new CefDecoder(CefDecoder.Kind.CEF);
            case "leef" -> new CefDecoder(CefDecoder.Kind.LEEF);
            case "mozlog" -> new MozlogDecoder();
            case "gelf" -> new GelfDecoder();
            case "ossec" -> new OssecDecoder();
            case "snare" -> new SnareDecoder();
            case "auditd" -> new AuditdDecoder();
            default -> null;
        };
    }
}
