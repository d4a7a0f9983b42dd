package io.logpipe.component.ingest;

import io.logpipe.codec.Decoders;
import io.logpipe.codec.FrameDecoder;
import io.logpipe.codec.Guarded;
import io.logpipe.codec.json.JsonDecoder;
import java.util.Set;
import java.util.TreeSet;
import org.apache.camel.Consumer;
import org.apache.camel.Processor;
import org.apache.camel.Producer;
import org.apache.camel.support.DefaultEndpoint;

/** Options of an HTTP ingest listener; every setter here is a URI option documented in docs/sources.md or docs/sinks.md. */
public class IngestEndpoint extends DefaultEndpoint {
    private final String name;
    private String format = "json";
    private String timeKey = JsonDecoder.Mapping.DEFAULT.time();
    private String hostKey = JsonDecoder.Mapping.DEFAULT.host();
    private String appKey = JsonDecoder.Mapping.DEFAULT.app();
    private String messageKey = JsonDecoder.Mapping.DEFAULT.message();
    private String severityKey = JsonDecoder.Mapping.DEFAULT.severity();
    private boolean keepRaw;
    private String token;

    IngestEndpoint(String uri, IngestComponent component, String name) {
        super(uri, component);
        this.name = name;
    }

    void validate() {
        if (name == null || !name.matches("[A-Za-z0-9_-]+"))
            throw new IllegalArgumentException("ingest: needs a name of letters, digits, _ or -, e.g. ingest:json");
        decoder();
    }

    /** A new decoder for one request: json with this endpoint's key mapping, or any listener format. */
    public FrameDecoder decoder() {
        if (format.equals("json"))
            return Guarded.of(
                    new JsonDecoder(new JsonDecoder.Mapping(timeKey, hostKey, appKey, messageKey, severityKey)));
        FrameDecoder d = Decoders.frameDecoder(format);
        if (d == null)
            throw new IllegalArgumentException("ingest: format must be json or one of "
                    + String.join(", ", Decoders.NAMES) + ", not '" + format + "'");
        return d;
    }

    String name() {
        return name;
    }

    /** The option token=NAME[,NAME]: only these tokens may post here (besides the role check); empty = any. */
    Set<String> tokenNames() {
        if (token == null || token.isBlank()) return Set.of();
        Set<String> names = new TreeSet<>();
        for (String t : token.split(",")) if (!t.isBlank()) names.add(t.strip());
        return names;
    }

    @Override
    public Consumer createConsumer(Processor processor) {
        return new IngestConsumer(this, processor);
    }

    @Override
    public Producer createProducer() {
        throw new UnsupportedOperationException("ingest: is a listener; use it in 'from'");
    }

    public String getToken() {
        return token;
    }

    public void setToken(String token) {
        this.token = token;
    }

    public String getFormat() {
        return format;
    }

    public void setFormat(String format) {
        this.format = format;
    }

    public String getTimeKey() {
        return timeKey;
    }

    public void setTimeKey(String timeKey) {
        this.timeKey = timeKey;
    }

    public String getHostKey() {
        return hostKey;
    }

    public void setHostKey(String hostKey) {
        this.hostKey = hostKey;
    }

    public String getAppKey() {
        return appKey;
    }

    public void setAppKey(String appKey) {
        this.appKey = appKey;
    }

    public String getMessageKey() {
        return messageKey;
    }

    public void setMessageKey(String messageKey) {
        this.messageKey = messageKey;
    }

    public String getSeverityKey() {
        return severityKey;
    }

    public void setSeverityKey(String severityKey) {
        this.severityKey = severityKey;
    }

    public boolean isKeepRaw() {
        return keepRaw;
    }

    public void setKeepRaw(boolean keepRaw) {
        this.keepRaw = keepRaw;
    }
}
