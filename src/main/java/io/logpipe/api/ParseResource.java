package io.logpipe.api;

import io.logpipe.codec.DecodeContext;
import io.logpipe.codec.Decoder;
import io.logpipe.event.EventJson;
import io.logpipe.event.LogEvent;
import io.logpipe.event.Source;
import io.vertx.core.http.HttpServerRequest;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;

/** {@code POST /api/v1/parse?format=auto}: shows how logpipe decodes one message, in the contract's JSON. */
@Path("/api/v1/parse")
public class ParseResource {
    @Inject
    DecoderRegistry decoders;

    @POST
    @Consumes(MediaType.WILDCARD)
    @Produces(MediaType.APPLICATION_JSON)
    public Response parse(@QueryParam("format") @DefaultValue("auto") String format, String body, @Context HttpServerRequest request) {
        Decoder decoder = decoders.get(format);
        if (decoder == null) {
            return ApiError.badRequest("unknown format '" + format + "'; known formats: " + String.join(", ", decoders.names()));
        }
        if (body == null || body.isEmpty()) return ApiError.badRequest("the request body must hold one message");
        String ip = request.remoteAddress() == null ? null : request.remoteAddress().hostAddress();
        DecodeContext ctx = new DecodeContext(Instant.now(), new Source(ip, 0, "api", null), ZoneId.systemDefault(), false);
        List<LogEvent> events = decoder.decode(body, ctx);
        StringBuilder sb = new StringBuilder(256).append('[');
        for (int i = 0; i < events.size(); i++) {
            if (i > 0) sb.append(',');
            EventJson.write(events.get(i), sb);
        }
        return Response.ok(sb.append(']').toString()).build();
    }
}
