package io.logpipe.api;

import io.logpipe.auth.ApiGuard;
import io.logpipe.component.ingest.IngestConsumer;
import io.logpipe.event.EventJson;
import io.vertx.ext.web.RoutingContext;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

/**
 * {@code POST /api/v1/ingest/NAME} (and {@code /api/v1/ingest} for {@code ingest:json}): NDJSON
 * into the route that starts {@code from: ingest:NAME}. 200 with the count when every line decoded;
 * 400 listing the bad lines otherwise; the good lines are ingested either way and the bad ones
 * enter the route as raw events, so nothing sent is lost. The sending token's name is the events'
 * {@code source.peer} ({@code token:NAME}); an endpoint with the option {@code token=} takes only those tokens.
 */
@Path("/api/v1/ingest")
public class IngestResource {
    @POST
    @Consumes(MediaType.WILDCARD)
    @Produces(MediaType.APPLICATION_JSON)
    public Response json(String body, @Context RoutingContext request) {
        return ingest("json", body, request);
    }

    @POST
    @Path("/{name}")
    @Consumes(MediaType.WILDCARD)
    @Produces(MediaType.APPLICATION_JSON)
    public Response ingest(@PathParam("name") String name, String body, @Context RoutingContext request) {
        IngestConsumer consumer = IngestConsumer.named(name);
        if (consumer == null) {
            StringBuilder sb = new StringBuilder("{\"error\":");
            EventJson.quote(
                    sb,
                    "no route starts from ingest:" + name + " (running: " + String.join(", ", IngestConsumer.names())
                            + ")");
            return Response.status(404).entity(sb.append('}').toString()).build();
        }
        String token = request.get(ApiGuard.TOKEN_NAME);
        if (!consumer.admits(token)) {
            return ApiError.forbidden(
                    "ingest:" + name + " takes only the token(s) " + consumer.tokens() + ", not '" + token + "'");
        }
        if (body == null || body.isBlank())
            return ApiError.badRequest("the request body must hold JSON objects, one per line");
        String ip = request.request().remoteAddress() == null
                ? null
                : request.request().remoteAddress().hostAddress();
        IngestConsumer.Result r = consumer.ingest(body, ip, token == null ? null : "token:" + token);
        if (r.storageProblem() != null) {
            StringBuilder sb = new StringBuilder("{\"error\":");
            EventJson.quote(sb, r.storageProblem() + "; send the request again later");
            sb.append(",\"storage_errors\":").append(r.storageErrors()).append('}');
            return Response.status(503)
                    .header("Retry-After", "5")
                    .entity(sb.toString())
                    .build();
        }
        StringBuilder sb = new StringBuilder("{");
        if (!r.rejected().isEmpty()) {
            sb.append("\"error\":");
            EventJson.quote(
                    sb,
                    r.rejected().size() + " line(s) did not decode and were stored as raw events; first: "
                            + r.rejected().get(0));
            sb.append(",\"rejected\":")
                    .append(EventJson.valueJson(r.rejected()))
                    .append(',');
        }
        sb.append("\"accepted\":").append(r.accepted());
        if (r.routeErrors() > 0) sb.append(",\"route_errors\":").append(r.routeErrors());
        sb.append('}');
        return Response.status(r.rejected().isEmpty() ? 200 : 400)
                .entity(sb.toString())
                .build();
    }
}
