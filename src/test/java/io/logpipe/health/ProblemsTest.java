package io.logpipe.health;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import org.junit.jupiter.api.Test;

/** A flapping component warns once per quiet time; a lasting problem is warned about again. */
class ProblemsTest {
    @Test
    void aFlappingComponentWarnsOncePerQuietTimeAndALastingProblemAgain() {
        String c = "files /flapping-" + System.nanoTime();
        Instant t0 = Instant.parse("2030-01-01T00:00:00Z");
        Problems.report(c, "No space left on device", t0);
        assertTrue(Problems.warned(c), "the first failure is warned about");
        Problems.clear(c);
        Problems.report(c, "No space left on device", t0.plusSeconds(1));
        assertTrue(Problems.has(c), "readiness still sees every failure");
        assertFalse(Problems.warned(c), "a flap within the quiet time is not warned about again");
        Problems.report(c, "No space left on device", t0.plusSeconds(30));
        assertFalse(Problems.warned(c));
        Problems.report(c, "No space left on device", t0.plus(Problems.QUIET).plusSeconds(1));
        assertTrue(Problems.warned(c), "still failing after the quiet time: warned again");
        assertEquals(t0.plusSeconds(1), Problems.current().get(c).since(), "since the failure began");
        Problems.clear(c);
        assertFalse(Problems.has(c));
    }
}
