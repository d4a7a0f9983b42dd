package io.logpipe.api;

import io.logpipe.event.EventJson;
import io.logpipe.store.EventFilter;
import io.logpipe.store.EventPage;
import io.logpipe.store.EventStore;
import io.logpipe.store.PageCursor;
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
import java.util.Set;

/**
 * {@code GET /api/v1/events}: stored events matching the filters, newest first unless
 * {@code order=asc}, a page of {@code limit} at a time; {@code next_cursor} fetches the next page.
 */
@Path("/api/v1/events")
public class EventsResource {
    static final int DEFAULT_LIMIT = 100;
    static final int MAX_LIMIT = 1000;

    @Inject
    EventStore store;

    @GET
    @Produces(MediaType.APPLICATION_JSON)
    public Response list(@Context UriInfo uri) {
        EventFilter filter;
        boolean ascending;
        PageCursor cursor;
        int limit;
        try {
            EventQueryParameters p =
                    new EventQueryParameters(uri.getQueryParameters(), Set.of("limit", "cursor", "order"));
            filter = p.filter(Instant.now(), null);
            limit = p.integer("limit", DEFAULT_LIMIT, 1, MAX_LIMIT);
            String order = p.single("order");
            if (order != null && !order.equals("asc") && !order.equals("desc"))
                throw new IllegalArgumentException("order must be asc or desc, not '" + order + "'");
            String cursorText = p.single("cursor");
            cursor = cursorText == null ? null : PageCursor.decode(cursorText);
            ascending = cursor != null ? cursor.ascending() : "asc".equals(order);
            if (cursor != null && order != null && cursor.ascending() != order.equals("asc")) {
                throw new IllegalArgumentException("the cursor belongs to order="
                        + (cursor.ascending() ? "asc" : "desc") + "; keep the order of the first page");
            }
        } catch (IllegalArgumentException e) {
            return ApiError.badRequest(e.getMessage());
        }
        EventPage page;
        try {
            page = store.queries().find(filter, ascending, cursor, limit);
        } catch (StoreException e) {
            return ApiError.unavailable("event store unavailable: " + e.getMessage());
        }
        StringBuilder sb = new StringBuilder(256 + page.events().size() * 384).append("{\"events\":[");
        for (int i = 0; i < page.events().size(); i++) {
            StoredEvent row = page.events().get(i);
            if (i > 0) sb.append(',');
            EventJson.writeWithId(row.id(), row.event(), sb);
        }
        sb.append("],\"count\":").append(page.events().size());
        if (page.next() != null)
            sb.append(",\"next_cursor\":\"").append(page.next().encode()).append('"');
        return Response.ok(sb.append('}').toString()).build();
    }
}
