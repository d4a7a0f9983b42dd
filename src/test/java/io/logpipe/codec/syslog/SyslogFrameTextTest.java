package io.logpipe.codec.syslog;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.logpipe.codec.DecodeContext;
import io.logpipe.event.LogEvent;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

class SyslogFrameTextTest {
    private static final String BOM = "\uFEFF";

    private static String decode(String frame) {
        byte[] b = ("xx" + frame + "yy").getBytes(StandardCharsets.UTF_8);
        return SyslogFrameText.decode(b, 2, b.length - 4);
    }

    @Test
    void dropsTheMarkBeforeMsgAfterNilStructuredData() {
        String frame = "<13>1 2026-01-02T03:04:05Z host app - - - " + BOM + "hello";
        String text = decode(frame);
        assertEquals("<13>1 2026-01-02T03:04:05Z host app - - - hello", text);
    }

    @Test
    void dropsTheMarkAfterStructuredDataAndKeepsLaterNonAscii() {
        String frame = "<165>1 - h a 1 ID47 [x@1 k=\"v\"] " + BOM + "grüße " + BOM + "end";
        assertEquals("<165>1 - h a 1 ID47 [x@1 k=\"v\"] grüße " + BOM + "end", decode(frame));
    }

    @Test
    void keepsTextThatIsNotAnRfc5424Msg() {
        for (String frame : new String[] {
            "<13>Jan  2 03:04:05 host app: " + BOM + "bsd text", // RFC3164: not where RFC5424 puts it
            "<13>Jan  2 03:04:05 host app: - " + BOM + "bsd text after a dash",
            "plain - " + BOM + "line",
            "<13>0 - h a - - - " + BOM + "version zero",
            "<13>1 - h a - - - é then " + BOM, // first non-ASCII byte is not the mark
            "<13>1 - h a - - - " + "\u00EF\u00BB", // Latin-1 look-alikes, not a mark
            "<13>1 - h a - - - \u00EF" // a cut multi-byte sequence at the end
        }) {
            assertEquals(
                    new String(frame.getBytes(StandardCharsets.UTF_8), StandardCharsets.UTF_8), decode(frame), frame);
        }
    }

    @Test
    void aFrameCutInsideTheMarkDecodesAsBefore() {
        byte[] b = "<13>1 - h a - - - \uFEFF".getBytes(StandardCharsets.UTF_8);
        int cut = b.length - 1;
        assertEquals(new String(b, 0, cut, StandardCharsets.UTF_8), SyslogFrameText.decode(b, 0, cut));
    }

    @Test
    void decodesTheSameEventAsTheFrameWithTheMark() {
        String frame = "<34>1 2003-10-11T22:14:15.003Z mymachine.example.com su - ID47 - " + BOM + "'su root' failed";
        var ctx = new DecodeContext(Instant.parse("2026-01-01T00:00:00Z"), null, ZoneOffset.UTC, false);
        var decoder = new SyslogDecoder(SyslogDecoder.Mode.AUTO);
        LogEvent withMark = decoder.decodeOne(frame, ctx);
        LogEvent without = decoder.decodeOne(decode(frame), ctx);
        assertEquals("'su root' failed", without.getMessage());
        assertEquals(withMark.getMessage(), without.getMessage());
        assertEquals(withMark.getMsgid(), without.getMsgid());
        assertEquals(withMark.getHost(), without.getHost());
    }
}
