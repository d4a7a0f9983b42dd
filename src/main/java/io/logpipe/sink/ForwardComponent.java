package io.logpipe.sink;

import io.logpipe.codec.encode.EventEncoder;
import io.logpipe.event.LogEvent;
import io.logpipe.metrics.SinkMetrics;
import io.logpipe.transport.SyslogSender;
import io.logpipe.transport.SyslogServer;
import java.io.IOException;
import java.util.Map;
import org.apache.camel.Consumer;
import org.apache.camel.Endpoint;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;
import org.apache.camel.Producer;
import org.apache.camel.support.DefaultComponent;
import org.apache.camel.support.DefaultEndpoint;
import org.apache.camel.support.DefaultProducer;

/**
 * {@code forward:tcp?host=siem&port=514&format=rfc5424}: sends each event to an upstream syslog
 * server over UDP or TCP as RFC5424, RFC3164 or CEF, synchronously, so the copy leaves before the
 * route goes on. A failed send (after one reconnect) is counted and fails the exchange.
 */
@org.apache.camel.spi.annotations.Component("forward")
public class ForwardComponent extends DefaultComponent {
    @Override
    protected Endpoint createEndpoint(String uri, String remaining, Map<String, Object> parameters) throws Exception {
        ForwardEndpoint e = new ForwardEndpoint(uri, this, remaining);
        setProperties(e, parameters);
        e.check();
        return e;
    }

    public static class ForwardEndpoint extends DefaultEndpoint {
        private final String transport;
        private String host;
        private int port = 514;
        private String format = "rfc5424";
        private String framing = "octet-counted";

        ForwardEndpoint(String uri, ForwardComponent component, String transport) {
            super(uri, component);
            this.transport = transport;
        }

        void check() {
            if (!"tcp".equals(transport) && !"udp".equals(transport)) throw new IllegalArgumentException("forward: use forward:tcp or forward:udp, not forward:" + transport);
            if (host == null || host.isBlank()) throw new IllegalArgumentException("forward: needs host=...");
            if (port < 1 || port > 65535) throw new IllegalArgumentException("forward: port must be 1-65535");
            EventEncoder.of(format);
            framing();
        }

        SyslogSender.Framing framing() {
            return switch (framing) {
                case "octet-counted" -> SyslogSender.Framing.OCTET_COUNTED;
                case "lf" -> SyslogSender.Framing.LF;
                default -> throw new IllegalArgumentException("forward: framing must be octet-counted or lf, not '" + framing + "'");
            };
        }

        @Override
        public Producer createProducer() {
            SyslogServer.Protocol protocol = "udp".equals(transport) ? SyslogServer.Protocol.UDP : SyslogServer.Protocol.TCP;
            SyslogSender sender = new SyslogSender(protocol, host, port, framing());
            EventEncoder encoder = EventEncoder.of(format);
            SinkMetrics metrics = new SinkMetrics("forward:" + transport + "://" + host + ":" + port);
            return new DefaultProducer(this) {
                @Override
                public void process(Exchange exchange) throws IOException {
                    Object body = exchange.getMessage().getBody();
                    if (!(body instanceof LogEvent e)) {
                        metrics.dropped("not_an_event").increment();
                        throw new IllegalArgumentException("forward: body is not a LogEvent");
                    }
                    try {
                        sender.send(encoder.encode(e));
                        metrics.delivered.increment();
                    } catch (IOException ex) {
                        metrics.dropped("io_error").increment();
                        throw ex;
                    }
                }

                @Override
                protected void doStop() throws Exception {
                    sender.close();
                    super.doStop();
                }
            };
        }

        @Override
        public Consumer createConsumer(Processor processor) {
            throw new UnsupportedOperationException("forward: is a sink; use it in 'to'");
        }

        public String getHost() { return host; }
        public void setHost(String host) { this.host = host; }
        public int getPort() { return port; }
        public void setPort(int port) { this.port = port; }
        public String getFormat() { return format; }
        public void setFormat(String format) { this.format = format; }
        public String getFraming() { return framing; }
        public void setFraming(String framing) { this.framing = framing; }
    }
}
