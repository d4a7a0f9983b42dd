package io.logpipe.it;

import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Predicate;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.test.KafkaClusterTestKit;
import org.apache.kafka.common.test.TestKitNodes;
import org.awaitility.Awaitility;

/**
 * A real single-node Kafka (KRaft, broker and controller combined) in the test JVM. The broker
 * listens on a fixed port, so it can be stopped and started again at the address clients know.
 */
public final class TestKafka {
    private TestKafka() {}

    /** A port nobody listens on now, for a broker (or a proxy in front of it). */
    public static int freePort() throws IOException {
        return PackagedApp.freePort();
    }

    /** A topic with one replica (there is one broker). */
    public static void createTopic(String brokers, String topic, int partitions) throws Exception {
        Properties p = new Properties();
        p.put("bootstrap.servers", brokers);
        try (Admin a = Admin.create(p)) {
            a.createTopics(List.of(new NewTopic(topic, partitions, (short) 1)))
                    .all()
                    .get();
        }
    }

    /** Reads {@code topic} from the start until a record value passes {@code wanted} (at most 30 s); every value read. */
    public static List<String> awaitRecord(String brokers, String topic, Predicate<String> wanted) {
        Properties cp = new Properties();
        cp.put("bootstrap.servers", brokers);
        cp.put("group.id", "it-" + topic + "-" + UUID.randomUUID());
        cp.put("auto.offset.reset", "earliest");
        try (KafkaConsumer<String, String> consumer =
                new KafkaConsumer<>(cp, new StringDeserializer(), new StringDeserializer())) {
            consumer.subscribe(List.of(topic));
            List<String> records = new CopyOnWriteArrayList<>();
            Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> {
                consumer.poll(Duration.ofMillis(200)).forEach(r -> records.add(r.value()));
                return records.stream().anyMatch(wanted);
            });
            return records;
        }
    }

    public static KafkaClusterTestKit start(int brokerPort) throws Exception {
        return start(brokerPort, brokerPort);
    }

    /** Clients are told to connect to {@code advertisedPort}, for a proxy in front of the broker. */
    public static KafkaClusterTestKit start(int brokerPort, int advertisedPort) throws Exception {
        KafkaClusterTestKit kafka = new KafkaClusterTestKit.Builder(new TestKitNodes.Builder()
                        .setCombined(true)
                        .setNumBrokerNodes(1)
                        .setNumControllerNodes(1)
                        .setPerServerProperties(Map.of(
                                0,
                                Map.of(
                                        "listeners",
                                        "EXTERNAL://localhost:" + brokerPort + ",CONTROLLER://localhost:0",
                                        "advertised.listeners",
                                        "EXTERNAL://localhost:" + advertisedPort)))
                        .build())
                // one broker: internal topics cannot have the default three replicas, or no consumer group ever forms
                .setConfigProp("offsets.topic.replication.factor", "1")
                .setConfigProp("offsets.topic.num.partitions", "1")
                .setConfigProp("transaction.state.log.replication.factor", "1")
                .setConfigProp("transaction.state.log.min.isr", "1")
                .setConfigProp("group.initial.rebalance.delay.ms", "0")
                .build();
        kafka.format();
        kafka.startup();
        kafka.waitForReadyBrokers();
        return kafka;
    }
}
