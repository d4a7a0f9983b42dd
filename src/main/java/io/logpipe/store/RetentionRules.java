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
import java.util.Set;
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

    /** What follows {@code PREFIX + NAME + "."} in a class setting. */
    private static final List<String> PARTS = List.of("days", "selector", "hosts");

    /** The class a setting belongs to ({@code auth} of {@code logpipe.db.retention.auth.days}), or null when it is no class setting. */
    public static String className(String key) {
        if (!key.startsWith(PREFIX)) return null;
        String rest = key.substring(PREFIX.length());
        int dot = rest.lastIndexOf('.');
        return dot > 0 && PARTS.contains(rest.substring(dot + 1)) ? rest.substring(0, dot) : null;
    }

    /** {@code days}, {@code selector} or {@code hosts} of a class setting. */
    public static String part(String key) {
        return key.substring(key.lastIndexOf('.') + 1);
    }

    /** What is wrong with one class setting taken alone (its name, its value), or null. */
    public static String problem(String key, String value) {
        if (className(key) == null)
            return "unknown setting '" + key + "' (a retention class is " + PREFIX + "NAME.days, .selector and .hosts)";
        return switch (part(key)) {
            case "days" ->
                days(value) > 0 ? null : key + " must be a positive number of days, not '" + value.strip() + "'";
            case "selector" -> {
                try {
                    Selector.parse(value);
                    yield null;
                } catch (IllegalArgumentException e) {
                    yield key + ": " + e.getMessage();
                }
            }
            default -> hosts(value).isEmpty() ? key + " must list host patterns (lab-*,test-?)" : null;
        };
    }

    /** What a class lacks, given the parts set for it: its days, and a selector or hosts. */
    public static List<String> missing(String name, Set<String> parts) {
        List<String> out = new ArrayList<>();
        if (!parts.contains("days")) out.add(PREFIX + name + ".days is missing: how many days are its events kept?");
        if (!parts.contains("selector") && !parts.contains("hosts"))
            out.add(PREFIX + name + " needs a selector or hosts to say which events it keeps");
        return out;
    }

    private static int days(String value) {
        try {
            return Integer.parseInt(value.strip());
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    private static List<String> hosts(String value) {
        return Arrays.stream(value.split(","))
                .map(String::strip)
                .filter(h -> !h.isEmpty())
                .toList();
    }

    /**
     * The rules from settings: {@code logpipe.db.retention.<name>.days}, {@code .selector},
     * {@code .hosts} (comma-separated patterns). Throws with the setting's name on anything wrong.
     */
    public static RetentionRules from(int defaultDays, Map<String, String> settings) {
        Map<String, Map<String, String>> byName = new TreeMap<>();
        settings.forEach((key, value) -> {
            if (!key.startsWith(PREFIX)) return;
            String problem = problem(key, value);
            if (problem != null) throw new IllegalArgumentException(problem);
            byName.computeIfAbsent(className(key), n -> new TreeMap<>()).put(part(key), value);
        });
        List<RetentionClass> classes = new ArrayList<>();
        byName.forEach((name, parts) -> {
            List<String> lacking = missing(name, parts.keySet());
            if (!lacking.isEmpty()) throw new IllegalArgumentException(lacking.get(0));
            Selector selector = parts.containsKey("selector") ? Selector.parse(parts.get("selector")) : null;
            List<String> hosts = parts.containsKey("hosts") ? hosts(parts.get("hosts")) : List.of();
            classes.add(new RetentionClass(name, days(parts.get("days")), selector, hosts));
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
    public record SomeEvents(int daysOld, List<RetentionClass> goes, List<RetentionClass> stays, boolean unmatchedGo)
            implements Removal {}

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

    /** Where a round purges whole days: past every retention, but no later than {@code limit} (the archive's); null when something is kept for ever. */
    public Instant purgeBefore(Instant now, Instant limit) {
        Instant whole = wholeCutoff(now);
        return whole == null || whole.isBefore(limit) ? whole : limit;
    }

    /** What a round deletes from one day by class: null when nothing yet, when the day goes whole, or when it ends after {@code limit}. */
    public SomeEvents byClass(LocalDate day, Instant now, Instant limit) {
        if (day.plusDays(1).atStartOfDay(ZoneOffset.UTC).toInstant().isAfter(limit)) return null;
        return removal(day, now) instanceof SomeEvents some ? some : null;
    }

    /** The rules in a log line: the default days, then each class. */
    public String describe() {
        StringBuilder sb = new StringBuilder(defaultDays > 0 ? defaultDays + " days" : "kept for ever");
        for (RetentionClass c : classes) sb.append("; ").append(c.describe());
        return sb.toString();
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
            byte[] hash =
                    MessageDigest.getInstance("SHA-256").digest(sb.toString().getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(hash, 0, 8);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
