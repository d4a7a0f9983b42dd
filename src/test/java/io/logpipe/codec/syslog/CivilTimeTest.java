package io.logpipe.codec.syslog;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.DateTimeException;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class CivilTimeTest {
    /** What java.time says: the epoch second, or null where it refuses the date or time. */
    private static Long javaTime(int y, int mo, int d, int h, int mi, int s) {
        try {
            return LocalDateTime.of(y, mo, d, h, mi, s).toEpochSecond(ZoneOffset.UTC);
        } catch (DateTimeException e) {
            return null;
        }
    }

    private static void agrees(int y, int mo, int d, int h, int mi, int s) {
        Long expected = javaTime(y, mo, d, h, mi, s);
        boolean valid = CivilTime.valid(y, mo, d, h, mi, s, 0);
        String what = y + "-" + mo + "-" + d + " " + h + ":" + mi + ":" + s;
        assertEquals(expected != null, valid, what);
        if (valid) assertEquals(expected, CivilTime.epochSecond(y, mo, d, h, mi, s), what);
    }

    @Test
    void agreesWithJavaTimeOnEveryDayOfLeapAndCommonYearsAroundTheEdges() {
        for (int y : new int[] {1, 4, 100, 400, 1600, 1900, 1969, 1970, 1999, 2000, 2024, 2025, 2100, 9999}) {
            for (int mo = 1; mo <= 12; mo++) {
                for (int d = 0; d <= 32; d++) agrees(y, mo, d, 23, 59, 59);
            }
        }
    }

    @Test
    void agreesWithJavaTimeOnRandomTimesIncludingOutOfRangeFields() {
        SplittableRandom random = new SplittableRandom(42);
        for (int i = 0; i < 200_000; i++) {
            agrees(
                    random.nextInt(1, 10_000),
                    random.nextInt(0, 14),
                    random.nextInt(0, 33),
                    random.nextInt(0, 25),
                    random.nextInt(0, 61),
                    random.nextInt(0, 61));
        }
    }
}
