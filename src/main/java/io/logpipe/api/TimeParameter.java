package io.logpipe.api;

import io.logpipe.config.DurationText;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Times in query parameters: ISO-8601 with an offset ({@code 2026-03-01T08:00:00Z}), a date or
 * date-time without one (taken as UTC), {@code now}, or a time relative to now ({@code -15m},
 * {@code -2h}, {@code -7d}; units s, m, h, d).
 */
final class TimeParameter {
    private static final Pattern RELATIVE = Pattern.compile("(?:now)?-(\\d{1,9})([smhd])");

    private TimeParameter() {}

    static Instant parse(String name, String text, Instant now) {
        String t = text.strip();
        if (t.equals("now")) return now;
        Matcher m = RELATIVE.matcher(t);
        if (m.matches()) return now.minus(DurationText.amount(Long.parseLong(m.group(1)), m.group(2)));
        try {
            return OffsetDateTime.parse(t).toInstant();
        } catch (DateTimeParseException ignored) {
            // try the forms without an offset
        }
        try {
            return LocalDateTime.parse(t).toInstant(ZoneOffset.UTC);
        } catch (DateTimeParseException ignored) {
            // try a date
        }
        try {
            return LocalDate.parse(t).atStartOfDay(ZoneOffset.UTC).toInstant();
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException(
                    name + ": cannot read '" + text
                            + "' as a time; use ISO-8601 (2026-03-01T08:00:00Z), a date (2026-03-01), now, or a relative time (-15m, -2h, -7d)");
        }
    }

    /** Durations like {@code 30s}, {@code 5m}, {@code 1h}, {@code 1d}. */
    static Duration duration(String name, String text) {
        return DurationText.parse(name, text);
    }
}
