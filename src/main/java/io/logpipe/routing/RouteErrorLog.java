package io.logpipe.routing;

import org.jboss.logging.Logger;

/**
 * A listener's route failures in the log: at most one line per ten seconds, with its cause; the
 * counter {@code logpipe_listener_dropped_total{reason=route_error}} has the total.
 */
public final class RouteErrorLog {
    private static final Logger LOG = Logger.getLogger(RouteErrorLog.class);
    private volatile long last;

    public void failed(String listener, Exception e) {
        long now = System.currentTimeMillis();
        if (now - last > 10_000) {
            last = now;
            LOG.errorf(
                    e,
                    "listener %s: route failed for an event (counted in logpipe_listener_dropped_total{reason=route_error})",
                    listener);
        }
    }
}
