package io.logpipe.api;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.logpipe.access.HostRegistry;
import io.logpipe.alert.AlertRule;
import io.logpipe.component.alerts.AlertService;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * {@code GET /api/v1/hosts[?state=silent|ok]}: every host seen, with when it was last heard, from
 * where, how many events and how many in the last five minutes, and whether a silence rule holds it
 * silent (hosts of a rule's inventory that never sent anything are listed too).
 */
@Path("/api/v1/hosts")
public class HostsResource {
    private static final ObjectMapper JSON = new ObjectMapper();

    @GET
    @Produces(MediaType.APPLICATION_JSON)
    public Response hosts(@QueryParam("state") String state) {
        if (state != null && !state.equals("silent") && !state.equals("ok"))
            return ApiError.badRequest("state must be silent or ok, not '" + state + "'");
        Map<String, Set<String>> silentBy = silentHosts();
        Map<String, HostRegistry.Host> seen = new TreeMap<>();
        for (HostRegistry.Host h : HostRegistry.INSTANCE.list()) seen.put(h.name(), h);
        Set<String> names = new TreeSet<>(seen.keySet());
        names.addAll(silentBy.keySet());
        ObjectNode root = JSON.createObjectNode();
        ArrayNode items = root.putArray("hosts");
        for (String name : names) {
            Set<String> rules = silentBy.getOrDefault(name, Set.of());
            String s = rules.isEmpty() ? "ok" : "silent";
            if (state != null && !state.equals(s)) continue;
            HostRegistry.Host h = seen.get(name);
            ObjectNode n = items.addObject();
            n.put("host", name);
            n.put("state", s);
            if (!rules.isEmpty()) n.putPOJO("silent_rules", List.copyOf(rules));
            n.put(
                    "last_seen",
                    h == null ? null : Instant.ofEpochMilli(h.lastSeenMillis()).toString());
            n.put("last_ip", h == null ? null : h.lastIp());
            n.put("last_listener", h == null ? null : h.lastListener());
            n.put("events", h == null ? 0 : h.total());
            n.put("events_last_5m", h == null ? 0 : h.lastFiveMinutes());
        }
        root.put("count", items.size());
        if (HostRegistry.INSTANCE.overflow() > 0) root.put("untracked_events", HostRegistry.INSTANCE.overflow());
        return Response.ok(root.toString()).build();
    }

    /** host -> the host-grouped silence rules that hold it silent. */
    private static Map<String, Set<String>> silentHosts() {
        Map<String, Set<String>> out = new TreeMap<>();
        AlertService alerts = AlertService.current();
        if (alerts == null) return out;
        Map<String, Set<String>> byRule = alerts.silentByRule();
        for (AlertRule r : alerts.rules()) {
            if (r.type() != AlertRule.Type.SILENCE || !"host".equals(r.groupBy())) continue;
            for (String host : byRule.getOrDefault(r.id(), Set.of()))
                out.computeIfAbsent(host, k -> new TreeSet<>()).add(r.id());
        }
        return out;
    }
}
