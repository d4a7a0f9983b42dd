package io.logpipe.component.rabbitmqevents;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import org.apache.camel.impl.DefaultCamelContext;
import org.junit.jupiter.api.Test;

/** rabbitmq-events: option checks (a wrong route is refused when it is built) and routing keys. */
class RabbitEventsEndpointTest {
    @Test
    void badOptionsAreRefusedWithTheReason() throws Exception {
        try (DefaultCamelContext camel = new DefaultCamelContext()) {
            camel.addComponent("rabbitmq-events", new RabbitEventsComponent());
            assertTrue(refused(camel, "rabbitmq-events:logs?queueType=mirrored")
                    .contains("queueType must be quorum or classic"));
            assertTrue(refused(camel, "rabbitmq-events:logs?prefetch=0").contains("prefetch must be 1..65535"));
            assertTrue(refused(camel, "rabbitmq-events:logs?confirmTimeoutMs=10")
                    .contains("confirmTimeoutMs must be at least 1000"));
            assertTrue(refused(camel, "rabbitmq-events:logs.${host}").contains("not a template"));
            assertTrue(refused(camel, "rabbitmq-events:logs?routingKey=${nope}").contains("unknown field ${nope}"));
            assertTrue(refused(camel, "rabbitmq-events:logs?group=").contains("group must not be empty"));
            RabbitEventsEndpoint ok = camel.getEndpoint(
                    "rabbitmq-events:logs?addresses=a:5672,b&password=secret", RabbitEventsEndpoint.class);
            assertEquals("rabbitmq-events:logs", ok.sinkName());
            assertEquals("logs.archive", ok.settings().queueName("archive"));
            assertTrue(
                    !ok.settings().toString().contains("secret"), ok.settings().toString());
        }
    }

    private static String refused(DefaultCamelContext camel, String uri) {
        Exception e = assertThrows(Exception.class, () -> camel.getEndpoint(uri));
        Throwable t = e;
        while (t.getCause() != null) t = t.getCause();
        return t.getMessage();
    }

    @Test
    void eachValueIsOneWordOfTheRoutingKey() {
        assertEquals("web1_example_com", RabbitEventsEndpoint.oneWord("web1.example.com"));
        assertEquals("_", RabbitEventsEndpoint.oneWord(null));
        assertEquals("_", RabbitEventsEndpoint.oneWord(""));
    }

    @Test
    void longRoutingKeysAreCutAt255BytesOnACharacterBoundary() {
        assertEquals("auth.info", RabbitEventsEndpoint.routingKeyOf("auth.info"));
        String cut = RabbitEventsEndpoint.routingKeyOf("é".repeat(200));
        assertEquals(254, cut.getBytes(StandardCharsets.UTF_8).length);
        assertEquals(255, RabbitEventsEndpoint.routingKeyOf("x".repeat(300)).length());
    }
}
