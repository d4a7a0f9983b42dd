package io.logpipe.bench;

import io.logpipe.event.LogEvent;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * bench/stores.sh: the storage issue's queries over the same N events in each candidate store, side
 * by side: logpipe's own H2 and PostgreSQL stores (the real EventSearch/EventStats code), DuckDB
 * (columnar, appender) and Lucene (inverted index, doc values, one index per day). Prints load rate,
 * the median of 5 runs per query, and the hit counts (which must agree between stores). Not a test.
 *
 * Usage: StoreCandidates EVENTS WORKDIR STORE[,STORE...]   (stores: h2, postgresql, mariadb, duckdb, lucene, lucene-1s)
 */
public final class StoreCandidates {
    static final int RUNS = 5;
    static final int BATCH = 5000;

    /** One query of the table, as a store answers it: the number of rows (or total) it found. */
    interface Query {
        long run(Candidate store, Instant now) throws Exception;
    }

    /**
     * The queries, relative to {@code now}. Each run moves {@code now} back by a millisecond: a store
     * must not answer from a cache of the identical query (H2 reuses a result while its tables are
     * unchanged, which a log store's never are).
     */
    static Map<String, Query> queries() {
        Map<String, Query> q = new LinkedHashMap<>();
        q.put(
                "host=host042, last 1 h, newest 100",
                (s, now) -> s.newest(new Search("host042", null, null, null, now.minus(Duration.ofHours(1)), now)));
        q.put(
                "q=" + BenchEvents.NEEDLE + ", last 24 h, newest 100",
                (s, now) -> s.newest(
                        new Search(null, null, null, BenchEvents.NEEDLE, now.minus(Duration.ofHours(24)), now)));
        q.put(
                "app=sshd, min_severity=warning, newest 100",
                (s, now) -> s.newest(new Search(null, "sshd", 4, null, null, now)));
        q.put("stats, last 24 h (15 min buckets)", (s, now) -> s.stats(now.minus(Duration.ofHours(24)), now, 900));
        q.put("console: newest 100 + stats, last 15 min", (s, now) -> {
            Instant from = now.minus(Duration.ofMinutes(15));
            return s.newest(new Search(null, null, null, null, from, now)) * 1_000_000L + s.stats(from, now, 60);
        });
        q.put("group_by=host, last 24 h (top 10)", (s, now) -> s.groupByHost(now.minus(Duration.ofHours(24)), now));
        return q;
    }

    /** Filters the queries use; null = no condition. Newest first, 100 rows. */
    record Search(String host, String app, Integer minSeverity, String text, Instant from, Instant to) {}

    interface Candidate extends AutoCloseable {
        String name();

        void load(List<LogEvent> batch) throws Exception;

        /** After the last batch: whatever makes the data durable and searchable. */
        void loaded() throws Exception;

        /** Rows returned (at most 100), materialized as events. */
        long newest(Search s) throws Exception;

        /** Total, top hosts and apps, facilities, severities and a histogram; returns the total. */
        long stats(Instant from, Instant to, long bucketSeconds) throws Exception;

        /** Count of the most frequent host. */
        long groupByHost(Instant from, Instant to) throws Exception;

        /** Bytes on disk, or -1 when not known. */
        long bytesOnDisk() throws Exception;

        @Override
        void close() throws Exception;
    }

    public static void main(String[] args) throws Exception {
        int events = Integer.parseInt(args[0]);
        Path work = Path.of(args[1]);
        List<String> stores = Arrays.asList(args[2].split(","));
        System.out.printf(
                "%,d events (1,000 hosts, 20 apps, 24 h), %d runs per query (each 1 ms earlier), median%n",
                events, RUNS);
        Map<String, Map<String, String>> table = new LinkedHashMap<>();
        for (String name : stores) {
            Files.createDirectories(work);
            try (Candidate store = open(name, work.resolve(name))) {
                long t0 = System.nanoTime();
                List<LogEvent> batch = new ArrayList<>(BATCH);
                BenchEvents.generate(events, e -> {
                    batch.add(e);
                    if (batch.size() == BATCH) {
                        try {
                            store.load(batch);
                        } catch (Exception x) {
                            throw new IllegalStateException(x);
                        }
                        batch.clear();
                    }
                });
                if (!batch.isEmpty()) store.load(batch);
                store.loaded();
                double secs = (System.nanoTime() - t0) / 1e9;
                Map<String, String> row = new LinkedHashMap<>();
                row.put("load", String.format("%,.0f ev/s", events / secs));
                long bytes = store.bytesOnDisk();
                row.put("size", bytes < 0 ? "?" : String.format("%,d MB", bytes / 1_000_000));
                System.out.printf(
                        "%s: loaded in %.1f s (%s), %s on disk%n", name, secs, row.get("load"), row.get("size"));
                for (var q : queries().entrySet()) {
                    long[] ms = new long[RUNS];
                    long hits = 0;
                    for (int i = 0; i < RUNS; i++) {
                        long s = System.nanoTime();
                        hits = q.getValue().run(store, BenchEvents.NOW.minusMillis(i));
                        ms[i] = (System.nanoTime() - s) / 1_000_000;
                    }
                    Arrays.sort(ms);
                    row.put(q.getKey(), ms[RUNS / 2] + " ms");
                    System.out.printf(
                            "  %-45s %6d ms median (min %d, max %d), hits %d%n",
                            q.getKey(), ms[RUNS / 2], ms[0], ms[RUNS - 1], hits);
                }
                table.put(name, row);
            }
        }
        System.out.println();
        System.out.print("| query |");
        for (String s : table.keySet()) System.out.print(" " + s + " |");
        System.out.println();
        System.out.print("| --- |");
        for (int i = 0; i < table.size(); i++) System.out.print(" --- |");
        System.out.println();
        List<String> keys = new ArrayList<>(table.values().iterator().next().keySet());
        for (String k : keys) {
            System.out.print("| " + k + " |");
            for (Map<String, String> row : table.values()) System.out.print(" " + row.get(k) + " |");
            System.out.println();
        }
    }

    static Candidate open(String name, Path dir) throws Exception {
        return switch (name) {
            case "h2" -> LogpipeStore.h2(dir);
            case "postgresql" ->
                LogpipeStore.postgresql(
                        System.getProperty("bench.pg.url", "jdbc:postgresql://127.0.0.1:5432/logpipe_bench"));
            case "mariadb" ->
                LogpipeStore.mariadb(
                        System.getProperty("bench.mariadb.url", "jdbc:mariadb://127.0.0.1:3306/logpipe_bench"));
            case "duckdb" -> new DuckDbStore(dir);
            case "lucene" -> new LuceneStore(dir, 0);
            // a commit at most once a second: the sink's durable queue would hold each batch until then
            case "lucene-1s" -> new LuceneStore(dir, 1000);
            default ->
                throw new IllegalArgumentException(
                        "unknown store " + name + " (h2, postgresql, mariadb, duckdb, lucene, lucene-1s)");
        };
    }

    static long du(Path dir) throws Exception {
        if (!Files.exists(dir)) return -1;
        try (var s = Files.walk(dir)) {
            return s.filter(Files::isRegularFile)
                    .mapToLong(p -> p.toFile().length())
                    .sum();
        }
    }
}
