package io.logpipe.it;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.logpipe.event.EventJsonReader;
import io.logpipe.s3.S3Clients;
import io.logpipe.s3.S3ProxyServer;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.BitSet;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.zip.GZIPInputStream;
import org.apache.kafka.common.test.KafkaClusterTestKit;
import org.awaitility.core.ConditionTimeoutException;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.CreateBucketRequest;
import software.amazon.awssdk.services.s3.model.GetObjectRequest;
import software.amazon.awssdk.services.s3.model.ListObjectsV2Request;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * Two-tier mode end to end with the shipped role routes: logger → collector (logpipe.role routes
 * routes/collector) → a real Kafka broker → processor (routes/processor) → S3 objects, read back
 * line by line. The broker is stopped and restarted mid-stream; every message must arrive.
 */
class TwoTierIT {
    static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void syslogThroughCollectorKafkaAndProcessorIntoS3() throws Exception {
        Path repo = Path.of(System.getProperty("logpipe.repo.dir", ".")).toAbsolutePath();
        String topic = "events-" + UUID.randomUUID().toString().substring(0, 8);
        try (KafkaClusterTestKit kafka = TestKafka.start(PackagedApp.freePort());
                S3ProxyServer s3 = new S3ProxyServer()) {
            TestKafka.createTopic(kafka.bootstrapServers(), topic, 3);
            S3Client client =
                    S3Clients.build("us-east-1", s3.endpoint, true, S3ProxyServer.ACCESS, S3ProxyServer.SECRET);
            client.createBucket(CreateBucketRequest.builder().bucket("archive").build());
            String[] kafkaProps = {
                "-Dlogpipe.kafka.brokers=" + kafka.bootstrapServers(), "-Dlogpipe.kafka.topic=" + topic
            };
            String tag = "tier" + UUID.randomUUID().toString().substring(0, 6);
            int perPart = 4000;
            try (PackagedApp collector = new PackagedApp(repo.resolve("routes/collector"), kafkaProps);
                    PackagedApp processor = new PackagedApp(
                            repo.resolve("routes/processor"),
                            concat(
                                    kafkaProps,
                                    "-Dlogpipe.s3.endpoint=" + s3.endpoint,
                                    "-Dlogpipe.s3.path-style=true",
                                    "-Dlogpipe.s3.bucket=archive",
                                    "-Dlogpipe.s3.access-key=" + S3ProxyServer.ACCESS,
                                    "-Dlogpipe.s3.secret-key=" + S3ProxyServer.SECRET,
                                    "-Dlogpipe.s3.max-age-seconds=2"))) {
                DatabaseIT.send(collector, tag, 0, perPart);
                var broker = kafka.brokers().values().iterator().next();
                broker.shutdown(); // the broker goes away mid-stream
                broker.awaitShutdown();
                DatabaseIT.send(collector, tag, perPart, 2 * perPart);
                // the Kafka client itself retries for deliveryTimeoutMs (30 s) before the queue reports the failure
                awaitOrExplain(
                        collector,
                        Duration.ofSeconds(90),
                        () -> sink(collector, "kafka-events:" + topic)
                                .map(s -> !s.get("last_error").isNull())
                                .orElse(false));
                JsonNode waiting = sink(collector, "kafka-events:" + topic).orElseThrow();
                assertTrue(waiting.get("queued").asLong() > 0, "events wait in the collector's queue: " + waiting);
                broker.startup();
                DatabaseIT.send(collector, tag, 2 * perPart, 3 * perPart);
                int total = 3 * perPart;
                awaitOrExplain(
                        processor,
                        Duration.ofSeconds(120),
                        () -> archived(client, tag).cardinality() == total);
                BitSet seen = archived(client, tag);
                assertEquals(total, seen.cardinality());
                assertEquals(total, seen.nextClearBit(0), "numbers 0.." + (total - 1));

                JsonNode out = sink(collector, "kafka-events:" + topic).orElseThrow();
                assertTrue(out.get("balanced").asBoolean() && out.get("retried").asLong() > 0, out.toString());
                await().atMost(Duration.ofSeconds(10))
                        .until(() -> sink(processor, "s3-archive:archive")
                                        .orElseThrow()
                                        .get("queued")
                                        .asLong()
                                == 0);
                assertTrue(sink(processor, "s3-archive:archive")
                        .orElseThrow()
                        .get("balanced")
                        .asBoolean());
                System.out.printf(
                        "two-tier: %d sent, %d archived (distinct), collector retried %d times while the broker was down%n",
                        total, seen.cardinality(), out.get("retried").asLong());
            }
        }
    }

    /** Waits; on a timeout the failure shows the app's pipeline and the end of its log. */
    static void awaitOrExplain(PackagedApp app, Duration atMost, Callable<Boolean> condition) throws Exception {
        try {
            await().atMost(atMost).until(condition);
        } catch (ConditionTimeoutException e) {
            String log = app.log();
            throw new AssertionError(
                    e.getMessage() + "\npipeline: "
                            + app.http("GET", "/api/v1/pipeline", null).body() + "\nlog tail:\n"
                            + log.substring(Math.max(0, log.length() - 6000)),
                    e);
        }
    }

    static String[] concat(String[] a, String... b) {
        return DeliveryGuaranteesIT.concat(a, b);
    }

    static Optional<JsonNode> sink(PackagedApp app, String name) throws Exception {
        JsonNode p = JSON.readTree(app.http("GET", "/api/v1/pipeline", null).body());
        for (JsonNode s : p.get("sinks")) if (s.get("sink").asText().equals(name)) return Optional.of(s);
        return Optional.empty();
    }

    /** The message numbers of {@code tag} found in the archive's objects, every line parsed as an event. */
    static BitSet archived(S3Client client, String tag) throws Exception {
        BitSet seen = new BitSet();
        for (S3Object o : client.listObjectsV2(
                        ListObjectsV2Request.builder().bucket("archive").build())
                .contents()) {
            assertTrue(o.key().matches("logs/\\d{4}/\\d\\d/\\d\\d/\\d\\d/[^/]+-[0-9a-f-]{36}\\.json\\.gz"), o.key());
            byte[] gz = client.getObjectAsBytes(GetObjectRequest.builder()
                            .bucket("archive")
                            .key(o.key())
                            .build())
                    .asByteArray();
            String text = new String(
                    new GZIPInputStream(new ByteArrayInputStream(gz)).readAllBytes(), StandardCharsets.UTF_8);
            for (String line : text.lines().toList()) {
                var e = EventJsonReader.read(line);
                if (!tag.equals(e.getApp())) continue;
                String m = e.getMessage();
                seen.set(Integer.parseInt(m.substring("number ".length(), m.indexOf(" of "))));
            }
        }
        return seen;
    }
}
