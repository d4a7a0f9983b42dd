package io.logpipe.api;

import io.logpipe.codec.DecodeContext;
import io.logpipe.codec.Decoder;
import io.logpipe.event.EventJson;
import io.logpipe.event.LogEvent;
import io.logpipe.event.Source;
import io.logpipe.normalize.Normalizer;
import io.logpipe.normalize.Rulebase;
import io.logpipe.normalize.RulebaseDirectory;
import io.logpipe.normalize.Rulebases;
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
import java.util.ArrayList;
import java.util.List;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * {@code POST /api/v1/parse?format=auto[&normalize=sshd,sudo]}: shows how logpipe decodes one message
 * (and what the named rulebases of {@code logpipe.rules.dir} extract from it), in the contract's JSON.
 */
@Path("/api/v1/parse")
public class ParseResource {
    @Inject
    DecoderRegistry decoders;

    @ConfigProperty(name = "logpipe.rules.dir", defaultValue = "rules")
    String rulesDir;

    @POST
    @Consumes(MediaType.WILDCARD)
    @Produces(MediaType.APPLICATION_JSON)
    public Response parse(
            @QueryParam("format") @DefaultValue("auto") String format,
            @QueryParam("normalize") String normalize,
            String body,
            @Context HttpServerRequest request) {
        Decoder decoder = decoders.get(format);
        if (decoder == null) {
            return ApiError.badRequest(
                    "unknown format '" + format + "'; known formats: " + String.join(", ", decoders.names()));
        }
        List<Rulebase> rulebases = new ArrayList<>();
        if (normalize != null && !normalize.isBlank()) {
            Rulebases now =
                    RulebaseDirectory.of(java.nio.file.Path.of(rulesDir)).rulebases();
            for (String name : normalize.split(",")) {
                Rulebase rb = now.get(name.strip());
                if (rb == null)
                    return ApiError.badRequest("normalize: no rulebase '" + name.strip() + "'; known rulebases: "
                            + (now.names().isEmpty() ? "none" : String.join(", ", now.names())));
                rulebases.add(rb);
            }
        }
        if (body == null || body.isEmpty()) return ApiError.badRequest("the request body must hold one message");
        String ip =
                request.remoteAddress() == null ? null : request.remoteAddress().hostAddress();
        DecodeContext ctx =
                new DecodeContext(Instant.now(), new Source(ip, 0, "api", null), ZoneId.systemDefault(), false);
        List<LogEvent> events = decoder.decode(body, ctx);
        for (LogEvent e : events) Normalizer.apply(e, rulebases);
        StringBuilder sb = new StringBuilder(256).append('[');
        for (int i = 0; i < events.size(); i++) {
            if (i > 0) sb.append(',');
            EventJson.write(events.get(i), sb);
        }
        return Response.ok(sb.append(']').toString()).build();
    }
}
