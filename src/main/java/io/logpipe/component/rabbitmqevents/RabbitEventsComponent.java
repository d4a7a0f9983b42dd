package io.logpipe.component.rabbitmqevents;

import java.util.Map;
import org.apache.camel.Endpoint;
import org.apache.camel.support.DefaultComponent;

/** {@code rabbitmq-events:EXCHANGE}: logpipe events over RabbitMQ, both directions (see {@link RabbitEventsEndpoint}). */
@org.apache.camel.spi.annotations.Component("rabbitmq-events")
public class RabbitEventsComponent extends DefaultComponent {
    @Override
    protected Endpoint createEndpoint(String uri, String remaining, Map<String, Object> parameters) throws Exception {
        RabbitEventsEndpoint e = new RabbitEventsEndpoint(uri, this, remaining);
        setProperties(e, parameters);
        e.check();
        return e;
    }
}
