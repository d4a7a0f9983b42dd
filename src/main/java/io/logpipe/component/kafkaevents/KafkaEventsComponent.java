package io.logpipe.component.kafkaevents;

import java.util.List;
import java.util.Map;
import org.apache.camel.Endpoint;
import org.apache.camel.support.DefaultComponent;

/** {@code kafka-events:TOPIC}: logpipe events over Kafka, both directions (see {@link KafkaEventsEndpoint}). */
@org.apache.camel.spi.annotations.Component("kafka-events")
public class KafkaEventsComponent extends DefaultComponent {
    @Override
    protected Endpoint createEndpoint(String uri, String remaining, Map<String, Object> parameters) throws Exception {
        KafkaEventsEndpoint e = new KafkaEventsEndpoint(uri, this, remaining);
        // kafka.<client property>=value goes to the Kafka client as is (TLS, SASL, client.id...)
        for (String key : List.copyOf(parameters.keySet())) {
            if (key.startsWith("kafka."))
                e.clientProperties().put(key.substring("kafka.".length()), String.valueOf(parameters.remove(key)));
        }
        setProperties(e, parameters);
        e.check();
        return e;
    }
}
