package io.logpipe.store;

import io.logpipe.routing.Selector;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * How long events stay: {@code logpipe.db.retention-days} for most, and the classes of
 * {@code logpipe.db.retention.<name>.*} for their own (auth for a year, debug for a day). An event
 * several classes match stays for the longest of them; one no class matches stays the default
 * (0 = for ever). Retention goes by whole days of receipt: a day's events of a class go once all of
 * that day is older than the class's days.
 */
public record RetentionRules(int defaultDays, List<RetentionClass> classes) {
    public static final String PREFIX = "logpipe.db.retention.";

    public RetentionRules {
        classes = List.copyOf(classes);
    }

    public static RetentionRules of(int defaultDays) {
        return new RetentionRules(defaultDays, List.of());
    }

    /**
     * The rules from settings: {@code logpipe.db.retention.<name>.days}, {@code .selector},
     * {@code .hosts} (comma-separated patterns). Throws with the setting's name on anything wrong.
     */
    public static RetentionRules from(int defaultDays, Map<String, String> settings) {
        Map<String, Map<String, String>> byName = new TreeMap<>();
        settings.forEach((key, value) -> {
            if (!key.startsWith(PREFIX)) return;
            String rest = key.substring(PREFIX.length());
            int dot = rest.lastIndexOf('.');
            String name = dot <= 0 ? "" : rest.substring(0, dot);
            String part = dot <= 0 ? rest : rest.substring(dot + 1);
            if (name.isEmpty() || !List.of("days", "selector", "hosts").contains(part)) {
                throw new IllegalArgumentException("unknown setting '" + key + "' (a retention class is " + PREFIX + "NAME.days, .selector and .hosts)");
            }
            byName.computeIfAbsent(name, n -> new TreeMap<>()).put(part, value.strip());
        });
        List<RetentionClass> classes = new ArrayList<>();
        byName.forEach((name, parts) -> {
            String days = parts.get("days");
            if (days == null) throw new IllegalArgumentException(PREFIX + name + ".days is missing: how many days are its events kept?");
            int n;
            try {
                n = Integer.parseInt(days);
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException(PREFIX + name + ".days must be a positive number of days, not '" + days + "'");
            }
            Selector selector;
            try {
                selector = parts.containsKey("selector") ? Selector.parse(parts.get("selector")) : null;
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException(PREFIX + name + ".selector: " + e.getMessage());
            }
            List<String> hosts = parts.containsKey("hosts")
                    ? Arrays.stream(parts.get("hosts").split(",")).map(String::strip).filter(h -> !h.isEmpty()).toList() : List.of();
            classes.add(new RetentionClass(name, n, selector, hosts));
        });
        return new RetentionRules(defaultDays, classes);
    }

    /** What retention removes from one day of receipt. */
    public sealed interface Removal {}

    /** The whole day. */
    public record WholeDay() implements Removal {}

    /**
     * The day's events whose keep is at most {@code daysOld}: none of {@code stays} matches them,
     * and one of {@code goes} does (or, with {@code unmatchedGo}, they match no class).
     */
    public record SomeEvents(int daysOld, List<RetentionClass> goes, List<RetentionClass> stays, boolean unmatchedGo) implements Removal {}

    /** Null when nothing of that day goes yet. */
    public Removal removal(LocalDate day, Instant now) {
        Instant end = day.plusDays(1).atStartOfDay(ZoneOffset.UTC).toInstant();
        int old = -1;
        for (int d : levels()) if (!end.plus(Duration.ofDays(d)).isAfter(now)) old = d;
        if (old < 0) return null;
        int o = old;
        if (defaultDays > 0 && o == levels().last()) return new WholeDay();
        List<RetentionClass> goes = classes.stream().filter(c -> c.days() <= o).toList();
        List<RetentionClass> stays = classes.stream().filter(c -> c.days() > o).toList();
        boolean unmatchedGo = defaultDays > 0 && defaultDays <= o;
        if (goes.isEmpty() && !unmatchedGo) return null;
        return new SomeEvents(o, goes, stays, unmatchedGo);
    }

    /** The cutoff before which everything may go (every class's days past), or null when something is kept for ever. */
    public Instant wholeCutoff(Instant now) {
        if (defaultDays <= 0) return null;
        return now.minus(Duration.ofDays(levels().last()));
    }

    /** The latest cutoff anything goes by: the shortest keep. Null when nothing ever goes. */
    public Instant earliestRemoval(Instant now) {
        TreeSet<Integer> levels = levels();
        return levels.isEmpty() ? null : now.minus(Duration.ofDays(levels.first()));
    }

    public boolean hasClasses() {
        return !classes.isEmpty();
    }

    private TreeSet<Integer> levels() {
        TreeSet<Integer> levels = new TreeSet<>();
        if (defaultDays > 0) levels.add(defaultDays);
        for (RetentionClass c : classes) levels.add(c.days());
        return levels;
    }

    /** Changes when the rules do, so work done under other rules is done again. */
    public String fingerprint() {
        StringBuilder sb = new StringBuilder().append(defaultDays);
        for (RetentionClass c : classes) sb.append('|').append(c.describe());
        try {
            byte[] hash = MessageDigest.getInstance("SHA-256").digest(sb.toString().getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(hash, 0, 8);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
