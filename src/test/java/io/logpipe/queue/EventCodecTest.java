package io.logpipe.queue;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.logpipe.codec.DecodeContext;
import io.logpipe.codec.Decoders;
import io.logpipe.event.EventJson;
import io.logpipe.event.LogEvent;
import io.logpipe.event.Source;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Arrays;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Whatever the decoders make comes out of the queue exactly as it went in. */
class EventCodecTest {
    @ParameterizedTest
    @ValueSource(
            strings = {
                "<165>1 2026-11-22T10:00:00.123456789Z host app 42 ID7 [exampleSDID@32473 iut=\"3\" eventSource=\"App\\\"q\\\"\"][x@1 a=\"\"] grüße \u0001 text",
                "<34>Nov 22 10:00:00 mymachine su[77]: 'su root' failed for lonvick on /dev/pts/8",
                "CEF:0|Security|threatmanager|1.0|100|worm successfully stopped|10|src=10.0.0.1 dst=2.1.2.2 spt=1232 msg=a\\=b c",
                "{\"Timestamp\":1456170813123456789,\"Type\":\"t\",\"Logger\":\"l\",\"Severity\":3,\"EnvVersion\":\"2.0\",\"Pid\":7,\"Fields\":{\"msg\":\"m\",\"n\":1.50,\"big\":123456789012345678901234567890,\"nested\":{\"a\":[1,true,null,\"x\"]}}}",
                "not syslog at all \u0000 with NUL",
                "",
            })
    void roundTripKeepsEveryField(String input) {
        LogEvent e = Decoders.frameDecoder("auto")
                .decodeOne(
                        input,
                        new DecodeContext(
                                Instant.parse("2026-11-22T10:00:01.5Z"),
                                new Source("10.1.2.3", 514, "l", "peer.example.com"),
                                ZoneOffset.UTC,
                                true));
        LogEvent back = EventCodec.decode(EventCodec.encode(e));
        assertEquals(EventJson.toJson(e), EventJson.toJson(back));
    }

    @org.junit.jupiter.api.Test
    void anEmptyEventAndAnUnknownVersion() {
        LogEvent empty = new LogEvent();
        assertEquals(EventJson.toJson(empty), EventJson.toJson(EventCodec.decode(EventCodec.encode(empty))));
        byte[] bytes = EventCodec.encode(empty);
        bytes[0] = 99;
        assertThrows(IllegalArgumentException.class, () -> EventCodec.decode(bytes));
    }

    @org.junit.jupiter.api.Test
    void aTruncatedEntryIsRefusedWithAReasonAtEveryLength() {
        LogEvent e = Decoders.frameDecoder("auto")
                .decodeOne(
                        "<34>Nov 22 10:00:00 mymachine su[77]: grüße",
                        new DecodeContext(
                                Instant.parse("2026-11-22T10:00:01.5Z"),
                                new Source("10.1.2.3", 514, "l", null),
                                ZoneOffset.UTC,
                                true));
        byte[] whole = EventCodec.encode(e);
        for (int cut = 1; cut < whole.length; cut++) {
            byte[] part = Arrays.copyOf(whole, cut);
            IllegalArgumentException refused =
                    assertThrows(IllegalArgumentException.class, () -> EventCodec.decode(part), "cut at " + cut);
            Assertions.assertTrue(refused.getMessage().startsWith("queued event cannot be read"), refused.getMessage());
        }
    }

    @org.junit.jupiter.api.Test
    void jsonStringsAreEscapedSoAnyParserReadsThemBack() throws Exception {
        String nasty = "plain \"quoted\" back\\slash\nline\rcr\ttab\u0001ctl\u001f grüße \u2028 end";
        StringBuilder sb = new StringBuilder();
        EventJson.quote(sb, nasty);
        assertEquals(nasty, new ObjectMapper().readValue(sb.toString(), String.class));
        assertEquals("\"\\u0001\"", quoted("\u0001"));
        assertEquals("\"\"", quoted(""));
        assertEquals("\"no escapes\"", quoted("no escapes"));
    }

    private static String quoted(String s) {
        StringBuilder sb = new StringBuilder();
        EventJson.quote(sb, s);
        return sb.toString();
    }
}
