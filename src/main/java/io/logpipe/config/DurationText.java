package io.logpipe.config;

import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Durations as users write them: {@code 30s}, {@code 5m}, {@code 1h}, {@code 1d}. */
public final class DurationText {
    private static final Pattern DURATION = Pattern.compile("(\\d{1,9})([smhd])");

    private DurationText() {}

    public static Duration parse(String name, String text) {
        Matcher m = DURATION.matcher(text == null ? "" : text.strip());
        if (!m.matches() || Long.parseLong(m.group(1)) == 0) {
            throw new IllegalArgumentException(name + ": cannot read '" + text
                    + "' as a duration; use a positive number and a unit s, m, h or d (5m, 1h)");
        }
        return amount(Long.parseLong(m.group(1)), m.group(2));
    }

    /** {@code n} of a unit s, m, h or d. */
    public static Duration amount(long n, String unit) {
        return switch (unit) {
            case "s" -> Duration.ofSeconds(n);
            case "m" -> Duration.ofMinutes(n);
            case "h" -> Duration.ofHours(n);
            default -> Duration.ofDays(n);
        };
    }
}
