package io.logpipe.component.forward;

import io.logpipe.codec.encode.EventEncoder;
import io.logpipe.component.syslog.SyslogServer;
import io.logpipe.metrics.SinkMetrics;
import io.logpipe.net.TlsClientSettings;
import io.logpipe.queue.BatchSink;
import io.logpipe.queue.QueuedSinkEndpoint;
import java.io.IOException;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.apache.camel.Consumer;
import org.apache.camel.Endpoint;
import org.apache.camel.Processor;
import org.apache.camel.Producer;
import org.apache.camel.support.DefaultComponent;

/**
 * {@code forward:tcp?host=siem&port=514&format=rfc5424}: sends each event to an upstream syslog
 * server over UDP, TCP or RELP, optionally TLS, as RFC5424, RFC3164 or CEF. By default through a
 * durable queue (an outage upstream holds events on disk, retried until it is back); with
 * {@code queue=none} synchronously, where a failed send (after one reconnect) fails the exchange.
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

    public static class ForwardEndpoint extends QueuedSinkEndpoint {
        private final String transport;
        private String host;
        private int port = 514;
        private String format = "rfc5424";
        private String framing = "octet-counted";
        private boolean tls;
        private String caFile;
        private String certFile;
        private String keyFile;
        private String permittedPeers;
        private String queue = "durable";
        private int timeoutMs = SyslogSender.DEFAULT_TIMEOUT_MS;

        ForwardEndpoint(String uri, ForwardComponent component, String transport) {
            super(uri, component, "forward:", 100, 10_000);
            this.transport = transport;
        }

        void check() {
            if (!"tcp".equals(transport) && !"udp".equals(transport) && !"relp".equals(transport)) {
                throw new IllegalArgumentException(
                        "forward: use forward:tcp, forward:udp or forward:relp, not forward:" + transport);
            }
            if (host == null || host.isBlank()) throw new IllegalArgumentException("forward: needs host=...");
            if (port < 1 || port > 65535) throw new IllegalArgumentException("forward: port must be 1-65535");
            EventEncoder.of(format);
            framing();
            tlsSettings();
            if (timeoutMs < 100) throw new IllegalArgumentException("forward: timeoutMs must be at least 100");
            if (!queue.equals("durable") && !queue.equals("none"))
                throw new IllegalArgumentException("forward: queue must be durable or none, not '" + queue + "'");
            checkQueueOptions();
        }

        @Override
        public String sinkName() {
            return "forward:" + transport + (tls ? "+tls" : "") + "://" + host + ":" + port;
        }

        SyslogSender newSender() throws IOException {
            return new SyslogSender(protocol(), host, port, framing(), tlsSettings(), timeoutMs);
        }

        @Override
        protected BatchSink newBatchSink() throws IOException {
            return new ForwardBatchSink(newSender(), EventEncoder.of(format));
        }

        /** TLS settings when tls=true; null otherwise. */
        TlsClientSettings tlsSettings() {
            if (!tls) {
                if (caFile != null || certFile != null || keyFile != null || permittedPeers != null) {
                    throw new IllegalArgumentException(
                            "forward: caFile, certFile, keyFile and permittedPeers need tls=true");
                }
                return null;
            }
            if ("udp".equals(transport))
                throw new IllegalArgumentException("forward: tls=true needs forward:tcp or forward:relp");
            if ((certFile == null) != (keyFile == null))
                throw new IllegalArgumentException(
                        "forward: certFile and keyFile go together (our client certificate)");
            List<String> peers = permittedPeers == null
                    ? List.of()
                    : Arrays.stream(permittedPeers.split(","))
                            .map(String::strip)
                            .filter(x -> !x.isEmpty())
                            .toList();
            return new TlsClientSettings(caFile, certFile, keyFile, peers);
        }

        private SyslogServer.Protocol protocol() {
            return switch (transport) {
                case "udp" -> SyslogServer.Protocol.UDP;
                case "relp" -> SyslogServer.Protocol.RELP;
                default -> SyslogServer.Protocol.TCP;
            };
        }

        SyslogSender.Framing framing() {
            return switch (framing) {
                case "octet-counted" -> SyslogSender.Framing.OCTET_COUNTED;
                case "lf" -> SyslogSender.Framing.LF;
                default ->
                    throw new IllegalArgumentException(
                            "forward: framing must be octet-counted or lf, not '" + framing + "'");
            };
        }

        @Override
        public Producer createProducer() throws IOException {
            return queue.equals("durable")
                    ? queuedProducer()
                    : new DirectForwardProducer(this, new SinkMetrics(sinkName()));
        }

        @Override
        public Consumer createConsumer(Processor processor) {
            throw new UnsupportedOperationException("forward: is a sink; use it in 'to'");
        }

        public String getHost() {
            return host;
        }

        public void setHost(String host) {
            this.host = host;
        }

        public int getPort() {
            return port;
        }

        public void setPort(int port) {
            this.port = port;
        }

        public String getFormat() {
            return format;
        }

        public void setFormat(String format) {
            this.format = format;
        }

        public boolean isTls() {
            return tls;
        }

        public void setTls(boolean tls) {
            this.tls = tls;
        }

        public String getCaFile() {
            return caFile;
        }

        public void setCaFile(String caFile) {
            this.caFile = caFile;
        }

        public String getCertFile() {
            return certFile;
        }

        public void setCertFile(String certFile) {
            this.certFile = certFile;
        }

        public String getKeyFile() {
            return keyFile;
        }

        public void setKeyFile(String keyFile) {
            this.keyFile = keyFile;
        }

        public String getPermittedPeers() {
            return permittedPeers;
        }

        public void setPermittedPeers(String permittedPeers) {
            this.permittedPeers = permittedPeers;
        }

        public int getTimeoutMs() {
            return timeoutMs;
        }

        public void setTimeoutMs(int timeoutMs) {
            this.timeoutMs = timeoutMs;
        }

        public String getQueue() {
            return queue;
        }

        public void setQueue(String queue) {
            this.queue = queue;
        }

        public String getFraming() {
            return framing;
        }

        public void setFraming(String framing) {
            this.framing = framing;
        }
    }
}
