package io.logpipe.alert;

import io.logpipe.event.LogEvent;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Evaluates the rules on each event and, on {@link #tick()}, the silences. All times come from
 * the {@link Clock} it is given, so tests move time instead of sleeping. Thread-safe: listeners
 * call {@link #onEvent} from many threads.
 */
public final class AlertEngine {
    /** the most groups one rule tracks; beyond it the oldest state is dropped (a flood of spoofed keys must not exhaust memory) */
    static final int MAX_GROUPS = 100_000;

    private static final Pattern VAR = Pattern.compile("\\{([a-zA-Z_][a-zA-Z0-9_.]*)}");

    private final Clock clock;
    private final Instant started;
    private volatile RuleSet rules;
    private final Map<String, ArrayDeque<Instant>> thresholds = new HashMap<>();
    private final Map<String, Instant> firstSeen = new HashMap<>(); // correlation: when 'when' matched, per group
    private final Map<String, Instant> lastFired = new HashMap<>(); // suppression, per incident
    private final Map<String, Long> counts = new HashMap<>(); // firings per open incident
    /** silence: last event per rule|group (epoch millis), and the groups now silent */
    private final Map<String, Long> lastSeen = new ConcurrentHashMap<>();

    private final Set<String> silent = ConcurrentHashMap.newKeySet();

    public AlertEngine(RuleSet rules, Clock clock) {
        this.rules = rules;
        this.clock = clock;
        this.started = clock.instant();
    }

    public RuleSet rules() {
        return rules;
    }

    /** New rules (a reloaded file); state of rules that kept their id carries over. */
    public synchronized void setRules(RuleSet next) {
        this.rules = next;
    }

    /** A rule's matches on one event: its when (or single) matcher and, for a correlation, its then matcher. */
    private record Match(AlertRule rule, Map<String, String> when, Map<String, String> then) {}

    private static final Map<String, String> ANY = Map.of();

    public List<Alert> onEvent(LogEvent e) {
        // the regular expressions run without the lock (listeners call this from many threads);
        // only what the engine remembers is updated under it, and only for rules that matched
        List<Match> matches = null;
        for (AlertRule r : rules.rules()) {
            Map<String, String> when = r.when() == null ? ANY : r.when().match(e);
            Map<String, String> then =
                    r.type() == AlertRule.Type.CORRELATION ? r.then().match(e) : null;
            if (when == null && then == null) continue;
            if (matches == null) matches = new ArrayList<>(2);
            matches.add(new Match(r, when, then));
        }
        if (matches == null) return List.of();
        List<Alert> out = new ArrayList<>(0);
        synchronized (this) {
            Instant now = clock.instant();
            for (Match m : matches) {
                AlertRule r = m.rule();
                switch (r.type()) {
                    case MATCH -> fire(r, EventMatcher.groupValue(r.groupBy(), e, m.when()), m.when(), e, now, out);
                    case THRESHOLD -> threshold(r, m.when(), e, now, out);
                    case CORRELATION -> correlation(r, m.when(), m.then(), e, now, out);
                    case SILENCE -> alive(r, e, now, out);
                }
            }
        }
        return out;
    }

    private void threshold(AlertRule r, Map<String, String> vars, LogEvent e, Instant now, List<Alert> out) {
        String group = EventMatcher.groupValue(r.groupBy(), e, vars);
        String key = r.id() + "|" + group;
        bound(thresholds);
        ArrayDeque<Instant> times = thresholds.computeIfAbsent(key, k -> new ArrayDeque<>());
        times.addLast(now);
        Instant from = now.minus(r.window());
        while (!times.isEmpty() && times.peekFirst().isBefore(from)) times.pollFirst();
        if (times.size() >= r.count()) {
            vars.put("count", String.valueOf(times.size()));
            times.clear(); // the next firing needs count new events
            fire(r, group, vars, e, now, out);
        }
    }

    private void correlation(
            AlertRule r,
            Map<String, String> whenVars,
            Map<String, String> thenVars,
            LogEvent e,
            Instant now,
            List<Alert> out) {
        if (thenVars != null) {
            String key = r.id() + "|" + EventMatcher.groupValue(r.groupBy(), e, thenVars);
            Instant first = firstSeen.get(key);
            if (first != null && !first.isBefore(now.minus(r.window()))) {
                firstSeen.remove(key);
                fire(r, EventMatcher.groupValue(r.groupBy(), e, thenVars), thenVars, e, now, out);
                return;
            }
        }
        if (whenVars != null) {
            bound(firstSeen);
            // the window runs from the first 'when' that is still within it
            firstSeen.merge(
                    r.id() + "|" + EventMatcher.groupValue(r.groupBy(), e, whenVars),
                    now,
                    (t, n) -> t.isBefore(n.minus(r.window())) ? n : t);
        }
    }

    /** A silence rule's sign of life (the event matched its matcher, if any): remember it; a silent group that speaks again recovers. */
    private void alive(AlertRule r, LogEvent e, Instant now, List<Alert> out) {
        String group = EventMatcher.field(e, r.groupBy());
        if (group == null) return;
        String key = r.id() + "|" + group;
        Long before = lastSeen.put(key, now.toEpochMilli());
        if (before == null && lastSeen.size() > MAX_GROUPS) lastSeen.remove(key);
        if (silent.remove(key)) {
            Map<String, String> vars = new LinkedHashMap<>();
            vars.put(
                    "silent_for",
                    human(Duration.ofMillis(now.toEpochMilli() - (before == null ? now.toEpochMilli() : before))));
            String text = r.message() != null
                    ? render(r.message(), r, group, vars, e) + " (recovered)"
                    : r.id() + ": " + group + " is sending again after " + vars.get("silent_for") + " of silence";
            lastFired.remove(key);
            counts.remove(key);
            out.add(new Alert(r.id(), r.type(), "recovered", group, now, text, 1, false, vars));
        }
    }

    /** Silences: every known group of each silence rule that has been quiet for its window fires once, until it speaks again. */
    public synchronized List<Alert> tick() {
        List<Alert> out = new ArrayList<>(0);
        Instant now = clock.instant();
        for (AlertRule r : rules.rules()) {
            if (r.type() != AlertRule.Type.SILENCE) continue;
            Map<String, Long> groups = new LinkedHashMap<>();
            for (String h : r.inventory())
                groups.put(h, lastSeen.getOrDefault(r.id() + "|" + h, started.toEpochMilli()));
            String prefix = r.id() + "|";
            lastSeen.forEach((k, v) -> {
                if (k.startsWith(prefix)) groups.putIfAbsent(k.substring(prefix.length()), v);
            });
            for (Map.Entry<String, Long> g : groups.entrySet()) {
                String key = prefix + g.getKey();
                if (silent.contains(key)
                        || now.toEpochMilli() - g.getValue() < r.window().toMillis()) continue;
                silent.add(key);
                Map<String, String> vars = new LinkedHashMap<>();
                vars.put("last_seen", Instant.ofEpochMilli(g.getValue()).toString());
                fire(r, g.getKey(), vars, null, now, out);
            }
        }
        return out;
    }

    private void fire(AlertRule r, String group, Map<String, String> vars, LogEvent e, Instant now, List<Alert> out) {
        String key = r.id() + "|" + group;
        Instant last = lastFired.get(key);
        if (last != null && now.isBefore(last.plus(r.suppress()))) {
            long n = counts.merge(key, 1L, Long::sum);
            out.add(new Alert(r.id(), r.type(), "firing", group, now, null, n, true, vars));
            return;
        }
        bound(lastFired);
        lastFired.put(key, now);
        counts.put(key, 1L);
        out.add(new Alert(
                r.id(),
                r.type(),
                "firing",
                group,
                now,
                render(r.message() != null ? r.message() : defaultMessage(r), r, group, vars, e),
                1,
                false,
                vars));
    }

    private static String defaultMessage(AlertRule r) {
        return switch (r.type()) {
            case MATCH -> "{rule}: {host} {app}: {message}";
            case THRESHOLD -> "{rule}: {count} matching events for {group} within {window}";
            case CORRELATION -> "{rule}: {group}: the second event followed the first within {window}";
            case SILENCE -> "{rule}: no events from {group} for {window}";
        };
    }

    /** {@code {name}}: a pattern group or variable, else rule, group, window, or an event field. */
    static String render(String template, AlertRule r, String group, Map<String, String> vars, LogEvent e) {
        Matcher m = VAR.matcher(template);
        StringBuilder sb = new StringBuilder();
        while (m.find()) {
            String name = m.group(1);
            String v = vars.get(name);
            if (v == null) {
                v = switch (name) {
                    case "rule" -> r.id();
                    case "group" -> group;
                    case "window" -> r.window() == null ? "" : human(r.window());
                    case "count" -> "1";
                    default -> e == null ? null : EventMatcher.field(e, name);
                };
            }
            m.appendReplacement(sb, Matcher.quoteReplacement(v == null ? "-" : v));
        }
        m.appendTail(sb);
        return sb.toString();
    }

    static String human(Duration d) {
        long s = d.getSeconds();
        if (s % 86400 == 0 && s > 0) return s / 86400 + "d";
        if (s % 3600 == 0 && s > 0) return s / 3600 + "h";
        if (s % 60 == 0 && s > 0) return s / 60 + "m";
        return s + "s";
    }

    private static void bound(Map<String, ?> m) {
        if (m.size() > MAX_GROUPS) m.clear();
    }

    /** Silence state to persist: last seen per rule|group, and which are silent. */
    public Map<String, Long> lastSeen() {
        return Map.copyOf(lastSeen);
    }

    public Set<String> silent() {
        return Set.copyOf(silent);
    }

    /** Restores persisted silence state (before the first event). */
    public void restore(Map<String, Long> seen, Set<String> silentNow) {
        lastSeen.putAll(seen);
        silent.addAll(silentNow);
    }
}
