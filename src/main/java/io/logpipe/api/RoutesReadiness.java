package io.logpipe.api;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.apache.camel.CamelContext;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/** Ready once Camel has started every route, so listeners are bound before traffic is sent our way. */
@Readiness
@ApplicationScoped
public class RoutesReadiness implements HealthCheck {
    @Inject
    CamelContext camel;

    @Override
    public HealthCheckResponse call() {
        boolean started = camel.isStarted();
        long running = camel.getRoutes().stream()
                .filter(r -> camel.getRouteController()
                        .getRouteStatus(r.getRouteId())
                        .isStarted())
                .count();
        return HealthCheckResponse.named("routes")
                .status(started && running == camel.getRoutes().size())
                .withData("routes", camel.getRoutes().size())
                .withData("started", running)
                .build();
    }
}
