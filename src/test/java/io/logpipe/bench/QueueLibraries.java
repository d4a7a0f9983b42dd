package io.logpipe.bench;

import io.logpipe.codec.DecodeContext;
import io.logpipe.codec.Decoders;
import io.logpipe.event.Source;
import io.logpipe.queue.DurableQueue;
import io.logpipe.queue.EventCodec;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import org.apache.activemq.artemis.core.io.nio.NIOSequentialFileFactory;
import org.apache.activemq.artemis.core.journal.PreparedTransactionInfo;
import org.apache.activemq.artemis.core.journal.RecordInfo;
import org.apache.activemq.artemis.core.journal.impl.JournalImpl;

/**
 * How fast a durable sink queue can be with each candidate library: H2's MVStore (what logpipe
 * uses, through {@link DurableQueue}) and ActiveMQ Artemis' journal (the message journal of an
 * embedded broker). Writers append events in listener-sized batches of 100, each batch made
 * durable as logpipe does before acknowledging: "batch" forces every batch to the device, "interval"
 * writes every batch out and forces once a second. Then a consumer takes everything back in
 * batches of 1000 and deletes it. Prints events/s for each phase.
 *
 * Usage: QueueLibraries DIR [EVENTS]
 */
public final class QueueLibraries {
    public static void main(String[] args) throws Exception {
        Path dir = Path.of(args[0]);
        int n = args.length > 1 ? Integer.parseInt(args[1]) : 200_000;
        byte[] event = EventCodec.encode(Decoders.frameDecoder("auto")
                .decodeOne(
                        "<165>1 2026-11-22T10:00:00.123Z web-01.example.com nginx 4242 ACCESS [req@1 id=\"9f1c\" ms=\"12\"] GET /api/v1/orders/123456 200 5120 \"Mozilla/5.0\"",
                        new DecodeContext(
                                Instant.now(), new Source("10.0.0.1", 514, "bench", null), ZoneOffset.UTC, false)));
        System.out.printf("%d events of %d bytes, batches of 100 in, 1000 out%n", n, event.length);
        for (int round = 1; round <= 2; round++) {
            for (String fsync : List.of("interval", "batch")) {
                report(
                        "mvstore",
                        fsync,
                        mvstore(dir.resolve("mv-" + round + fsync), n, event, fsync.equals("batch")),
                        n);
                report(
                        "artemis",
                        fsync,
                        artemis(dir.resolve("art-" + round + fsync), n, event, fsync.equals("batch")),
                        n);
            }
        }
    }

    static void report(String lib, String fsync, long[] nanos, int n) {
        System.out.printf(
                "%-8s fsync=%-8s append %,10.0f ev/s   drain %,10.0f ev/s%n",
                lib, fsync, n / (nanos[0] / 1e9), n / (nanos[1] / 1e9));
    }

    static long[] mvstore(Path dir, int n, byte[] event, boolean syncEachBatch) throws Exception {
        Files.createDirectories(dir);
        long t0 = System.nanoTime();
        long lastSync = t0;
        try (DurableQueue q = DurableQueue.open(dir.resolve("q.mv.db"))) {
            for (int i = 0; i < n; i++) {
                q.append(event);
                if (i % 100 == 99) {
                    q.commit();
                    if (syncEachBatch || System.nanoTime() - lastSync > 1_000_000_000L) {
                        q.sync();
                        lastSync = System.nanoTime();
                    }
                }
            }
            q.commit();
            q.sync();
            long t1 = System.nanoTime();
            for (List<DurableQueue.Entry> batch; !(batch = q.head(1000)).isEmpty(); ) {
                for (DurableQueue.Entry e : batch) EventCodec.decode(e.event());
                q.remove(batch);
                q.commit();
            }
            return new long[] {t1 - t0, System.nanoTime() - t1};
        }
    }

    /** The journal only writes: a queue on it keeps every pending event in memory as well, to read it back. */
    static long[] artemis(Path dir, int n, byte[] event, boolean syncEachBatch) throws Exception {
        Files.createDirectories(dir);
        JournalImpl journal = new JournalImpl(
                10 * 1024 * 1024, 2, 2, 0, 0, new NIOSequentialFileFactory(dir.toFile(), true, 1), "logq", "jrn", 1);
        journal.start();
        journal.load(new ArrayList<RecordInfo>(), new ArrayList<PreparedTransactionInfo>(), null);
        List<byte[]> pending = new ArrayList<>(n);
        long t0 = System.nanoTime();
        long lastSync = t0;
        for (int i = 0; i < n; i++) {
            boolean endOfBatch = i % 100 == 99;
            boolean sync = endOfBatch && (syncEachBatch || System.nanoTime() - lastSync > 1_000_000_000L);
            journal.appendAddRecord(i, (byte) 1, event, sync);
            pending.add(event);
            if (sync) lastSync = System.nanoTime();
        }
        journal.flush();
        long t1 = System.nanoTime();
        for (int i = 0; i < n; i++) {
            EventCodec.decode(pending.get(i));
            journal.appendDeleteRecord(i, i % 1000 == 999);
        }
        journal.flush();
        long t2 = System.nanoTime();
        journal.stop();
        return new long[] {t1 - t0, t2 - t1};
    }
}
