package io.logpipe.access;

import io.logpipe.event.LogEvent;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;

/**
 * Every host that sent something: when it was last heard, from which address and listener, how many
 * events, and its rate over the last minutes. Kept in memory (a database query over every event
 * would not answer quickly on a full store), saved to a file so a restart keeps it. Bounded: past
 * {@link #MAX_HOSTS} new names are not tracked (counted in {@link #overflow()}).
 */
public final class HostRegistry {
    public static final int MAX_HOSTS = 100_000;
    public static final HostRegistry INSTANCE = new HostRegistry(System::currentTimeMillis);
    static final int MINUTES = 15;

    private final Map<String, Stats> hosts = new ConcurrentHashMap<>();
    private final LongSupplier clock;
    private volatile long overflow;

    /** One host's figures; the ring holds events per minute for the last {@link #MINUTES} minutes. */
    static final class Stats {
        volatile long lastSeenMillis;
        volatile String lastIp;
        volatile String lastListener;
        long total;
        final long[] perMinute = new long[MINUTES];
        final long[] minuteOf = new long[MINUTES];

        synchronized void count(long now) {
            total++;
            long minute = now / 60_000;
            int slot = (int) (minute % MINUTES);
            if (minuteOf[slot] != minute) {
                minuteOf[slot] = minute;
                perMinute[slot] = 0;
            }
            perMinute[slot]++;
        }

        synchronized long recent(long now, int minutes) {
            long current = now / 60_000;
            long n = 0;
            for (int i = 0; i < MINUTES; i++)
                if (current - minuteOf[i] < minutes && current >= minuteOf[i]) n += perMinute[i];
            return n;
        }
    }

    /** What the hosts API shows of one host. */
    public record Host(
            String name, long lastSeenMillis, String lastIp, String lastListener, long total, long lastFiveMinutes) {}

    HostRegistry(LongSupplier clock) {
        this.clock = clock;
    }

    public void record(LogEvent e) {
        String name = e.getHost();
        if (name == null || name.isEmpty())
            name = e.getSource() == null ? null : e.getSource().ip();
        if (name == null) return;
        Stats s = hosts.get(name);
        if (s == null) {
            if (hosts.size() >= MAX_HOSTS) {
                overflow++;
                return;
            }
            s = hosts.computeIfAbsent(name, n -> new Stats());
        }
        long now = clock.getAsLong();
        s.lastSeenMillis = now;
        if (e.getSource() != null) {
            s.lastIp = e.getSource().ip();
            s.lastListener = e.getSource().listener();
        }
        s.count(now);
    }

    public List<Host> list() {
        long now = clock.getAsLong();
        List<Host> out = new ArrayList<>();
        hosts.forEach((name, s) ->
                out.add(new Host(name, s.lastSeenMillis, s.lastIp, s.lastListener, total(s), s.recent(now, 5))));
        out.sort(Comparator.comparing(Host::name));
        return out;
    }

    private static long total(Stats s) {
        synchronized (s) {
            return s.total;
        }
    }

    public long overflow() {
        return overflow;
    }

    /** host, last seen (ms), address, listener, total: one per line, tab-separated. */
    public void save(Path file) throws IOException {
        StringBuilder sb = new StringBuilder();
        for (Host h : list()) {
            sb.append(clean(h.name()))
                    .append('\t')
                    .append(h.lastSeenMillis())
                    .append('\t')
                    .append(clean(h.lastIp()))
                    .append('\t')
                    .append(clean(h.lastListener()))
                    .append('\t')
                    .append(h.total())
                    .append('\n');
        }
        Files.createDirectories(file.getParent());
        Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
        Files.writeString(tmp, sb, StandardCharsets.UTF_8);
        Files.move(
                tmp,
                tmp.resolveSibling(file.getFileName()),
                StandardCopyOption.REPLACE_EXISTING,
                StandardCopyOption.ATOMIC_MOVE);
    }

    public void load(Path file) throws IOException {
        if (!Files.exists(file)) return;
        for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
            String[] f = line.split("\t", -1);
            if (f.length != 5 || hosts.size() >= MAX_HOSTS) continue;
            try {
                Stats s = hosts.computeIfAbsent(f[0], n -> new Stats());
                s.lastSeenMillis = Math.max(s.lastSeenMillis, Long.parseLong(f[1]));
                s.lastIp = f[2].isEmpty() ? null : f[2];
                s.lastListener = f[3].isEmpty() ? null : f[3];
                synchronized (s) {
                    s.total += Long.parseLong(f[4]);
                }
            } catch (NumberFormatException damaged) {
                // a damaged line costs that host's history, not the others'
            }
        }
    }

    private static String clean(String v) {
        return v == null ? "" : v.replace('\t', ' ').replace('\n', ' ');
    }
}
