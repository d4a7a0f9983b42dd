package io.logpipe.transport.kafka;

import io.logpipe.event.EventJson;
import io.logpipe.event.LogEvent;
import io.logpipe.queue.BatchSink;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.function.Function;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.errors.InvalidTopicException;
import org.apache.kafka.common.errors.RecordTooLargeException;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * Publishes a batch from a durable queue to Kafka as contract JSON, keyed (by host, by default)
 * so one host's events stay in order on one partition. Idempotent producer, {@code acks=all}: an
 * event counts as done only when the broker confirmed it. The broker unreachable: the events after
 * the last confirmed one stay queued and are retried; a record Kafka refuses for good (too large,
 * invalid topic name) is rejected, for the dead letters.
 */
public final class KafkaBatchSink implements BatchSink {
    private final KafkaProducer<String, String> producer;
    private final Function<LogEvent, String> topic;
    private final Function<LogEvent, String> key;

    public KafkaBatchSink(String brokers, String compression, int deliveryTimeoutMs, Map<String, String> extra,
                          Function<LogEvent, String> topic, Function<LogEvent, String> key) {
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, brokers);
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
        p.put(ProducerConfig.COMPRESSION_TYPE_CONFIG, compression);
        p.put(ProducerConfig.LINGER_MS_CONFIG, "5");
        p.put(ProducerConfig.BATCH_SIZE_CONFIG, String.valueOf(256 * 1024));
        p.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, String.valueOf(deliveryTimeoutMs));
        p.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, String.valueOf(Math.min(deliveryTimeoutMs, 10_000)));
        p.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, String.valueOf(Math.min(deliveryTimeoutMs, 10_000)));
        p.putAll(extra);
        this.producer = new KafkaProducer<>(p, new StringSerializer(), new StringSerializer());
        this.topic = topic;
        this.key = key;
    }

    @Override
    public Outcome deliver(List<LogEvent> batch) {
        List<Future<RecordMetadata>> sent = new ArrayList<>(batch.size());
        Map<Integer, String> rejected = new HashMap<>();
        for (int i = 0; i < batch.size(); i++) {
            LogEvent e = batch.get(i);
            try {
                sent.add(producer.send(new ProducerRecord<>(topic.apply(e), key.apply(e), EventJson.toJson(e))));
            } catch (InvalidTopicException | RecordTooLargeException refused) {
                sent.add(null);
                rejected.put(i, refused.getMessage());
            } catch (RuntimeException e2) {
                // metadata not available in max.block.ms: the broker is away
                producer.flush();
                return settle(sent, rejected, e2);
            }
        }
        producer.flush();
        return settle(sent, rejected, null);
    }

    /** Walks the confirmations in order; the first passing failure ends what counts as done. */
    private static Outcome settle(List<Future<RecordMetadata>> sent, Map<Integer, String> rejected, Exception stoppedBy) {
        for (int i = 0; i < sent.size(); i++) {
            Future<RecordMetadata> f = sent.get(i);
            if (f == null) continue;
            try {
                f.get();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return Outcome.failed(i, rejected, e);
            } catch (ExecutionException e) {
                Throwable cause = e.getCause();
                if (cause instanceof RecordTooLargeException || cause instanceof InvalidTopicException) {
                    rejected.put(i, cause.getMessage());
                    continue;
                }
                return Outcome.failed(i, rejected, cause instanceof Exception ex ? ex : e);
            }
        }
        return stoppedBy == null ? new Outcome(sent.size(), rejected, null) : Outcome.failed(sent.size(), rejected, stoppedBy);
    }

    @Override
    public void close() {
        producer.close(java.time.Duration.ofSeconds(5));
    }
}
