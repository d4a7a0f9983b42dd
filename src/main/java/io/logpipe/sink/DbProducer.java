package io.logpipe.sink;

import io.logpipe.event.LogEvent;
import io.logpipe.metrics.SinkMetrics;
import io.logpipe.store.EventStore;
import io.logpipe.store.EventWriter;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Metrics;
import org.apache.camel.Exchange;
import org.apache.camel.support.DefaultProducer;

/** Hands each event to the sink's {@link EventWriter}; the writer batches, retries and counts. */
class DbProducer extends DefaultProducer {
    private final DbEndpoint endpoint;
    private final EventStore store;
    private final SinkMetrics metrics;
    private final Counter notEvents;
    private EventWriter writer;
    private Gauge depth;

    DbProducer(DbEndpoint endpoint, EventStore store) {
        super(endpoint);
        this.endpoint = endpoint;
        this.store = store;
        this.metrics = new SinkMetrics("db:" + endpoint.name());
        this.notEvents = metrics.dropped("not_an_event");
    }

    @Override
    protected void doStart() throws Exception {
        super.doStart();
        writer = new EventWriter(endpoint.name(), store.database(), endpoint.options(), new EventWriter.Listener() {
            @Override public void delivered(int n) { metrics.delivered.increment(n); }
            @Override public void dropped(String reason, int n) { metrics.dropped(reason).increment(n); }
            @Override public void retried() { metrics.retries().increment(); }
        });
        EventWriter w = writer;
        depth = metrics.queueDepth(w::queued);
    }

    @Override
    public void process(Exchange exchange) throws Exception {
        Object body = exchange.getMessage().getBody();
        if (!(body instanceof LogEvent e)) {
            notEvents.increment();
            throw new IllegalArgumentException("db: body is " + (body == null ? "null" : body.getClass().getName()) + ", not a LogEvent");
        }
        writer.offer(e);
    }

    @Override
    protected void doStop() throws Exception {
        if (writer != null) writer.close();
        if (depth != null) Metrics.globalRegistry.remove(depth);
        super.doStop();
    }
}
