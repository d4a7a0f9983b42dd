package io.logpipe.queue;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.logpipe.event.LogEvent;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class SinkQueueTest {
    static QueueSettings settings(long capacity, QueueSettings.WhenFull whenFull) {
        return new QueueSettings(capacity, 100, 0, whenFull, Duration.ofSeconds(2), QueueSettings.Fsync.INTERVAL, 1000);
    }

    static LogEvent event(int n) {
        LogEvent e = new LogEvent();
        e.setMessage("event " + n);
        return e;
    }

    /** A sink that is down while {@code down} is set, and rejects messages containing "poison" while {@code strict} is. */
    static final class TestSink implements BatchSink {
        final List<String> got = new CopyOnWriteArrayList<>();
        final AtomicBoolean down = new AtomicBoolean();
        final AtomicBoolean strict = new AtomicBoolean(true);
        final AtomicInteger calls = new AtomicInteger();

        @Override
        public Outcome deliver(List<LogEvent> batch) {
            calls.incrementAndGet();
            if (down.get()) return Outcome.failed(0, Map.of(), new IOException("connection refused"));
            Map<Integer, String> rejected = new HashMap<>();
            for (int i = 0; i < batch.size(); i++) {
                String m = batch.get(i).getMessage();
                if (strict.get() && m.contains("poison")) rejected.put(i, "check constraint no_poison violated");
                else got.add(m);
            }
            return new Outcome(batch.size(), rejected, null);
        }
    }

    Path file() throws IOException {
        return Files.createTempDirectory("queue").resolve("q.mv.db");
    }

    @Test
    void deliversEverythingInOrderAndTheAccountsBalance() throws Exception {
        TestSink sink = new TestSink();
        try (SinkQueue q = new SinkQueue(
                "t1",
                DurableQueue.open(file()),
                sink,
                settings(100_000, QueueSettings.WhenFull.BLOCK),
                new SinkQueue.Listener() {})) {
            for (int i = 0; i < 5000; i++) {
                assertTrue(q.enqueue(event(i), false));
                if (i % 100 == 0) assertTrue(q.status().balanced(), q.status().toString());
            }
            q.commit();
            await().atMost(Duration.ofSeconds(10)).until(() -> sink.got.size() == 5000);
            List<String> expected = new ArrayList<>();
            for (int i = 0; i < 5000; i++) expected.add("event " + i);
            assertEquals(expected, sink.got);
            await().until(() -> q.status().queued() == 0);
            SinkQueue.Status s = q.status();
            assertEquals(5000, s.received());
            assertEquals(5000, s.delivered());
            assertTrue(s.balanced());
        }
    }

    @Test
    void aDeadSinkIsRetriedAndLosesNothing() throws Exception {
        TestSink sink = new TestSink();
        sink.down.set(true);
        try (SinkQueue q = new SinkQueue(
                "t2",
                DurableQueue.open(file()),
                sink,
                settings(100_000, QueueSettings.WhenFull.BLOCK),
                new SinkQueue.Listener() {})) {
            for (int i = 0; i < 300; i++) q.enqueue(event(i), false);
            q.commit();
            await().atMost(Duration.ofSeconds(10)).until(() -> sink.calls.get() >= 3);
            SinkQueue.Status down = q.status();
            assertEquals(300, down.queued());
            assertTrue(down.retried() >= 2);
            assertEquals("connection refused", down.lastError());
            assertTrue(down.balanced());
            sink.down.set(false);
            await().atMost(Duration.ofSeconds(15)).until(() -> sink.got.size() == 300);
            await().until(() -> q.status().lastError() == null && q.status().queued() == 0);
        }
    }

    @Test
    void aRejectedEventIsDeadLetteredAndReplayedAfterTheFix() throws Exception {
        TestSink sink = new TestSink();
        try (SinkQueue q = new SinkQueue(
                "t3",
                DurableQueue.open(file()),
                sink,
                settings(100_000, QueueSettings.WhenFull.BLOCK),
                new SinkQueue.Listener() {})) {
            q.enqueue(event(1), false);
            LogEvent poison = event(2);
            poison.setMessage("poison pill");
            q.enqueue(poison, false);
            q.enqueue(event(3), false);
            q.commit();
            await().atMost(Duration.ofSeconds(5))
                    .until(() -> q.status().deadLettered() == 1 && q.status().queued() == 0);
            assertEquals(List.of("event 1", "event 3"), sink.got);
            List<DurableQueue.DeadLetter> dead = q.deadLetters(0, 10);
            assertEquals(1, dead.size());
            assertEquals("check constraint no_poison violated", dead.get(0).error());
            assertEquals("poison pill", EventCodec.decode(dead.get(0).event()).getMessage());
            assertTrue(q.status().balanced());

            sink.strict.set(false); // the cause is removed
            assertEquals(1, q.replay(null));
            await().atMost(Duration.ofSeconds(5)).until(() -> sink.got.contains("poison pill"));
            assertEquals(0, q.status().deadLetters());
            assertTrue(q.status().balanced(), q.status().toString());
        }
    }

    @Test
    void whatIsLeftAtStopIsDeliveredAfterTheNextStart() throws Exception {
        Path file = file();
        TestSink dead = new TestSink();
        dead.down.set(true);
        SinkQueue first = new SinkQueue(
                "t4",
                DurableQueue.open(file),
                dead,
                new QueueSettings(
                        1000,
                        100,
                        0,
                        QueueSettings.WhenFull.BLOCK,
                        Duration.ofMillis(200),
                        QueueSettings.Fsync.BATCH,
                        1000),
                new SinkQueue.Listener() {});
        for (int i = 0; i < 250; i++) first.enqueue(event(i), false);
        first.commit();
        first.close();
        assertThrows(
                IllegalStateException.class,
                () -> first.enqueue(event(999), false),
                "a stopped sink refuses, so nothing is acknowledged");

        TestSink alive = new TestSink();
        try (SinkQueue second = new SinkQueue(
                "t4",
                DurableQueue.open(file),
                alive,
                settings(1000, QueueSettings.WhenFull.BLOCK),
                new SinkQueue.Listener() {})) {
            assertEquals(250, second.status().recovered());
            await().atMost(Duration.ofSeconds(5)).until(() -> alive.got.size() == 250);
            assertEquals("event 0", alive.got.get(0));
            await().until(() -> second.status().queued() == 0);
            assertTrue(second.status().balanced());
        }
    }

    @Test
    void aFullQueueDropsLossyInputAndMakesTheRestWait() throws Exception {
        TestSink sink = new TestSink();
        sink.down.set(true);
        try (SinkQueue q = new SinkQueue(
                "t5",
                DurableQueue.open(file()),
                sink,
                settings(10, QueueSettings.WhenFull.AUTO),
                new SinkQueue.Listener() {})) {
            for (int i = 0; i < 10; i++) assertTrue(q.enqueue(event(i), false));
            assertFalse(q.enqueue(event(10), true), "UDP input is dropped when full");
            assertEquals(1L, q.status().dropped().get("queue_full"));
            AtomicBoolean waited = new AtomicBoolean();
            Thread tcp = new Thread(() -> {
                try {
                    waited.set(q.enqueue(event(11), false));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            });
            tcp.start();
            Thread.sleep(300);
            assertTrue(tcp.isAlive(), "stream input waits for room");
            sink.down.set(false);
            tcp.join(10_000);
            assertTrue(waited.get());
            await().atMost(Duration.ofSeconds(5)).until(() -> sink.got.size() == 11);
            assertTrue(q.status().balanced(), q.status().toString());
        }
    }
}
