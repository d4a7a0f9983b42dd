package io.logpipe.health;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import org.jboss.logging.Logger;

/**
 * What keeps logpipe from storing or delivering right now, by component ("queue db:events",
 * "files ./data"): readiness reports DOWN with these reasons while any is present. A component
 * reports when it fails and clears when it works again; the change is logged once each way, so a
 * failure that repeats every second is one warning, not a flood. A component that flaps (a nearly
 * full disk where some writes fit and some do not) warns at most once per {@link #QUIET}; the
 * flaps in between are logged at debug level, and a problem still there when the quiet time is
 * over is warned about again.
 */
public final class Problems {
    private static final Logger LOG = Logger.getLogger(Problems.class);

    /** @param warned whether a warning was logged for it (its recovery is then logged too) */
    public record Problem(String reason, Instant since, boolean warned) {}

    static final Duration QUIET = Duration.ofSeconds(60);

    private static final Map<String, Problem> CURRENT = new ConcurrentHashMap<>();
    private static final Map<String, Instant> LAST_WARNING = new ConcurrentHashMap<>();

    private Problems() {}

    /** Records (or updates the reason of) a problem; warns when the component was fine before, once per quiet time. */
    public static void report(String component, String reason) {
        report(component, reason, Instant.now());
    }

    static void report(String component, String reason, Instant now) {
        Problem before = CURRENT.get(component);
        Instant last = LAST_WARNING.get(component);
        boolean warn = (before == null || !before.warned()) && (last == null || !now.isBefore(last.plus(QUIET)));
        boolean warned = warn || (before != null && before.warned());
        CURRENT.put(component, new Problem(reason, before == null ? now : before.since(), warned));
        if (warn) {
            LAST_WARNING.put(component, now);
            if (before == null) LOG.warnf("%s: %s (not ready until this clears)", component, reason);
            else
                LOG.warnf(
                        "%s: %s (still failing since %s; not ready until this clears)",
                        component, reason, before.since());
        } else if (before == null) {
            LOG.debugf("%s: %s (failing again)", component, reason);
        }
    }

    /** Clears a component's problem; logs that it recovered when its problem was warned about. */
    public static void clear(String component) {
        Problem before = CURRENT.remove(component);
        if (before == null) return;
        if (before.warned())
            LOG.infof(
                    "%s: working again (the problem lasted since %s: %s)", component, before.since(), before.reason());
        else LOG.debugf("%s: working again", component);
    }

    public static boolean has(String component) {
        return CURRENT.containsKey(component);
    }

    /** Whether the component's current problem was warned about (false when it has none). */
    static boolean warned(String component) {
        Problem p = CURRENT.get(component);
        return p != null && p.warned();
    }

    /** A snapshot, sorted by component. */
    public static Map<String, Problem> current() {
        return new TreeMap<>(CURRENT);
    }
}
