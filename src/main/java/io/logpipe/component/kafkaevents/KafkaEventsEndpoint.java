package io.logpipe.component.kafkaevents;

import io.logpipe.queue.BatchSink;
import io.logpipe.queue.QueuedSinkEndpoint;
import io.logpipe.template.EventTemplate;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.camel.Consumer;
import org.apache.camel.Processor;
import org.apache.camel.Producer;

/**
 * {@code kafka-events:TOPIC}: logpipe events on Kafka, as contract JSON. In {@code to} a sink (the
 * topic may be a template, {@code logs.${facility}}); in {@code from} a consumer-group source
 * (topics comma-separated, or a regex with {@code pattern=true}). Every setter is a URI option
 * documented in docs/sources.md or docs/sinks.md.
 */
public class KafkaEventsEndpoint extends QueuedSinkEndpoint {
    private final String topic;
    private String brokers;
    // source
    private String groupId = "logpipe";
    private String autoOffsetReset = "earliest";
    private int consumers = 1;
    private int maxPollRecords = 500;
    private boolean pattern;
    // sink
    private String key = "${host}";
    private String compression = "lz4";
    private int deliveryTimeoutMs = 30_000;
    private final Map<String, String> clientProperties = new LinkedHashMap<>();

    KafkaEventsEndpoint(String uri, KafkaEventsComponent component, String topic) {
        super(uri, component, "kafka-events:", 1000, 10_000);
        this.topic = topic;
    }

    void check() {
        if (topic == null || topic.isBlank())
            throw new IllegalArgumentException("kafka-events: needs a topic, e.g. kafka-events:logs");
        if (brokers == null || brokers.isBlank())
            throw new IllegalArgumentException("kafka-events: needs brokers=host:9092[,host:9092]");
        if (!List.of("none", "gzip", "snappy", "lz4", "zstd").contains(compression))
            throw new IllegalArgumentException(
                    "kafka-events: compression must be none, gzip, snappy, lz4 or zstd, not '" + compression + "'");
        if (!List.of("earliest", "latest").contains(autoOffsetReset))
            throw new IllegalArgumentException("kafka-events: autoOffsetReset must be earliest or latest");
        if (consumers < 1 || consumers > 64)
            throw new IllegalArgumentException("kafka-events: consumers must be 1..64");
        if (maxPollRecords < 1 || deliveryTimeoutMs < 1000)
            throw new IllegalArgumentException(
                    "kafka-events: maxPollRecords must be positive, deliveryTimeoutMs at least 1000");
        EventTemplate.compile(topic);
        EventTemplate.compile(key);
        checkQueueOptions();
    }

    List<String> topics() {
        return pattern
                ? List.of(topic)
                : Arrays.stream(topic.split(","))
                        .map(String::strip)
                        .filter(t -> !t.isEmpty())
                        .toList();
    }

    @Override
    public String sinkName() {
        return "kafka-events:" + topic;
    }

    /** Kafka client properties given as {@code kafka.<property>} options (security.protocol, sasl.*, ssl.*...). */
    Map<String, String> clientProperties() {
        return clientProperties;
    }

    @Override
    public Producer createProducer() {
        return queuedProducer();
    }

    @Override
    public Consumer createConsumer(Processor processor) throws Exception {
        if (topic.contains("${"))
            throw new IllegalArgumentException("kafka-events: a source needs topic names, not a template");
        KafkaEventsConsumer c = new KafkaEventsConsumer(this, processor);
        configureConsumer(c);
        return c;
    }

    @Override
    protected BatchSink newBatchSink() {
        EventTemplate topicTemplate = EventTemplate.compile(topic);
        EventTemplate keyTemplate = EventTemplate.compile(key);
        return new KafkaBatchSink(
                brokers,
                compression,
                deliveryTimeoutMs,
                clientProperties,
                e -> topicTemplate.render(e, KafkaEventsEndpoint::topicSafe),
                e -> keyTemplate.render(e, v -> v == null ? "" : v));
    }

    /** Kafka topic names allow letters, digits, '.', '_' and '-'; anything else in a value becomes '_'. */
    static String topicSafe(String v) {
        return v == null || v.isEmpty() ? "_" : v.replaceAll("[^A-Za-z0-9._-]", "_");
    }

    public String getBrokers() {
        return brokers;
    }

    public void setBrokers(String brokers) {
        this.brokers = brokers;
    }

    public String getGroupId() {
        return groupId;
    }

    public void setGroupId(String groupId) {
        this.groupId = groupId;
    }

    public String getAutoOffsetReset() {
        return autoOffsetReset;
    }

    public void setAutoOffsetReset(String autoOffsetReset) {
        this.autoOffsetReset = autoOffsetReset;
    }

    public int getConsumers() {
        return consumers;
    }

    public void setConsumers(int consumers) {
        this.consumers = consumers;
    }

    public int getMaxPollRecords() {
        return maxPollRecords;
    }

    public void setMaxPollRecords(int maxPollRecords) {
        this.maxPollRecords = maxPollRecords;
    }

    public boolean isPattern() {
        return pattern;
    }

    public void setPattern(boolean pattern) {
        this.pattern = pattern;
    }

    public String getKey() {
        return key;
    }

    public void setKey(String key) {
        this.key = key;
    }

    public String getCompression() {
        return compression;
    }

    public void setCompression(String compression) {
        this.compression = compression;
    }

    public int getDeliveryTimeoutMs() {
        return deliveryTimeoutMs;
    }

    public void setDeliveryTimeoutMs(int deliveryTimeoutMs) {
        this.deliveryTimeoutMs = deliveryTimeoutMs;
    }
}
