package io.logpipe.component.kafkaevents;

import io.logpipe.event.EventJson;
import io.logpipe.event.LogEvent;
import io.logpipe.queue.BatchSink;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
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
    private static final int LINGER_MS = 5;
    /** beyond the delivery timeout, how long to wait before calling the producer stuck */
    private static final int CONFIRM_GRACE_MS = 2000;

    private final Properties settings;
    private final long confirmWithinMs;
    private KafkaProducer<String, String> producer;
    private final Function<LogEvent, String> topic;
    private final Function<LogEvent, String> key;

    public KafkaBatchSink(
            String brokers,
            String compression,
            int deliveryTimeoutMs,
            Map<String, String> extra,
            Function<LogEvent, String> topic,
            Function<LogEvent, String> key) {
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, brokers);
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
        p.put(ProducerConfig.COMPRESSION_TYPE_CONFIG, compression);
        p.put(ProducerConfig.LINGER_MS_CONFIG, String.valueOf(LINGER_MS));
        p.put(ProducerConfig.BATCH_SIZE_CONFIG, String.valueOf(256 * 1024));
        p.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, String.valueOf(deliveryTimeoutMs));
        // Kafka insists on delivery.timeout.ms >= linger.ms + request.timeout.ms
        p.put(
                ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG,
                String.valueOf(Math.min(deliveryTimeoutMs - LINGER_MS, 10_000)));
        p.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, String.valueOf(Math.min(deliveryTimeoutMs, 10_000)));
        p.putAll(extra);
        this.settings = p;
        this.confirmWithinMs = deliveryTimeoutMs + CONFIRM_GRACE_MS;
        this.producer = newProducer();
        this.topic = topic;
        this.key = key;
    }

    private KafkaProducer<String, String> newProducer() {
        return new KafkaProducer<>(settings, new StringSerializer(), new StringSerializer());
    }

    @Override
    public Outcome deliver(List<LogEvent> batch) {
        long deadline = System.nanoTime() + confirmWithinMs * 1_000_000L;
        List<Future<RecordMetadata>> sent = new ArrayList<>(batch.size());
        Map<Integer, String> rejected = new HashMap<>();
        for (int i = 0; i < batch.size(); i++) {
            LogEvent e = batch.get(i);
            Future<RecordMetadata> f;
            try {
                f = producer.send(new ProducerRecord<>(topic.apply(e), key.apply(e), EventJson.toJson(e)));
            } catch (InvalidTopicException | RecordTooLargeException refused) {
                sent.add(null);
                rejected.put(i, refused.getMessage());
                continue;
            } catch (RuntimeException e2) {
                return settle(sent, rejected, e2, deadline);
            }
            sent.add(f);
            // send() waits up to max.block.ms for metadata, then hands back an already failed future:
            // the broker is away, the rest of the batch would only wait the same again
            if (f.isDone() && failedForNow(f)) break;
            if (System.nanoTime() > deadline) {
                return settle(
                        sent,
                        rejected,
                        new org.apache.kafka.common.errors.TimeoutException(
                                "Kafka took more than " + confirmWithinMs + " ms to accept the batch"),
                        deadline);
            }
        }
        // no flush(): linger.ms sends the records, and flush() has no time limit
        return settle(sent, rejected, null, deadline);
    }

    /** A record Kafka will never take (too large, invalid topic name): a dead letter, not a retry. */
    private static boolean refusedForGood(Throwable t) {
        return t instanceof RecordTooLargeException || t instanceof InvalidTopicException;
    }

    private static boolean failedForNow(Future<RecordMetadata> done) {
        try {
            done.get();
            return false;
        } catch (ExecutionException e) {
            return !refusedForGood(e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return true;
        }
    }

    /** Walks the confirmations in order; the first passing failure ends what counts as done. */
    private Outcome settle(
            List<Future<RecordMetadata>> sent, Map<Integer, String> rejected, Exception stoppedBy, long deadline) {
        for (int i = 0; i < sent.size(); i++) {
            Future<RecordMetadata> f = sent.get(i);
            if (f == null) continue;
            try {
                f.get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return Outcome.failed(i, rejected, e);
            } catch (TimeoutException e) {
                // While no broker answers, the idempotent producer can wait for a new producer epoch
                // and stop expiring its batches: its futures would never complete.
                replaceProducer();
                return Outcome.failed(
                        i,
                        rejected,
                        new org.apache.kafka.common.errors.TimeoutException(
                                "Kafka confirmed nothing within " + confirmWithinMs + " ms; producer restarted"));
            } catch (ExecutionException e) {
                Throwable cause = e.getCause();
                if (refusedForGood(cause)) {
                    rejected.put(i, cause.getMessage());
                    continue;
                }
                replaceProducer();
                return Outcome.failed(i, rejected, cause instanceof Exception ex ? ex : e);
            }
        }
        if (stoppedBy == null) return new Outcome(sent.size(), rejected, null);
        replaceProducer();
        return Outcome.failed(sent.size(), rejected, stoppedBy);
    }

    /**
     * After a failed attempt nothing stays behind in the producer (no late duplicates of what the
     * queue sends again, no producer stuck waiting for an epoch); the unconfirmed events stay
     * queued and are sent again by the next attempt (at least once).
     */
    private void replaceProducer() {
        producer.close(Duration.ZERO); // fails the pending sends instead of waiting for them
        producer = newProducer();
    }

    @Override
    public void close() {
        producer.close(Duration.ofSeconds(5));
    }
}
