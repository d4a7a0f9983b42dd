package io.logpipe.store.lucene;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.logpipe.event.LogEvent;
import io.logpipe.queue.BatchSink;
import io.logpipe.store.EventFilter;
import io.logpipe.store.StoredEvent;
import io.logpipe.testutil.SmallDisk;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/** What only the index does: days on disk, restarts, a crash before the commit, retention by whole days, a full disk, searches during writes. */
class LuceneStoreTest {
    static final Instant DAY1 = Instant.parse("2026-11-01T00:00:00Z");

    static Path fresh() {
        return Path.of("target/test-index", UUID.randomUUID().toString()).toAbsolutePath();
    }

    static List<LogEvent> events(int from, int n, Instant received, int messageLength) {
        List<LogEvent> out = new ArrayList<>();
        for (int i = from; i < from + n; i++) {
            LogEvent e = new LogEvent();
            e.setTimestamp(received.plusMillis(i));
            e.setReceivedAt(received.plusMillis(i));
            e.setHost("host" + (i % 7));
            e.setApp("app");
            e.setSeverityCode(i % 8);
            e.setMessage("number " + i + " " + "m".repeat(messageLength));
            out.add(e);
        }
        return out;
    }

    static List<StoredEvent> all(LuceneStore store) throws Exception {
        return store.find(EventFilter.all(), true, null, 100_000).events();
    }

    @Test
    void aRestartKeepsEveryDayAndIdsKeepGrowing() throws Exception {
        Path dir = fresh();
        long lastId;
        try (LuceneStore store = new LuceneStore(dir, 1000)) {
            store.write(events(0, 10, DAY1, 10));
            store.write(events(10, 10, DAY1.plus(Duration.ofDays(1)), 10));
            assertEquals(List.of(LocalDate.parse("2026-11-01"), LocalDate.parse("2026-11-02")), store.days());
            lastId = all(store).get(19).id();
        }
        try (LuceneStore store = new LuceneStore(dir, 1000)) {
            assertEquals(20, all(store).size(), "committed writes survive a restart");
            store.write(events(20, 1, DAY1.plus(Duration.ofDays(1)), 10));
            List<StoredEvent> after = all(store);
            assertEquals(21, after.size());
            assertTrue(after.get(20).id() > lastId, "ids go on from the largest stored");
            assertEquals(21, new HashSet<>(after.stream().map(StoredEvent::id).toList()).size());
        }
    }

    @Test
    void retentionRemovesWholeDaysOnly() throws Exception {
        try (LuceneStore store = new LuceneStore(fresh(), 1000)) {
            for (int d = 0; d < 4; d++)
                store.write(events(d * 10, 10, DAY1.plus(Duration.ofDays(d)).plus(Duration.ofHours(12)), 10));
            // the cutoff falls inside day 3 (2026-11-03): days 1 and 2 are wholly before it, day 3 is kept
            assertEquals(2, store.purge(DAY1.plus(Duration.ofDays(2)).plus(Duration.ofHours(6))));
            assertEquals(List.of(LocalDate.parse("2026-11-03"), LocalDate.parse("2026-11-04")), store.days());
            assertEquals(20, all(store).size());
            assertEquals(0, store.purge(DAY1), "nothing older left");
            assertEquals(
                    1, store.purge(DAY1.plus(Duration.ofDays(3))), "a cutoff at midnight removes the day before it");
        }
    }

    @Test
    void aFullDiskFailsTheWholeBatchAndWritesResumeWithoutDuplicates() throws Exception {
        try (SmallDisk disk = SmallDisk.mount(24);
                LuceneStore store = new LuceneStore(disk.dir.resolve("index"), 1000)) {
            LuceneBatchSink sink = new LuceneBatchSink(store);
            assertEquals(100, sink.deliver(events(0, 100, DAY1, 2000)).done());
            disk.fillUp();
            BatchSink.Outcome full = null;
            int from = 100;
            int acknowledged = 100;
            for (int attempt = 0; attempt < 20 && (full == null || full.failure() == null); attempt++) {
                full = sink.deliver(events(from, 1500, DAY1, 2000)); // large enough to be indexed by several threads
                if (full.failure() == null) {
                    acknowledged += full.done();
                    from += 1500;
                }
            }
            assertNotNull(full.failure(), "the disk never filled up: " + disk.listing());
            assertTrue(
                    full.rejected().isEmpty(),
                    "nothing is refused for good because the disk is full: " + full.rejected());
            // searches still answer; what was acknowledged since the last commit is safe in the write-ahead
            // log but may not show until the disk has room again (a refresh writes segment files)
            assertTrue(all(store).size() <= acknowledged, "nothing unacknowledged shows");
            disk.makeRoom();
            BatchSink.Outcome again = null;
            for (int attempt = 0; attempt < 10 && (again == null || again.failure() != null); attempt++) {
                again = sink.deliver(events(from, 1500, DAY1, 2000)); // the queue retries the same batch
                if (again.failure() != null) Thread.sleep(500);
            }
            assertEquals(null, again.failure(), "writes work again once there is room");
            assertEquals(1500, again.done());
            List<StoredEvent> stored = all(store);
            assertEquals(acknowledged + 1500, stored.size(), "the failed attempt left nothing behind: no duplicates");
            Set<String> messages = new HashSet<>();
            for (StoredEvent e : stored)
                assertTrue(
                        messages.add(e.event().getMessage()),
                        "once: " + e.event().getMessage().substring(0, 12));
        }
    }

    @Test
    void searchesDuringWritesSeeWholeCommittedBatches() throws Exception {
        try (LuceneStore store = new LuceneStore(fresh(), 1000)) {
            AtomicReference<Throwable> failure = new AtomicReference<>();
            Thread writer = new Thread(() -> {
                try {
                    for (int b = 0; b < 50; b++)
                        store.write(events(b * 100, 100, DAY1.plus(Duration.ofMinutes(b)), 20));
                } catch (Throwable t) {
                    failure.set(t);
                }
            });
            writer.start();
            while (writer.isAlive()) {
                long total = store.stats(
                                EventFilter.all().withRange(DAY1, DAY1.plus(Duration.ofDays(1))),
                                DAY1.plus(Duration.ofDays(1)),
                                3600,
                                10)
                        .total();
                assertEquals(0, total % 100, "a search sees a batch whole or not at all: " + total);
                store.find(EventFilter.all(), false, null, 10);
            }
            writer.join();
            if (failure.get() != null) throw new AssertionError(failure.get());
            assertEquals(
                    5000,
                    store.stats(
                                    EventFilter.all().withRange(DAY1, DAY1.plus(Duration.ofDays(1))),
                                    DAY1.plus(Duration.ofDays(1)),
                                    3600,
                                    10)
                            .total());
        }
    }

    @Test
    void aCrashBeforeTheCommitLosesNothingWrittenAndAddsNothingTwice() throws Exception {
        Path dir = fresh();
        LuceneStore store =
                new LuceneStore(dir, 1000, Duration.ofHours(1)); // commits only at the first write and at close
        store.write(events(0, 100, DAY1, 10));
        Thread.sleep(5);
        store.write(events(100, 2500, DAY1.plus(Duration.ofDays(1)), 10)); // several indexing threads
        store.write(events(2600, 400, DAY1, 10));
        assertEquals(3000, all(store).size(), "searches see what was written before any commit");
        store.crash();
        try (LuceneStore again = new LuceneStore(dir, 1000)) {
            List<StoredEvent> stored = all(again);
            assertEquals(3000, stored.size(), "every acknowledged event back from the write-ahead log");
            assertEquals(
                    3000,
                    new HashSet<>(stored.stream()
                                    .map(e -> e.event().getMessage())
                                    .toList())
                            .size(),
                    "none twice");
            again.write(events(3000, 10, DAY1, 10));
            assertTrue(all(again).stream().mapToLong(StoredEvent::id).max().getAsLong() > 3000);
        }
        try (LuceneStore third = new LuceneStore(dir, 1000)) {
            assertEquals(3010, all(third).size(), "a clean close commits; nothing replayed twice");
        }
    }
}
