package io.logpipe.store;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * How a time range [from, to) splits for pre-aggregated counts: whole hours from the hourly rows,
 * whole minutes at its ends from the per-minute rows, and the parts of a minute at its very ends
 * from the events themselves. A null bound is unbounded. Pure arithmetic, no SQL.
 */
record CountRanges(List<Range> hours, List<Range> minutes, List<Range> events) {
    static final long MINUTE = 60;
    static final long HOUR = 3600;

    /** [from, to); a null bound is unbounded. */
    record Range(Instant from, Instant to) {}

    static CountRanges of(Instant from, Instant to) {
        if (from != null && to != null && !from.isBefore(to)) return new CountRanges(List.of(), List.of(), List.of());
        Instant m1 = from == null ? null : ceil(from, MINUTE);
        Instant m2 = to == null ? null : floor(to, MINUTE);
        if (m1 != null && m2 != null && !m1.isBefore(m2))
            return new CountRanges(List.of(), List.of(), List.of(new Range(from, to)));
        List<Range> events = new ArrayList<>();
        if (from != null && from.isBefore(m1)) events.add(new Range(from, m1));
        if (to != null && m2.isBefore(to)) events.add(new Range(m2, to));
        Instant h1 = m1 == null ? null : ceil(m1, HOUR);
        Instant h2 = m2 == null ? null : floor(m2, HOUR);
        if (h1 != null && h2 != null && !h1.isBefore(h2))
            return new CountRanges(List.of(), List.of(new Range(m1, m2)), events);
        List<Range> minutes = new ArrayList<>();
        if (m1 != null && m1.isBefore(h1)) minutes.add(new Range(m1, h1));
        if (m2 != null && h2.isBefore(m2)) minutes.add(new Range(h2, m2));
        return new CountRanges(List.of(new Range(h1, h2)), minutes, events);
    }

    static Instant floor(Instant t, long seconds) {
        return Instant.ofEpochSecond(Math.floorDiv(t.getEpochSecond(), seconds) * seconds);
    }

    static Instant ceil(Instant t, long seconds) {
        Instant f = floor(t, seconds);
        return f.equals(t) ? f : f.plusSeconds(seconds);
    }
}
