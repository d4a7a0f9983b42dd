package io.logpipe.codec.syslog;

/**
 * Seconds since the epoch of a calendar date and time read as UTC, by arithmetic (the proleptic
 * Gregorian calendar, as java.time counts). Building a LocalDateTime to ask it the same was 5% of
 * an RFC5424 listener's thread by JFR; callers use java.time for what {@link #valid} refuses, so
 * its error messages stay.
 */
final class CivilTime {
    private CivilTime() {}

    private static final long DAYS_0000_TO_1970 = 719_528;

    static boolean valid(int year, int month, int day, int hour, int minute, int second, int nanos) {
        return year >= 1
                && year <= 9999
                && month >= 1
                && month <= 12
                && day >= 1
                && day <= monthLength(year, month)
                && hour >= 0
                && hour <= 23
                && minute >= 0
                && minute <= 59
                && second >= 0
                && second <= 59
                && nanos >= 0
                && nanos <= 999_999_999;
    }

    /** For a date and time that {@link #valid} accepts. */
    static long epochSecond(int year, int month, int day, int hour, int minute, int second) {
        return epochDay(year, month, day) * 86_400 + hour * 3600L + minute * 60L + second;
    }

    private static long epochDay(int year, int month, int day) {
        long y = year;
        long total = 365 * y + (y + 3) / 4 - (y + 99) / 100 + (y + 399) / 400;
        total += (367L * month - 362) / 12;
        total += day - 1;
        if (month > 2) total -= isLeap(year) ? 1 : 2;
        return total - DAYS_0000_TO_1970;
    }

    private static boolean isLeap(int year) {
        return (year & 3) == 0 && (year % 100 != 0 || year % 400 == 0);
    }

    private static int monthLength(int year, int month) {
        return switch (month) {
            case 2 -> isLeap(year) ? 29 : 28;
            case 4, 6, 9, 11 -> 30;
            default -> 31;
        };
    }
}
