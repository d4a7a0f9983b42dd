package io.logpipe.codec.syslog;

import io.logpipe.codec.ParseException;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.zone.ZoneRules;

/** Hand-rolled timestamp readers for syslog headers: fast, and precise about where they fail. */
final class Timestamps {
    private Timestamps() {}

    static final String[] MONTHS = {"jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"};

    /** Result of a read: the instant and the index just past the timestamp. */
    record Read(Instant instant, int end) {}

    static int digits(String s, int pos, int count, String what) throws ParseException {
        if (pos + count > s.length()) throw new ParseException("truncated " + what, pos);
        int v = 0;
        for (int i = pos; i < pos + count; i++) {
            char c = s.charAt(i);
            if (c < '0' || c > '9') throw new ParseException("expecting digits for " + what, i);
            v = v * 10 + (c - '0');
        }
        return v;
    }

    static void expect(String s, int pos, char c, String what) throws ParseException {
        if (pos >= s.length() || s.charAt(pos) != c) throw new ParseException("expecting '" + c + "' in " + what, pos);
    }

    /**
     * RFC3339 as RFC5424 restricts it: {@code YYYY-MM-DDTHH:MM:SS[.1-maxFrac digits](Z|±HH:MM)}.
     * Without {@code zoneRequired}, a missing offset means {@code defaultZone}.
     */
    static Read rfc3339(String s, int pos, int maxFrac, boolean zoneRequired, ZoneId defaultZone)
            throws ParseException {
        int year = digits(s, pos, 4, "year");
        expect(s, pos + 4, '-', "date");
        int month = digits(s, pos + 5, 2, "month");
        expect(s, pos + 7, '-', "date");
        int day = digits(s, pos + 8, 2, "day");
        expect(s, pos + 10, 'T', "timestamp");
        int hour = digits(s, pos + 11, 2, "hour");
        expect(s, pos + 13, ':', "time");
        int minute = digits(s, pos + 14, 2, "minute");
        expect(s, pos + 16, ':', "time");
        int second = digits(s, pos + 17, 2, "second");
        int i = pos + 19;
        int nanos = 0;
        if (i < s.length() && s.charAt(i) == '.') {
            int start = ++i;
            while (i < s.length() && s.charAt(i) >= '0' && s.charAt(i) <= '9') i++;
            int n = i - start;
            if (n == 0 || n > maxFrac)
                throw new ParseException("expecting 1 to " + maxFrac + " fraction digits", start);
            // precision past nanoseconds (seen from some Java and .NET senders) is dropped, not refused
            nanos = digits(s, start, Math.min(n, 9), "fraction");
            for (int k = n; k < 9; k++) nanos *= 10;
        }
        int offsetSeconds;
        boolean zoned = true;
        if (i < s.length() && s.charAt(i) == 'Z') {
            offsetSeconds = 0;
            i++;
        } else if (i < s.length() && (s.charAt(i) == '+' || s.charAt(i) == '-')) {
            int sign = s.charAt(i) == '-' ? -1 : 1;
            int oh = digits(s, i + 1, 2, "offset hour");
            expect(s, i + 3, ':', "offset");
            int om = digits(s, i + 4, 2, "offset minute");
            if (oh > 23 || om > 59) throw new ParseException("offset out of range", i);
            offsetSeconds = sign * (oh * 3600 + om * 60);
            i += 6;
        } else if (zoneRequired) {
            throw new ParseException("expecting 'Z' or an offset in timestamp", i);
        } else {
            offsetSeconds = 0;
            zoned = false;
        }
        try {
            // offsets up to ±23:59 are legal in RFC3339 but beyond java.time's ±18:00, so apply by hand
            Instant at = zoned
                    ? Instant.ofEpochSecond(
                            utcEpochSecond(year, month, day, hour, minute, second, nanos) - offsetSeconds, nanos)
                    : instant(year, month, day, hour, minute, second, nanos, defaultZone);
            return new Read(at, i);
        } catch (DateTimeException e) {
            throw new ParseException("invalid date or time: " + e.getMessage(), pos);
        }
    }

    /**
     * The instant of a wall-clock time in {@code zone}: by arithmetic in a zone of one fixed offset
     * (the usual default, UTC), by java.time in a zone with rules.
     */
    static Instant instant(int year, int month, int day, int hour, int minute, int second, int nanos, ZoneId zone)
            throws DateTimeException {
        ZoneRules rules = zone.getRules();
        if (!rules.isFixedOffset())
            return LocalDateTime.of(year, month, day, hour, minute, second, nanos)
                    .atZone(zone)
                    .toInstant();
        long utc = utcEpochSecond(year, month, day, hour, minute, second, nanos);
        return Instant.ofEpochSecond(utc - rules.getOffset(Instant.EPOCH).getTotalSeconds(), nanos);
    }

    /** The wall-clock time read as UTC, in epoch seconds; what java.time refuses, it refuses with its message. */
    private static long utcEpochSecond(int year, int month, int day, int hour, int minute, int second, int nanos)
            throws DateTimeException {
        if (CivilTime.valid(year, month, day, hour, minute, second, nanos))
            return CivilTime.epochSecond(year, month, day, hour, minute, second);
        return LocalDateTime.of(year, month, day, hour, minute, second, nanos).toEpochSecond(ZoneOffset.UTC);
    }

    static int month(String s, int pos) {
        if (pos + 3 > s.length()) return -1;
        // ASCII case-insensitive, without a substring per message
        char a = lower(s.charAt(pos)), b = lower(s.charAt(pos + 1)), c = lower(s.charAt(pos + 2));
        for (int i = 0; i < 12; i++) {
            String m = MONTHS[i];
            if (m.charAt(0) == a && m.charAt(1) == b && m.charAt(2) == c) return i + 1;
        }
        return -1;
    }

    private static char lower(char ch) {
        return ch >= 'A' && ch <= 'Z' ? (char) (ch + 32) : ch;
    }

    /** The receipt second last seen, in its zone: most messages arrive in the same second as the one before. */
    private record ReceiptDate(long epochSecond, ZoneId zone, int year, int month) {}

    private static volatile ReceiptDate lastReceipt;

    private static ReceiptDate receiptDate(Instant receivedAt, ZoneId zone) {
        ReceiptDate r = lastReceipt;
        if (r != null
                && r.epochSecond() == receivedAt.getEpochSecond()
                && r.zone().equals(zone)) return r;
        ZonedDateTime z = receivedAt.atZone(zone);
        r = new ReceiptDate(receivedAt.getEpochSecond(), zone, z.getYear(), z.getMonthValue());
        lastReceipt = r;
        return r;
    }

    /**
     * Year for a year-less BSD date: the one that puts it nearest to the time of receipt, so a
     * "Dec 31" line received on Jan 1 lands in the old year and a "Jan 1" received on Dec 31
     * (a sender with a fast clock) in the new one.
     */
    static Instant resolveYear(
            int month, int day, int hour, int minute, int second, int nanos, Instant receivedAt, ZoneId zone)
            throws DateTimeException {
        ReceiptDate receipt = receiptDate(receivedAt, zone);
        int year = receipt.year();
        // within four months of the month of receipt, this year's date is the nearest: no other year to try
        if (Math.abs(month - receipt.month()) <= 4 && !(month == 2 && day == 29))
            return instant(year, month, day, hour, minute, second, nanos, zone);
        ZonedDateTime best = null;
        long bestDistance = Long.MAX_VALUE;
        for (int y = year - 1; y <= year + 1; y++) {
            if (month == 2 && day == 29 && !LocalDate.of(y, 1, 1).isLeapYear()) continue;
            ZonedDateTime candidate = ZonedDateTime.of(y, month, day, hour, minute, second, nanos, zone);
            long distance = Math.abs(candidate.toEpochSecond() - receivedAt.getEpochSecond());
            if (distance < bestDistance) {
                best = candidate;
                bestDistance = distance;
            }
        }
        if (best == null) throw new DateTimeException("Feb 29 in no year near the time of receipt");
        return best.toInstant();
    }
}
