package io.logpipe.component.snmptrap;

import io.logpipe.codec.DecodeContext;
import io.logpipe.codec.snmp.SnmpTrapDecoder;
import io.logpipe.net.DatagramEndpoint;
import io.logpipe.net.DatagramServer;
import java.net.InetSocketAddress;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.camel.Endpoint;
import org.apache.camel.support.DefaultComponent;

/**
 * {@code snmptrap:udp?port=162}: SNMP v1 and v2c traps and informs (answered once the route took the event), one event
 * each ({@code format: snmptrap}, {@code host} the agent). {@code communities=public,ops} accepts only
 * traps of those communities; others are refused and counted ({@code refused{reason=community}}).
 * Default port 1162: 162 needs root.
 */
@org.apache.camel.spi.annotations.Component("snmptrap")
public class SnmpTrapComponent extends DefaultComponent {
    @Override
    protected Endpoint createEndpoint(String uri, String remaining, Map<String, Object> parameters) throws Exception {
        SnmpTrapEndpoint e = new SnmpTrapEndpoint(uri, this);
        setProperties(e, parameters);
        e.validate(remaining);
        return e;
    }

    public static final class SnmpTrapEndpoint extends DatagramEndpoint {
        private String communities;

        SnmpTrapEndpoint(String uri, SnmpTrapComponent component) {
            super(uri, component);
        }

        @Override
        protected String protocolName() {
            return "SNMP traps";
        }

        @Override
        protected String format() {
            return "snmptrap";
        }

        @Override
        protected int defaultPort() {
            return 1162;
        }

        @Override
        protected Decoding newDecoding() {
            Set<String> allowed = communities == null || communities.isBlank()
                    ? Set.of()
                    : Set.copyOf(Arrays.stream(communities.split(","))
                            .map(String::strip)
                            .filter(s -> !s.isEmpty())
                            .toList());
            return (d, sender, ctx, drops) -> decode(d, sender, ctx, drops, allowed);
        }

        private static Decoded decode(
                byte[] d,
                InetSocketAddress sender,
                DecodeContext ctx,
                DatagramServer.Receiver drops,
                Set<String> allowed) {
            SnmpTrapDecoder.Result r =
                    SnmpTrapDecoder.decode(d, sender.getAddress().getHostAddress(), ctx);
            if (!allowed.isEmpty()
                    && r.event().getFields() != null
                    && r.event().getFields().get("snmp") instanceof Map<?, ?> snmp
                    && !allowed.contains(String.valueOf(snmp.get("community")))) {
                drops.refused("community");
                return Decoded.of(List.of());
            }
            return new Decoded(List.of(r.event()), r.response());
        }

        public String getCommunities() {
            return communities;
        }

        public void setCommunities(String communities) {
            this.communities = communities;
        }
    }
}
