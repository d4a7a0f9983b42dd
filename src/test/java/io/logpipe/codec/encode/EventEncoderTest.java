package io.logpipe.codec.encode;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.logpipe.codec.DecodeContext;
import io.logpipe.codec.cef.CefDecoder;
import io.logpipe.codec.syslog.SyslogDecoder;
import io.logpipe.event.LogEvent;
import io.logpipe.event.Source;
import java.time.Instant;
import java.time.ZoneId;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** What the forwarding sink writes decodes back to the same event (the upstream sees what logpipe saw). */
class EventEncoderTest {
    static final DecodeContext CTX = new DecodeContext(
            Instant.parse("2026-11-22T10:00:00Z"), new Source("192.0.2.1", 0, "t", null), ZoneId.of("UTC"), false);

    static LogEvent event() {
        LogEvent e = new LogEvent();
        e.setTimestamp(Instant.parse("2026-11-22T09:59:58.123456Z"));
        e.setFacilityCode(10);
        e.setSeverityCode(3);
        e.setHost("web1.example.com");
        e.setApp("sshd");
        e.setProcid("4711");
        e.setMsgid("AUTH");
        e.setMessage("Failed password for root from 10.0.0.9 — \"quoted\" ]");
        Map<String, Map<String, String>> sd = new LinkedHashMap<>();
        sd.put("origin@32473", new LinkedHashMap<>(Map.of("ip", "10.0.0.9", "note", "a \"b\" \\ c ]")));
        e.setStructuredData(sd);
        return e;
    }

    @Test
    void rfc5424RoundTrips() {
        String line = EventEncoder.RFC5424.encode(event());
        LogEvent back = new SyslogDecoder(SyslogDecoder.Mode.AUTO).decodeOne(line, CTX);
        assertEquals("rfc5424", back.getFormat(), back.getParseError() + " in " + line);
        assertEquals(event().getTimestamp(), back.getTimestamp());
        assertEquals(10, back.getFacilityCode());
        assertEquals(3, back.getSeverityCode());
        assertEquals("web1.example.com", back.getHost());
        assertEquals("sshd", back.getApp());
        assertEquals("4711", back.getProcid());
        assertEquals("AUTH", back.getMsgid());
        assertEquals(event().getMessage(), back.getMessage());
        assertEquals(event().getStructuredData(), back.getStructuredData());
    }

    @Test
    void rfc3164RoundTripsToTheSecond() {
        String line = EventEncoder.RFC3164.encode(event());
        assertEquals("<83>Nov 22 09:59:58 web1.example.com sshd[4711]: " + event().getMessage(), line);
        LogEvent back = new SyslogDecoder(SyslogDecoder.Mode.AUTO).decodeOne(line, CTX);
        assertEquals("rfc3164", back.getFormat(), back.getParseError());
        assertEquals("web1.example.com", back.getHost());
        assertEquals("sshd", back.getApp());
        assertEquals(event().getMessage(), back.getMessage());
        LogEvent bare = new LogEvent();
        bare.setMessage("no pri");
        assertEquals(13, EventEncoder.pri(bare), "no PRI goes out as user.notice");
    }

    @Test
    void cefKeepsACefEventAndBuildsOneForOthers() {
        LogEvent cef = new CefDecoder(CefDecoder.Kind.CEF)
                .decodeOne("CEF:0|Ven\\|dor|IDS|2|100|port scan|9|src=10.0.0.1 msg=a \\= b", CTX);
        String out = EventEncoder.CEF.encode(cef);
        assertEquals("CEF:0|Ven\\|dor|IDS|2|100|port scan|9|src=10.0.0.1 msg=a \\= b", out);
        String built = EventEncoder.CEF.encode(event());
        LogEvent back = new CefDecoder(CefDecoder.Kind.CEF).decodeOne(built, CTX);
        assertEquals("cef", back.getFormat(), back.getParseError() + " in " + built);
        assertEquals(event().getMessage(), back.getMessage());
        @SuppressWarnings("unchecked")
        Map<String, String> ext =
                (Map<String, String>) ((Map<String, Object>) back.getFields().get("cef")).get("extensions");
        assertEquals("web1.example.com", ext.get("dvchost"));
        assertEquals("authpriv", ext.get("deviceFacility"));
        assertEquals(event().getMessage(), ext.get("msg"));
        assertEquals("7", ((Map<?, ?>) back.getFields().get("cef")).get("severity"), "err is CEF 7");
    }
}
