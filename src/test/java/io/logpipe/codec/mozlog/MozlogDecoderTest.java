package io.logpipe.codec.mozlog;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.logpipe.codec.AutoDecoder;
import io.logpipe.codec.DecodeContext;
import io.logpipe.event.LogEvent;
import io.logpipe.event.Source;
import java.math.BigInteger;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class MozlogDecoderTest {
    static final DecodeContext CTX = new DecodeContext(
            Instant.parse("2026-11-22T10:00:00Z"), new Source("192.0.2.1", 0, "t", null), ZoneId.of("UTC"), false);

    @Test
    void contractMappingWithNanosecondsBeyondDoublePrecision() {
        // 1530719386349480123 ns is not representable as a double: the last digits must survive
        LogEvent e = new AutoDecoder()
                .decodeOne(
                        "{\"EnvVersion\":2,\"Severity\":3,\"Fields\":{\"msg\":\"boom\",\"n\":3600},\"Hostname\":\"web1\","
                                + "\"Pid\":\"62312\",\"Logger\":\"fxa-auth\",\"Type\":\"request.summary\",\"Timestamp\":1530719386349480123}",
                        CTX);
        assertEquals("mozlog", e.getFormat(), e.getParseError());
        assertEquals(Instant.ofEpochSecond(1530719386L, 349480123), e.getTimestamp());
        assertEquals("web1", e.getHost());
        assertEquals("fxa-auth", e.getApp());
        assertEquals("62312", e.getProcid());
        assertEquals(3, e.getSeverityCode());
        assertEquals("boom", e.getMessage());
        @SuppressWarnings("unchecked")
        Map<String, Object> moz = (Map<String, Object>) e.getFields().get("mozlog");
        assertEquals("request.summary", moz.get("type"));
        assertEquals("2", moz.get("env_version"));
        assertEquals(Map.of("msg", "boom", "n", BigInteger.valueOf(3600)), moz.get("fields"));
    }

    @Test
    void missingSeverityStringEnvVersionNumericPidAndTypeAsMessage() {
        LogEvent e = new MozlogDecoder()
                .decodeOne(
                        "{\"EnvVersion\":\"2.0\",\"Pid\":7,\"Logger\":\"amo\",\"Type\":\"app.log\",\"Timestamp\":\"1612950421902131000\"}",
                        CTX);
        assertEquals(-1, e.getSeverityCode());
        assertEquals("7", e.getProcid());
        assertEquals("app.log", e.getMessage());
        assertEquals("192.0.2.1", e.getHost(), "no Hostname: the sender");
        assertEquals(Instant.ofEpochSecond(1612950421L, 902131000), e.getTimestamp());
    }

    @Test
    void aTimestampBeyondAnyDateFallsBackToReceipt() {
        for (String ts : new String[] {
            "1000000000000000000000000000000", "-99999999999999999999999999999", "\"123456789012345678901234567890\""
        }) {
            LogEvent e =
                    new MozlogDecoder().decodeOne("{\"EnvVersion\":2,\"Type\":\"t\",\"Timestamp\":" + ts + "}", CTX);
            assertEquals("mozlog", e.getFormat(), ts);
            assertEquals(CTX.receivedAt(), e.getTimestamp(), ts);
        }
    }

    @Test
    void badJsonIsRawWithLineAndColumnAndNdjsonGivesOneEventPerLine() {
        LogEvent bad = new MozlogDecoder().decodeOne("{\"EnvVersion\":2,\"Type\":", CTX);
        assertEquals("raw", bad.getFormat());
        assertTrue(bad.getParseError().startsWith("mozlog: invalid JSON at line 1 column"), bad.getParseError());
        List<LogEvent> events = new MozlogDecoder()
                .decode("{\"EnvVersion\":2,\"Type\":\"a\"}\n\n{\"EnvVersion\":2,\"Type\":\"b\"}\nnot json\n", CTX);
        assertEquals(
                List.of("a", "b", "not json"),
                events.stream().map(LogEvent::getMessage).toList());
        assertEquals("raw", events.get(2).getFormat());
    }
}
