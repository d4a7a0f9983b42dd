package io.logpipe.config;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Metrics;
import io.quarkus.runtime.ShutdownEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.apache.camel.CamelContext;
import org.apache.camel.support.PluginHelper;
import org.apache.camel.support.ResourceHelper;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/**
 * Applies edits to route files while logpipe runs. Camel's own reloader is not supported on
 * Camel Quarkus, and a file watcher misses Kubernetes ConfigMap updates (a symlink swap), so this
 * polls file contents. A changed file is validated first: if it has a problem, each one is logged
 * as {@code file:line: cause} and the running routes stay as they are; otherwise the file's
 * routes are replaced by id.
 */
@ApplicationScoped
public class RouteReloader {
    private static final Logger LOG = Logger.getLogger(RouteReloader.class);

    @Inject
    CamelContext camel;

    @ConfigProperty(name = "logpipe.routes.dir")
    String routesDir;

    @ConfigProperty(name = "logpipe.routes.reload-interval-ms")
    long intervalMs;

    private final Map<Path, String> seen = new HashMap<>();
    private ScheduledExecutorService poller;
    private final Counter applied = counter("applied");
    private final Counter rejected = counter("rejected");

    private static Counter counter(String result) {
        return Counter.builder("logpipe.routes.reload").description("route file changes applied or rejected").tag("result", result).register(Metrics.globalRegistry);
    }

    void onStart(@Observes org.apache.camel.quarkus.main.events.AfterStart event) {
        if (intervalMs <= 0) return;
        snapshot().forEach(seen::put);
        poller = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "route-reloader");
            t.setDaemon(true);
            return t;
        });
        poller.scheduleWithFixedDelay(this::poll, intervalMs, intervalMs, TimeUnit.MILLISECONDS);
    }

    void onStop(@Observes ShutdownEvent event) {
        if (poller != null) poller.shutdownNow();
    }

    private Map<Path, String> snapshot() {
        Map<Path, String> now = new HashMap<>();
        try (Stream<Path> files = Files.list(Path.of(routesDir))) {
            for (Path f : files.filter(p -> p.toString().endsWith(".yaml")).toList()) now.put(f.toAbsolutePath(), Files.readString(f));
        } catch (IOException e) {
            LOG.warnf("route reload: cannot read %s: %s", routesDir, e.toString());
        }
        return now;
    }

    private void poll() {
        try {
            Map<Path, String> now = snapshot();
            for (Map.Entry<Path, String> f : now.entrySet()) {
                if (f.getValue().equals(seen.get(f.getKey()))) continue;
                seen.put(f.getKey(), f.getValue());
                apply(f.getKey());
            }
            for (Path gone : seen.keySet().stream().filter(p -> !now.containsKey(p)).toList()) {
                seen.remove(gone);
                LOG.warnf("route reload: %s was removed; its routes keep running until restart", gone);
            }
        } catch (RuntimeException e) {
            LOG.errorf(e, "route reload failed");
        }
    }

    private void apply(Path file) {
        try {
            List<Problem> problems = new RouteValidator(camel).validateFile(file);
            if (!problems.isEmpty()) {
                rejected.increment();
                for (Problem p : problems) LOG.errorf("route reload rejected %s; the running routes are unchanged", p);
                return;
            }
            var ids = PluginHelper.getRoutesLoader(camel).updateRoutes(ResourceHelper.resolveMandatoryResource(camel, "file:" + file));
            applied.increment();
            LOG.infof("route reload: %s applied (routes %s)", file, ids);
        } catch (Exception e) {
            rejected.increment();
            LOG.errorf("route reload of %s failed: %s", file, e.getMessage());
        }
    }
}
