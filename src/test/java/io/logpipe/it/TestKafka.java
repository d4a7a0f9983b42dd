package io.logpipe.it;

import java.util.Map;
import org.apache.kafka.common.test.KafkaClusterTestKit;
import org.apache.kafka.common.test.TestKitNodes;

/**
 * A real single-node Kafka (KRaft, broker and controller combined) in the test JVM. The broker
 * listens on a fixed port, so it can be stopped and started again at the address clients know.
 */
public final class TestKafka {
    private TestKafka() {}

    public static KafkaClusterTestKit start(int brokerPort) throws Exception {
        return start(brokerPort, brokerPort);
    }

    /** Clients are told to connect to {@code advertisedPort}, for a proxy in front of the broker. */
    public static KafkaClusterTestKit start(int brokerPort, int advertisedPort) throws Exception {
        KafkaClusterTestKit kafka = new KafkaClusterTestKit.Builder(new TestKitNodes.Builder()
                .setCombined(true).setNumBrokerNodes(1).setNumControllerNodes(1)
                .setPerServerProperties(Map.of(0, Map.of("listeners", "EXTERNAL://localhost:" + brokerPort + ",CONTROLLER://localhost:0",
                        "advertised.listeners", "EXTERNAL://localhost:" + advertisedPort)))
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
