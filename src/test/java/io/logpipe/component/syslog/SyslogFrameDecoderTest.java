package io.logpipe.component.syslog;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class SyslogFrameDecoderTest {
    record Frame(String text, int length, boolean truncated) {}

    final List<Frame> frames = new ArrayList<>();

    EmbeddedChannel channel(int max) {
        return new EmbeddedChannel(new SyslogFrameDecoder(max, (t, l, tr) -> frames.add(new Frame(t, l, tr))));
    }

    static void write(EmbeddedChannel ch, String s) {
        ch.writeInbound(Unpooled.copiedBuffer(s, StandardCharsets.UTF_8));
    }

    @Test
    void mixesOctetCountingAndNewlineFramesOnOneConnection() {
        EmbeddedChannel ch = channel(1024);
        write(ch, "16 <1>1 - - - - - -<13>plain line\n27 <13>1 - - - - - - two\nlines");
        write(ch, "<14>last\r\n");
        assertEquals(
                List.of("<1>1 - - - - - -", "<13>plain line", "<13>1 - - - - - - two\nlines", "<14>last\r"),
                frames.stream().map(Frame::text).toList());
    }

    @Test
    void aNulEndsAFrameAsLfDoesWhicheverComesFirst() {
        EmbeddedChannel ch = channel(1024);
        write(ch, "<13>nul ended\u0000<13>lf ended\n<13>both\u0000\n<13>lf then\n\u0000<13>long " + "y".repeat(300));
        write(ch, "\u0000");
        assertEquals(
                List.of("<13>nul ended", "<13>lf ended", "<13>both", "<13>lf then", "<13>long " + "y".repeat(300)),
                frames.stream().map(Frame::text).toList());
    }

    @Test
    void anOversizeLineEndedByNulIsCutAndTheNextFrameParses() {
        EmbeddedChannel ch = channel(64);
        write(ch, "z".repeat(100));
        write(ch, "z".repeat(50) + "\u0000<13>after\n");
        assertEquals(new Frame("z".repeat(64), 150, true), frames.get(0));
        assertEquals("<13>after", frames.get(1).text());
    }

    @Test
    void waitsForAFrameSplitAcrossReads() {
        EmbeddedChannel ch = channel(1024);
        write(ch, "2");
        write(ch, "0 <13>1 - - - - - - ");
        assertEquals(0, frames.size());
        write(ch, "ab<13>next\n");
        assertEquals(
                List.of("<13>1 - - - - - - ab", "<13>next"),
                frames.stream().map(Frame::text).toList());
    }

    @Test
    void oversizeOctetFrameIsCutAndTheNextFrameParses() {
        EmbeddedChannel ch = channel(64);
        String big = "x".repeat(200);
        write(ch, big.length() + " " + big.substring(0, 100));
        write(ch, big.substring(100) + "5 hello<13>after\n");
        assertEquals(new Frame("x".repeat(64), 200, true), frames.get(0));
        assertEquals("hello", frames.get(1).text());
        assertEquals("<13>after", frames.get(2).text());
    }

    @Test
    void oversizeNewlineFrameIsCutAndTheNextFrameParses() {
        EmbeddedChannel ch = channel(64);
        write(ch, "<13>" + "y".repeat(300));
        write(ch, "y".repeat(300) + "\n<13>good\n");
        assertEquals(2, frames.size());
        assertEquals(true, frames.get(0).truncated());
        assertEquals(64, frames.get(0).text().length());
        assertEquals(604, frames.get(0).length(), "the whole line's length, not the limit's");
        assertEquals("<13>good", frames.get(1).text());
    }

    @Test
    void anOversizeLineCutShortByTheCloseStillCountsWhatArrived() {
        EmbeddedChannel ch = channel(64);
        write(ch, "<13>" + "z".repeat(500));
        write(ch, "z".repeat(500));
        assertEquals(0, frames.size(), "the length is known only at the line's end");
        ch.finish();
        assertEquals(new Frame("<13>" + "z".repeat(60), 1004, true), frames.get(0));
    }

    @Test
    void numberWithoutSpaceIsNotAnOctetCount() {
        EmbeddedChannel ch = channel(1024);
        write(ch, "2026-03-01 plain text with no PRI\n123abc\n");
        assertEquals(
                List.of("2026-03-01 plain text with no PRI", "123abc"),
                frames.stream().map(Frame::text).toList());
    }

    @Test
    void unterminatedLastLineIsDeliveredAtClose() {
        EmbeddedChannel ch = channel(1024);
        write(ch, "<13>no newline at end");
        ch.finish();
        assertEquals(
                List.of("<13>no newline at end"),
                frames.stream().map(Frame::text).toList());
    }
}
