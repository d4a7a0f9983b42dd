package io.logpipe.api;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.logpipe.event.ExtractedFields;
import io.logpipe.store.EventFilter;
import io.logpipe.store.EventQueries;
import io.logpipe.store.EventStats;
import io.logpipe.store.EventStore;
import io.logpipe.store.StoreException;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * {@code GET /api/v1/stats}: counts of stored events over a range (default the last 24 hours)
 * by host, app, facility and severity, and a histogram in {@code interval} buckets.
 */
@Path("/api/v1/stats")
public class StatsResource {
    static final int MAX_BUCKETS = 1000;
    /** automatic intervals: the first that gives at most 100 buckets */
    static final List<Duration> STEPS = List.of(
            Duration.ofMinutes(1),
            Duration.ofMinutes(5),
            Duration.ofMinutes(15),
            Duration.ofHours(1),
            Duration.ofHours(6),
            Duration.ofDays(1),
            Duration.ofDays(7));

    private static final ObjectMapper JSON = new ObjectMapper();

    @Inject
    EventStore store;

    @GET
    @Produces(MediaType.APPLICATION_JSON)
    public Response stats(@Context UriInfo uri) {
        EventFilter filter;
        EventFilter counted; // what the counts cover: like /events, no upper bound unless 'to' is given
        Duration interval;
        int top;
        try {
            Instant now = Instant.now();
            EventQueryParameters p =
                    new EventQueryParameters(uri.getQueryParameters(), Set.of("interval", "top", "group_by"));
            filter = p.filter(now, now.minus(Duration.ofDays(1)));
            counted = filter;
            if (filter.to() == null) filter = filter.withRange(filter.from(), now); // the histogram ends now
            top = p.integer("top", 10, 1, 1000);
            Duration range = Duration.between(filter.from(), filter.to());
            String intervalText = p.single("interval");
            interval = intervalText == null ? automatic(range) : TimeParameter.duration("interval", intervalText);
            long buckets = (range.toSeconds() + interval.toSeconds() - 1) / interval.toSeconds() + 1;
            if (buckets > MAX_BUCKETS) {
                throw new IllegalArgumentException("interval "
                        + (intervalText == null ? interval.toString() : intervalText) + " gives " + buckets
                        + " buckets over " + range + "; at most " + MAX_BUCKETS + " (choose a larger interval)");
            }
        } catch (IllegalArgumentException e) {
            return ApiError.badRequest(e.getMessage());
        }
        List<String> groupBy = new ArrayList<>();
        for (String g : uri.getQueryParameters().getOrDefault("group_by", List.of())) {
            for (String part : g.split(",")) if (!part.isBlank()) groupBy.add(part.strip());
        }
        for (String g : groupBy) {
            if (!EventStats.GROUPABLE.contains(g) && !ExtractedFields.isPath(g))
                return ApiError.badRequest(EventStats.unknownGroupBy(g).getMessage());
        }
        EventStats.Result r;
        Map<String, List<EventStats.Count>> groups = new LinkedHashMap<>();
        try {
            EventQueries stats = store.queries();
            r = stats.stats(counted, filter.to(), interval.toSeconds(), top);
            for (String g : groupBy) groups.put(g, stats.groupBy(counted, g, top));
        } catch (StoreException e) {
            return ApiError.unavailable("event store unavailable: " + e.getMessage());
        }
        ObjectNode out = JSON.createObjectNode();
        out.put("from", filter.from().toString());
        out.put("to", filter.to().toString());
        out.put("total", r.total());
        long charted =
                r.histogram().stream().mapToLong(EventStats.Bucket::count).sum();
        // stamped after 'to' (a sender's clock ahead, a year guessed for a year-less date): counted, not charted
        if (counted.to() == null) out.put("after_to", r.total() - charted);
        counts(out.putArray("by_host"), r.byHost());
        counts(out.putArray("by_app"), r.byApp());
        counts(out.putArray("by_facility"), r.byFacility());
        counts(out.putArray("by_severity"), r.bySeverity());
        if (!groups.isEmpty()) {
            ObjectNode by = out.putObject("by");
            groups.forEach((field, counts) -> counts(by.putArray(field), counts));
        }
        ObjectNode histogram = out.putObject("histogram");
        histogram.put("interval_seconds", interval.toSeconds());
        ArrayNode buckets = histogram.putArray("buckets");
        for (EventStats.Bucket b : r.histogram())
            buckets.addObject().put("start", b.start().toString()).put("count", b.count());
        return Response.ok(out.toString()).build();
    }

    private static void counts(ArrayNode array, List<EventStats.Count> counts) {
        for (EventStats.Count c : counts)
            array.addObject().put("value", c.value()).put("count", c.count());
    }

    static Duration automatic(Duration range) {
        for (Duration step : STEPS) if (range.toSeconds() / step.toSeconds() <= 100) return step;
        return STEPS.get(STEPS.size() - 1);
    }
}
