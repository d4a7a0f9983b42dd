package io.logpipe.net;

import io.logpipe.codec.DecodeContext;
import io.logpipe.event.LogEvent;
import io.logpipe.event.Source;
import io.logpipe.metrics.ListenerMetrics;
import io.logpipe.queue.Flushes;
import io.logpipe.routing.EventDispatch;
import io.logpipe.routing.RouteErrorLog;
import java.net.InetSocketAddress;
import java.time.Instant;
import java.time.ZoneId;
import org.apache.camel.Processor;
import org.apache.camel.support.DefaultConsumer;

/**
 * Decodes each datagram on the listener's I/O thread and runs the route for each event it gives, as
 * the syslog UDP listener does: UDP cannot wait, so a full sink queue drops (and counts) rather than blocks.
 */
final class DatagramConsumer extends DefaultConsumer implements DatagramServer.Receiver {
    private final DatagramEndpoint endpoint;
    private DatagramEndpoint.Decoding decoding;
    private ListenerMetrics metrics;
    private DatagramServer server;
    private final RouteErrorLog routeErrors = new RouteErrorLog();

    DatagramConsumer(DatagramEndpoint endpoint, Processor processor) {
        super(endpoint, processor);
        this.endpoint = endpoint;
    }

    private String listenerName() {
        if (endpoint.getName() != null) return endpoint.getName();
        return getRouteId() != null ? getRouteId() : endpoint.format();
    }

    @Override
    protected void doStart() throws Exception {
        super.doStart();
        String name = listenerName();
        metrics = new ListenerMetrics(name, endpoint.format());
        decoding = endpoint.newDecoding();
        server = new DatagramServer(
                endpoint.protocolName(), endpoint.getHost(), endpoint.getPort(), name, endpoint.acl(), this);
        server.start();
    }

    @Override
    protected void doStop() throws Exception {
        if (server != null) server.stop();
        Flushes.flushAll();
        super.doStop();
    }

    int boundPort() {
        return server.boundPort();
    }

    @Override
    public void receive(byte[] datagram, InetSocketAddress sender, DatagramServer.Reply reply) {
        metrics.received.increment();
        metrics.bytes.increment(datagram.length);
        Source source = new Source(sender.getAddress().getHostAddress(), sender.getPort(), listenerName(), null);
        DecodeContext ctx = new DecodeContext(Instant.now(), source, ZoneId.of("UTC"), false);
        DatagramEndpoint.Decoded decoded = decoding.decode(datagram, sender, ctx, this);
        boolean routed = true;
        for (LogEvent e : decoded.events()) {
            metrics.decoded(e.getFormat()).increment();
            Exception failure = metrics.routing(EventDispatch.route(this, e, true));
            if (failure != null) {
                routed = false;
                routeErrors.failed(listenerName(), failure);
            }
        }
        if (decoded.reply() != null && routed)
            reply.send(decoded.reply()); // an inform is answered only once its event went through
    }

    @Override
    public void endOfBatch() {
        Flushes.endOfBatch(false);
    }

    @Override
    public void tick() {
        decoding.tick(System.currentTimeMillis(), this);
    }

    @Override
    public void refused(String reason) {
        metrics.refused(reason).increment();
    }

    @Override
    public void dropped(String reason, long n) {
        metrics.dropped(reason).increment(n);
    }
}
