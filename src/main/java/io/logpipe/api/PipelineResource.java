package io.logpipe.api;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.logpipe.queue.QueueRegistry;
import io.logpipe.queue.SinkQueue;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.Metrics;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.util.Map;
import java.util.TreeMap;

/**
 * {@code GET /api/v1/pipeline}: where every event is. Per listener what arrived, was refused or
 * dropped; per queued sink what it received (plus what was queued from before the last start),
 * delivered, retried, dead-lettered, dropped by reason and holds now, with the oldest event's age
 * and the last error; {@code balanced} checks received + recovered = delivered + dead-lettered +
 * dropped + queued.
 */
@Path("/api/v1/pipeline")
public class PipelineResource {
    private static final ObjectMapper JSON = new ObjectMapper();

    @GET
    @Produces(MediaType.APPLICATION_JSON)
    public String pipeline() {
        ObjectNode root = JSON.createObjectNode();
        root.set("listeners", listeners());
        ArrayNode sinks = root.putArray("sinks");
        for (SinkQueue q : QueueRegistry.all()) sinks.add(sink(q.status()));
        return root.toString();
    }

    static ObjectNode sink(SinkQueue.Status s) {
        ObjectNode n = JSON.createObjectNode();
        n.put("sink", s.sink());
        n.put("received", s.received());
        n.put("recovered", s.recovered());
        n.put("delivered", s.delivered());
        n.put("retried", s.retried());
        n.put("dead_lettered", s.deadLettered());
        ObjectNode dropped = n.putObject("dropped");
        s.dropped().forEach(dropped::put);
        n.put("queued", s.queued());
        n.put("dead_letters", s.deadLetters());
        n.put("oldest_age_ms", s.oldestAgeMs());
        n.put("last_error", s.lastError());
        n.put("last_error_at", s.lastErrorAt());
        n.put("balanced", s.balanced());
        return n;
    }

    /**
     * Listener counters by stage, read from the metrics registry (the listeners' own counters):
     * received, decoded by format, parse_errors (kept as raw events), routed, dropped and refused by
     * reason. Once a listener is quiet, received = routed + dropped.route_error.
     */
    static ArrayNode listeners() {
        Map<String, ObjectNode> byName = new TreeMap<>();
        for (Meter m : Metrics.globalRegistry.getMeters()) {
            double value;
            if (m instanceof Counter c) value = c.count();
            else if (m instanceof FunctionCounter fc) value = fc.count();
            else continue;
            String name = m.getId().getName();
            String listener = m.getId().getTag("listener");
            if (listener == null || !(name.startsWith("logpipe.listener.") || name.startsWith("logpipe.decoder.")))
                continue;
            ObjectNode n = byName.computeIfAbsent(listener, PipelineResource::emptyListener);
            long count = (long) value;
            switch (name) {
                case "logpipe.listener.received" -> n.put("received", count);
                case "logpipe.decoder.parsed" ->
                    ((ObjectNode) n.get("decoded")).put(m.getId().getTag("format"), count);
                case "logpipe.decoder.failed" -> n.put("parse_errors", count);
                case "logpipe.listener.routed" -> n.put("routed", count);
                case "logpipe.listener.dropped" ->
                    ((ObjectNode) n.get("dropped")).put(m.getId().getTag("reason"), count);
                case "logpipe.listener.refused" ->
                    ((ObjectNode) n.get("refused")).put(m.getId().getTag("reason"), count);
                case "logpipe.listener.connections.closed" ->
                    ((ObjectNode) n.get("closed")).put(m.getId().getTag("reason"), count);
                default -> {
                    /* bytes, oversize: in /q/metrics */
                }
            }
        }
        ArrayNode out = JSON.createArrayNode();
        byName.values().forEach(out::add);
        return out;
    }

    private static ObjectNode emptyListener(String name) {
        ObjectNode o = JSON.createObjectNode();
        o.put("listener", name);
        o.put("received", 0L);
        o.putObject("decoded");
        o.put("parse_errors", 0L);
        o.put("routed", 0L);
        o.putObject("dropped");
        o.putObject("refused");
        o.putObject("closed");
        return o;
    }
}
