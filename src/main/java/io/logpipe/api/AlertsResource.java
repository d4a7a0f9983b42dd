package io.logpipe.api;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.logpipe.alert.AlertJson;
import io.logpipe.alert.AlertRule;
import io.logpipe.component.alerts.AlertService;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * {@code GET /api/v1/alerts}: stored alerts, newest first. {@code rule}, {@code state}
 * (firing, recovered), {@code before} (an id, for the next page), {@code limit} (1..1000, 100).
 * The answer also says whether the last edit of the rule files was refused, and why.
 */
@Path("/api/v1/alerts")
public class AlertsResource {
    @GET
    @Produces(MediaType.APPLICATION_JSON)
    public Response list(
            @QueryParam("rule") String rule,
            @QueryParam("state") String state,
            @QueryParam("before") Long before,
            @QueryParam("limit") Integer limit) {
        int max = limit == null ? 100 : limit;
        if (max < 1 || max > 1000) return ApiError.badRequest("limit must be 1..1000");
        if (state != null && !Set.of("firing", "recovered").contains(state))
            return ApiError.badRequest("state must be firing or recovered");
        AlertService s = AlertService.current();
        List<String> items = s == null ? List.of() : s.store().list(rule, state, before, max);
        StringBuilder sb = new StringBuilder("{\"alerts\":[");
        sb.append(String.join(",", items)).append("],\"count\":").append(items.size());
        String error = s == null ? null : s.lastReloadError();
        sb.append(",\"rules_error\":");
        AlertJson.nullable(sb, error);
        return Response.ok(sb.append('}').toString()).build();
    }

    /** {@code GET /api/v1/alerts/rules}: the rules in force, where each is written, and what a silence rule holds silent now. */
    @GET
    @jakarta.ws.rs.Path("/rules")
    @Produces(MediaType.APPLICATION_JSON)
    public Response rules() {
        AlertService s = AlertService.current();
        ObjectNode root = new ObjectMapper().createObjectNode();
        ArrayNode items = root.putArray("rules");
        if (s != null) {
            Map<String, Set<String>> silent = s.silentByRule();
            for (AlertRule r : s.rules()) {
                ObjectNode n = items.addObject();
                n.put("id", r.id());
                n.put("type", r.type().name().toLowerCase(Locale.ROOT));
                n.put("group_by", r.groupBy());
                n.put("window", r.window() == null ? null : r.window().toString());
                n.putPOJO("notify", r.notifyIds());
                n.put("where", r.where());
                ArrayNode quiet = n.putArray("silent");
                silent.getOrDefault(r.id(), Set.of()).forEach(quiet::add);
            }
        }
        root.put("rules_error", s == null ? null : s.lastReloadError());
        return Response.ok(root.toString()).build();
    }
}
