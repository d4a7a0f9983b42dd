package io.logpipe.net;

import io.logpipe.codec.DecodeContext;
import io.logpipe.event.LogEvent;
import java.net.InetSocketAddress;
import java.util.List;
import org.apache.camel.Component;
import org.apache.camel.Consumer;
import org.apache.camel.Processor;
import org.apache.camel.Producer;
import org.apache.camel.support.DefaultEndpoint;

/**
 * A listener for a binary UDP protocol ({@code netflow:udp}, {@code snmptrap:udp}): the options they share
 * (every setter is a URI option documented in docs/sources.md or docs/sinks.md), and the protocol's decoding.
 */
public abstract class DatagramEndpoint extends DefaultEndpoint implements BoundListener {
    @Override
    public String transport() {
        return "UDP";
    }

    /** One listener's decoding state (templates, chunks); used on the listener's one I/O thread. */
    public interface Decoding {
        Decoded decode(byte[] datagram, InetSocketAddress sender, DecodeContext ctx, DatagramServer.Receiver drops);

        /** Once a second: expire held state, counting what it drops. */
        default void tick(long nowMillis, DatagramServer.Receiver drops) {}
    }

    /** A datagram's events, and what to answer once they are routed (an SNMP inform's Response), or null. */
    public record Decoded(List<LogEvent> events, byte[] reply) {
        public static Decoded of(List<LogEvent> events) {
            return new Decoded(events, null);
        }
    }

    private String host = "0.0.0.0";
    private Integer port;
    private String name;
    private String allowedSenders;

    protected DatagramEndpoint(String uri, Component component) {
        super(uri, component);
    }

    /** What the log calls the protocol. */
    protected abstract String protocolName();

    /** The format of its events (metrics label). */
    protected abstract String format();

    protected abstract int defaultPort();

    /** A new decoding state for a starting listener. */
    protected abstract Decoding newDecoding();

    public void validate(String remaining) {
        if (!"udp".equals(remaining == null ? "" : remaining.replace("/", "").strip())) {
            throw new IllegalArgumentException(
                    getEndpointUri().substring(0, getEndpointUri().indexOf(':')) + ": listens on UDP only; write it as "
                            + getEndpointUri().substring(0, getEndpointUri().indexOf(':')) + ":udp");
        }
        if (getPort() < 0 || getPort() > 65535)
            throw new IllegalArgumentException("port " + getPort() + " is out of range 0-65535");
        SenderAcl.parse(allowedSenders);
        newDecoding();
    }

    SenderAcl acl() {
        return SenderAcl.parse(allowedSenders);
    }

    @Override
    public Consumer createConsumer(Processor processor) throws Exception {
        DatagramConsumer c = new DatagramConsumer(this, processor);
        configureConsumer(c);
        return c;
    }

    @Override
    public Producer createProducer() {
        throw new UnsupportedOperationException(protocolName() + " is a listener; use it in 'from'");
    }

    public String getHost() {
        return host;
    }

    public void setHost(String host) {
        this.host = host;
    }

    public int getPort() {
        return port != null ? port : defaultPort();
    }

    public void setPort(int port) {
        this.port = port;
    }

    public String getName() {
        return name;
    }

    public void setName(String name) {
        this.name = name;
    }

    public String getAllowedSenders() {
        return allowedSenders;
    }

    public void setAllowedSenders(String allowedSenders) {
        this.allowedSenders = allowedSenders;
    }
}
