package io.logpipe.bench;

import io.logpipe.it.TestKafka;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.test.KafkaClusterTestKit;

/**
 * Helpers for bench/kafka.sh. {@code broker PORT TOPIC...}: a single-node Kafka on localhost:PORT
 * with the topics (3 partitions each), running until killed. {@code base BROKERS TOPIC}: prints
 * the records the topic holds. {@code wait BROKERS TOPIC COUNT
 * TIMEOUT_S} (with -Dbase=N from {@code base}): returns once the topic's partitions together hold
 * COUNT more records (their end offsets), or fails at the timeout.
 */
public final class KafkaBench {
    public static void main(String[] args) throws Exception {
        switch (args[0]) {
            case "broker" -> broker(Integer.parseInt(args[1]), List.of(args).subList(2, args.length));
            case "base" -> {
                try (Admin a = Admin.create(props(args[1]))) {
                    System.out.println(total(a, args[2]));
                }
            }
            case "wait" -> waitFor(args[1], args[2], Long.parseLong(args[3]), Integer.parseInt(args[4]));
            default -> throw new IllegalArgumentException("broker PORT TOPIC... | wait BROKERS TOPIC COUNT TIMEOUT_S");
        }
    }

    static void broker(int port, List<String> topics) throws Exception {
        KafkaClusterTestKit kafka = TestKafka.start(port);
        try (Admin a = Admin.create(props(kafka.bootstrapServers()))) {
            a.createTopics(topics.stream()
                            .map(t -> new NewTopic(t, 3, (short) 1))
                            .toList())
                    .all()
                    .get();
        }
        System.out.println("ready " + kafka.bootstrapServers());
        System.out.flush();
        Thread.sleep(Long.MAX_VALUE);
    }

    static Properties props(String brokers) {
        Properties p = new Properties();
        p.put("bootstrap.servers", brokers);
        return p;
    }

    static long total(Admin a, String topic) throws Exception {
        Map<TopicPartition, OffsetSpec> ask = new HashMap<>();
        for (int i = 0; i < 3; i++) ask.put(new TopicPartition(topic, i), OffsetSpec.latest());
        return a.listOffsets(ask).all().get().values().stream()
                .mapToLong(o -> o.offset())
                .sum();
    }

    static void waitFor(String brokers, String topic, long count, int timeoutS) throws Exception {
        try (Admin a = Admin.create(props(brokers))) {
            long base = Long.parseLong(System.getProperty("base", String.valueOf(total(a, topic))));
            long deadline = System.nanoTime() + timeoutS * 1_000_000_000L;
            long n;
            while ((n = total(a, topic) - base) < count) {
                if (System.nanoTime() > deadline) {
                    System.out.println("timeout: " + n + "/" + count + " records in " + topic);
                    System.exit(1);
                }
                Thread.sleep(50);
            }
        }
    }
}
