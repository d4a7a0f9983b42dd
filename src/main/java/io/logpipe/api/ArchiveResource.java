package io.logpipe.api;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.logpipe.store.EventStore;
import io.logpipe.store.StoreException;
import io.logpipe.store.archive.ArchiveRestore;
import jakarta.inject.Inject;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.io.IOException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;

/**
 * {@code POST /api/v1/archive/restore?from=&to=} (admin): brings the archived days that cover
 * [from, to) (days of receipt, UTC) back into the event store, each held there for
 * {@code logpipe.store.archive.restore-hold-days}. Answers per day: restored (with the count),
 * in the store already, or not in the archive.
 */
@Path("/api/v1/archive/restore")
public class ArchiveResource {
    private static final ObjectMapper JSON = new ObjectMapper();

    @Inject
    EventStore store;

    @POST
    @Produces(MediaType.APPLICATION_JSON)
    public Response restore(@QueryParam("from") String from, @QueryParam("to") String to) {
        LocalDate first;
        LocalDate last;
        try {
            if (from == null || to == null)
                throw new IllegalArgumentException(
                        "from and to are required (days of receipt, e.g. from=2026-10-01&to=2026-10-03)");
            Instant now = Instant.now();
            Instant start = TimeParameter.parse("from", from, now);
            Instant end = TimeParameter.parse("to", to, now);
            if (!end.isAfter(start)) throw new IllegalArgumentException("to must be after from");
            first = LocalDate.ofInstant(start, ZoneOffset.UTC);
            last = LocalDate.ofInstant(end.minusNanos(1), ZoneOffset.UTC);
        } catch (IllegalArgumentException e) {
            return ApiError.badRequest(e.getMessage());
        }
        ArchiveRestore restorer = store.restorer();
        if (restorer == null)
            return ApiError.conflict(
                    "no archive is configured: set logpipe.store.archive.bucket (and logpipe.s3.* for the connection)");
        try {
            List<ArchiveRestore.Day> days = restorer.restore(first, last);
            ObjectNode out = JSON.createObjectNode();
            ArrayNode array = out.putArray("days");
            for (ArchiveRestore.Day d : days) {
                array.addObject()
                        .put("day", d.day().toString())
                        .put("outcome", d.outcome())
                        .put("events", d.events())
                        .put("rejected", d.rejected());
            }
            return Response.ok(out.toString()).build();
        } catch (IllegalArgumentException e) {
            return ApiError.badRequest(e.getMessage());
        } catch (IOException | StoreException e) {
            return ApiError.unavailable("restore failed: " + e.getMessage());
        }
    }
}
