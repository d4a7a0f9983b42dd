package io.logpipe.health;

import java.time.Instant;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import org.jboss.logging.Logger;

/**
 * What keeps logpipe from storing or delivering right now, by component ("queue db:events",
 * "files ./data"): readiness reports DOWN with these reasons while any is present. A component
 * reports when it fails and clears when it works again; the change is logged once each way, so a
 * failure that repeats every second is one warning, not a flood.
 */
public final class Problems {
    private static final Logger LOG = Logger.getLogger(Problems.class);

    public record Problem(String reason, Instant since) {}

    private static final Map<String, Problem> CURRENT = new ConcurrentHashMap<>();

    private Problems() {}

    /** Records (or updates the reason of) a problem; logs a warning when the component was fine before. */
    public static void report(String component, String reason) {
        Problem before = CURRENT.put(
                component,
                new Problem(
                        reason,
                        CURRENT.containsKey(component) ? CURRENT.get(component).since() : Instant.now()));
        if (before == null) LOG.warnf("%s: %s (not ready until this clears)", component, reason);
    }

    /** Clears a component's problem; logs that it recovered when it had one. */
    public static void clear(String component) {
        Problem before = CURRENT.remove(component);
        if (before != null)
            LOG.infof(
                    "%s: working again (the problem lasted since %s: %s)", component, before.since(), before.reason());
    }

    public static boolean has(String component) {
        return CURRENT.containsKey(component);
    }

    /** A snapshot, sorted by component. */
    public static Map<String, Problem> current() {
        return new TreeMap<>(CURRENT);
    }
}
