package io.logpipe.component.ingest;

import io.logpipe.codec.DecodeContext;
import io.logpipe.codec.FrameDecoder;
import io.logpipe.event.LogEvent;
import io.logpipe.event.Source;
import io.logpipe.metrics.ListenerMetrics;
import io.logpipe.queue.DurableQueue;
import io.logpipe.queue.Flushes;
import io.logpipe.queue.QueueRegistry;
import io.logpipe.queue.SinkQueue;
import io.logpipe.routing.EventDispatch;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.camel.Processor;
import org.apache.camel.support.DefaultConsumer;

/**
 * Runs each line of an ingest request through the route, synchronously, so the HTTP answer comes
 * after the route has handled every event. Lines that do not decode enter the route as raw events
 * (nothing is lost) and are reported back to the client with their line numbers.
 */
public class IngestConsumer extends DefaultConsumer {
    private static final Map<String, IngestConsumer> BY_NAME = new ConcurrentHashMap<>();

    /** What one request did: accepted lines, and the rejected ones with why. */
    /** {@code storageProblem} non-null: the request must be refused with 503 and sent again. */
    public record Result(
            int accepted, List<String> rejected, int routeErrors, int storageErrors, String storageProblem) {}

    private final IngestEndpoint endpoint;
    private String listener;
    private FrameDecoder decoder;
    private ListenerMetrics metrics;

    IngestConsumer(IngestEndpoint endpoint, Processor processor) {
        super(endpoint, processor);
        this.endpoint = endpoint;
    }

    /** The running consumer of {@code ingest:NAME}, or null. */
    public static IngestConsumer named(String name) {
        return BY_NAME.get(name);
    }

    public static Set<String> names() {
        return new TreeSet<>(BY_NAME.keySet());
    }

    /** Whether the token of this name may post here: any token with the role, unless the endpoint names its own. */
    public boolean admits(String tokenName) {
        return endpoint.tokenNames().isEmpty() || endpoint.tokenNames().contains(tokenName);
    }

    public String tokens() {
        return String.join(", ", endpoint.tokenNames());
    }

    @Override
    protected void doStart() throws Exception {
        super.doStart();
        listener = getRouteId() != null ? getRouteId() : "ingest-" + endpoint.name();
        decoder = endpoint.decoder();
        metrics = new ListenerMetrics(listener, endpoint.getFormat());
        IngestConsumer previous = BY_NAME.putIfAbsent(endpoint.name(), this);
        if (previous != null && previous != this)
            throw new IllegalStateException(
                    "ingest:" + endpoint.name() + " is already used by route " + previous.getRouteId());
    }

    @Override
    protected void doStop() throws Exception {
        BY_NAME.remove(endpoint.name(), this);
        super.doStop();
    }

    /** Decodes and routes every non-blank line of {@code body}; line numbers count from 1. */
    public Result ingest(String body, String senderIp, String peer) {
        String storage = QueueRegistry.storageProblem();
        if (storage != null) {
            // refused before reading: nothing of it is stored, the client sends it again later
            long lines = body.lines().filter(l -> !l.isBlank()).count();
            metrics.refused("storage").increment(lines);
            return new Result(
                    0,
                    List.of(),
                    0,
                    (int) lines,
                    "the sinks' storage cannot be written (" + storage + "); nothing of this request is acknowledged");
        }
        Source source = new Source(senderIp, 0, listener, peer);
        DecodeContext ctx = new DecodeContext(Instant.now(), source, ZoneOffset.UTC, endpoint.isKeepRaw());
        int accepted = 0;
        int routeErrors = 0;
        int storageErrors = 0;
        List<String> rejected = new ArrayList<>();
        List<LogEvent> events = new ArrayList<>();
        List<String> where = new ArrayList<>();
        if (decoder.format().equals("auditd")) {
            // the records of one serial (an audit.log posted whole) become one event, as auditd meant them
            metrics.received.increment(body.lines().filter(l -> !l.isBlank()).count());
            metrics.bytes.increment(body.length());
            for (LogEvent e : decoder.decode(body, ctx)) {
                events.add(e);
                where.add("record");
            }
        } else {
            String[] lines = body.split("\n", -1);
            for (int i = 0; i < lines.length; i++) {
                String line = lines[i];
                if (line.isBlank()) continue;
                metrics.received.increment();
                metrics.bytes.increment(line.length());
                events.add(decoder.decodeOne(line, ctx));
                where.add("line " + (i + 1));
            }
        }
        for (int i = 0; i < events.size(); i++) {
            LogEvent e = events.get(i);
            metrics.decoded(e.getFormat()).increment();
            if (e.getParseError() != null) rejected.add(where.get(i) + ": " + e.getParseError());
            else accepted++;
            Exception failure = metrics.routing(EventDispatch.route(this, e, SinkQueue.WhenStorageFails.REFUSE));
            if (failure != null) {
                routeErrors++;
                if (causedBy(failure, DurableQueue.StorageUnavailable.class)) storageErrors++;
            }
        }
        // queued events durable and files flushed before the HTTP answer; a disk that cannot take them is a 503
        boolean durable = Flushes.endOfBatch(false);
        return new Result(
                accepted,
                rejected,
                routeErrors,
                storageErrors,
                durable && storageErrors == 0
                        ? null
                        : "the sinks' storage cannot be written (disk full?); nothing of this request is acknowledged");
    }

    private static boolean causedBy(Throwable t, Class<? extends Throwable> type) {
        for (Throwable c = t; c != null; c = c.getCause()) if (type.isInstance(c)) return true;
        return false;
    }
}
