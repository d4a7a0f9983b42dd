package io.logpipe.queue;

import io.logpipe.event.LogEvent;
import io.logpipe.metrics.SinkMetrics;
import io.logpipe.routing.EventDispatch;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Metrics;
import org.apache.camel.Endpoint;
import org.apache.camel.Exchange;
import org.apache.camel.support.DefaultProducer;

/** Puts each event in its sink's durable queue; the queue's dispatcher delivers them. */
public final class QueuedSinkProducer extends DefaultProducer {
    private final SharedSinkQueue shared;
    private final SinkMetrics metrics;
    private final String sink;
    private SinkQueue queue;
    private Gauge depth;

    public QueuedSinkProducer(Endpoint endpoint, SharedSinkQueue shared, SinkMetrics metrics, String sink) {
        super(endpoint);
        this.shared = shared;
        this.metrics = metrics;
        this.sink = sink;
    }

    @Override
    protected void doStart() throws Exception {
        super.doStart();
        SinkQueue q = shared.acquire();
        queue = q;
        depth = metrics.queueDepth(q::depth);
    }

    @Override
    public void process(Exchange exchange) throws Exception {
        Object body = exchange.getMessage().getBody();
        if (!(body instanceof LogEvent e)) {
            metrics.dropped("not_an_event").increment();
            throw new IllegalArgumentException(sink + ": body is "
                    + (body == null ? "null" : body.getClass().getName()) + ", not a LogEvent");
        }
        queue.enqueue(e, EventDispatch.whenStorageFails(exchange));
    }

    @Override
    protected void doStop() throws Exception {
        if (queue != null) shared.release();
        queue = null;
        if (depth != null) Metrics.globalRegistry.remove(depth);
        super.doStop();
    }
}
