package io.logpipe.codec.syslog;

import io.logpipe.codec.DecodeContext;
import io.logpipe.codec.ParseException;
import io.logpipe.event.LogEvent;
import java.time.DateTimeException;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * BSD syslog as devices really send it (RFC3164 is descriptive, not normative):
 * {@code [<PRI>][counter: [sequence: ]][host: ][*|.]TIMESTAMP[:] [HOSTNAME] [TAG[PID]:] MSG}.
 * Accepts missing PRI (user.notice, RFC3164 4.3.3), Cisco counters and unsynced clocks,
 * ISO/RFC3339 stamps, a year inside the date, and senders that omit the hostname (pfSense,
 * OpenBSD). Like rsyslog, a hostname is only taken when a timestamp was found before it.
 */
public final class Rfc3164Parser {
    private Rfc3164Parser() {}

    private static final int DEFAULT_PRI = 13; // user.notice
    /** rsyslog's limit for a TAG written without ':' (RFC3164 4.1.3 says 32). */
    private static final int MAX_BARE_TAG = 32;

    public static void parse(String s, DecodeContext ctx, LogEvent e) throws ParseException {
        int i;
        if (Pri.present(s)) {
            i = Pri.parse(s, e);
        } else {
            e.setPri(DEFAULT_PRI);
            i = 0;
        }
        i = skipSpaces(s, i);
        i = ciscoCounters(s, i, e);
        String hostBeforeTime = null;
        int afterHost = hostBeforeTimestamp(s, i);
        if (afterHost > 0) {
            hostBeforeTime = s.substring(i, afterHost - 2);
            i = afterHost;
        }
        int afterTime = timestamp(s, i, ctx, e);
        boolean hasTime = afterTime >= 0;
        if (hasTime) {
            i = afterTime;
            if (i < s.length() && s.charAt(i) == ':') i++; // Cisco "...:53: %SYS-5-..."
            i = skipSpaces(s, i);
        } else {
            e.setTimestamp(ctx.receivedAt());
        }
        String host = hostBeforeTime;
        if (host == null && hasTime && i < s.length()) {
            int end = tokenEnd(s, i);
            if (!looksLikeTag(s, i, end)) {
                host = s.substring(i, end);
                i = skipSpaces(s, end);
            }
        }
        e.setHost(
                host != null ? host : ctx.source() == null ? null : ctx.source().ip());
        // like rsyslog: once a header (timestamp, host) was seen, the next word is the TAG even without ':'
        i = tag(s, i, e, host != null);
        e.setMessage(s.substring(Math.min(i, s.length())));
    }

    private static int skipSpaces(String s, int i) {
        while (i < s.length() && s.charAt(i) == ' ') i++;
        return i;
    }

    private static int tokenEnd(String s, int i) {
        while (i < s.length() && s.charAt(i) != ' ') i++;
        return i;
    }

    /** Cisco IOS "{@code 643: }" message counter and "{@code 000104: }" sequence number, kept in fields. */
    private static int ciscoCounters(String s, int i, LogEvent e) {
        String[] names = {"message_counter", "sequence"};
        for (String name : names) {
            int j = i;
            while (j < s.length() && Character.isDigit(s.charAt(j))) j++;
            if (j >= s.length() - 1 || s.charAt(j) != ':' || s.charAt(j + 1) != ' ') return i;
            if (j == i && !name.equals("message_counter")) return i;
            if (j > i) {
                Map<String, Object> fields = e.getFields();
                if (fields == null) e.setFields(fields = new LinkedHashMap<>());
                Map<String, Object> cisco = fieldsCisco(fields);
                cisco.put(name, Long.parseLong(s.substring(i, Math.min(j, i + 18))));
            }
            i = skipSpaces(s, j + 1);
        }
        return i;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> fieldsCisco(Map<String, Object> fields) {
        return (Map<String, Object>) fields.computeIfAbsent("cisco", k -> new LinkedHashMap<String, Object>());
    }

    /** Cisco "{@code origin-id hostname}": "{@code myhost: Apr 11 10:02:08: }". Returns index after "host: ", or -1. */
    private static int hostBeforeTimestamp(String s, int i) {
        int end = tokenEnd(s, i);
        if (end <= i + 1 || s.charAt(end - 1) != ':' || end + 1 >= s.length()) return -1;
        int t = end + 1;
        if (s.charAt(t) == '*' || s.charAt(t) == '.') t++;
        return Timestamps.month(s, t) > 0 && Character.isLetter(s.charAt(i)) ? end + 1 : -1;
    }

    /** Reads a BSD or ISO timestamp at i into the event; returns the index after it, or -1 if there is none. */
    private static int timestamp(String s, int i, DecodeContext ctx, LogEvent e) throws ParseException {
        if (i < s.length() && (s.charAt(i) == '*' || s.charAt(i) == '.')) {
            if (Timestamps.month(s, i + 1) > 0) i++;
        }
        if (i + 4 < s.length() && Character.isDigit(s.charAt(i)) && s.charAt(i + 4) == '-') {
            Timestamps.Read ts = Timestamps.rfc3339(s, i, Rfc5424Parser.MAX_FRACTION_DIGITS, false, ctx.defaultZone());
            e.setTimestamp(ts.instant());
            return ts.end();
        }
        int month = Timestamps.month(s, i);
        if (month < 0 || i + 3 >= s.length() || s.charAt(i + 3) != ' ') return -1;
        int j = skipSpaces(s, i + 3);
        int dayStart = j;
        while (j < s.length() && Character.isDigit(s.charAt(j)) && j - dayStart < 2) j++;
        if (j == dayStart) return -1;
        int day = Integer.parseInt(s, dayStart, j, 10);
        if (j >= s.length() || s.charAt(j) != ' ') return -1;
        j++;
        int year = -1;
        if (j + 4 < s.length() && s.charAt(j + 4) == ' ' && allDigits(s, j, j + 4)) { // "Mar 7 2008 19:06:53"
            year = Integer.parseInt(s, j, j + 4, 10);
            j += 5;
        }
        if (j + 8 > s.length() || s.charAt(j + 2) != ':' || s.charAt(j + 5) != ':') return -1;
        int hour = Timestamps.digits(s, j, 2, "hour");
        int minute = Timestamps.digits(s, j + 3, 2, "minute");
        int second = Timestamps.digits(s, j + 6, 2, "second");
        j += 8;
        int nanos = 0;
        if (j < s.length() && s.charAt(j) == '.') {
            int start = ++j;
            while (j < s.length() && Character.isDigit(s.charAt(j)) && j - start < 9) j++;
            if (j == start) throw new ParseException("expecting fraction digits", start);
            nanos = Integer.parseInt(s, start, j, 10);
            for (int k = j - start; k < 9; k++) nanos *= 10;
        }
        ZoneId zone = ctx.defaultZone();
        int tzEnd = zoneAbbreviation(s, j);
        if (tzEnd > 0) {
            String tz = s.substring(j + 1, tzEnd);
            if (tz.equals("UTC") || tz.equals("GMT")) zone = ZoneOffset.UTC;
            j = tzEnd;
        }
        try {
            e.setTimestamp(
                    year > 0
                            ? Timestamps.instant(year, month, day, hour, minute, second, nanos, zone)
                            : Timestamps.resolveYear(month, day, hour, minute, second, nanos, ctx.receivedAt(), zone));
        } catch (DateTimeException ex) {
            throw new ParseException("invalid date or time: " + ex.getMessage(), i);
        }
        return j;
    }

    /** Cisco's " UTC:" after the clock: index past the abbreviation, or -1. */
    private static int zoneAbbreviation(String s, int j) {
        if (j >= s.length() || s.charAt(j) != ' ') return -1;
        int k = j + 1;
        while (k < s.length() && Character.isUpperCase(s.charAt(k)) && k - j <= 5) k++;
        return k - j >= 4 && k < s.length() && s.charAt(k) == ':' ? k : -1;
    }

    private static boolean allDigits(String s, int from, int to) {
        for (int k = from; k < to; k++) if (!Character.isDigit(s.charAt(k))) return false;
        return true;
    }

    /** A TAG ends in ':' or carries a "[pid]": "{@code sshd[42]:}", "{@code postfix/smtpd[1]:}", "{@code %SYS-5-CONFIG_I:}". */
    private static boolean looksLikeTag(String s, int start, int end) {
        if (end == start) return false;
        if (s.charAt(end - 1) == ':') return true;
        int bracket = s.indexOf('[', start);
        return bracket > start && bracket < end && s.charAt(end - 1) == ']';
    }

    /** Reads "{@code app[procid]: }" into the event; returns the index where MSG starts. */
    private static int tag(String s, int i, LogEvent e, boolean afterHeader) {
        int end = tokenEnd(s, i);
        if (!looksLikeTag(s, i, end)) {
            if (!afterHeader || end == i || end - i > MAX_BARE_TAG) return i;
            e.setApp(s.substring(i, end));
            return end < s.length() ? end + 1 : end;
        }
        int j = i;
        while (j < end && s.charAt(j) != '[' && s.charAt(j) != ':') j++;
        // a colon inside the first word that is not its last character is not a tag end (IPv6, "a:b:c")
        if (j < end && s.charAt(j) == ':' && j != end - 1) {
            j = end - 1;
            if (s.charAt(j) != ':') return i;
        }
        if (j == i) return i;
        e.setApp(s.substring(i, j));
        if (j < end && s.charAt(j) == '[') {
            int close = s.indexOf(']', j);
            if (close > j && close < end) {
                e.setProcid(s.substring(j + 1, close));
                j = close + 1;
            }
        }
        if (j < s.length() && s.charAt(j) == ':') j++;
        if (j < s.length() && s.charAt(j) == ' ') j++;
        return j;
    }
}
