package io.logpipe.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.logpipe.event.LogEvent;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.awaitility.Awaitility;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The writer against a real database behind a proxy that refuses connections: nothing is lost
 * while the database is away, whether it is gone at start or disappears mid-stream.
 */
class EventWriterTest {
    static final class Counts implements EventWriter.Listener {
        final AtomicLong delivered = new AtomicLong();
        final AtomicLong retried = new AtomicLong();
        final ConcurrentHashMap<String, AtomicLong> dropped = new ConcurrentHashMap<>();

        @Override
        public void delivered(int n) {
            delivered.addAndGet(n);
        }

        @Override
        public void dropped(String reason, int n) {
            dropped.computeIfAbsent(reason, r -> new AtomicLong()).addAndGet(n);
        }

        @Override
        public void retried() {
            retried.incrementAndGet();
        }
    }

    static LogEvent numbered(int i) {
        LogEvent e = new LogEvent();
        e.setFormat("rfc3164");
        e.setTimestamp(Instant.now());
        e.setReceivedAt(Instant.now());
        e.setHost("outage-test");
        e.setApp("seq");
        e.setMessage("event " + i);
        return e;
    }

    static String proxied(String url, int port) {
        URI u = URI.create(url.substring("jdbc:".length()));
        return "jdbc:" + u.getScheme() + "://127.0.0.1:" + port + u.getPath();
    }

    static int targetPort(String url) {
        return URI.create(url.substring("jdbc:".length())).getPort();
    }

    @ParameterizedTest
    @ValueSource(strings = {"postgresql", "mariadb"})
    void databaseDownAtStartThenBackLosesNothing(String kind) throws Exception {
        String url = TestDatabases.url(kind);
        try (TcpProxy proxy = new TcpProxy("127.0.0.1", targetPort(url))) {
            Counts counts = new Counts();
            try (Database db = new Database(TestDatabases.fresh(kind, proxied(url, proxy.port())));
                    EventWriter writer = new EventWriter(
                            "outage",
                            db,
                            new EventWriter.Options(100, 50, 10_000, false, Duration.ofSeconds(10)),
                            counts)) {
                for (int i = 0; i < 2000; i++) writer.offer(numbered(i));
                Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> counts.retried.get() >= 3);
                assertEquals(0, counts.delivered.get());
                proxy.up();
                Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> counts.delivered.get() == 2000);
                assertEquals(2000, TestDatabases.count(db, ""));
                assertTrue(counts.dropped.isEmpty(), "nothing dropped: " + counts.dropped);
            }
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"postgresql", "mariadb"})
    void databaseCutOffMidStreamLosesNothing(String kind) throws Exception {
        String url = TestDatabases.url(kind);
        try (TcpProxy proxy = new TcpProxy("127.0.0.1", targetPort(url))) {
            proxy.up();
            Counts counts = new Counts();
            int total = 20_000;
            try (Database db = new Database(TestDatabases.fresh(kind, proxied(url, proxy.port())));
                    EventWriter writer = new EventWriter(
                            "outage",
                            db,
                            new EventWriter.Options(200, 20, 50_000, false, Duration.ofSeconds(10)),
                            counts)) {
                for (int i = 0; i < total; i++) {
                    writer.offer(numbered(i));
                    if (i == 5_000) {
                        Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> counts.delivered.get() > 0);
                        proxy.down();
                    }
                    if (i == 15_000) {
                        Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> counts.retried.get() >= 2);
                        proxy.up();
                    }
                }
                Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> counts.delivered.get() == total);
                assertTrue(counts.dropped.isEmpty(), "nothing dropped: " + counts.dropped);
                // every number is there; a batch whose commit succeeded just as the link was cut is written
                // again (at-least-once), so duplicates are possible but rare
                assertEquals(total, TestDatabases.distinctMessages(db));
                assertTrue(TestDatabases.count(db, "") >= total);
            }
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"h2", "postgresql"})
    void fullQueueDropsAreCountedWithReason(String kind) throws Exception {
        String url = TestDatabases.url(kind);
        Counts counts = new Counts();
        try (TcpProxy proxy = new TcpProxy("127.0.0.1", kind.equals("h2") ? 1 : targetPort(url));
                Database db =
                        new Database(TestDatabases.fresh(kind, kind.equals("h2") ? url : proxied(url, proxy.port())))) {
            EventWriter writer = new EventWriter(
                    "full", db, new EventWriter.Options(10, 10, 100, false, Duration.ofMillis(200)), counts);
            if (kind.equals("h2")) {
                // H2 is in-process and never away: a queue fuller than it can drain shows the same counting
                int accepted = 0;
                for (int i = 0; i < 100_000; i++) if (writer.offer(numbered(i))) accepted++;
                writer.close();
                long dropped = counts.dropped
                        .getOrDefault("queue_full", new AtomicLong())
                        .get();
                assertEquals(100_000, accepted + dropped);
                assertEquals(
                        accepted,
                        counts.delivered.get()
                                + counts.dropped
                                        .getOrDefault("shutdown", new AtomicLong())
                                        .get());
            } else {
                for (int i = 0; i < 150; i++) writer.offer(numbered(i));
                writer.close();
                // 100 queued plus up to a batch taken out for retrying; the rest refused at the door; all counted
                long full = counts.dropped.get("queue_full").get();
                assertTrue(full >= 40 && full <= 50, "queue_full " + full);
                assertEquals(150 - full, counts.dropped.get("shutdown").get());
                assertEquals(0, counts.delivered.get());
            }
        }
    }
}
