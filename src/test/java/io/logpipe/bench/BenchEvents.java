package io.logpipe.bench;

import io.logpipe.event.LogEvent;
import io.logpipe.event.Source;
import java.time.Duration;
import java.time.Instant;
import java.util.Random;
import java.util.function.Consumer;

/**
 * The same varied events for every store the storage benchmark measures: 1,000 hosts, 20
 * programs, a realistic severity mix, spread evenly over the 24 hours before {@link #NOW}, and ten
 * events carrying the text-search needle. Deterministic (seeded), so every store holds the same rows.
 */
final class BenchEvents {
    static final Instant NOW = Instant.parse("2026-01-15T12:00:00Z");
    static final String NEEDLE = "needle-7f3a";
    static final int NEEDLES = 10;
    static final String[] APPS = {
        "sshd",
        "sudo",
        "CRON",
        "postfix/smtpd",
        "nginx",
        "kernel",
        "systemd",
        "dhclient",
        "named",
        "ntpd",
        "haproxy",
        "dockerd",
        "kubelet",
        "containerd",
        "auditd",
        "rsyslogd",
        "mysqld",
        "postgres",
        "java",
        "snmpd"
    };
    static final int[] FACILITIES = {10, 10, 9, 2, 3, 0, 3, 3, 3, 3, 16, 3, 3, 3, 13, 5, 3, 3, 1, 3};
    static final String[] WORDS = {
        "connection",
        "accepted",
        "closed",
        "timeout",
        "user",
        "session",
        "opened",
        "failed",
        "request",
        "upstream",
        "disk",
        "queue",
        "retry",
        "started",
        "stopped",
        "reload",
        "client",
        "server",
        "error",
        "warning"
    };

    private BenchEvents() {}

    /** Severity by weight: mostly info and notice, some debug, few errors. */
    static int severity(Random r) {
        int x = r.nextInt(100);
        if (x < 2) return 3; // err
        if (x < 7) return 4; // warning
        if (x < 27) return 5; // notice
        if (x < 87) return 6; // info
        return 7; // debug
    }

    static void generate(int count, Consumer<LogEvent> sink) {
        generate(count, NOW, sink);
    }

    /** The same events, over the 24 hours before {@code now}. */
    static void generate(int count, Instant now, Consumer<LogEvent> sink) {
        Random r = new Random(42);
        long spanNanos = Duration.ofHours(24).toNanos();
        long needleEvery = Math.max(1, count / NEEDLES);
        for (int i = 0; i < count; i++) {
            // oldest first, as events arrive
            Instant ts = now.minusNanos(spanNanos - (spanNanos / count) * i);
            int app = r.nextInt(APPS.length);
            LogEvent e = new LogEvent();
            e.setTimestamp(ts);
            e.setReceivedAt(ts);
            e.setFormat("rfc3164");
            e.setFacilityCode(FACILITIES[app]);
            e.setSeverityCode(severity(r));
            e.setHost(String.format("host%03d", r.nextInt(1000)));
            e.setApp(APPS[app]);
            e.setProcid(Integer.toString(1000 + r.nextInt(30000)));
            StringBuilder m = new StringBuilder(96);
            int words = 6 + r.nextInt(10);
            for (int w = 0; w < words; w++) {
                if (w > 0) m.append(' ');
                m.append(WORDS[r.nextInt(WORDS.length)]);
                if (r.nextInt(4) == 0) m.append('=').append(Integer.toHexString(r.nextInt()));
            }
            if (i % needleEvery == needleEvery / 2 && i / needleEvery < NEEDLES)
                m.append(" trace ").append(NEEDLE);
            e.setMessage(m.toString());
            e.setSource(new Source("10.0." + (r.nextInt(4)) + "." + r.nextInt(256), 514, "syslog-tcp", null));
            sink.accept(e);
        }
    }
}
