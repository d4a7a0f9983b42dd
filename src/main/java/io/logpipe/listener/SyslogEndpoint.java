package io.logpipe.listener;

import io.logpipe.codec.Decoders;
import io.logpipe.codec.FrameDecoder;
import io.logpipe.transport.SyslogServer;
import java.time.ZoneId;
import org.apache.camel.Consumer;
import org.apache.camel.Processor;
import org.apache.camel.Producer;
import org.apache.camel.support.DefaultEndpoint;

/** Options of a syslog listener; every setter here is a URI option documented in the README. */
public class SyslogEndpoint extends DefaultEndpoint {
    private final SyslogServer.Protocol protocol;
    private String host = "0.0.0.0";
    private int port = 5514;
    private String format = "auto";
    private int maxFrameSize = 65536;
    private boolean keepRaw;
    private String timezone;
    private String name;

    SyslogEndpoint(String uri, SyslogComponent component, SyslogServer.Protocol protocol) {
        super(uri, component);
        this.protocol = protocol;
    }

    static SyslogServer.Protocol protocol(String remaining) {
        String p = remaining == null ? "" : remaining.replace("/", "").trim().toUpperCase(java.util.Locale.ROOT);
        try {
            return SyslogServer.Protocol.valueOf(p);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("syslog listener protocol must be tcp or udp, not '" + remaining + "'");
        }
    }

    void validate() {
        if (port < 0 || port > 65535) throw new IllegalArgumentException("port " + port + " is out of range 0-65535");
        if (maxFrameSize < 64 || maxFrameSize > 16 << 20) throw new IllegalArgumentException("maxFrameSize must be between 64 bytes and 16 MiB");
        decoder();
        zone();
    }

    /** A new decoder for this listener's format. */
    FrameDecoder decoder() {
        FrameDecoder d = Decoders.frameDecoder(format);
        if (d == null) throw new IllegalArgumentException("format must be one of " + String.join(", ", Decoders.NAMES) + ", not '" + format + "'");
        return d;
    }

    ZoneId zone() {
        return timezone == null || timezone.isBlank() ? ZoneId.systemDefault() : ZoneId.of(timezone);
    }

    @Override
    public Producer createProducer() {
        throw new UnsupportedOperationException("syslog: is a listener; use it in 'from'. To send syslog, use a forwarding sink");
    }

    @Override
    public Consumer createConsumer(Processor processor) throws Exception {
        SyslogConsumer consumer = new SyslogConsumer(this, processor);
        configureConsumer(consumer);
        return consumer;
    }

    public SyslogServer.Protocol getProtocol() { return protocol; }
    public String getHost() { return host; }
    public void setHost(String host) { this.host = host; }
    public int getPort() { return port; }
    public void setPort(int port) { this.port = port; }
    public String getFormat() { return format; }
    public void setFormat(String format) { this.format = format; }
    public int getMaxFrameSize() { return maxFrameSize; }
    public void setMaxFrameSize(int maxFrameSize) { this.maxFrameSize = maxFrameSize; }
    public boolean isKeepRaw() { return keepRaw; }
    public void setKeepRaw(boolean keepRaw) { this.keepRaw = keepRaw; }
    public String getTimezone() { return timezone; }
    public void setTimezone(String timezone) { this.timezone = timezone; }
    public String getName() { return name; }
    public void setName(String name) { this.name = name; }
}
