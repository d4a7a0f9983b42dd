package io.logpipe.codec.syslog;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.logpipe.codec.DecodeContext;
import io.logpipe.event.LogEvent;
import io.logpipe.event.Source;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class SyslogDecoderTest {
    static final Source SENDER = new Source("192.0.2.7", 40000, "test", null);
    static final Instant NOW = Instant.parse("2026-03-01T08:00:00Z");
    final SyslogDecoder auto = new SyslogDecoder(SyslogDecoder.Mode.AUTO);

    LogEvent decode(String s) {
        return auto.decodeOne(s, new DecodeContext(NOW, SENDER, ZoneId.of("UTC"), false));
    }

    LogEvent decodeAt(String s, Instant now) {
        return auto.decodeOne(s, new DecodeContext(now, SENDER, ZoneId.of("UTC"), false));
    }

    /** input | format | facility | severity | host | app | procid | message | timestamp */
    @ParameterizedTest(name = "{0}")
    @CsvSource(
            delimiter = '|',
            nullValues = "~",
            value = {
                // plain BSD with pid, postfix-style slash tag
                "<22>Mar  1 07:59:58 mx1 postfix/smtpd[123]: connect from x | rfc3164 | mail | info | mx1 | postfix/smtpd | 123 | connect from x | 2026-03-01T07:59:58Z",
                // pfSense / OpenBSD: no hostname -> sender's address
                "<134>Mar  1 07:59:58 filterlog[4242]: 5,,,1000000103,igb0,match,block,in,4 | rfc3164 | local0 | info | 192.0.2.7 | filterlog | 4242 | 5,,,1000000103,igb0,match,block,in,4 | 2026-03-01T07:59:58Z",
                // no PRI at all: user.notice (RFC3164 4.3.3)
                "Mar  1 07:00:00 web1 nginx: GET / | rfc3164 | user | notice | web1 | nginx | ~ | GET / | 2026-03-01T07:00:00Z",
                // ISO timestamp in a BSD header (rsyslog's RSYSLOG_ForwardFormat)
                "<30>2026-02-28T23:59:59.250+01:00 db1 postgres[77]: checkpoint | rfc3164 | daemon | info | db1 | postgres | 77 | checkpoint | 2026-02-28T22:59:59.250Z",
                // Cisco: message counter, unsynced clock marker, milliseconds, no hostname
                "<189>643: *Feb 28 19:46:03.295: %LINEPROTO-5-UPDOWN: Line protocol changed | rfc3164 | local7 | notice | 192.0.2.7 | %LINEPROTO-5-UPDOWN | ~ | Line protocol changed | 2026-02-28T19:46:03.295Z",
                // Cisco with origin hostname before the clock
                "<189>269614: core-sw1: Feb 28 10:02:08: %SYS-5-CONFIG_I: Configured | rfc3164 | local7 | notice | core-sw1 | %SYS-5-CONFIG_I | ~ | Configured | 2026-02-28T10:02:08Z",
                // UTF-8 kept
                "<13>Mar  1 07:00:00 host app: grüße 日本 | rfc3164 | user | notice | host | app | ~ | grüße 日本 | 2026-03-01T07:00:00Z",
                // RFC5424 with NILVALUEs and an offset converted to UTC
                "<165>1 2003-08-24T05:14:15.000003-07:00 192.0.2.1 myproc 8710 - - %% Its time | rfc5424 | local4 | notice | 192.0.2.1 | myproc | 8710 | %% Its time | 2003-08-24T12:14:15.000003Z",
                // RFC5424 all NIL: host falls back to the sender, time to receipt
                "<14>1 - - - - - - | rfc5424 | user | info | 192.0.2.7 | ~ | ~ | ~ | 2026-03-01T08:00:00Z",
            })
    void decodesDialects(
            String input,
            String format,
            String facility,
            String severity,
            String host,
            String app,
            String procid,
            String message,
            String ts) {
        LogEvent e = decode(input);
        assertNull(e.getParseError(), () -> "unexpected parse error " + e.getParseError());
        assertEquals(format, e.getFormat());
        assertEquals(facility, e.getFacility());
        assertEquals(severity, e.getSeverity());
        assertEquals(host, e.getHost());
        assertEquals(app, e.getApp());
        assertEquals(procid, e.getProcid());
        assertEquals(message, e.getMessage());
        assertEquals(Instant.parse(ts), e.getTimestamp());
    }

    @Test
    void rfc5424StructuredDataEscapesAndBom() {
        LogEvent e = decode(
                "<34>1 2003-10-11T22:14:15.003Z mymachine su - ID47 [exampleSDID@32473 iut=\"3\" eventSource=\"App\\]li\\\"ca\\\\tion\" x=\"a\\b\"][meta seq=\"1\"] \uFEFFsu failed\r\n");
        assertEquals("rfc5424", e.getFormat());
        assertEquals("ID47", e.getMsgid());
        assertEquals(
                Map.of("iut", "3", "eventSource", "App]li\"ca\\tion", "x", "a\\b"),
                e.getStructuredData().get("exampleSDID@32473"));
        assertEquals(Map.of("seq", "1"), e.getStructuredData().get("meta"));
        assertEquals("su failed", e.getMessage(), "BOM and trailing CRLF removed");
    }

    @Test
    void multiLineMessageStaysOneEvent() {
        LogEvent e = decode("<13>1 2026-03-01T07:00:00Z h app - - - line one\nline two\n  at Foo.bar()");
        assertEquals("line one\nline two\n  at Foo.bar()", e.getMessage());
    }

    @Test
    void yearlessDatesResolveAcrossNewYear() {
        Instant newYearsDay = Instant.parse("2027-01-01T00:00:30Z");
        assertEquals(
                Instant.parse("2026-12-31T23:59:50Z"),
                decodeAt("<13>Dec 31 23:59:50 h a: late", newYearsDay).getTimestamp());
        Instant newYearsEve = Instant.parse("2026-12-31T23:59:50Z");
        assertEquals(
                Instant.parse("2027-01-01T00:00:05Z"),
                decodeAt("<13>Jan  1 00:00:05 h a: fast clock", newYearsEve).getTimestamp());
    }

    /** Every month name in any case, each received in every month of a year: the nearest year each time, as the full search gives it. */
    @Test
    void yearlessDatesTakeTheNearestYearFromAnyMonth() {
        String[] names = {"Jan", "FEB", "mar", "Apr", "MAY", "jun", "Jul", "AUG", "sep", "Oct", "NOV", "dec"};
        for (int received = 1; received <= 12; received++) {
            Instant at = LocalDateTime.of(2026, received, 15, 12, 0).toInstant(ZoneOffset.UTC);
            for (int m = 1; m <= 12; m++) {
                int year = m - received > 6 ? 2025 : received - m > 6 ? 2027 : 2026;
                if (m - received == 6 || received - m == 6)
                    continue; // half a year either way: both years about as near
                Instant expected = LocalDateTime.of(year, m, 10, 8, 30).toInstant(ZoneOffset.UTC);
                assertEquals(
                        expected,
                        decodeAt("<13>" + names[m - 1] + " 10 08:30:00 h a: x", at)
                                .getTimestamp(),
                        names[m - 1] + " received " + at);
            }
        }
        assertEquals(
                Instant.parse("2028-02-29T08:30:00Z"),
                decodeAt("<13>Feb 29 08:30:00 h a: leap", Instant.parse("2027-12-20T00:00:00Z"))
                        .getTimestamp());
    }

    /** input | expected parse_error fragment */
    @ParameterizedTest(name = "{0}")
    @CsvSource(
            delimiter = '|',
            value = {
                "<192>Mar  1 07:00:00 h a: pri too big | out of range",
                "<abc>Mar  1 07:00:00 h a: letters | priority",
                "<34>1 2026-13-01T00:00:00Z h a - - - bad month | invalid date",
                "<34>1 2026-03-01T00:00:00Z h a - - [unterminated x=\"1\" | SD-ELEMENT",
                "<34>1 2026-03-01 00:00:00 h a - - - no T | expecting 'T'",
                "<13>Feb 30 07:00:00 h a: no such day | invalid date",
            })
    void badInputBecomesRawWithTheWholeText(String input, String why) {
        LogEvent e = decode(input);
        assertEquals("raw", e.getFormat());
        assertNotNull(e.getParseError());
        assertTrue(e.getParseError().contains(why), e.getParseError());
        assertEquals(input, e.getMessage());
        assertEquals(NOW, e.getTimestamp());
        assertEquals("192.0.2.7", e.getHost());
    }

    @Test
    void neverThrowsOnGarbage() {
        Random r = new Random(42);
        String alphabet = "<>0123456789 -:[]=\"\\TZ.+abcJanFeb\n\uFEFF";
        for (int i = 0; i < 20000; i++) {
            StringBuilder sb = new StringBuilder("<");
            int n = r.nextInt(60);
            for (int k = 0; k < n; k++) sb.append(alphabet.charAt(r.nextInt(alphabet.length())));
            LogEvent e = decode(sb.toString());
            assertNotNull(e.getFormat());
            if ("raw".equals(e.getFormat())) assertNotNull(e.getParseError());
        }
    }
}
