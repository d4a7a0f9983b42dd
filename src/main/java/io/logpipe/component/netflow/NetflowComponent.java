package io.logpipe.component.netflow;

import io.logpipe.codec.DecodeContext;
import io.logpipe.codec.netflow.NetflowDecoder;
import io.logpipe.net.DatagramEndpoint;
import io.logpipe.net.DatagramServer;
import java.net.InetSocketAddress;
import java.util.Map;
import org.apache.camel.Endpoint;
import org.apache.camel.support.DefaultComponent;

/**
 * {@code netflow:udp?port=2055}: NetFlow v5, v9 and IPFIX from routers and probes, one event per flow
 * record ({@code format: netflow}, {@code host} the exporter). Options besides host, port, name and
 * allowedSenders: {@code templateWaitMs} (how long data waits for its v9/IPFIX template, default 10000)
 * and {@code maxWaitingSets} (default 10000; beyond, the oldest is dropped as {@code netflow_no_template}).
 */
@org.apache.camel.spi.annotations.Component("netflow")
public class NetflowComponent extends DefaultComponent {
    @Override
    protected Endpoint createEndpoint(String uri, String remaining, Map<String, Object> parameters) throws Exception {
        NetflowEndpoint e = new NetflowEndpoint(uri, this);
        setProperties(e, parameters);
        e.validate(remaining);
        return e;
    }

    public static final class NetflowEndpoint extends DatagramEndpoint {
        private long templateWaitMs = 10_000;
        private int maxWaitingSets = 10_000;

        NetflowEndpoint(String uri, NetflowComponent component) {
            super(uri, component);
        }

        @Override
        protected String protocolName() {
            return "NetFlow/IPFIX";
        }

        @Override
        protected String format() {
            return "netflow";
        }

        @Override
        protected int defaultPort() {
            return 2055;
        }

        @Override
        protected Decoding newDecoding() {
            if (templateWaitMs < 0 || maxWaitingSets < 0)
                throw new IllegalArgumentException("templateWaitMs and maxWaitingSets must not be negative");
            NetflowDecoder decoder = new NetflowDecoder(templateWaitMs, maxWaitingSets);
            return new Decoding() {
                @Override
                public Decoded decode(
                        byte[] d, InetSocketAddress sender, DecodeContext ctx, DatagramServer.Receiver drops) {
                    return Decoded.of(decoder.decode(d, sender.getAddress().getHostAddress(), ctx, drops::dropped));
                }

                @Override
                public void tick(long nowMillis, DatagramServer.Receiver drops) {
                    decoder.expire(nowMillis, drops::dropped);
                }
            };
        }

        public long getTemplateWaitMs() {
            return templateWaitMs;
        }

        public void setTemplateWaitMs(long templateWaitMs) {
            this.templateWaitMs = templateWaitMs;
        }

        public int getMaxWaitingSets() {
            return maxWaitingSets;
        }

        public void setMaxWaitingSets(int maxWaitingSets) {
            this.maxWaitingSets = maxWaitingSets;
        }
    }
}
