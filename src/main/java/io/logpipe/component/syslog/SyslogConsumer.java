package io.logpipe.component.syslog;

import io.logpipe.codec.DecodeContext;
import io.logpipe.codec.FrameDecoder;
import io.logpipe.codec.auditd.AuditAssembler;
import io.logpipe.event.LogEvent;
import io.logpipe.event.Source;
import io.logpipe.metrics.ListenerMetrics;
import io.logpipe.net.MessageReceiver;
import io.logpipe.queue.Flushes;
import io.logpipe.routing.EventDispatch;
import io.logpipe.routing.RouteErrorLog;
import java.time.Instant;
import java.time.ZoneId;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import org.apache.camel.Processor;
import org.apache.camel.support.DefaultConsumer;

/**
 * Decodes each frame on the Netty thread that read it and runs the route synchronously, one
 * exchange per event: no hand-off between threads, and a slow route slows the reader down
 * (TCP back-pressure) rather than piling events up in memory.
 */
public class SyslogConsumer extends DefaultConsumer implements MessageReceiver {

    private final SyslogEndpoint endpoint;
    private final FrameDecoder decoder;
    private final ZoneId zone;
    private ListenerMetrics metrics;
    private SyslogServer server;
    private final RouteErrorLog routeErrors = new RouteErrorLog();
    /** per I/O thread: receive and endOfBatch of one read run on the thread that read it */
    private final ThreadLocal<AuditAssembler> audit = ThreadLocal.withInitial(AuditAssembler::new);

    public SyslogConsumer(SyslogEndpoint endpoint, Processor processor) {
        super(endpoint, processor);
        this.endpoint = endpoint;
        this.decoder = endpoint.decoder();
        this.zone = endpoint.zone();
    }

    private String listenerName() {
        if (endpoint.getName() != null) return endpoint.getName();
        return getRouteId() != null
                ? getRouteId()
                : "syslog-" + endpoint.getProtocol().name().toLowerCase(Locale.ROOT);
    }

    @Override
    protected void doStart() throws Exception {
        super.doStart();
        String name = listenerName();
        metrics = new ListenerMetrics(name, decoder.format());
        server = new SyslogServer(
                endpoint.getProtocol(),
                endpoint.getHost(),
                endpoint.getPort(),
                endpoint.getMaxFrameSize(),
                name,
                this,
                endpoint.limits());
        if (endpoint.tlsSettings() != null) server.withTls(endpoint.tlsSettings());
        server.withConnectionLimits(endpoint.connectionLimits());
        if (endpoint.getProtocol() == SyslogServer.Protocol.UDP) server.withUdpReaders(endpoint.getUdpReaders());
        if (endpoint.isRouteThreads()) server.withRouteThreads();
        if (decoder.format().equals("gelf") && endpoint.getProtocol() == SyslogServer.Protocol.UDP)
            server.withGelfDatagrams();
        server.start();
    }

    @Override
    protected void doStop() throws Exception {
        if (server != null) server.stop();
        Flushes.flushAll();
        super.doStop();
    }

    public int boundPort() {
        return server.boundPort();
    }

    @Override
    public boolean receive(String text, int originalLength, boolean truncated, Source source) {
        metrics.received.increment();
        metrics.bytes.increment(originalLength);
        LogEvent event = decoder.decodeOne(text, new DecodeContext(Instant.now(), source, zone, endpoint.isKeepRaw()));
        if (truncated) {
            metrics.oversize.increment();
            flagTruncated(event, originalLength);
        }
        metrics.decoded(event.getFormat()).increment();
        // audit records one per message become one event per serial, within what one read brought (not on RELP,
        // which acknowledges each message as it is routed)
        if (endpoint.getProtocol() != SyslogServer.Protocol.RELP && audit.get().offer(event, this::route)) return true;
        return route(event);
    }

    private boolean route(LogEvent event) {
        Exception failure =
                metrics.routing(EventDispatch.route(this, event, endpoint.getProtocol() == SyslogServer.Protocol.UDP));
        if (failure != null) {
            routeErrors.failed(listenerName(), failure);
            return false;
        }
        return true;
    }

    /** The oversize rule: keep the first maxFrameSize bytes, and say so in the event. */
    private static void flagTruncated(LogEvent event, int originalLength) {
        Map<String, Object> fields = event.getFields();
        if (fields == null) event.setFields(fields = new HashMap<>());
        fields.put("truncated", true);
        fields.put("original_length", originalLength);
    }

    @Override
    public void refused(String reason) {
        metrics.refused(reason).increment();
    }

    @Override
    public void closed(String reason) {
        metrics.closed(reason).increment();
    }

    @Override
    public void dropped(String reason, long n) {
        metrics.dropped(reason).increment(n);
    }

    @Override
    public void endOfBatch() {
        endOfBatchDurable();
    }

    /**
     * UDP never waits for storage (its drops are counted); TCP and RELP hold their senders until
     * queued events are durable, or until this listener is stopped (then nothing is acknowledged).
     */
    @Override
    public boolean endOfBatchDurable() {
        AuditAssembler held = audit.get();
        if (!held.isEmpty()) held.flush(this::route);
        boolean stream = endpoint.getProtocol() != SyslogServer.Protocol.UDP;
        return Flushes.endOfBatch(() -> stream && isRunAllowed());
    }
}
