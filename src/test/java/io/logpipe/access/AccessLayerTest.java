package io.logpipe.access;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.logpipe.event.LogEvent;
import io.logpipe.event.Source;
import io.logpipe.store.EventFilter;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Live tail and the hosts list without a server: matching, a slow viewer, rates, persistence. */
class AccessLayerTest {
    @TempDir
    Path dir;

    static LogEvent event(String host, String app, int severity, String message) {
        LogEvent e = new LogEvent();
        e.setTimestamp(Instant.parse("2021-03-10T12:00:00Z"));
        e.setHost(host);
        e.setApp(app);
        e.setFacilityCode(10);
        e.setSeverityCode(severity);
        e.setMessage(message);
        e.setFormat("rfc3164");
        e.setSource(new Source("192.0.2.9", 514, "syslog-tcp", null));
        return e;
    }

    static EventFilter filter(List<String> hosts, Integer minSeverity, String text) {
        return new EventFilter(null, null, hosts, List.of(), List.of(), null, minSeverity, List.of(), text, List.of());
    }

    @Test
    void theTailFilterMeansWhatTheQueryApiMeans() {
        FilterMatch m = new FilterMatch(filter(List.of("web1", "web2"), 4, "FAILED password"));
        assertTrue(m.test(event("web1", "sshd", 3, "Failed password for root")));
        assertFalse(m.test(event("web3", "sshd", 3, "Failed password for root")), "another host");
        assertFalse(m.test(event("web1", "sshd", 6, "Failed password for root")), "less severe than warning");
        assertFalse(m.test(event("web1", "sshd", 3, "Accepted publickey")), "other text");
        assertTrue(new FilterMatch(EventFilter.all()).test(event("x", null, 7, null)));
        EventFilter notWeb1 = new EventFilter(
                null,
                null,
                List.of(),
                List.of(),
                List.of(),
                null,
                null,
                List.of(),
                null,
                List.of(),
                null,
                null,
                Map.of("host", List.of("web1"), "severity", List.of("7")));
        assertFalse(new FilterMatch(notWeb1).test(event("web1", "sshd", 3, "m")));
        assertFalse(new FilterMatch(notWeb1).test(event("web2", "sshd", 7, "m")), "debug excluded");
        assertTrue(new FilterMatch(notWeb1).test(event("web2", "sshd", 3, "m")));
    }

    @Test
    void aSlowViewerSkipsAndIsToldHowManyWhileOthersGetEverything() {
        LiveTail tail = new LiveTail();
        LiveTail.Viewer slow = tail.open(e -> true, 3);
        LiveTail.Viewer fast = tail.open(e -> "sshd".equals(e.getApp()), 100);
        for (int i = 0; i < 10; i++) tail.publish(event("h", i % 2 == 0 ? "sshd" : "cron", 6, "m" + i));
        assertEquals(3, slow.drain().size());
        assertEquals(7, slow.takeSkipped());
        assertEquals(0, slow.takeSkipped(), "told once");
        List<String> got = fast.drain();
        assertEquals(5, got.size());
        assertTrue(got.get(0).contains("\"message\":\"m0\""), got.get(0));
        slow.close();
        fast.close();
        assertEquals(0, tail.viewers());
    }

    @Test
    void hostsKnowLastSeenRateAndSurviveARestart() throws Exception {
        AtomicLong now = new AtomicLong(Instant.parse("2021-03-10T12:00:30Z").toEpochMilli());
        HostRegistry hosts = new HostRegistry(now::get);
        for (int i = 0; i < 30; i++) hosts.record(event("web1", "sshd", 6, "m"));
        now.addAndGet(10 * 60_000); // ten minutes later
        for (int i = 0; i < 12; i++) hosts.record(event("web1", "sshd", 6, "m"));
        LogEvent noName = event(null, "x", 6, "m");
        hosts.record(noName); // no host: the sender's address stands for it
        List<HostRegistry.Host> list = hosts.list();
        assertEquals(
                List.of("192.0.2.9", "web1"),
                list.stream().map(HostRegistry.Host::name).toList());
        HostRegistry.Host web1 = list.get(1);
        assertEquals(42, web1.total());
        assertEquals(12, web1.lastFiveMinutes(), "the burst ten minutes ago is not recent");
        assertEquals(now.get(), web1.lastSeenMillis());
        assertEquals("syslog-tcp", web1.lastListener());

        Path file = dir.resolve("state/hosts.tsv");
        hosts.save(file);
        HostRegistry restarted = new HostRegistry(now::get);
        restarted.load(file);
        HostRegistry.Host back = restarted.list().get(1);
        assertEquals("web1", back.name());
        assertEquals(42, back.total());
        assertEquals(now.get(), back.lastSeenMillis());
    }
}
