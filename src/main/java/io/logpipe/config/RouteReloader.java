package io.logpipe.config;

import io.logpipe.net.ListenerStartException;
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
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.apache.camel.CamelContext;
import org.apache.camel.FailedToStartRouteException;
import org.apache.camel.Route;
import org.apache.camel.component.direct.DirectEndpoint;
import org.apache.camel.quarkus.main.events.AfterStart;
import org.apache.camel.support.PluginHelper;
import org.apache.camel.support.ResourceHelper;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/**
 * Applies edits to route files while logpipe runs. Camel's own reloader is not supported on
 * Camel Quarkus, and a file watcher misses Kubernetes ConfigMap updates (a symlink swap), so this
 * polls file contents. A changed file is validated first: if it has a problem, each one is logged
 * as {@code file:line: cause} and the running routes stay as they are. Otherwise its routes are
 * replaced by id; if one of them then fails to start (a port another route holds), the file's new
 * routes are removed and the version that was running is started again, so a listener is never
 * lost to a bad edit. Routes a file no longer has, or of a file deleted, are stopped and removed.
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

    /** What each file said when last seen, and the text its running routes came from. */
    private final Map<Path, String> seen = new HashMap<>();

    private final Map<Path, String> running = new HashMap<>();
    private ScheduledExecutorService poller;
    private final Counter applied = counter("applied");
    private final Counter rejected = counter("rejected");

    private static Counter counter(String result) {
        return Counter.builder("logpipe.routes.reload")
                .description("route file changes applied or rejected")
                .tag("result", result)
                .register(Metrics.globalRegistry);
    }

    void onStart(@Observes AfterStart event) {
        if (intervalMs <= 0) return;
        snapshot().forEach((file, text) -> {
            seen.put(file, text);
            running.put(file, text);
        });
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
            for (Path f : files.filter(p -> p.toString().endsWith(".yaml")).toList())
                now.put(f.toAbsolutePath(), Files.readString(f));
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
                apply(f.getKey(), f.getValue());
            }
            for (Path gone :
                    seen.keySet().stream().filter(p -> !now.containsKey(p)).toList()) {
                seen.remove(gone);
                String was = running.remove(gone);
                Set<String> ids = was == null
                        ? Set.of()
                        : RouteValidator.routeIds(gone.toString(), was).keySet();
                ids.forEach(this::remove);
                applied.increment();
                LOG.infof("route reload: %s was deleted; its routes %s stopped and removed", gone, ids);
            }
        } catch (RuntimeException e) {
            LOG.errorf(e, "route reload failed");
        }
    }

    private void apply(Path file, String text) {
        List<Problem> problems;
        try {
            RouteValidator validator = new RouteValidator(camel);
            problems = validator.validateFile(file);
            if (problems.isEmpty()) problems = validator.acrossFiles(runningDirectConsumers());
        } catch (IOException e) {
            rejected.increment();
            LOG.errorf("route reload of %s failed: cannot read it: %s", file, e.getMessage());
            return;
        }
        if (!problems.isEmpty()) {
            rejected.increment();
            for (Problem p : problems) LOG.errorf("route reload rejected %s; the running routes are unchanged", p);
            return;
        }
        Map<String, Integer> newIds = RouteValidator.routeIds(file.toString(), text);
        String previous = running.get(file);
        Set<String> oldIds = previous == null
                ? Set.of()
                : RouteValidator.routeIds(file.toString(), previous).keySet();
        try {
            var ids = PluginHelper.getRoutesLoader(camel).updateRoutes(ResourceHelper.fromString("file:" + file, text));
            for (String id : oldIds) if (!newIds.containsKey(id)) remove(id);
            running.put(file, text);
            applied.increment();
            LOG.infof("route reload: %s applied (routes %s)", file, ids);
        } catch (Exception e) {
            rejected.increment();
            String failedRoute = failedRouteId(e);
            int line = failedRoute == null ? 0 : newIds.getOrDefault(failedRoute, 0);
            LOG.errorf(
                    "route reload rejected %s:%d: %s%s",
                    file, line, failedRoute == null ? "" : "route " + failedRoute + " did not start: ", rootCause(e));
            rollBack(file, newIds.keySet(), oldIds, previous);
        }
    }

    /** Removes what the failed version added, then starts the version that was running. */
    private void rollBack(Path file, Set<String> newIds, Set<String> oldIds, String previous) {
        Set<String> all = new LinkedHashSet<>(newIds);
        all.addAll(oldIds);
        all.forEach(this::remove);
        if (previous == null) {
            LOG.warnf("route reload: %s was new; none of its routes run", file);
            return;
        }
        try {
            PluginHelper.getRoutesLoader(camel).updateRoutes(ResourceHelper.fromString("file:" + file, previous));
            LOG.warnf("route reload: %s rolled back; the routes %s run as before the edit", file, oldIds);
        } catch (Exception e) {
            LOG.errorf(
                    "route reload: rolling %s back failed too, its routes %s are stopped: %s",
                    file, oldIds, rootCause(e));
            oldIds.forEach(this::remove);
        }
    }

    /** direct: names the running routes consume. */
    private Set<String> runningDirectConsumers() {
        Set<String> names = new HashSet<>();
        for (Route r : camel.getRoutes()) {
            if (r.getEndpoint() instanceof DirectEndpoint d) names.add(RouteValidator.directName(d));
        }
        return names;
    }

    private void remove(String routeId) {
        try {
            if (camel.getRoute(routeId) == null) return;
            camel.getRouteController().stopRoute(routeId);
            camel.removeRoute(routeId);
        } catch (Exception e) {
            LOG.warnf("route reload: could not remove route %s: %s", routeId, rootCause(e));
        }
    }

    private static String failedRouteId(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof ListenerStartException l) return l.listener();
            if (t instanceof FailedToStartRouteException f) return f.getRouteId();
        }
        return null;
    }

    /** The listener's own message when a bind failed (it names the port), else the root cause's. */
    static String rootCause(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause())
            if (t instanceof ListenerStartException) return t.getMessage();
        return RouteValidator.rootCause(e);
    }
}
