package io.logpipe.codec.cef;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.logpipe.codec.AutoDecoder;
import io.logpipe.codec.DecodeContext;
import io.logpipe.event.LogEvent;
import io.logpipe.event.Source;
import java.time.Instant;
import java.time.ZoneId;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class CefDecoderTest {
    static final DecodeContext CTX = new DecodeContext(
            Instant.parse("2026-11-22T10:00:00Z"), new Source("192.0.2.1", 514, "t", null), ZoneId.of("UTC"), false);

    @SuppressWarnings("unchecked")
    static Map<String, Object> cef(LogEvent e) {
        return (Map<String, Object>) e.getFields().get("cef");
    }

    @SuppressWarnings("unchecked")
    static Map<String, String> ext(LogEvent e) {
        return (Map<String, String>) cef(e).get("extensions");
    }

    @Test
    void headerAndExtensionEscapes() {
        LogEvent e = new CefDecoder(CefDecoder.Kind.CEF)
                .decodeOne(
                        "CEF:0|Ven\\|dor|Pro\\\\duct|1.0|4711|Login failed|Very-High|src=10.0.0.1 msg=a \\= b\\nnext\\\\line suser=bob smith cs1=x=y",
                        CTX);
        assertEquals("cef", e.getFormat(), e.getParseError());
        assertEquals("Ven|dor", cef(e).get("device_vendor"));
        assertEquals("Pro\\duct", cef(e).get("device_product"));
        assertEquals("Pro\\duct", e.getApp());
        assertEquals("4711", e.getMsgid());
        assertEquals("Login failed", e.getMessage());
        assertEquals(2, e.getSeverityCode(), "Very-High is crit");
        assertEquals(Map.of("src", "10.0.0.1", "msg", "a = b\nnext\\line", "suser", "bob smith", "cs1", "x=y"), ext(e));
        assertEquals("192.0.2.1", e.getHost(), "bare CEF: the sender is the host");
    }

    @ParameterizedTest
    @CsvSource({
        "0,5",
        "3,5",
        "Low,5",
        "4,4",
        "Medium,4",
        "6,4",
        "7,3",
        "High,3",
        "8,3",
        "9,2",
        "10,2",
        "very-high,2",
        "11,-1",
        "Unknown,-1"
    })
    void severityMapsToSyslog(String cef, int syslog) {
        assertEquals(syslog, CefParser.syslogSeverity(cef));
    }

    @Test
    void afterASyslogHeaderTheHeaderKeepsFacilitySeverityAndHost() {
        String line = "<134>Nov 22 10:00:00 fw01 CEF:0|Security|IDS|2.1|100|port scan|10|src=198.51.100.7 dpt=22";
        for (LogEvent e : new LogEvent[] {
            new CefDecoder(CefDecoder.Kind.CEF).decodeOne(line, CTX), new AutoDecoder().decodeOne(line, CTX)
        }) {
            assertEquals("cef", e.getFormat(), e.getParseError());
            assertEquals(16, e.getFacilityCode());
            assertEquals(6, e.getSeverityCode(), "the header's info, not CEF's 10");
            assertEquals("fw01", e.getHost());
            assertEquals("IDS", e.getApp());
            assertEquals("port scan", e.getMessage());
            assertEquals("22", ext(e).get("dpt"));
        }
        LogEvent rfc5424 = new AutoDecoder()
                .decodeOne(
                        "<13>1 2026-11-22T10:00:00Z sensor metaflows - - - CEF:1|MetaFlows|Sensor|3|77|alert|Low|act=blocked",
                        CTX);
        assertEquals("cef", rfc5424.getFormat(), rfc5424.getParseError());
        assertEquals("sensor", rfc5424.getHost());
        assertEquals("1", cef(rfc5424).get("version"));
    }

    @Test
    void brokenCefIsARawEventWithTheReason() {
        LogEvent e = new CefDecoder(CefDecoder.Kind.CEF).decodeOne("CEF:0|only|three", CTX);
        assertEquals("raw", e.getFormat());
        assertTrue(e.getParseError().startsWith("cef: header has 3 of 8 fields"), e.getParseError());
        assertEquals("CEF:0|only|three", e.getMessage());
        LogEvent keyless = new CefDecoder(CefDecoder.Kind.CEF).decodeOne("CEF:0|V|P|1|2|n|3|just words here", CTX);
        assertTrue(keyless.getParseError().contains("no key=value"), keyless.getParseError());
        LogEvent afterHeader = new AutoDecoder().decodeOne("<11>Nov 22 10:00:00 fw01 CEF:x|V|P|1|2|n|3|a=b", CTX);
        assertEquals("raw", afterHeader.getFormat());
        assertEquals("fw01", afterHeader.getHost(), "the header is kept when only the payload failed");
        assertEquals(3, afterHeader.getSeverityCode());
    }

    @Test
    void leefOneAndTwoWithCustomDelimiter() {
        LogEvent one = new AutoDecoder()
                .decodeOne(
                        "LEEF:1.0|Microsoft|MSExchange|4.0 SP1|15345|src=192.0.2.0\tdst=172.50.123.1\tsev=5\tusrName=joe",
                        CTX);
        assertEquals("leef", one.getFormat(), one.getParseError());
        assertEquals("MSExchange", one.getApp());
        assertEquals("15345", one.getMsgid());
        assertEquals(4, one.getSeverityCode(), "sev 5 is warning");
        @SuppressWarnings("unchecked")
        Map<String, Object> leef = (Map<String, Object>) one.getFields().get("leef");
        assertEquals(
                Map.of("src", "192.0.2.0", "dst", "172.50.123.1", "sev", "5", "usrName", "joe"),
                leef.get("attributes"));
        for (String delim : new String[] {"^", "x5E", "0x5e"}) {
            LogEvent two = new AutoDecoder()
                    .decodeOne(
                            "<13>Nov 22 10:00:00 qradar LEEF:2.0|Lancope|StealthWatch|1.0|41|" + delim
                                    + "|src=10.0.1.8^dst=10.0.0.5^url=http://x/?a=b",
                            CTX);
            assertEquals("leef", two.getFormat(), two.getParseError());
            @SuppressWarnings("unchecked")
            Map<String, Object> l2 = (Map<String, Object>) two.getFields().get("leef");
            assertEquals(
                    Map.of("src", "10.0.1.8", "dst", "10.0.0.5", "url", "http://x/?a=b"), l2.get("attributes"), delim);
            assertEquals("qradar", two.getHost());
        }
        LogEvent bad = new AutoDecoder().decodeOne("LEEF:2.0|V|P|1|2|toolong|a=b", CTX);
        assertEquals("raw", bad.getFormat());
        assertNotNull(bad.getParseError());
    }

    @Test
    void randomInputNeverThrows() {
        Random r = new Random(7);
        String alphabet = "CEF:LEF|\\=\n\r a0<>{}\"";
        CefDecoder cef = new CefDecoder(CefDecoder.Kind.CEF);
        AutoDecoder auto = new AutoDecoder();
        for (int i = 0; i < 20_000; i++) {
            StringBuilder sb = new StringBuilder(i % 2 == 0 ? "CEF:0|" : "LEEF:2.0|");
            int n = r.nextInt(60);
            for (int j = 0; j < n; j++) sb.append(alphabet.charAt(r.nextInt(alphabet.length())));
            LogEvent a = cef.decodeOne(sb.toString(), CTX);
            LogEvent b = auto.decodeOne(sb.toString(), CTX);
            assertNotNull(a.getFormat());
            assertNotNull(b.getFormat());
            if ("raw".equals(b.getFormat())) assertNotNull(b.getParseError());
            else assertNull(b.getParseError());
        }
    }
}
