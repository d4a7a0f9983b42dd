package io.logpipe.queue;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.logpipe.event.LogEvent;
import io.logpipe.health.Problems;
import io.logpipe.store.H2FileSystem;
import io.logpipe.testutil.SmallDisk;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.h2.mvstore.MVMap;
import org.h2.mvstore.MVStore;
import org.junit.jupiter.api.Test;

/** The durable queue on a disk that fills up, and the space it gives back after a backlog. */
class QueueStorageTest {
    static byte[] payload(int i) {
        return ("event " + i + " " + "p".repeat(1000)).getBytes(StandardCharsets.UTF_8);
    }

    static int number(byte[] event) {
        String s = new String(event, StandardCharsets.UTF_8);
        return Integer.parseInt(s.substring(6, s.indexOf(' ', 6)));
    }

    @Test
    void aFullDiskRefusesCommitsAndAfterwardsNothingAcknowledgedIsMissing() throws Exception {
        try (SmallDisk disk = SmallDisk.mount(16)) {
            Path file = disk.dir.resolve("q.mv.db");
            DurableQueue q = DurableQueue.open(file);
            disk.fill(2 << 20);
            Set<Integer> acknowledged = new HashSet<>();
            Set<Integer> pending = new HashSet<>();
            int i = 0;
            DurableQueue.StorageUnavailable failure = null;
            while (failure == null && i < 100_000) {
                try {
                    q.append(payload(i));
                    pending.add(i++);
                    if (i % 20 == 0) {
                        q.commit();
                        acknowledged.addAll(pending);
                        pending.clear();
                    }
                } catch (DurableQueue.StorageUnavailable e) {
                    failure = e;
                }
            }
            assertTrue(failure != null, "the disk never filled");
            assertTrue(q.isBroken());
            String component = "queue " + file;
            assertTrue(Problems.has(component), Problems.current().toString());
            assertTrue(
                    Problems.current().get(component).reason().contains("free"),
                    Problems.current().toString());
            assertThrows(
                    DurableQueue.StorageUnavailable.class,
                    () -> q.append(payload(-1)),
                    "nothing is taken while the file cannot be written");
            assertTrue(q.depth() >= acknowledged.size(), "the depth while broken is the last one known");
            assertTrue(acknowledged.size() > 100, "acknowledged before the disk filled: " + acknowledged.size());

            disk.makeRoom();
            Thread.sleep(1100); // reopening is tried at most once a second
            q.append(payload(i));
            pending.add(i);
            q.commit();
            assertFalse(q.isBroken());
            assertFalse(Problems.has(component), "the problem clears when the file works again");
            assertEquals(1, q.reopenCount());
            q.close();

            DurableQueue again = DurableQueue.open(file); // and after a restart
            Set<Integer> stored = new HashSet<>();
            for (DurableQueue.Entry e : again.head(Integer.MAX_VALUE)) stored.add(number(e.event()));
            again.close();
            assertTrue(
                    stored.containsAll(acknowledged),
                    "acknowledged events missing: "
                            + acknowledged.stream()
                                    .filter(n -> !stored.contains(n))
                                    .limit(10)
                                    .toList());
            assertTrue(
                    stored.containsAll(pending),
                    "events appended but not yet committed when the disk filled are put back too");
        }
    }

    @Test
    void whileTheDiskIsFullListenersWaitDropOrRefuseAsTheyAskAndTheAccountsBalance() throws Exception {
        try (SmallDisk disk = SmallDisk.mount(16)) {
            AtomicBoolean down = new AtomicBoolean(true); // the sink holds everything in the queue meanwhile
            BatchSink sink = batch -> down.get()
                    ? BatchSink.Outcome.failed(0, Map.of(), new IOException("down"))
                    : BatchSink.Outcome.all(batch.size());
            QueueSettings settings = new QueueSettings(
                    1_000_000,
                    500,
                    0,
                    QueueSettings.WhenFull.BLOCK,
                    Duration.ofSeconds(2),
                    QueueSettings.Fsync.INTERVAL,
                    1000);
            try (SinkQueue q = new SinkQueue(
                    "full-disk",
                    DurableQueue.open(disk.dir.resolve("q.mv.db")),
                    sink,
                    settings,
                    new SinkQueue.Listener() {})) {
                disk.fill(1 << 20);
                int n = 0;
                while (QueueRegistry.commitAll(false)) {
                    q.enqueue(event(n++), SinkQueue.WhenStorageFails.REFUSE);
                    if (n > 200_000) throw new AssertionError("the disk never filled");
                }
                assertThrows(
                        DurableQueue.StorageUnavailable.class,
                        () -> q.enqueue(event(-1), SinkQueue.WhenStorageFails.REFUSE),
                        "HTTP ingest: refused at once");
                assertFalse(q.enqueue(event(-2), SinkQueue.WhenStorageFails.DROP), "UDP: dropped");
                assertEquals(1L, q.status().dropped().get("storage"));
                assertTrue(q.status().lastError().contains("free"), q.status().toString());
                // TCP and RELP: the listener is held until the disk has room again
                AtomicReference<Boolean> waited = new AtomicReference<>();
                Thread listener = new Thread(() -> {
                    try {
                        waited.set(
                                q.enqueue(event(-3), SinkQueue.WhenStorageFails.WAIT) && QueueRegistry.commitAll(true));
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                });
                listener.start();
                Thread.sleep(1500);
                assertTrue(listener.isAlive(), "a TCP listener waits while the disk is full");
                disk.makeRoom();
                listener.join(10_000);
                assertEquals(Boolean.TRUE, waited.get());
                down.set(false);
                await().atMost(Duration.ofSeconds(30)).until(() -> q.status().queued() == 0);
                SinkQueue.Status s = q.status();
                assertTrue(s.balanced(), s.toString());
                assertTrue(s.delivered() >= n, s.toString());
            }
        }
    }

    static LogEvent event(int n) {
        LogEvent e = new LogEvent();
        e.setMessage("event " + n + " " + "q".repeat(500));
        return e;
    }

    @Test
    void aDrainedBacklogGivesItsSpaceBack() throws Exception {
        Path file = Files.createTempDirectory("queue-compact").resolve("q.mv.db");
        AtomicBoolean down = new AtomicBoolean(true);
        BatchSink sink = batch -> down.get()
                ? BatchSink.Outcome.failed(0, Map.of(), new IOException("down"))
                : BatchSink.Outcome.all(batch.size());
        QueueSettings settings = new QueueSettings(
                2_000_000,
                5000,
                0,
                QueueSettings.WhenFull.BLOCK,
                Duration.ofSeconds(2),
                QueueSettings.Fsync.INTERVAL,
                1000);
        int total = 1_000_000;
        try (SinkQueue q =
                new SinkQueue("compact", DurableQueue.open(file), sink, settings, new SinkQueue.Listener() {})) {
            LogEvent e = new LogEvent();
            for (int i = 0; i < total; i++) {
                e.setMessage("backlog event " + i + " from a sink that is down for a while");
                q.enqueue(e, false);
                if (i % 10_000 == 0) q.commit();
            }
            q.commit();
            long backlog = Files.size(file);
            down.set(false);
            long drainedAt = System.nanoTime();
            await().atMost(Duration.ofMinutes(3)).until(() -> q.status().queued() == 0);
            // live data is now nothing but the file's header and maps: 2 x live + a small constant
            // (MVStore keeps a few chunks around its header; compaction starts above DurableQueue.COMPACT_ABOVE_BYTES)
            long limit = DurableQueue.COMPACT_ABOVE_BYTES;
            await().atMost(Duration.ofMinutes(1)).until(() -> Files.size(file) <= limit);
            System.out.printf(
                    "queue compaction: a %d-event backlog took %d MB; %d KB after draining, %d ms after the last delivery%n",
                    total, backlog >> 20, Files.size(file) >> 10, (System.nanoTime() - drainedAt) / 1_000_000);
            assertTrue(q.status().balanced(), q.status().toString());
        }
        List<DurableQueue.Entry> left;
        try (DurableQueue reopened = DurableQueue.open(file)) {
            left = reopened.head(10);
        }
        assertTrue(left.isEmpty(), "nothing was left behind by the compaction");
    }

    /**
     * Queue files written before the maps were typed (keys and values through MVStore's
     * ObjectDataType, maps "queue" and "dead") open with everything in them, in order, once.
     */
    @Test
    void aQueueFileOfTheUntypedLayoutOpensWithItsEventsAndDeadLetters() throws Exception {
        Path file = Files.createTempDirectory("queue-untyped").resolve("q.mv.db");
        H2FileSystem.load();
        MVStore old = new MVStore.Builder().fileName(file.toString()).open();
        MVMap<Long, byte[]> queue = old.openMap("queue");
        MVMap<Long, byte[]> dead = old.openMap("dead");
        for (long id = 1; id <= 3; id++) queue.put(id, withTime(1_000L * id, payload((int) id)));
        byte[] error = "refused".getBytes(StandardCharsets.UTF_8);
        dead.put(
                7L,
                ByteBuffer.allocate(8 + 4 + error.length + payload(9).length)
                        .putLong(9_000L)
                        .putInt(error.length)
                        .put(error)
                        .put(payload(9))
                        .array());
        old.commit();
        old.close();

        try (DurableQueue q = DurableQueue.open(file)) {
            List<DurableQueue.Entry> head = q.head(10);
            assertEquals(
                    List.of(1, 2, 3), head.stream().map(e -> number(e.event())).toList());
            assertEquals(
                    List.of(1000L, 2000L, 3000L),
                    head.stream().map(DurableQueue.Entry::enqueuedAtMillis).toList());
            long next = q.append(payload(4));
            assertEquals(4, next, "ids go on after the migrated ones");
            List<DurableQueue.DeadLetter> letters = q.deadLetters(0, 10);
            assertEquals(1, letters.size());
            assertEquals("refused", letters.get(0).error());
            assertEquals(9, number(letters.get(0).event()));
            q.commit();
        }
        try (DurableQueue q = DurableQueue.open(file)) { // migrated once: nothing twice after a reopen
            assertEquals(
                    List.of(1, 2, 3, 4),
                    q.head(10).stream().map(e -> number(e.event())).toList());
            assertEquals(1, q.deadCount());
        }
    }

    private static byte[] withTime(long millis, byte[] event) {
        return ByteBuffer.allocate(8 + event.length).putLong(millis).put(event).array();
    }
}
