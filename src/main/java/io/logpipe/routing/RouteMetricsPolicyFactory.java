package io.logpipe.routing;

import io.logpipe.metrics.HotCounter;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Named;
import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.NamedNode;
import org.apache.camel.Route;
import org.apache.camel.spi.RoutePolicy;
import org.apache.camel.spi.RoutePolicyFactory;
import org.apache.camel.support.RoutePolicySupport;

/**
 * Counts events through each route ({@code logpipe_route_events_total}) and those that failed
 * there ({@code logpipe_route_failed_total}): two counter increments, instead of the timers of
 * camel-micrometer's policy, which cost several µs per exchange (ARCHITECTURE rule 3).
 */
@ApplicationScoped
@Named("logpipeRouteMetrics")
public class RouteMetricsPolicyFactory implements RoutePolicyFactory {
    @Override
    public RoutePolicy createRoutePolicy(CamelContext context, String routeId, NamedNode route) {
        HotCounter events = HotCounter.of("logpipe.route.events", "events that entered the route", "route", routeId);
        HotCounter failed =
                HotCounter.of("logpipe.route.failed", "events whose processing failed in the route", "route", routeId);
        return new RoutePolicySupport() {
            @Override
            public void onExchangeDone(Route r, Exchange exchange) {
                events.increment();
                if (exchange.getException() != null) failed.increment();
            }
        };
    }
}
