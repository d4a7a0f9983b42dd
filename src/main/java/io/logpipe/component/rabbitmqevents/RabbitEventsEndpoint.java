package io.logpipe.component.rabbitmqevents;

import io.logpipe.queue.BatchSink;
import io.logpipe.queue.QueuedSinkEndpoint;
import io.logpipe.template.EventTemplate;
import java.util.List;
import org.apache.camel.Consumer;
import org.apache.camel.Processor;
import org.apache.camel.Producer;

/**
 * {@code rabbitmq-events:EXCHANGE}: logpipe events on RabbitMQ, as contract JSON. In {@code to} a
 * sink publishing to the durable topic exchange (routing key a template); in {@code from} a
 * consumer of the group's queue {@code EXCHANGE.GROUP}: groups fan out, consumers of one group
 * share its events. Every setter is a URI option documented in docs/sources.md or docs/sinks.md.
 */
public class RabbitEventsEndpoint extends QueuedSinkEndpoint {
    private static final int MAX_ROUTING_KEY_BYTES = 255;
    private final String exchange;
    private String addresses = "localhost:5672";
    private String username = "guest";
    private String password = "guest";
    private String virtualHost = "/";
    private boolean tls;
    private int heartbeatSeconds = 30;
    // source
    private String group = "logpipe";
    private String bindingKey = "#";
    private String queueType = "quorum";
    private int prefetch = 500;
    private int consumers = 1;
    // sink
    private String routingKey = "${facility}.${severity}";
    private int confirmTimeoutMs = 30_000;

    RabbitEventsEndpoint(String uri, RabbitEventsComponent component, String exchange) {
        super(uri, component, "rabbitmq-events:", 1000, 10_000);
        this.exchange = exchange;
    }

    void check() {
        if (exchange == null || exchange.isBlank())
            throw new IllegalArgumentException(
                    "rabbitmq-events: needs an exchange name, e.g. rabbitmq-events:logpipe.events");
        if (exchange.contains("${"))
            throw new IllegalArgumentException(
                    "rabbitmq-events: the exchange is a name, not a template; route by routingKey instead");
        if (addresses == null || addresses.isBlank())
            throw new IllegalArgumentException("rabbitmq-events: needs addresses=host[:port][,host[:port]]");
        if (group == null || group.isBlank())
            throw new IllegalArgumentException("rabbitmq-events: group must not be empty");
        if (!List.of("quorum", "classic").contains(queueType))
            throw new IllegalArgumentException(
                    "rabbitmq-events: queueType must be quorum or classic, not '" + queueType + "'");
        if (prefetch < 1 || prefetch > 65_535)
            throw new IllegalArgumentException("rabbitmq-events: prefetch must be 1..65535");
        if (consumers < 1 || consumers > 64)
            throw new IllegalArgumentException("rabbitmq-events: consumers must be 1..64");
        if (confirmTimeoutMs < 1000)
            throw new IllegalArgumentException("rabbitmq-events: confirmTimeoutMs must be at least 1000");
        if (heartbeatSeconds < 0)
            throw new IllegalArgumentException("rabbitmq-events: heartbeatSeconds must not be negative");
        EventTemplate.compile(routingKey);
        checkQueueOptions();
    }

    RabbitSettings settings() {
        return new RabbitSettings(addresses, username, password, virtualHost, tls, exchange, heartbeatSeconds);
    }

    @Override
    public String sinkName() {
        return "rabbitmq-events:" + exchange;
    }

    @Override
    public Producer createProducer() {
        return queuedProducer();
    }

    @Override
    public Consumer createConsumer(Processor processor) throws Exception {
        RabbitEventsConsumer c = new RabbitEventsConsumer(this, processor);
        configureConsumer(c);
        return c;
    }

    @Override
    protected BatchSink newBatchSink() {
        EventTemplate key = EventTemplate.compile(routingKey);
        return new RabbitBatchSink(
                settings(),
                "logpipe " + sinkName(),
                confirmTimeoutMs,
                e -> routingKeyOf(key.render(e, RabbitEventsEndpoint::oneWord)));
    }

    /** A value is one word of the routing key: its dots become '_', so a binding like {@code auth.*} means what it says. */
    static String oneWord(String v) {
        return v == null || v.isEmpty() ? "_" : v.replace('.', '_');
    }

    /** AMQP caps routing keys at 255 bytes; a longer one is cut (at a character boundary). */
    static String routingKeyOf(String key) {
        if (key.length() * 3 <= MAX_ROUTING_KEY_BYTES) return key;
        StringBuilder sb = new StringBuilder();
        int bytes = 0;
        for (int i = 0; i < key.length(); ) {
            int cp = key.codePointAt(i);
            int n = cp < 0x80 ? 1 : cp < 0x800 ? 2 : cp < 0x10000 ? 3 : 4;
            if (bytes + n > MAX_ROUTING_KEY_BYTES) break;
            sb.appendCodePoint(cp);
            bytes += n;
            i += Character.charCount(cp);
        }
        return sb.toString();
    }

    public String getAddresses() {
        return addresses;
    }

    public void setAddresses(String addresses) {
        this.addresses = addresses;
    }

    public String getUsername() {
        return username;
    }

    public void setUsername(String username) {
        this.username = username;
    }

    public String getPassword() {
        return password;
    }

    public void setPassword(String password) {
        this.password = password;
    }

    public String getVirtualHost() {
        return virtualHost;
    }

    public void setVirtualHost(String virtualHost) {
        this.virtualHost = virtualHost;
    }

    public boolean isTls() {
        return tls;
    }

    public void setTls(boolean tls) {
        this.tls = tls;
    }

    public int getHeartbeatSeconds() {
        return heartbeatSeconds;
    }

    public void setHeartbeatSeconds(int heartbeatSeconds) {
        this.heartbeatSeconds = heartbeatSeconds;
    }

    public String getGroup() {
        return group;
    }

    public void setGroup(String group) {
        this.group = group;
    }

    public String getBindingKey() {
        return bindingKey;
    }

    public void setBindingKey(String bindingKey) {
        this.bindingKey = bindingKey;
    }

    public String getQueueType() {
        return queueType;
    }

    public void setQueueType(String queueType) {
        this.queueType = queueType;
    }

    public int getPrefetch() {
        return prefetch;
    }

    public void setPrefetch(int prefetch) {
        this.prefetch = prefetch;
    }

    public int getConsumers() {
        return consumers;
    }

    public void setConsumers(int consumers) {
        this.consumers = consumers;
    }

    public String getRoutingKey() {
        return routingKey;
    }

    public void setRoutingKey(String routingKey) {
        this.routingKey = routingKey;
    }

    public int getConfirmTimeoutMs() {
        return confirmTimeoutMs;
    }

    public void setConfirmTimeoutMs(int confirmTimeoutMs) {
        this.confirmTimeoutMs = confirmTimeoutMs;
    }
}
