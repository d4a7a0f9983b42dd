package io.logpipe.component.cloudtrail;

import io.logpipe.event.LogEvent;
import io.logpipe.metrics.ListenerMetrics;
import io.logpipe.queue.Flushes;
import io.logpipe.routing.EventDispatch;
import org.apache.camel.Processor;
import org.apache.camel.support.ScheduledPollConsumer;

/** Each poll runs every record of every new log file (CloudTrail or VPC Flow Logs) through the route, synchronously, before the file counts as done. */
public class CloudTrailConsumer extends ScheduledPollConsumer {
    private final CloudTrailEndpoint endpoint;
    private CloudTrailPoller poller;
    private ListenerMetrics metrics;

    CloudTrailConsumer(CloudTrailEndpoint endpoint, Processor processor) {
        super(endpoint, processor);
        this.endpoint = endpoint;
    }

    @Override
    protected void doStart() throws Exception {
        String name = getRouteId() != null ? getRouteId() : endpoint.kind().scheme() + "-" + endpoint.bucket();
        metrics = new ListenerMetrics(name, endpoint.kind().scheme());
        poller = new CloudTrailPoller(
                endpoint.kind(), endpoint.settings(), new ProcessedKeys(endpoint.stateFile()), name);
        super.doStart();
    }

    @Override
    protected int poll() throws Exception {
        CloudTrailPoller.Result r = poller.poll(this::route, Flushes::endOfBatch);
        return r.events();
    }

    /** A route failure fails the file (it is read again at the next poll), so nothing is marked done unrouted. */
    private void route(LogEvent e) {
        metrics.received.increment();
        metrics.decoded(e.getFormat()).increment();
        Exception failure = metrics.routing(EventDispatch.route(this, e));
        if (failure != null) {
            throw new IllegalStateException("route failed: " + failure.getMessage(), failure);
        }
    }

    @Override
    protected void doStop() throws Exception {
        super.doStop();
        if (poller != null) poller.close();
    }
}
