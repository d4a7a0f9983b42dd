package io.logpipe.store;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class CountRangesTest {
    private static CountRanges.Range r(String from, String to) {
        return new CountRanges.Range(from == null ? null : Instant.parse(from), to == null ? null : Instant.parse(to));
    }

    @Test
    void aRangeSplitsIntoHoursMinutesAndTheEventsAtItsEnds() {
        CountRanges split =
                CountRanges.of(Instant.parse("2026-12-04T10:17:30.5Z"), Instant.parse("2026-12-04T13:42:10Z"));
        assertEquals(List.of(r("2026-12-04T11:00:00Z", "2026-12-04T13:00:00Z")), split.hours());
        assertEquals(
                List.of(
                        r("2026-12-04T10:18:00Z", "2026-12-04T11:00:00Z"),
                        r("2026-12-04T13:00:00Z", "2026-12-04T13:42:00Z")),
                split.minutes());
        assertEquals(
                List.of(
                        r("2026-12-04T10:17:30.5Z", "2026-12-04T10:18:00Z"),
                        r("2026-12-04T13:42:00Z", "2026-12-04T13:42:10Z")),
                split.events());
    }

    @Test
    void alignedBoundsNeedNoEvents() {
        CountRanges split =
                CountRanges.of(Instant.parse("2026-12-04T10:00:00Z"), Instant.parse("2026-12-04T12:00:00Z"));
        assertEquals(List.of(r("2026-12-04T10:00:00Z", "2026-12-04T12:00:00Z")), split.hours());
        assertEquals(List.of(), split.minutes());
        assertEquals(List.of(), split.events());
    }

    @Test
    void withinOneHourOnlyMinutes() {
        CountRanges split =
                CountRanges.of(Instant.parse("2026-12-04T10:05:00Z"), Instant.parse("2026-12-04T10:50:01Z"));
        assertEquals(List.of(), split.hours());
        assertEquals(List.of(r("2026-12-04T10:05:00Z", "2026-12-04T10:50:00Z")), split.minutes());
        assertEquals(List.of(r("2026-12-04T10:50:00Z", "2026-12-04T10:50:01Z")), split.events());
    }

    @Test
    void withinOneMinuteOnlyEvents() {
        CountRanges split =
                CountRanges.of(Instant.parse("2026-12-04T10:05:10Z"), Instant.parse("2026-12-04T10:06:20Z"));
        assertEquals(List.of(), split.hours());
        assertEquals(List.of(), split.minutes());
        assertEquals(List.of(r("2026-12-04T10:05:10Z", "2026-12-04T10:06:20Z")), split.events());
    }

    @Test
    void unboundedEnds() {
        CountRanges split = CountRanges.of(null, Instant.parse("2026-12-04T10:05:10Z"));
        assertEquals(List.of(r(null, "2026-12-04T10:00:00Z")), split.hours());
        assertEquals(List.of(r("2026-12-04T10:00:00Z", "2026-12-04T10:05:00Z")), split.minutes());
        assertEquals(List.of(r("2026-12-04T10:05:00Z", "2026-12-04T10:05:10Z")), split.events());
        assertEquals(new CountRanges(List.of(r(null, null)), List.of(), List.of()), CountRanges.of(null, null));
        CountRanges after = CountRanges.of(Instant.parse("1969-12-31T23:59:59.5Z"), null);
        assertEquals(List.of(r("1970-01-01T00:00:00Z", null)), after.hours());
        assertEquals(List.of(), after.minutes());
        assertEquals(List.of(r("1969-12-31T23:59:59.5Z", "1970-01-01T00:00:00Z")), after.events());
    }

    @Test
    void anEmptyRangeHasNoParts() {
        Instant t = Instant.parse("2026-12-04T10:05:10Z");
        assertEquals(new CountRanges(List.of(), List.of(), List.of()), CountRanges.of(t, t));
        assertEquals(new CountRanges(List.of(), List.of(), List.of()), CountRanges.of(t, t.minusSeconds(1)));
    }
}
