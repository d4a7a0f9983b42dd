package io.logpipe.listener;

import io.logpipe.event.LogEvent;
import org.apache.camel.Exchange;
import org.apache.camel.support.DefaultConsumer;

/** Runs one event through a listener's route, synchronously, on a pooled exchange. */
public final class EventDispatch {
    private EventDispatch() {}

    /** Exchange property marking input that cannot wait (UDP): a full sink queue drops it rather than block the listener. */
    public static final String LOSSY = "logpipe.lossy";

    /** @return the route's failure, or null when the route handled the event */
    public static Exception route(DefaultConsumer consumer, LogEvent event) {
        return route(consumer, event, false);
    }

    /** As {@link #route(DefaultConsumer, LogEvent)}; {@code lossy} input is dropped rather than blocked by a full sink queue. */
    public static Exception route(DefaultConsumer consumer, LogEvent event, boolean lossy) {
        Exchange exchange = consumer.createExchange(false);
        try {
            exchange.getIn().setBody(event);
            if (lossy) exchange.setProperty(LOSSY, Boolean.TRUE);
            consumer.getProcessor().process(exchange);
        } catch (Exception e) {
            exchange.setException(e);
        }
        Exception failure = exchange.getException();
        consumer.releaseExchange(exchange, false);
        return failure;
    }
}
