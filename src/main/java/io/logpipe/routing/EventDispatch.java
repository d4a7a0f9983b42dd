package io.logpipe.routing;

import io.logpipe.access.ReceivedEvents;
import io.logpipe.event.LogEvent;
import io.logpipe.queue.SinkQueue;
import org.apache.camel.Exchange;
import org.apache.camel.support.DefaultConsumer;

/** Runs one event through a listener's route, synchronously, on a pooled exchange. */
public final class EventDispatch {
    private EventDispatch() {}

    /** Exchange property marking input that cannot wait (UDP): a full sink queue drops it rather than block the listener. */
    public static final String LOSSY = "logpipe.lossy";

    /** What a durable sink queue should do with this exchange's event while its storage fails. */
    public static SinkQueue.WhenStorageFails whenStorageFails(Exchange exchange) {
        SinkQueue.WhenStorageFails mode = exchange.getProperty(WHEN_STORAGE_FAILS, SinkQueue.WhenStorageFails.class);
        if (mode != null) return mode;
        return exchange.getProperty(LOSSY, false, Boolean.class)
                ? SinkQueue.WhenStorageFails.DROP
                : SinkQueue.WhenStorageFails.WAIT;
    }

    /** @return the route's failure, or null when the route handled the event */
    public static Exception route(DefaultConsumer consumer, LogEvent event) {
        return route(consumer, event, false);
    }

    /** Exchange property: what a durable sink queue does with the event while its file cannot be written ({@link SinkQueue.WhenStorageFails}). */
    public static final String WHEN_STORAGE_FAILS = "logpipe.whenStorageFails";

    /** As {@link #route(DefaultConsumer, LogEvent)}; {@code lossy} input is dropped rather than blocked by a full sink queue. */
    public static Exception route(DefaultConsumer consumer, LogEvent event, boolean lossy) {
        return route(consumer, event, lossy ? SinkQueue.WhenStorageFails.DROP : SinkQueue.WhenStorageFails.WAIT);
    }

    /** As {@link #route(DefaultConsumer, LogEvent)}, saying what sink queues do when full or when their storage fails. */
    public static Exception route(
            DefaultConsumer consumer, LogEvent event, SinkQueue.WhenStorageFails whenStorageFails) {
        ReceivedEvents.received(event);
        Exchange exchange = consumer.createExchange(false);
        try {
            exchange.getIn().setBody(event);
            if (whenStorageFails == SinkQueue.WhenStorageFails.DROP) exchange.setProperty(LOSSY, Boolean.TRUE);
            if (whenStorageFails != SinkQueue.WhenStorageFails.WAIT)
                exchange.setProperty(WHEN_STORAGE_FAILS, whenStorageFails);
            RouteCompletion completion = new RouteCompletion();
            if (!consumer.getAsyncProcessor().process(exchange, completion)) completion.await();
        } catch (Exception e) {
            exchange.setException(e);
        }
        Exception failure = exchange.getException();
        consumer.releaseExchange(exchange, false);
        return failure;
    }
}
