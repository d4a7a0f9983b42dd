package io.logpipe.api;

import io.logpipe.access.FilterMatch;
import io.logpipe.access.LiveTail;
import io.smallrye.mutiny.Multi;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.UriInfo;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * {@code GET /api/v1/tail?host=&app=&q=...} as {@code text/event-stream}: each event that arrives and
 * matches is sent as one {@code data:} line of contract JSON, within a quarter of a second. A viewer
 * that reads too slowly gets {@code {"skipped": N}} in place of what it missed (counted in
 * {@code logpipe_tail_skipped_total}); ingestion never waits for it. Works with {@code curl -N}.
 */
@Path("/api/v1/tail")
public class TailResource {
    static final int BUFFER = 10_000;

    @GET
    @Produces(MediaType.SERVER_SENT_EVENTS)
    public Multi<String> tail(@Context UriInfo uri) {
        FilterMatch match;
        try {
            match = new FilterMatch(
                    new EventQueryParameters(uri.getQueryParameters(), Set.of()).filter(Instant.now(), null));
        } catch (IllegalArgumentException e) {
            throw new WebApplicationException(ApiError.badRequest(e.getMessage()));
        }
        LiveTail.Viewer viewer = LiveTail.INSTANCE.open(match, BUFFER);
        // ticks fail the stream when the writer has not asked for the next one in time (a busy machine, a slow
        // reader): dropping a tick is harmless, the next drains what waited
        return Multi.createFrom()
                .ticks()
                .every(Duration.ofMillis(250))
                .onOverflow()
                .drop()
                .onItem()
                .transformToIterable(tick -> {
                    List<String> out = new ArrayList<>();
                    long skipped = viewer.takeSkipped();
                    if (skipped > 0) out.add("{\"skipped\":" + skipped + "}");
                    out.addAll(viewer.drain());
                    return out;
                })
                .onTermination()
                .invoke(viewer::close);
    }
}
