package io.logpipe.api;

import io.logpipe.event.EventJson;
import io.logpipe.event.ExtractedFields;
import io.logpipe.store.EventFilter;
import io.logpipe.store.EventStore;
import io.logpipe.store.StoreException;
import io.logpipe.store.StoredEvent;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * {@code GET /api/v1/fields?<filters>}: which {@code fields.*} keys the matching events carry, most
 * common first, from the newest {@code sample} of them (default 500, at most 5000): what a facet or a
 * {@code group_by=fields.<name>} can ask for. Nested maps give dotted keys; lists and maps themselves are not keys.
 */
@Path("/api/v1/fields")
public class FieldsResource {
    static final int DEFAULT_SAMPLE = 500;
    static final int MAX_SAMPLE = 5000;
    /** paths deeper than this are not offered (decoders nest a map or two; nothing useful lies deeper) */
    private static final int MAX_DEPTH = 3;

    @Inject
    EventStore store;

    @GET
    @Produces(MediaType.APPLICATION_JSON)
    public Response keys(@Context UriInfo uri) {
        EventFilter filter;
        int sample;
        int top;
        try {
            EventQueryParameters p = new EventQueryParameters(uri.getQueryParameters(), Set.of("sample", "top"));
            filter = p.filter(Instant.now(), null);
            sample = p.integer("sample", DEFAULT_SAMPLE, 1, MAX_SAMPLE);
            top = p.integer("top", 20, 1, 1000);
        } catch (IllegalArgumentException e) {
            return ApiError.badRequest(e.getMessage());
        }
        List<StoredEvent> events;
        try {
            events = store.queries().find(filter, false, null, sample).events();
        } catch (StoreException e) {
            return ApiError.unavailable("event store unavailable: " + e.getMessage());
        }
        Map<String, Integer> counts = new HashMap<>();
        for (StoredEvent row : events) {
            if (row.event().getFields() != null) collect("fields", row.event().getFields(), 1, counts);
        }
        List<Map.Entry<String, Integer>> sorted = counts.entrySet().stream()
                .sorted(Map.Entry.<String, Integer>comparingByValue()
                        .reversed()
                        .thenComparing(Map.Entry.comparingByKey()))
                .limit(top)
                .toList();
        StringBuilder sb =
                new StringBuilder("{\"sampled\":").append(events.size()).append(",\"keys\":[");
        for (int i = 0; i < sorted.size(); i++) {
            if (i > 0) sb.append(',');
            sb.append("{\"key\":");
            EventJson.quote(sb, sorted.get(i).getKey());
            sb.append(",\"count\":").append(sorted.get(i).getValue()).append('}');
        }
        return Response.ok(sb.append("]}").toString()).build();
    }

    private static void collect(String prefix, Map<?, ?> m, int depth, Map<String, Integer> counts) {
        for (Map.Entry<?, ?> e : m.entrySet()) {
            String path = prefix + "." + e.getKey();
            if (!ExtractedFields.isPath(path)) continue; // a key the query API could not name
            if (e.getValue() instanceof Map<?, ?> nested) {
                if (depth < MAX_DEPTH) collect(path, nested, depth + 1, counts);
            } else if (e.getValue() != null && !(e.getValue() instanceof List<?>)) {
                counts.merge(path, 1, Integer::sum);
            }
        }
    }
}
