package io.logpipe.api;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.logpipe.auth.Roles;
import io.logpipe.auth.Token;
import io.logpipe.auth.TokenService;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.ArrayList;
import java.util.List;

/**
 * Token management (admin only): {@code GET /api/v1/tokens} lists names and roles, {@code POST} with
 * {@code {"name":"grafana","roles":"read"}} creates a token and answers its secret once (201),
 * {@code DELETE /api/v1/tokens/NAME} removes a stored token.
 */
@Path("/api/v1/tokens")
@Produces(MediaType.APPLICATION_JSON)
public class TokensResource {
    private static final ObjectMapper JSON = new ObjectMapper();

    @Inject
    TokenService tokens;

    @GET
    public Response list() {
        ObjectNode root = JSON.createObjectNode();
        ArrayNode items = root.putArray("tokens");
        for (Token t : tokens.registry().list()) {
            ObjectNode n = items.addObject();
            n.put("name", t.name());
            n.put("roles", t.roles().toString());
            n.put("origin", t.origin());
            n.put("created", t.created() == null ? null : t.created().toString());
        }
        return Response.ok(root.toString()).build();
    }

    @POST
    @Consumes(MediaType.WILDCARD)
    public Response create(String body) {
        String name;
        Roles roles;
        try {
            JsonNode request = JSON.readTree(body == null ? "" : body);
            if (request == null || !request.path("name").isTextual())
                return ApiError.badRequest("send {\"name\": \"NAME\", \"roles\": \"read\"}");
            name = request.get("name").asText();
            if (!name.matches(Token.NAME_PATTERN))
                return ApiError.badRequest("a token name is 1-64 letters, digits, '.', '_' or '-', not '" + name + "'");
            JsonNode r = request.path("roles");
            List<String> list = new ArrayList<>();
            if (r.isArray()) r.forEach(x -> list.add(x.asText()));
            else if (r.isTextual()) list.add(r.asText());
            else
                return ApiError.badRequest(
                        "roles is required: read, ingest, ingest:NAME or admin (a string, comma-separated, or an array)");
            roles = Roles.parse(String.join(",", list));
        } catch (JsonProcessingException e) {
            return ApiError.badRequest("the body is not JSON: " + e.getOriginalMessage());
        } catch (IllegalArgumentException e) {
            return ApiError.badRequest(e.getMessage());
        }
        try {
            String secret = tokens.registry().create(name, roles);
            ObjectNode answer = JSON.createObjectNode()
                    .put("name", name)
                    .put("roles", roles.toString())
                    .put("secret", secret);
            return Response.status(201).entity(answer.toString()).build();
        } catch (IllegalArgumentException e) {
            return ApiError.conflict(e.getMessage());
        }
    }

    @DELETE
    @Path("/{name}")
    public Response delete(@PathParam("name") String name) {
        try {
            if (tokens.registry().delete(name))
                return Response.ok(JSON.createObjectNode().put("deleted", name).toString())
                        .build();
            return ApiError.notFound("no stored token '" + name + "'");
        } catch (IllegalArgumentException e) {
            return ApiError.conflict(e.getMessage());
        }
    }
}
