package io.logpipe.event;

import java.time.Instant;

/**
 * Appends an instant exactly as {@link Instant#toString()} writes it ({@code 2026-12-04T19:50:01.123Z}:
 * fraction in groups of three digits, none when whole seconds), without the formatter machinery
 * behind it, which JFR showed as a tenth of the JSON encoding of an event. Years 0000-9999 here;
 * others (signed, longer) through {@code toString()}.
 */
public final class IsoInstant {
    private static final long MIN_SECOND = -62167219200L; // 0000-01-01T00:00:00Z
    private static final long MAX_SECOND = 253402300799L; // 9999-12-31T23:59:59Z

    private IsoInstant() {}

    public static StringBuilder append(StringBuilder sb, Instant t) {
        long seconds = t.getEpochSecond();
        if (seconds < MIN_SECOND || seconds > MAX_SECOND) return sb.append(t);
        long days = Math.floorDiv(seconds, 86400);
        int secondOfDay = (int) Math.floorMod(seconds, 86400);
        // civil date from days since the epoch (Howard Hinnant's algorithm)
        long z = days + 719468;
        long era = Math.floorDiv(z, 146097);
        long doe = z - era * 146097;
        long yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
        long doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
        long mp = (5 * doy + 2) / 153;
        int day = (int) (doy - (153 * mp + 2) / 5 + 1);
        int month = (int) (mp < 10 ? mp + 3 : mp - 9);
        long year = yoe + era * 400 + (month <= 2 ? 1 : 0);
        digits(sb, (int) year, 4).append('-');
        digits(sb, month, 2).append('-');
        digits(sb, day, 2).append('T');
        digits(sb, secondOfDay / 3600, 2).append(':');
        digits(sb, secondOfDay / 60 % 60, 2).append(':');
        digits(sb, secondOfDay % 60, 2);
        int nanos = t.getNano();
        if (nanos > 0) {
            sb.append('.');
            if (nanos % 1_000_000 == 0) digits(sb, nanos / 1_000_000, 3);
            else if (nanos % 1000 == 0) digits(sb, nanos / 1000, 6);
            else digits(sb, nanos, 9);
        }
        return sb.append('Z');
    }

    public static String format(Instant t) {
        return append(new StringBuilder(30), t).toString();
    }

    private static final int[] POWERS = {1, 10, 100, 1000, 10_000, 100_000, 1_000_000, 10_000_000, 100_000_000};

    /** {@code value} in exactly {@code width} digits, zero-padded. */
    private static StringBuilder digits(StringBuilder sb, int value, int width) {
        for (int p = width - 1; p >= 0; p--) sb.append((char) ('0' + value / POWERS[p] % 10));
        return sb;
    }
}
