package io.logpipe.event;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Instant;
import java.util.Random;
import org.junit.jupiter.api.Test;

class IsoInstantTest {
    @Test
    void writesWhatInstantToStringWrites() {
        Random r = new Random(5);
        for (int i = 0; i < 200_000; i++) {
            long seconds = switch (i % 4) {
                case 0 -> r.nextLong(-62167219200L, 253402300800L); // any second of the years 0000-9999
                case 1 -> 1_700_000_000L + r.nextInt(200_000_000);
                case 2 -> r.nextLong(-100_000_000_000L, 400_000_000_000L); // beyond: signed and long years
                default -> 86400L * r.nextInt(4_000_000) - 62167219200L; // midnights, leap days among them
            };
            int nanos = switch (i % 5) {
                case 0 -> 0;
                case 1 -> r.nextInt(1000) * 1_000_000;
                case 2 -> r.nextInt(1_000_000) * 1000;
                default -> r.nextInt(1_000_000_000);
            };
            Instant t = Instant.ofEpochSecond(seconds, nanos);
            assertEquals(t.toString(), IsoInstant.format(t));
        }
        for (String s : new String[] {
            "0000-01-01T00:00:00Z",
            "9999-12-31T23:59:59.999999999Z",
            "1970-01-01T00:00:00Z",
            "2024-02-29T12:00:00.100Z",
            "1969-12-31T23:59:59.000000001Z",
            "2000-03-01T00:00:00.000123Z"
        }) {
            assertEquals(s, IsoInstant.format(Instant.parse(s)));
        }
    }
}
