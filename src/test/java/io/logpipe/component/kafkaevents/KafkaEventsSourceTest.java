package io.logpipe.component.kafkaevents;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.logpipe.event.EventJson;
import io.logpipe.event.LogEvent;
import io.logpipe.it.TestKafka;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Metrics;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.CopyOnWriteArrayList;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.common.test.KafkaClusterTestKit;
import org.junit.jupiter.api.Test;

/** The kafka-events source: contract JSON comes back as the same event; anything else is kept as a raw event saying why. */
class KafkaEventsSourceTest {
    @Test
    void eventsComeBackAndOtherRecordsBecomeRawEvents() throws Exception {
        // outside Quarkus the global registry has no registry of its own: counters would read 0
        SimpleMeterRegistry counting = new SimpleMeterRegistry();
        Metrics.addRegistry(counting);
        try {
            run();
        } finally {
            Metrics.removeRegistry(counting);
        }
    }

    private void run() throws Exception {
        try (KafkaClusterTestKit kafka = TestKafka.start(TestKafka.freePort());
                DefaultCamelContext camel = new DefaultCamelContext()) {
            TestKafka.createTopic(kafka.bootstrapServers(), "mixed", 1);
            Properties p = new Properties();
            p.put("bootstrap.servers", kafka.bootstrapServers());
            LogEvent sent = new LogEvent();
            sent.setReceivedAt(Instant.parse("2026-11-22T10:00:00Z"));
            sent.setHost("h1");
            sent.setMessage("a real event");
            try (KafkaProducer<String, String> producer =
                    new KafkaProducer<>(p, new StringSerializer(), new StringSerializer())) {
                producer.send(new ProducerRecord<>("mixed", EventJson.toJson(sent)))
                        .get();
                producer.send(new ProducerRecord<>("mixed", "plain text, not JSON"))
                        .get();
                producer.send(new ProducerRecord<>("mixed", "{\"some\":\"other json\"}"))
                        .get();
            }
            List<LogEvent> got = new CopyOnWriteArrayList<>();
            camel.addComponent("kafka-events", new KafkaEventsComponent());
            camel.addRoutes(new RouteBuilder() {
                @Override
                public void configure() {
                    from("kafka-events:mixed?brokers=" + kafka.bootstrapServers() + "&groupId=mixed")
                            .routeId("mixed")
                            .process(e -> got.add(e.getMessage().getBody(LogEvent.class)));
                }
            });
            camel.start();
            await().atMost(Duration.ofSeconds(30)).until(() -> got.size() == 3);
            assertEquals(EventJson.toJson(sent), EventJson.toJson(got.get(0)));
            assertNull(got.get(0).getParseError());
            for (int i = 1; i < 3; i++) {
                LogEvent raw = got.get(i);
                assertEquals("raw", raw.getFormat());
                assertTrue(
                        raw.getParseError().startsWith("kafka record mixed/0@" + i + " is not a logpipe event: "),
                        raw.getParseError());
                assertEquals("mixed", raw.getSource().listener());
            }
            assertEquals("plain text, not JSON", got.get(1).getMessage(), "the record is kept");
            double counted =
                    Metrics.globalRegistry
                            .find("logpipe.decoder.failed")
                            .tag("decoder", "json")
                            .functionCounters()
                            .stream()
                            .mapToDouble(FunctionCounter::count)
                            .sum();
            assertTrue(counted >= 2, "counted as raw: " + counted);
        }
    }
}
