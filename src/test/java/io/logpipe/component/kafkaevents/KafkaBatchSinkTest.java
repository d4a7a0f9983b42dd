package io.logpipe.component.kafkaevents;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.logpipe.event.EventJsonReader;
import io.logpipe.event.LogEvent;
import io.logpipe.it.TestKafka;
import io.logpipe.queue.BatchSink;
import io.logpipe.queue.DispatcherRetry;
import io.logpipe.store.TcpProxy;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.test.KafkaClusterTestKit;
import org.junit.jupiter.api.Test;

/**
 * The Kafka sink against a real broker behind a proxy that can hang: a broker that stops answering
 * must turn into a reported failure within the delivery timeout, every time, never a deliver() that
 * waits for ever (the idempotent producer's epoch bump can keep its own batches from expiring while
 * no broker answers), and once the broker answers again everything arrives.
 */
class KafkaBatchSinkTest {
    static final int DELIVERY_TIMEOUT_MS = 3000;

    @Test
    void aHangingBrokerIsReportedWithinTheDeliveryTimeoutAndNothingIsLost() throws Exception {
        int brokerPort = TestKafka.freePort();
        try (TcpProxy proxy = new TcpProxy("localhost", brokerPort);
                KafkaClusterTestKit kafka = TestKafka.start(brokerPort, proxy.port())) {
            proxy.up();
            String brokers = "localhost:" + proxy.port();
            TestKafka.createTopic(brokers, "hang", 1);
            // small producer batches: one deliver() spans many, created over several milliseconds
            KafkaBatchSink sink = new KafkaBatchSink(
                    brokers, "lz4", DELIVERY_TIMEOUT_MS, Map.of("batch.size", "2048"), e -> "hang", LogEvent::getHost);
            try {
                assertNull(sink.deliver(events(0, 500)).failure(), "delivered while the broker answers");

                proxy.hold();
                for (int attempt = 0; attempt < 3; attempt++) {
                    int from = 500 + attempt * 2000;
                    BatchSink.Outcome o = assertTimeoutPreemptively(
                            Duration.ofMillis(DELIVERY_TIMEOUT_MS * 4L),
                            () -> sink.deliver(events(from, from + 2000)),
                            "attempt " + attempt + " while the broker hangs");
                    assertNotNull(o.failure(), "a hanging broker is a failure, attempt " + attempt);
                    assertTrue(o.done() < 2000, "not everything confirmed: " + o.done());
                }
                proxy.release();

                // the dispatcher's retry: what was not confirmed is sent again until it is
                DispatcherRetry.deliverAll(sink, events(500, 6500), Duration.ofSeconds(60));
            } finally {
                sink.close();
            }
            BitSet seen = consumeAll(brokers, 6500);
            assertEquals(6500, seen.cardinality(), "every number 0..6499 on the topic (at least once)");
        }
    }

    static List<LogEvent> events(int from, int to) {
        List<LogEvent> batch = new ArrayList<>();
        for (int i = from; i < to; i++) {
            LogEvent e = new LogEvent();
            e.setReceivedAt(Instant.now());
            e.setHost("h" + (i % 3));
            e.setMessage("number " + i + " padding padding padding padding padding padding padding padding");
            batch.add(e);
        }
        return batch;
    }

    static BitSet consumeAll(String brokers, int expected) {
        Properties p = new Properties();
        p.put("bootstrap.servers", brokers);
        p.put("group.id", "check");
        p.put("auto.offset.reset", "earliest");
        BitSet seen = new BitSet();
        try (KafkaConsumer<String, String> c =
                new KafkaConsumer<>(p, new StringDeserializer(), new StringDeserializer())) {
            c.subscribe(List.of("hang"));
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (seen.cardinality() < expected && System.nanoTime() < deadline) {
                for (ConsumerRecord<String, String> r : c.poll(Duration.ofMillis(500))) {
                    String m = EventJsonReader.read(r.value()).getMessage();
                    seen.set(Integer.parseInt(m.substring("number ".length(), m.indexOf(' ', "number ".length()))));
                }
            }
        }
        return seen;
    }
}
