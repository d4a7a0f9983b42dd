package io.logpipe.api;

import io.logpipe.event.ExtractedFields;
import io.logpipe.event.Facility;
import io.logpipe.event.Severity;
import io.logpipe.store.EventFilter;
import jakarta.ws.rs.core.MultivaluedMap;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Reads the query parameters shared by {@code /api/v1/events} and {@code /api/v1/stats} into an
 * {@link EventFilter}. Anything it cannot read, or does not know, is an {@link IllegalArgumentException}
 * whose message the client gets with a 400.
 */
final class EventQueryParameters {
    static final Set<String> FILTERS = Set.of(
            "from",
            "to",
            "received_from",
            "received_to",
            "host",
            "app",
            "facility",
            "severity",
            "min_severity",
            "q",
            "format",
            "listener",
            "not_host",
            "not_app",
            "not_facility",
            "not_severity",
            "not_format",
            "not_listener");

    private final MultivaluedMap<String, String> params;

    EventQueryParameters(MultivaluedMap<String, String> params, Set<String> extra) {
        this.params = params;
        Set<String> known = new TreeSet<>(FILTERS);
        known.addAll(extra);
        for (String name : params.keySet()) {
            if (!known.contains(name)
                    && !ExtractedFields.isPath(name)
                    && !(name.startsWith("not_") && ExtractedFields.isPath(name.substring(4)))) {
                throw new IllegalArgumentException("unknown parameter '" + name + "'; known: "
                        + String.join(", ", known) + ", fields.<name>, not_fields.<name>");
            }
        }
    }

    EventFilter filter(Instant now, Instant defaultFrom) {
        Instant from = time("from", now, defaultFrom);
        Instant to = time("to", now, null);
        if (from != null && to != null && !from.isBefore(to))
            throw new IllegalArgumentException("from (" + from + ") must be before to (" + to + ")");
        Instant receivedFrom = time("received_from", now, null);
        Instant receivedTo = time("received_to", now, null);
        if (receivedFrom != null && receivedTo != null && !receivedFrom.isBefore(receivedTo)) {
            throw new IllegalArgumentException(
                    "received_from (" + receivedFrom + ") must be before received_to (" + receivedTo + ")");
        }
        List<Integer> facilities = new ArrayList<>();
        for (String f : all("facility")) facilities.add(facility(f));
        String severity = single("severity");
        String minSeverity = single("min_severity");
        String q = single("q");
        Map<String, List<String>> excluded = new LinkedHashMap<>();
        for (String field : EventFilter.EXCLUDABLE) {
            List<String> values = new ArrayList<>();
            for (String v : all("not_" + field)) {
                if (field.equals("facility")) values.add(String.valueOf(facility(v)));
                else if (field.equals("severity")) values.add(String.valueOf(severity("not_severity", v)));
                else values.add(v);
            }
            if (!values.isEmpty()) excluded.put(field, values);
        }
        Map<String, List<String>> extracted = new TreeMap<>();
        Map<String, List<String>> extractedExcluded = new TreeMap<>();
        for (String name : params.keySet()) {
            if (ExtractedFields.isPath(name) && !all(name).isEmpty()) extracted.put(name, all(name));
            if (name.startsWith("not_")
                    && ExtractedFields.isPath(name.substring(4))
                    && !all(name).isEmpty()) extractedExcluded.put(name.substring(4), all(name));
        }
        return new EventFilter(
                from,
                to,
                all("host"),
                all("app"),
                facilities,
                severity == null ? null : severity("severity", severity),
                minSeverity == null ? null : severity("min_severity", minSeverity),
                all("format"),
                q == null || q.isEmpty() ? null : q,
                all("listener"),
                receivedFrom,
                receivedTo,
                excluded,
                extracted,
                extractedExcluded);
    }

    private Instant time(String name, Instant now, Instant fallback) {
        String v = single(name);
        return v == null ? fallback : TimeParameter.parse(name, v, now);
    }

    /** A parameter that may appear once; null when absent. */
    String single(String name) {
        List<String> values = params.get(name);
        if (values == null || values.isEmpty()) return null;
        if (values.size() > 1) throw new IllegalArgumentException("parameter '" + name + "' may be given once");
        return values.get(0);
    }

    /** A repeatable parameter (values are alternatives); commas separate values too. */
    List<String> all(String name) {
        List<String> out = new ArrayList<>();
        for (String v : params.getOrDefault(name, List.of())) {
            for (String part : v.split(",")) if (!part.isBlank()) out.add(part.strip());
        }
        return out;
    }

    int integer(String name, int fallback, int min, int max) {
        String v = single(name);
        if (v == null) return fallback;
        try {
            int n = Integer.parseInt(v.strip());
            if (n < min || n > max)
                throw new IllegalArgumentException(name + " must be between " + min + " and " + max + ", not " + n);
            return n;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(name + ": '" + v + "' is not a number");
        }
    }

    private static int facility(String text) {
        if (text.matches("\\d{1,2}") && Facility.ofCode(Integer.parseInt(text)) != null) return Integer.parseInt(text);
        Facility f = Facility.ofName(text);
        if (f == null)
            throw new IllegalArgumentException(
                    "facility: unknown '" + text + "'; use a name (auth, daemon, local0...) or a code 0-23");
        return f.code();
    }

    private static int severity(String name, String text) {
        if (text.matches("[0-7]")) return Integer.parseInt(text);
        Severity s = Severity.ofName(text);
        if (s == null)
            throw new IllegalArgumentException(name + ": unknown '" + text
                    + "'; use emerg, alert, crit, err, warning, notice, info, debug or 0-7");
        return s.code();
    }
}
