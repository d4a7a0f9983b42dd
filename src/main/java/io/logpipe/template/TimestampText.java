package io.logpipe.template;

import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;

/**
 * Formats instants as ISO-8601 UTC (like {@link Instant#toString()}) and BSD "Mmm dd HH:mm:ss"
 * with a per-thread cache of the current second: consecutive log lines share it almost always,
 * and formatting from scratch is a large share of a line's cost.
 */
final class TimestampText {
    private TimestampText() {}

    private static final String[] MONTHS = {
        "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"
    };

    private static final class Cache {
        long second = Long.MIN_VALUE;
        String iso;
        String bsd;
    }

    private static final ThreadLocal<Cache> CACHE = ThreadLocal.withInitial(Cache::new);

    private static Cache at(long second) {
        Cache c = CACHE.get();
        if (c.second != second) {
            LocalDateTime t = LocalDateTime.ofEpochSecond(second, 0, ZoneOffset.UTC);
            c.iso = String.format(
                    "%04d-%02d-%02dT%02d:%02d:%02d",
                    t.getYear(), t.getMonthValue(), t.getDayOfMonth(), t.getHour(), t.getMinute(), t.getSecond());
            c.bsd = String.format(
                    "%s %2d %02d:%02d:%02d",
                    MONTHS[t.getMonthValue() - 1], t.getDayOfMonth(), t.getHour(), t.getMinute(), t.getSecond());
            c.second = second;
        }
        return c;
    }

    static void iso(Instant i, StringBuilder sb) {
        sb.append(at(i.getEpochSecond()).iso);
        int nanos = i.getNano();
        if (nanos != 0) {
            sb.append('.');
            if (nanos % 1_000_000 == 0) pad(sb, nanos / 1_000_000, 3);
            else if (nanos % 1000 == 0) pad(sb, nanos / 1000, 6);
            else pad(sb, nanos, 9);
        }
        sb.append('Z');
    }

    static void bsd(Instant i, StringBuilder sb) {
        sb.append(at(i.getEpochSecond()).bsd);
    }

    private static void pad(StringBuilder sb, int value, int width) {
        String s = Integer.toString(value);
        for (int k = s.length(); k < width; k++) sb.append('0');
        sb.append(s);
    }
}
