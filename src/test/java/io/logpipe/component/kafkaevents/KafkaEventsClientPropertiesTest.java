package io.logpipe.component.kafkaevents;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.logpipe.it.TestKafka;
import java.time.Duration;
import java.util.List;
import java.util.Properties;
import java.util.Set;
import java.util.stream.Collectors;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ConsumerGroupDescription;
import org.apache.kafka.clients.admin.MemberDescription;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.test.KafkaClusterTestKit;
import org.junit.jupiter.api.Test;

/** {@code kafka.<property>} options reach the Kafka client: the broker sees the consumer's client.id from the route. */
class KafkaEventsClientPropertiesTest {
    @Test
    void kafkaPrefixedOptionsAreClientProperties() throws Exception {
        try (KafkaClusterTestKit kafka = TestKafka.start(TestKafka.freePort());
                DefaultCamelContext camel = new DefaultCamelContext()) {
            Properties p = new Properties();
            p.put("bootstrap.servers", kafka.bootstrapServers());
            try (Admin admin = Admin.create(p)) {
                admin.createTopics(List.of(new NewTopic("props", 1, (short) 1)))
                        .all()
                        .get();
                camel.addComponent("kafka-events", new KafkaEventsComponent());
                camel.addRoutes(new RouteBuilder() {
                    @Override
                    public void configure() {
                        from("kafka-events:props?brokers=" + kafka.bootstrapServers()
                                        + "&groupId=props-group&kafka.client.id=probe-client&kafka.session.timeout.ms=20000")
                                .routeId("props")
                                .to("log:ignored?level=OFF");
                    }
                });
                camel.start();
                await().atMost(Duration.ofSeconds(30)).until(() -> {
                    ConsumerGroupDescription g = admin.describeConsumerGroups(List.of("props-group"))
                            .all()
                            .get()
                            .get("props-group");
                    Set<String> clients = g.members().stream()
                            .map(MemberDescription::clientId)
                            .collect(Collectors.toSet());
                    return clients.equals(Set.of("probe-client"));
                });
                KafkaEventsEndpoint e =
                        (KafkaEventsEndpoint) camel.getRoute("props").getEndpoint();
                assertEquals("20000", e.clientProperties().get("session.timeout.ms"));
            }
        }
    }
}
