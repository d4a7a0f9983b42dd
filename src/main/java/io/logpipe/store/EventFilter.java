package io.logpipe.store;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Which stored events a query or a statistic covers. Null or empty means "any". {@code from} and
 * {@code to} apply to the event's {@code timestamp} (the sender's clock), {@code receivedFrom} and
 * {@code receivedTo} to when logpipe received it; each from inclusive, to exclusive. Severity codes
 * grow as importance falls, so "at least warning" is {@code severity_code <= 4}. {@code extracted}: per
 * {@code fields.<key>} path (a rulebase's or decoder's fields), the values one of which it must have;
 * {@code extractedExcluded}: per path, values it must not have (an event without the field is kept).
 */
public record EventFilter(
        Instant from,
        Instant to,
        List<String> hosts,
        List<String> apps,
        List<Integer> facilities,
        Integer severity,
        Integer minSeverity,
        List<String> formats,
        String text,
        List<String> listeners,
        Instant receivedFrom,
        Instant receivedTo,
        Map<String, List<String>> excluded,
        Map<String, List<String>> extracted,
        Map<String, List<String>> extractedExcluded) {
    /** Fields whose values can be excluded ({@code not_host=web1}); facility and severity by code. */
    public static final Set<String> EXCLUDABLE = Set.of("host", "app", "format", "listener", "facility", "severity");

    public EventFilter {
        excluded = excluded == null ? Map.of() : Map.copyOf(excluded);
        extracted = extracted == null ? Map.of() : Map.copyOf(extracted);
        extractedExcluded = extractedExcluded == null ? Map.of() : Map.copyOf(extractedExcluded);
    }

    /** Without exclusions of extracted fields. */
    public EventFilter(
            Instant from,
            Instant to,
            List<String> hosts,
            List<String> apps,
            List<Integer> facilities,
            Integer severity,
            Integer minSeverity,
            List<String> formats,
            String text,
            List<String> listeners,
            Instant receivedFrom,
            Instant receivedTo,
            Map<String, List<String>> excluded,
            Map<String, List<String>> extracted) {
        this(
                from,
                to,
                hosts,
                apps,
                facilities,
                severity,
                minSeverity,
                formats,
                text,
                listeners,
                receivedFrom,
                receivedTo,
                excluded,
                extracted,
                null);
    }

    /** Without conditions on extracted fields. */
    public EventFilter(
            Instant from,
            Instant to,
            List<String> hosts,
            List<String> apps,
            List<Integer> facilities,
            Integer severity,
            Integer minSeverity,
            List<String> formats,
            String text,
            List<String> listeners,
            Instant receivedFrom,
            Instant receivedTo,
            Map<String, List<String>> excluded) {
        this(
                from,
                to,
                hosts,
                apps,
                facilities,
                severity,
                minSeverity,
                formats,
                text,
                listeners,
                receivedFrom,
                receivedTo,
                excluded,
                null,
                null);
    }

    /** Without a range on the time logpipe received the events, nothing excluded. */
    public EventFilter(
            Instant from,
            Instant to,
            List<String> hosts,
            List<String> apps,
            List<Integer> facilities,
            Integer severity,
            Integer minSeverity,
            List<String> formats,
            String text,
            List<String> listeners) {
        this(
                from,
                to,
                hosts,
                apps,
                facilities,
                severity,
                minSeverity,
                formats,
                text,
                listeners,
                null,
                null,
                null,
                null,
                null);
    }

    /** True when nothing but the event-time range narrows it: the filter pre-aggregated counts can answer. */
    public boolean onlyTimeRange() {
        return receivedFrom == null
                && receivedTo == null
                && hosts.isEmpty()
                && apps.isEmpty()
                && formats.isEmpty()
                && listeners.isEmpty()
                && facilities.isEmpty()
                && severity == null
                && minSeverity == null
                && excluded.values().stream().allMatch(List::isEmpty)
                && extracted.isEmpty()
                && extractedExcluded.values().stream().allMatch(List::isEmpty)
                && (text == null || text.isEmpty());
    }

    public static EventFilter all() {
        return new EventFilter(null, null, List.of(), List.of(), List.of(), null, null, List.of(), null, List.of());
    }

    public EventFilter withRange(Instant newFrom, Instant newTo) {
        return new EventFilter(
                newFrom,
                newTo,
                hosts,
                apps,
                facilities,
                severity,
                minSeverity,
                formats,
                text,
                listeners,
                receivedFrom,
                receivedTo,
                excluded,
                extracted,
                extractedExcluded);
    }
}
