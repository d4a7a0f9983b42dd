package io.logpipe.relp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.DecoderException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class RelpFrameDecoderTest {
    static final String SESSION = "1 open 46 relp_version=0\nrelp_software=x\ncommands=syslog\n"
            + "2 syslog 11 <13>hello 1\n"
            + "3 syslog 14 <13>h\u00e9llo \u00fc2\n" // multi-byte UTF-8: the length counts bytes
            + "4 close 0\n";

    static List<RelpFrame> decode(int maxData, byte[] bytes, int chunk) {
        EmbeddedChannel ch = new EmbeddedChannel(new RelpFrameDecoder(maxData));
        for (int i = 0; i < bytes.length; i += chunk) {
            ch.writeInbound(Unpooled.wrappedBuffer(bytes, i, Math.min(chunk, bytes.length - i)));
        }
        List<RelpFrame> frames = new ArrayList<>();
        for (Object o; (o = ch.readInbound()) != null; ) frames.add((RelpFrame) o);
        return frames;
    }

    @ParameterizedTest(name = "fed {0} bytes at a time")
    @ValueSource(ints = {1, 2, 3, 7, 1000})
    void aWholeSessionInAnySlicing(int chunk) {
        List<RelpFrame> f = decode(1024, SESSION.getBytes(StandardCharsets.UTF_8), chunk);
        assertEquals(4, f.size());
        assertEquals(new RelpFrame(1, "open", "relp_version=0\nrelp_software=x\ncommands=syslog", 46, false), f.get(0));
        assertEquals(new RelpFrame(2, "syslog", "<13>hello 1", 11, false), f.get(1));
        assertEquals("<13>h\u00e9llo \u00fc2", f.get(2).data());
        assertEquals(new RelpFrame(4, "close", "", 0, false), f.get(3));
    }

    @Test
    void dataLongerThanTheMaximumIsCutAndTheNextFrameStillParses() {
        String big = "x".repeat(5000);
        byte[] in = ("7 syslog 5000 " + big + "\n8 syslog 2 ok\n").getBytes(StandardCharsets.US_ASCII);
        for (int chunk : new int[] {1, 100, in.length}) {
            List<RelpFrame> f = decode(100, in, chunk);
            assertEquals(2, f.size());
            assertEquals(100, f.get(0).data().length());
            assertEquals(5000, f.get(0).dataLength());
            assertTrue(f.get(0).truncated());
            assertEquals(new RelpFrame(8, "syslog", "ok", 2, false), f.get(1));
        }
    }

    @Test
    void blankLinesBetweenFramesAndAZeroLengthWithATrailingSpaceAreTolerated() {
        List<RelpFrame> f = decode(100, "\r\n1 close 0 \n\n2 syslog 1 a\r\n".getBytes(StandardCharsets.US_ASCII), 1000);
        assertEquals(2, f.size());
        assertEquals("close", f.get(0).command());
        assertEquals("a", f.get(1).data());
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "<13>Nov 22 plain syslog, not RELP\n",
                "1 sys-log 1 a\n",
                "1 syslog 5 abc\n1 syslog 1 a\n", // length wrong: no LF where the frame should end
                "1234567890 syslog 1 a\n", // transaction number over 9 digits
                "1 syslog 3a a\n",
                "1 syslog 1\n", // a length but no data
                "1  syslog 1 a\n", // empty command
            })
    void whatIsNotRelpIsAProtocolError(String input) {
        EmbeddedChannel ch = new EmbeddedChannel(new RelpFrameDecoder(1024));
        DecoderException e = assertThrows(
                DecoderException.class, () -> ch.writeInbound(Unpooled.copiedBuffer(input, StandardCharsets.US_ASCII)));
        assertTrue(e.getCause() instanceof RelpProtocolException, e.toString());
    }

    @Test
    void aHeaderThatNeverEndsIsRefusedOnceItCannotBeValid() {
        EmbeddedChannel ch = new EmbeddedChannel(new RelpFrameDecoder(1024));
        ch.writeInbound(Unpooled.copiedBuffer("12", StandardCharsets.US_ASCII)); // incomplete: waits
        assertFalse(ch.inboundMessages().size() > 0);
        assertThrows(
                DecoderException.class,
                () -> ch.writeInbound(
                        Unpooled.copiedBuffer("3 syslogsyslogsyslogsyslogsyslogsyslog", StandardCharsets.US_ASCII)));
    }
}
