package io.logpipe.api;

import io.logpipe.health.Problems;
import io.logpipe.queue.QueueRegistry;
import io.logpipe.queue.SinkQueue;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Map;
import java.util.TreeMap;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.HealthCheckResponseBuilder;
import org.eclipse.microprofile.health.Readiness;

/**
 * Ready only while logpipe can keep what it is sent: DOWN, naming the store or sink and why,
 * while a durable queue's file or a file sink's directory cannot be written ({@link Problems}),
 * or while a queued sink has failed every delivery for longer than
 * {@code logpipe.health.sink-down-after-seconds}. Liveness is not affected: restarting would not help.
 */
@Readiness
@ApplicationScoped
public class DeliveryReadiness implements HealthCheck {
    @ConfigProperty(name = "logpipe.health.sink-down-after-seconds", defaultValue = "300")
    long sinkDownAfterSeconds;

    @Override
    public HealthCheckResponse call() {
        Map<String, String> down = new TreeMap<>();
        Problems.current().forEach((component, p) -> down.put(component, p.reason() + " (since " + p.since() + ")"));
        if (sinkDownAfterSeconds > 0) {
            for (SinkQueue q : QueueRegistry.all()) {
                long failing = q.failingForMillis();
                if (failing > sinkDownAfterSeconds * 1000) {
                    down.put("sink " + q.name(), "no delivery for " + failing / 1000 + " s: " + q.lastError());
                }
            }
        }
        HealthCheckResponseBuilder b = HealthCheckResponse.named("delivery").status(down.isEmpty());
        down.forEach(b::withData);
        return b.build();
    }
}
