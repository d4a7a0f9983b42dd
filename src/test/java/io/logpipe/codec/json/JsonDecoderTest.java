package io.logpipe.codec.json;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import io.logpipe.codec.DecodeContext;
import io.logpipe.codec.FrameDecoder;
import io.logpipe.codec.mozlog.MozlogDecoder;
import io.logpipe.event.LogEvent;
import io.logpipe.event.Source;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class JsonDecoderTest {
    static final DecodeContext CTX = new DecodeContext(
            Instant.parse("2026-11-22T10:00:00Z"), new Source("192.0.2.1", 0, "t", null), ZoneId.of("UTC"), false);

    @Test
    void configuredKeysIncludingNestedOnes() {
        JsonDecoder d =
                new JsonDecoder(new JsonDecoder.Mapping("@timestamp", "host.name", "service", "msg", "log.level"));
        LogEvent e = d.decodeOne(
                "{\"@timestamp\":\"2026-11-22T09:59:58.5+01:00\",\"host\":{\"name\":\"web3\"},\"service\":\"checkout\","
                        + "\"msg\":\"paid\",\"log\":{\"level\":\"WARN\"},\"order\":42}",
                CTX);
        assertEquals("json", e.getFormat(), e.getParseError());
        assertEquals(Instant.parse("2026-11-22T08:59:58.5Z"), e.getTimestamp());
        assertEquals("web3", e.getHost());
        assertEquals("checkout", e.getApp());
        assertEquals("paid", e.getMessage());
        assertEquals(4, e.getSeverityCode());
        assertTrue(e.getFields().get("json").toString().contains("order=42"));
    }

    @ParameterizedTest
    @CsvSource({
        "1763805600,2025-11-22T10:00:00Z",
        "1763805600.25,2025-11-22T10:00:00.250Z",
        "1763805600123,2025-11-22T10:00:00.123Z",
        "1763805600123456,2025-11-22T10:00:00.123456Z",
        "1763805600123456789,2025-11-22T10:00:00.123456789Z"
    })
    void epochNumbersBySize(String number, String expected) {
        assertEquals(
                Instant.parse(expected), JsonDecoder.time(JsonNodeFactory.instance.numberNode(new BigDecimal(number))));
        assertEquals(Instant.parse(expected), JsonDecoder.time(JsonNodeFactory.instance.textNode(number)));
    }

    @ParameterizedTest
    @CsvSource({
        "err,3",
        "error,3",
        "ERROR,3",
        "warn,4",
        "warning,4",
        "fatal,2",
        "critical,2",
        "info,6",
        "debug,7",
        "trace,7",
        "5,5",
        "loud,-1"
    })
    void severityAliases(String text, int code) {
        assertEquals(code, JsonDecoder.severity(JsonNodeFactory.instance.textNode(text)));
    }

    @Test
    void aTimeBeyondAnyDateFallsBackToReceipt() {
        LogEvent e = new JsonDecoder(JsonDecoder.Mapping.DEFAULT)
                .decodeOne("{\"timestamp\": 1e40, \"message\": \"far\"}", CTX);
        assertEquals("json", e.getFormat());
        assertEquals(CTX.receivedAt(), e.getTimestamp());
        assertEquals(
                Instant.parse("1969-12-31T23:59:59.5Z"),
                JsonDecoder.time(JsonNodeFactory.instance.numberNode(new BigDecimal("-0.5"))));
    }

    @Test
    void defaultsAndBadInput() {
        JsonDecoder d = new JsonDecoder(JsonDecoder.Mapping.DEFAULT);
        LogEvent plain = d.decodeOne("{\"message\":\"hi\"}", CTX);
        assertEquals(CTX.receivedAt(), plain.getTimestamp(), "no time: received_at");
        assertEquals("192.0.2.1", plain.getHost(), "no host: the sender");
        LogEvent bad = d.decodeOne("{\"message\":", CTX);
        assertEquals("raw", bad.getFormat());
        assertTrue(bad.getParseError().startsWith("json: invalid JSON at line 1 column"), bad.getParseError());
        assertEquals("raw", d.decodeOne("[1,2]", CTX).getFormat());
    }

    /** Jackson's nesting limit (1000) ends the parse with an exception that has no location: it threw a NullPointerException out of the decoder. */
    @Test
    void jsonNestedDeeperThanTheParserAllowsIsARawEvent() {
        String deep = "{\"a\":".repeat(1500) + "1" + "}".repeat(1500);
        for (FrameDecoder d : List.of(new JsonDecoder(JsonDecoder.Mapping.DEFAULT), new MozlogDecoder())) {
            LogEvent e = d.decodeOne(deep, CTX);
            assertEquals("raw", e.getFormat(), d.format());
            assertTrue(e.getParseError().contains("nesting depth"), e.getParseError());
            assertEquals(deep, e.getMessage());
        }
    }
}
