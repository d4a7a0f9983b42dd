package io.logpipe.api;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.logpipe.event.EventJson;
import io.logpipe.queue.DurableQueue;
import io.logpipe.queue.EventCodec;
import io.logpipe.queue.QueueRegistry;
import io.logpipe.queue.SinkQueue;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BiFunction;

/**
 * Dead letters of the queued sinks: events a sink rejected for good, with the error.
 * {@code GET /api/v1/deadletter?sink=db:events&after=ID&limit=N} lists them;
 * {@code POST /api/v1/deadletter/replay?sink=...[&id=...]} puts them back in the sink's queue
 * (all, or the given ids) once the cause is fixed; {@code DELETE} with the same parameters drops them.
 */
@Path("/api/v1/deadletter")
@Produces(MediaType.APPLICATION_JSON)
public class DeadLetterResource {
    private static final ObjectMapper JSON = new ObjectMapper();

    @GET
    public Response list(
            @QueryParam("sink") String sink, @QueryParam("after") Long after, @QueryParam("limit") Integer limit) {
        int max = limit == null ? 100 : limit;
        if (max < 1 || max > 1000) return ApiError.badRequest("limit must be 1..1000");
        List<SinkQueue> queues = new ArrayList<>();
        if (sink == null) queues.addAll(QueueRegistry.all());
        else {
            SinkQueue q = QueueRegistry.find(sink);
            if (q == null) return unknown(sink);
            queues.add(q);
        }
        ObjectNode root = JSON.createObjectNode();
        ArrayNode items = root.putArray("dead_letters");
        for (SinkQueue q : queues) {
            for (DurableQueue.DeadLetter d : q.deadLetters(after == null ? 0 : after, max)) {
                ObjectNode n = items.addObject();
                n.put("sink", q.name());
                n.put("id", d.id());
                n.put("failed_at", Instant.ofEpochMilli(d.failedAtMillis()).toString());
                n.put("error", d.error());
                try {
                    n.set("event", JSON.readTree(EventJson.toJson(EventCodec.decode(d.event()))));
                } catch (Exception unreadable) {
                    n.put("event", (String) null);
                }
            }
        }
        return Response.ok(root.toString()).build();
    }

    @POST
    @Path("/replay")
    public Response replay(@QueryParam("sink") String sink, @QueryParam("id") List<Long> ids) {
        return onDeadLetters(sink, ids, "replayed", SinkQueue::replay);
    }

    @DELETE
    public Response discard(@QueryParam("sink") String sink, @QueryParam("id") List<Long> ids) {
        return onDeadLetters(sink, ids, "discarded", SinkQueue::discard);
    }

    /** Applies {@code action} to the sink's dead letters (the given ids, or all) and answers how many. */
    private static Response onDeadLetters(
            String sink, List<Long> ids, String answer, BiFunction<SinkQueue, List<Long>, Integer> action) {
        if (sink == null) return ApiError.badRequest("sink is required, e.g. sink=db:events");
        SinkQueue q = QueueRegistry.find(sink);
        if (q == null) return unknown(sink);
        int n = action.apply(q, ids == null || ids.isEmpty() ? null : ids);
        return Response.ok(JSON.createObjectNode().put(answer, n).toString()).build();
    }

    private static Response unknown(String sink) {
        StringBuilder known = new StringBuilder();
        for (SinkQueue q : QueueRegistry.all())
            known.append(known.isEmpty() ? "" : ", ").append(q.name());
        return Response.status(404)
                .entity(JSON.createObjectNode()
                        .put("error", "no queued sink '" + sink + "'; queued sinks: " + known)
                        .toString())
                .type(MediaType.APPLICATION_JSON)
                .build();
    }
}
