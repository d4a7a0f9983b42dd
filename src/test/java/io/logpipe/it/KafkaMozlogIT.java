package io.logpipe.it;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Properties;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.common.test.KafkaClusterTestKit;
import org.junit.jupiter.api.Test;

/** mozlog lines on a real (in-process, KRaft) Kafka topic, consumed by the packaged app and stored. */
class KafkaMozlogIT {
    @Test
    void mozlogFromAKafkaTopicIsDecodedAndStored() throws Exception {
        try (KafkaClusterTestKit kafka = TestKafka.start(PackagedApp.freePort())) {
            Properties p = new Properties();
            p.put("bootstrap.servers", kafka.bootstrapServers());
            try (KafkaProducer<String, String> producer =
                    new KafkaProducer<>(p, new StringSerializer(), new StringSerializer())) {
                producer.send(
                                new ProducerRecord<>(
                                        "mozlog",
                                        "{\"EnvVersion\":\"2.0\",\"Logger\":\"kafkaapp\",\"Hostname\":\"k1\",\"Severity\":6,\"Type\":\"a\",\"Pid\":\"12\",\"Timestamp\":1763805600000000001}"))
                        .get();
                producer.send(
                                new ProducerRecord<>(
                                        "mozlog",
                                        "{\"EnvVersion\":2,\"Logger\":\"kafkaapp\",\"Fields\":{\"msg\":\"second\"},\"Timestamp\":1763805601000000000}"))
                        .get();
                producer.send(new ProducerRecord<>("mozlog", "{\"EnvVersion\":2,\"Logger\":\"kafkaapp\","))
                        .get();
            }
            Path routes = Files.createTempDirectory("kafka-routes");
            Files.writeString(routes.resolve("kafka-mozlog.yaml"), """
                    - route:
                        id: kafka-mozlog
                        from:
                          uri: "kafka:mozlog"
                          parameters:
                            brokers: "%s"
                            groupId: logpipe
                            autoOffsetReset: earliest
                          steps:
                            - to: "decode:mozlog"
                            - to: "db:events?flushIntervalMs=50"
                    """.formatted(kafka.bootstrapServers()));
            try (PackagedApp app = new PackagedApp(routes)) {
                await().atMost(Duration.ofSeconds(45))
                        .until(() -> app.http("GET", "/api/v1/events?app=kafkaapp&from=2025-01-01", null)
                                .body()
                                .contains("\"count\":2"));
                String body = app.http("GET", "/api/v1/events?app=kafkaapp&order=asc&from=2025-01-01", null)
                        .body();
                assertTrue(
                        body.contains("\"timestamp\":\"2025-11-22T10:00:00.000000001Z\"")
                                && body.contains("\"host\":\"k1\"")
                                && body.contains("\"message\":\"second\"")
                                && body.contains("\"listener\":\"kafka-mozlog\""),
                        body);
                // the broken record is kept as a raw event, not lost
                await().atMost(Duration.ofSeconds(10))
                        .until(() -> app.http("GET", "/api/v1/events?format=raw&listener=kafka-mozlog", null)
                                .body()
                                .contains("mozlog: invalid JSON"));
            }
        }
    }
}
