package io.logpipe.component.syslog;

import io.logpipe.codec.Decoders;
import io.logpipe.codec.FrameDecoder;
import io.logpipe.net.BoundListener;
import io.logpipe.net.ListenerLimits;
import io.logpipe.net.SenderAcl;
import io.logpipe.net.TlsSettings;
import java.time.ZoneId;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import org.apache.camel.Component;
import org.apache.camel.Consumer;
import org.apache.camel.Processor;
import org.apache.camel.Producer;
import org.apache.camel.support.DefaultEndpoint;

/** Options of a syslog listener; every setter here is a URI option documented in docs/sources.md or docs/sinks.md. */
public class SyslogEndpoint extends DefaultEndpoint implements BoundListener {
    @Override
    public String transport() {
        return protocol == SyslogServer.Protocol.UDP ? "UDP" : "TCP";
    }

    private final SyslogServer.Protocol protocol;
    private String host = "0.0.0.0";
    private Integer port; // default by transport: see getPort()
    private String format = "auto";
    private int maxFrameSize = 65536;
    private boolean keepRaw;
    private String timezone;
    private String name;
    private String allowedSenders;
    private double rateLimit;
    private double rateLimitBurst;
    private double listenerRateLimit;
    private double listenerRateLimitBurst;
    private String rateLimitMode = "auto";
    private boolean tls;
    private String certFile;
    private String keyFile;
    private String caFile;
    private String clientAuth;
    private String permittedPeers;
    private int maxConnections = ConnectionLimits.DEFAULT_MAX_CONNECTIONS;
    /** UDP: sockets on the port (SO_REUSEPORT), each with its reader thread and route thread */
    private int udpReaders = 1;

    private boolean routeThreads;
    private long idleTimeoutMs;

    /** the port when none is given, for a listener scheme other than syslog: (gelf: 12201); null: syslog's defaults */
    private Integer defaultPort;

    SyslogEndpoint(String uri, Component component, SyslogServer.Protocol protocol) {
        super(uri, component);
        this.protocol = protocol;
    }

    /** A listener of another scheme on the same machinery: its own format and default port. */
    public SyslogEndpoint(
            String uri, Component component, SyslogServer.Protocol protocol, String format, int defaultPort) {
        this(uri, component, protocol);
        this.format = format;
        this.defaultPort = defaultPort;
    }

    public static SyslogServer.Protocol protocol(String remaining) {
        String p = remaining == null ? "" : remaining.replace("/", "").trim().toUpperCase(Locale.ROOT);
        try {
            return SyslogServer.Protocol.valueOf(p);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(
                    "syslog listener protocol must be tcp, udp or relp, not '" + remaining + "'");
        }
    }

    public void validate() {
        int port = getPort();
        if (port < 0 || port > 65535) throw new IllegalArgumentException("port " + port + " is out of range 0-65535");
        if (maxFrameSize < 64 || maxFrameSize > 16 << 20)
            throw new IllegalArgumentException("maxFrameSize must be between 64 bytes and 16 MiB");
        decoder();
        zone();
        limits();
        tlsSettings();
        connectionLimits();
    }

    /** A new decoder for this listener's format (route tests decode their input lines with it too). */
    public FrameDecoder decoder() {
        FrameDecoder d = Decoders.frameDecoder(format);
        if (d == null)
            throw new IllegalArgumentException(
                    "format must be one of " + String.join(", ", Decoders.NAMES) + ", not '" + format + "'");
        return d;
    }

    /** The zone for timestamps that carry none. */
    public ZoneId zone() {
        return timezone == null || timezone.isBlank() ? ZoneId.systemDefault() : ZoneId.of(timezone);
    }

    @Override
    public Producer createProducer() {
        throw new UnsupportedOperationException(
                "syslog: is a listener; use it in 'from'. To send syslog, use a forwarding sink");
    }

    @Override
    public Consumer createConsumer(Processor processor) throws Exception {
        SyslogConsumer consumer = new SyslogConsumer(this, processor);
        configureConsumer(consumer);
        return consumer;
    }

    /** The sender ACL and rate limits; over the limit UDP drops, TCP stops reading (rateLimitMode=auto). */
    ListenerLimits limits() {
        if (rateLimit < 0 || listenerRateLimit < 0 || rateLimitBurst < 0 || listenerRateLimitBurst < 0) {
            throw new IllegalArgumentException("rate limits must not be negative (0 = no limit)");
        }
        boolean backpressure = switch (rateLimitMode) {
            case "auto" -> protocol != SyslogServer.Protocol.UDP;
            case "backpressure" -> {
                if (protocol == SyslogServer.Protocol.UDP)
                    throw new IllegalArgumentException("rateLimitMode=backpressure needs TCP: UDP can only drop");
                yield true;
            }
            case "drop" -> {
                if (protocol == SyslogServer.Protocol.RELP)
                    throw new IllegalArgumentException(
                            "rateLimitMode=drop does not fit RELP, which acknowledges every message: it can only slow the sender down (backpressure)");
                yield false;
            }
            default ->
                throw new IllegalArgumentException(
                        "rateLimitMode must be auto, drop or backpressure, not '" + rateLimitMode + "'");
        };
        return new ListenerLimits(
                SenderAcl.parse(allowedSenders),
                rateLimit,
                rateLimitBurst,
                listenerRateLimit,
                listenerRateLimitBurst,
                backpressure);
    }

    /** Connection bounds (TCP, TLS, RELP); UDP has no connections to bound. */
    ConnectionLimits connectionLimits() {
        return new ConnectionLimits(maxConnections, idleTimeoutMs);
    }

    /** TLS settings when {@code tls=true}; null otherwise. The files are read when the listener starts. */
    TlsSettings tlsSettings() {
        if (!tls) return null;
        if (protocol == SyslogServer.Protocol.UDP)
            throw new IllegalArgumentException("tls=true needs syslog:tcp or syslog:relp");
        if (certFile == null || keyFile == null)
            throw new IllegalArgumentException("tls=true needs certFile and keyFile (PEM)");
        String auth = clientAuth != null ? clientAuth : caFile != null ? "required" : "none";
        TlsSettings.ClientAuth mode = switch (auth) {
            case "none" -> TlsSettings.ClientAuth.NONE;
            case "optional" -> TlsSettings.ClientAuth.OPTIONAL;
            case "required" -> TlsSettings.ClientAuth.REQUIRED;
            default ->
                throw new IllegalArgumentException("clientAuth must be none, optional or required, not '" + auth + "'");
        };
        if (mode != TlsSettings.ClientAuth.NONE && caFile == null)
            throw new IllegalArgumentException(
                    "clientAuth=" + auth + " needs caFile, the CA that signs client certificates");
        List<String> peers = permittedPeers == null
                ? List.of()
                : Arrays.stream(permittedPeers.split(","))
                        .map(String::strip)
                        .filter(x -> !x.isEmpty())
                        .toList();
        return new TlsSettings(certFile, keyFile, caFile, mode, peers);
    }

    public SyslogServer.Protocol getProtocol() {
        return protocol;
    }

    public boolean isTls() {
        return tls;
    }

    public void setTls(boolean tls) {
        this.tls = tls;
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

    public String getCaFile() {
        return caFile;
    }

    public void setCaFile(String caFile) {
        this.caFile = caFile;
    }

    public String getClientAuth() {
        return clientAuth;
    }

    public void setClientAuth(String clientAuth) {
        this.clientAuth = clientAuth;
    }

    public String getPermittedPeers() {
        return permittedPeers;
    }

    public void setPermittedPeers(String permittedPeers) {
        this.permittedPeers = permittedPeers;
    }

    public String getAllowedSenders() {
        return allowedSenders;
    }

    public void setAllowedSenders(String allowedSenders) {
        this.allowedSenders = allowedSenders;
    }

    public double getRateLimit() {
        return rateLimit;
    }

    public void setRateLimit(double rateLimit) {
        this.rateLimit = rateLimit;
    }

    public double getRateLimitBurst() {
        return rateLimitBurst;
    }

    public void setRateLimitBurst(double rateLimitBurst) {
        this.rateLimitBurst = rateLimitBurst;
    }

    public double getListenerRateLimit() {
        return listenerRateLimit;
    }

    public void setListenerRateLimit(double listenerRateLimit) {
        this.listenerRateLimit = listenerRateLimit;
    }

    public double getListenerRateLimitBurst() {
        return listenerRateLimitBurst;
    }

    public void setListenerRateLimitBurst(double listenerRateLimitBurst) {
        this.listenerRateLimitBurst = listenerRateLimitBurst;
    }

    public String getRateLimitMode() {
        return rateLimitMode;
    }

    public void setRateLimitMode(String rateLimitMode) {
        this.rateLimitMode = rateLimitMode;
    }

    public String getHost() {
        return host;
    }

    public void setHost(String host) {
        this.host = host;
    }
    /** Unset: 2514 for RELP (rsyslog's imrelp examples), 6514 for TLS (RFC5425), 5514 otherwise (unprivileged 514). */
    public int getPort() {
        if (port != null) return port;
        if (defaultPort != null) return defaultPort;
        if (protocol == SyslogServer.Protocol.RELP) return 2514;
        return tls ? 6514 : 5514;
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

    public int getMaxFrameSize() {
        return maxFrameSize;
    }

    public void setMaxFrameSize(int maxFrameSize) {
        this.maxFrameSize = maxFrameSize;
    }

    public boolean isKeepRaw() {
        return keepRaw;
    }

    public void setKeepRaw(boolean keepRaw) {
        this.keepRaw = keepRaw;
    }

    public String getTimezone() {
        return timezone;
    }

    public void setTimezone(String timezone) {
        this.timezone = timezone;
    }

    public String getName() {
        return name;
    }
    /** TCP and TLS: route each connection on a route thread of the listener, not on the thread that reads it. */
    public boolean isRouteThreads() {
        return routeThreads;
    }

    public void setRouteThreads(boolean routeThreads) {
        this.routeThreads = routeThreads;
    }

    public int getUdpReaders() {
        return udpReaders;
    }

    public void setUdpReaders(int udpReaders) {
        if (udpReaders < 1 || udpReaders > 64)
            throw new IllegalArgumentException("syslog: udpReaders must be 1..64, not " + udpReaders);
        this.udpReaders = udpReaders;
    }

    public int getMaxConnections() {
        return maxConnections;
    }

    public void setMaxConnections(int maxConnections) {
        this.maxConnections = maxConnections;
    }

    public long getIdleTimeoutMs() {
        return idleTimeoutMs;
    }

    public void setIdleTimeoutMs(long idleTimeoutMs) {
        this.idleTimeoutMs = idleTimeoutMs;
    }

    public void setName(String name) {
        this.name = name;
    }
}
