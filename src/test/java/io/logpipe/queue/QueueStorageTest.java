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
import java.util.concurrent.atomic.AtomicInteger;
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
                // TCP and RELP: the listener is held until the disk has room again. (Space inside the
                // file that superseded commits held comes back when the file is reopened, so a few
                // more events may fit first: the listener keeps sending until it is held.)
                AtomicInteger taken = new AtomicInteger();
                AtomicBoolean stop = new AtomicBoolean();
                AtomicReference<Throwable> listenerFailed = new AtomicReference<>();
                Thread listener = new Thread(() -> {
                    try {
                        for (int k = 0; !stop.get(); k++) {
                            if (!q.enqueue(event(-1000 - k), SinkQueue.WhenStorageFails.WAIT)
                                    || !QueueRegistry.commitAll(true)) throw new AssertionError("not taken: " + k);
                            taken.incrementAndGet();
                        }
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    } catch (Throwable t) {
                        listenerFailed.set(t);
                    }
                });
                listener.start();
                // held: nothing taken for 3 s (reopening is tried once a second, each try may fit a few more)
                await().atMost(Duration.ofSeconds(60)).until(() -> {
                    int before = taken.get();
                    Thread.sleep(3000);
                    return taken.get() == before;
                });
                assertTrue(listener.isAlive(), "a TCP listener waits while the disk is full");
                int held = taken.get();
                disk.makeRoom();
                await().atMost(Duration.ofSeconds(10)).until(() -> taken.get() > held + 10);
                stop.set(true);
                listener.join(10_000);
                assertEquals(null, listenerFailed.get());
                n += taken.get();
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
     * A sender that waits for each acknowledgement (RELP one message at a time) makes one commit per
     * event. MVStore writes every commit as a new chunk and by default keeps dead chunks for 45 s, so
     * at 1,000 commits a second of about 25 KB each the file took 55 MB in two seconds and filled a
     * 64 MiB data disk (DiskFullIT). The space of superseded commits must come back within seconds.
     */
    @Test
    void oneCommitPerEventKeepsTheFileSmall() throws Exception {
        Path file = Files.createTempDirectory("queue-commits").resolve("q.mv.db");
        byte[] event = ("<134>Nov 22 10:00:00 host app: number " + "d".repeat(300)).getBytes(StandardCharsets.UTF_8);
        try (DurableQueue q = DurableQueue.open(file)) {
            for (int i = 0; i < 400; i++) q.append(event); // a backlog the sink works through meanwhile
            q.commit();
            long start = System.nanoTime();
            long largest = 0;
            for (int i = 0; i < 5000; i++) {
                q.append(event);
                q.commit();
                if (i % 10 == 9) {
                    q.remove(q.head(10));
                    q.commit();
                }
                largest = Math.max(largest, Files.size(file));
            }
            double seconds = (System.nanoTime() - start) / 1e9;
            System.out.printf(
                    "one commit per event: 5000 commits in %.1f s, queue file at most %d KB (%d bytes per commit)%n",
                    seconds, largest >> 10, largest / 5000);
            assertTrue(largest < 8L << 20, "the queue file grew to " + (largest >> 20) + " MB for 800 live events");
        }
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
