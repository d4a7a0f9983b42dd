package io.logpipe.bench;

import io.logpipe.event.LogEvent;
import io.logpipe.store.lucene.LuceneStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** The index's write rate alone: N benchmark events in batches of B, each committed (what a db: sink's queue does). For profiling. */
public final class LuceneLoad {
    public static void main(String[] args) throws Exception {
        int n = Integer.parseInt(args[0]);
        int batchSize = Integer.parseInt(args[1]);
        Path dir = Files.createTempDirectory("lucene-load");
        List<LogEvent> all = new ArrayList<>(n);
        BenchEvents.generate(n, Instant.now(), all::add);
        try (LuceneStore store = new LuceneStore(dir, 1000)) {
            long t0 = System.nanoTime();
            for (int i = 0; i < n; i += batchSize) store.write(all.subList(i, Math.min(n, i + batchSize)));
            double s = (System.nanoTime() - t0) / 1e9;
            System.out.printf(
                    "%,d events in batches of %,d: %,.0f ev/s, %,d MB on disk%n",
                    n, batchSize, n / s, StoreCandidates.du(dir) / 1_000_000);
        }
    }
}
