package io.logpipe.component.db;

import io.logpipe.event.LogEvent;
import io.logpipe.metrics.SinkMetrics;
import io.logpipe.queue.QueueSettings;
import io.logpipe.queue.SinkQueue;
import io.logpipe.routing.EventDispatch;
import io.logpipe.store.EventStore;
import io.logpipe.store.EventWriter;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Metrics;
import org.apache.camel.Exchange;
import org.apache.camel.support.DefaultProducer;

/**
 * Hands each event to the sink's durable queue (default; a dispatcher writes batches) or, with
 * {@code queue=memory}, to an in-memory {@link EventWriter}. Either batches, retries and counts.
 */
class DbProducer extends DefaultProducer {
    private final DbEndpoint endpoint;
    private final EventStore store;
    private final SinkMetrics metrics;
    private final Counter notEvents;
    private final QueueSettings.WhenFull whenFull;
    private SinkQueue queue;
    private EventWriter writer;
    private Gauge depth;

    DbProducer(DbEndpoint endpoint, EventStore store) {
        super(endpoint);
        this.endpoint = endpoint;
        this.store = store;
        this.metrics = new SinkMetrics(endpoint.sinkName());
        this.notEvents = metrics.dropped("not_an_event");
        this.whenFull = endpoint.whenFullMode();
    }

    @Override
    protected void doStart() throws Exception {
        super.doStart();
        if (endpoint.durable()) {
            SinkQueue q = endpoint.sharedQueue().acquire();
            queue = q;
            depth = metrics.queueDepth(q::depth);
            return;
        }
        writer = new EventWriter(endpoint.name(), store.database(), endpoint.options(), new EventWriter.Listener() {
            @Override
            public void delivered(int n) {
                metrics.delivered.increment(n);
            }

            @Override
            public void dropped(String reason, int n) {
                metrics.dropped(reason).increment(n);
            }

            @Override
            public void retried() {
                metrics.retries().increment();
            }
        });
        EventWriter w = writer;
        depth = metrics.queueDepth(w::queued);
    }

    @Override
    public void process(Exchange exchange) throws Exception {
        Object body = exchange.getMessage().getBody();
        if (!(body instanceof LogEvent e)) {
            notEvents.increment();
            throw new IllegalArgumentException(
                    "db: body is " + (body == null ? "null" : body.getClass().getName()) + ", not a LogEvent");
        }
        boolean lossy = exchange.getProperty(EventDispatch.LOSSY, false, Boolean.class);
        if (queue != null) {
            queue.enqueue(e, EventDispatch.whenStorageFails(exchange));
            return;
        }
        writer.offer(
                e, whenFull == QueueSettings.WhenFull.BLOCK || (whenFull == QueueSettings.WhenFull.AUTO && !lossy));
    }

    @Override
    protected void doStop() throws Exception {
        if (writer != null) writer.close();
        if (queue != null) endpoint.sharedQueue().release();
        queue = null;
        if (depth != null) Metrics.globalRegistry.remove(depth);
        super.doStop();
    }
}
