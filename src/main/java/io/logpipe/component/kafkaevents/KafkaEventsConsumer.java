package io.logpipe.component.kafkaevents;

import io.logpipe.event.LogEvent;
import io.logpipe.metrics.ListenerMetrics;
import io.logpipe.queue.Flushes;
import io.logpipe.routing.ContractEvents;
import io.logpipe.routing.EventDispatch;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.regex.Pattern;
import org.apache.camel.Processor;
import org.apache.camel.support.DefaultConsumer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.jboss.logging.Logger;

/**
 * Consumes contract-JSON events (as the kafka-events sink writes them) in a consumer group and
 * runs each through the route. Offsets are committed only after the route accepted the events and
 * the durable sink queues committed them (at-least-once: after a crash, what was not committed is
 * consumed again). A route failure stops that partition at the failed record, which is polled again
 * after a pause. A record that is not a logpipe event becomes a raw event with parse_error.
 */
public class KafkaEventsConsumer extends DefaultConsumer {
    private static final Logger LOG = Logger.getLogger(KafkaEventsConsumer.class);

    private final KafkaEventsEndpoint endpoint;
    private final List<Runner> runners = new ArrayList<>();
    private ListenerMetrics metrics;

    public KafkaEventsConsumer(KafkaEventsEndpoint endpoint, Processor processor) {
        super(endpoint, processor);
        this.endpoint = endpoint;
    }

    private String listenerName() {
        return getRouteId() != null ? getRouteId() : "kafka-events";
    }

    @Override
    protected void doStart() throws Exception {
        super.doStart();
        metrics = new ListenerMetrics(listenerName(), "json");
        for (int i = 0; i < endpoint.getConsumers(); i++) {
            Runner r = new Runner(i);
            runners.add(r);
            r.thread.start();
        }
        LOG.infof(
                "listener %s: consuming %s from %s in group %s (%d consumers)",
                listenerName(), endpoint.topics(), endpoint.getBrokers(), endpoint.getGroupId(), runners.size());
    }

    @Override
    protected void doStop() throws Exception {
        for (Runner r : runners) r.stop();
        for (Runner r : runners) r.thread.join(15_000);
        runners.clear();
        super.doStop();
    }

    private final class Runner implements Runnable {
        final Thread thread;
        final KafkaConsumer<String, String> consumer;
        volatile boolean running = true;
        /** next offset to commit per partition: one past the last record the route accepted */
        final Map<TopicPartition, OffsetAndMetadata> done = new HashMap<>();

        Runner(int n) {
            Properties p = new Properties();
            p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, endpoint.getBrokers());
            p.put(ConsumerConfig.GROUP_ID_CONFIG, endpoint.getGroupId());
            p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
            p.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, endpoint.getAutoOffsetReset());
            p.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, String.valueOf(endpoint.getMaxPollRecords()));
            p.put(ConsumerConfig.CLIENT_ID_CONFIG, "logpipe-" + listenerName() + "-" + n);
            p.putAll(endpoint.clientProperties());
            consumer = new KafkaConsumer<>(p, new StringDeserializer(), new StringDeserializer());
            thread = new Thread(this, "kafka-" + listenerName() + "-" + n);
            thread.setDaemon(true);
        }

        void stop() {
            running = false;
            consumer.wakeup();
        }

        @Override
        public void run() {
            ConsumerRebalanceListener rebalance = new ConsumerRebalanceListener() {
                @Override
                public void onPartitionsRevoked(Collection<TopicPartition> partitions) {
                    commitDone(); // what this member finished is not consumed again by the next owner
                }

                @Override
                public void onPartitionsAssigned(Collection<TopicPartition> partitions) {
                    LOG.infof("listener %s: partitions %s assigned", listenerName(), partitions);
                }
            };
            try {
                if (endpoint.isPattern())
                    consumer.subscribe(Pattern.compile(endpoint.topics().get(0)), rebalance);
                else consumer.subscribe(endpoint.topics(), rebalance);
                while (running) {
                    ConsumerRecords<String, String> records = consumer.poll(Duration.ofMillis(500));
                    if (records.isEmpty()) continue;
                    boolean failed = false;
                    for (TopicPartition tp : records.partitions()) {
                        for (ConsumerRecord<String, String> r : records.records(tp)) {
                            if (!route(r)) {
                                consumer.seek(tp, r.offset()); // polled again after the pause
                                failed = true;
                                break;
                            }
                            done.put(tp, new OffsetAndMetadata(r.offset() + 1));
                        }
                    }
                    commitDone();
                    if (failed) Thread.sleep(1000);
                }
            } catch (WakeupException stopping) {
                // stop() called
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } catch (RuntimeException e) {
                LOG.errorf(e, "listener %s: consumer failed; it stops (restart the route)", listenerName());
            } finally {
                try {
                    commitDone();
                } catch (RuntimeException e) {
                    LOG.warnf(
                            "listener %s: last offset commit failed (%s); those records are consumed again",
                            listenerName(), e.toString());
                }
                consumer.close(Duration.ofSeconds(5));
            }
        }

        /** Sinks first (durable queues committed), then the offsets: an offset is never ahead of the data. */
        void commitDone() {
            if (done.isEmpty()) return;
            if (!Flushes.endOfBatch(KafkaEventsConsumer.this::isRunAllowed))
                throw new IllegalStateException(
                        "the sinks' storage cannot be written; offsets not committed, the records are consumed again");
            try {
                consumer.commitSync(new HashMap<>(done));
            } catch (WakeupException again) {
                consumer.commitSync(new HashMap<>(done));
                throw again;
            }
            done.clear();
        }

        private boolean route(ConsumerRecord<String, String> r) {
            metrics.received.increment();
            String value = r.value() == null ? "" : r.value();
            metrics.bytes.increment(value.length());
            LogEvent e = ContractEvents.read(
                    value,
                    () -> "kafka record " + r.topic() + "/" + r.partition() + "@" + r.offset(),
                    listenerName(),
                    metrics);
            Exception failure = metrics.routing(EventDispatch.route(KafkaEventsConsumer.this, e));
            if (failure == null) return true;
            LOG.errorf(
                    "listener %s: route failed for %s/%d@%d (%s); retrying from there",
                    listenerName(), r.topic(), r.partition(), r.offset(), failure.toString());
            return false;
        }
    }
}
