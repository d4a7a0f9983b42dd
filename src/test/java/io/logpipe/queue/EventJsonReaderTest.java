package io.logpipe.queue;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.logpipe.codec.DecodeContext;
import io.logpipe.codec.Decoders;
import io.logpipe.event.EventJson;
import io.logpipe.event.EventJsonReader;
import io.logpipe.event.LogEvent;
import io.logpipe.event.Source;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Contract JSON read back gives the same JSON: how events travel between collector and processor. */
class EventJsonReaderTest {
    @ParameterizedTest
    @ValueSource(
            strings = {
                "<165>1 2026-11-22T10:00:00.123456789Z host app 42 ID7 [exampleSDID@32473 iut=\"3\" eventSource=\"App\"] grüße \"quoted\"\n\ttext",
                "<34>Nov 22 10:00:00 mymachine su[77]: 'su root' failed",
                "CEF:0|Security|threatmanager|1.0|100|worm stopped|10|src=10.0.0.1 spt=1232",
                "{\"Timestamp\":1456170813123456789,\"Type\":\"t\",\"Logger\":\"l\",\"Severity\":3,\"EnvVersion\":\"2.0\",\"Fields\":{\"n\":1.50,\"big\":123456789012345678901234567890,\"nested\":{\"a\":[1,true,null,\"x\"]}}}",
                "garbage \u0001",
            })
    void writtenThenReadIsTheSameEvent(String input) {
        LogEvent e = Decoders.frameDecoder("auto")
                .decodeOne(
                        input,
                        new DecodeContext(
                                Instant.parse("2026-11-22T10:00:01.5Z"),
                                new Source("10.1.2.3", 514, "l", "peer.example.com"),
                                ZoneOffset.UTC,
                                true));
        String json = EventJson.toJson(e);
        assertEquals(json, EventJson.toJson(EventJsonReader.read(json)));
    }

    @Test
    void otherJsonIsRefusedWithAReason() {
        assertThrows(IllegalArgumentException.class, () -> EventJsonReader.read("{\"Timestamp\":1}"));
        assertThrows(IllegalArgumentException.class, () -> EventJsonReader.read("[1,2]"));
        assertThrows(IllegalArgumentException.class, () -> EventJsonReader.read("{broken"));
        assertThrows(
                IllegalArgumentException.class,
                () -> EventJsonReader.read("{\"message\":\"m\",\"timestamp\":\"yesterday\"}"));
    }
}
