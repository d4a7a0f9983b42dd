package io.logpipe.api;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.logpipe.auth.ApiGuard;
import io.logpipe.auth.Audit;
import io.logpipe.auth.Sessions;
import io.logpipe.auth.Token;
import io.logpipe.auth.TokenService;
import io.vertx.core.http.Cookie;
import io.vertx.ext.web.RoutingContext;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.Optional;

/**
 * The console's sign-in: {@code POST /api/v1/session} with {@code {"token": "<secret>"}} answers the
 * token's name and roles and sets an HttpOnly, SameSite=Strict session cookie; {@code GET} says who
 * is signed in; {@code DELETE} signs out. Wrong tokens count towards the address's lockout and are
 * audited and counted like the API's.
 */
@Path("/api/v1/session")
@Produces(MediaType.APPLICATION_JSON)
public class SessionResource {
    private static final ObjectMapper JSON = new ObjectMapper();

    @Inject
    TokenService tokens;

    @POST
    @Consumes(MediaType.WILDCARD)
    public Response signIn(String body, @Context RoutingContext rc) {
        String remote = rc.request().remoteAddress() == null
                ? "unknown"
                : rc.request().remoteAddress().hostAddress();
        if (tokens.lockedFor(remote) > 0) {
            Audit.denied(429, "locked_out", "none", remote, "POST", "/api/v1/session");
            return Response.status(429)
                    .entity("{\"error\":\"too many wrong tokens from this address; try again later\"}")
                    .build();
        }
        String secret;
        try {
            JsonNode n = JSON.readTree(body == null ? "" : body);
            secret = n == null ? null : n.path("token").asText(null);
        } catch (JsonProcessingException e) {
            secret = null;
        }
        if (secret == null || secret.isBlank()) return ApiError.badRequest("send {\"token\": \"<secret>\"}");
        Optional<Token> token = tokens.authenticate(secret.strip(), remote);
        if (token.isEmpty()) {
            Audit.denied(401, "invalid_token", "none", remote, "POST", "/api/v1/session");
            return Response.status(401)
                    .entity("{\"error\":\"the API token is not valid\"}")
                    .build();
        }
        String id = tokens.sessions().open(token.get().name());
        Audit.action(token.get().name(), remote, "signed in to the console");
        String cookie = Sessions.COOKIE + "=" + id + "; Path=/; HttpOnly; SameSite=Strict"
                + (rc.request().isSSL() ? "; Secure" : "");
        return Response.ok(JSON.createObjectNode()
                        .put("name", token.get().name())
                        .put("roles", token.get().roles().toString())
                        .toString())
                .header("Set-Cookie", cookie)
                .build();
    }

    @GET
    public Response whoAmI(@Context RoutingContext rc) {
        String name = rc.get(ApiGuard.TOKEN_NAME);
        Token t = name == null ? null : tokens.registry().named(name).orElse(null);
        if (t == null)
            return Response.status(401).entity("{\"error\":\"not signed in\"}").build();
        return Response.ok(JSON.createObjectNode()
                        .put("name", t.name())
                        .put("roles", t.roles().toString())
                        .toString())
                .build();
    }

    @DELETE
    public Response signOut(@Context RoutingContext rc) {
        Cookie c = rc.request().getCookie(Sessions.COOKIE);
        if (c != null) tokens.sessions().close(c.getValue());
        return Response.ok("{\"signed_out\":true}")
                .header("Set-Cookie", Sessions.COOKIE + "=; Path=/; HttpOnly; SameSite=Strict; Max-Age=0")
                .build();
    }
}
