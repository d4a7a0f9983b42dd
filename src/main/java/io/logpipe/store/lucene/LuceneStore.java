package io.logpipe.store.lucene;

import io.logpipe.event.EventJsonReader;
import io.logpipe.event.ExtractedFields;
import io.logpipe.event.LogEvent;
import io.logpipe.store.EventFilter;
import io.logpipe.store.EventPage;
import io.logpipe.store.EventQueries;
import io.logpipe.store.EventStats;
import io.logpipe.store.PageCursor;
import io.logpipe.store.StoreException;
import io.logpipe.store.StoredEvent;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.lucene.document.Document;
import org.apache.lucene.document.LongPoint;
import org.apache.lucene.index.FieldInfo;
import org.apache.lucene.index.IndexReader;
import org.apache.lucene.index.LeafReaderContext;
import org.apache.lucene.index.MultiReader;
import org.apache.lucene.index.PointValues;
import org.apache.lucene.index.StoredFields;
import org.apache.lucene.search.IndexSearcher;
import org.apache.lucene.search.Query;
import org.apache.lucene.search.ScoreDoc;
import org.apache.lucene.search.Sort;
import org.apache.lucene.search.SortField;
import org.apache.lucene.search.TopFieldDocs;
import org.jboss.logging.Logger;

/**
 * The embedded event store on Apache Lucene, laid out the way Graylog's and Elasticsearch's
 * indexes keep logs: one index per day of receipt under {@code dir}, searched together. A write
 * is committed (fsync) before it returns, so a queue may let its events go. Searches see every
 * committed write. Same answers as the SQL stores (the contract suite checks it).
 */
public final class LuceneStore implements EventQueries, AutoCloseable {
    private static final Logger LOG = Logger.getLogger(LuceneStore.class);
    private static final Sort OLDEST_FIRST = new Sort(
            new SortField(EventDocuments.TS, SortField.Type.LONG),
            new SortField(EventDocuments.ID, SortField.Type.LONG));
    private static final Set<String> STORED = Set.of(EventDocuments.ID, EventDocuments.JSON);

    private final Path dir;
    private final EventDocuments documents;
    private final FieldNames fieldNames;
    private final TreeMap<LocalDate, DayIndex> days = new TreeMap<>();
    private final AtomicLong nextId = new AtomicLong(1);
    private final SegmentSummaries summaries = new SegmentSummaries();
    /** Indexing threads for one batch: the cores, up to 4; a batch is split only into parts of 500 or more. */
    private static final int INDEXING_THREADS = Math.min(4, Runtime.getRuntime().availableProcessors());

    private static final int MIN_PER_THREAD = 500;
    static final Duration DEFAULT_COMMIT_INTERVAL = Duration.ofSeconds(1);
    private final long commitIntervalNanos;
    private WriteAheadLog log;
    private long lastCommit = System.nanoTime();
    private volatile boolean needsRecovery;
    private volatile boolean closed;
    private final ScheduledExecutorService committer = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "index-commit");
        t.setDaemon(true);
        return t;
    });
    private static final ExecutorService INDEXERS = Executors.newFixedThreadPool(INDEXING_THREADS, r -> {
        Thread t = new Thread(r, "index-writer");
        t.setDaemon(true);
        return t;
    });

    /** @param maxFieldNames how many distinct {@code fields.<path>} names are indexed at most */
    public LuceneStore(Path dir, int maxFieldNames) throws IOException {
        this(dir, maxFieldNames, DEFAULT_COMMIT_INTERVAL);
    }

    /** @param commitInterval how long an added event may wait for the index's commit (it is in the write-ahead log meanwhile) */
    public LuceneStore(Path dir, int maxFieldNames, Duration commitInterval) throws IOException {
        this.dir = dir;
        this.fieldNames = new FieldNames(maxFieldNames);
        this.documents = new EventDocuments(fieldNames);
        this.commitIntervalNanos = commitInterval.toNanos();
        Files.createDirectories(dir);
        try (var entries = Files.list(dir)) {
            for (Path p : entries.toList()) {
                LocalDate day = dayOf(p);
                if (day != null) days.put(day, new DayIndex(day, p));
            }
        }
        long max = 0;
        for (DayIndex d : days.values()) {
            max = Math.max(max, d.committedId()); // what opening the day found
            IndexSearcher s = d.acquire();
            try {
                for (LeafReaderContext leaf : s.getIndexReader().leaves()) {
                    for (FieldInfo f : leaf.reader().getFieldInfos()) fieldNames.addExisting(f.name);
                }
            } finally {
                d.release(s);
            }
        }
        log = new WriteAheadLog(dir.resolve("write-ahead.log"));
        long[] logged = {max};
        replayLog(logged);
        nextId.set(logged[0] + 1);
        commitAll();
        committer.scheduleWithFixedDelay(
                this::commitQuietly,
                commitInterval.toMillis(),
                Math.max(1, commitInterval.toMillis()),
                TimeUnit.MILLISECONDS);
    }

    /** Adds the log's entries that the days' last commits do not hold (after a crash, or a failed write). */
    private void replayLog(long[] maxId) throws IOException {
        int[] replayed = {0};
        log.replay(entry -> {
            maxId[0] = Math.max(maxId[0], entry.id());
            DayIndex day = day(receivedOf(entry.event()));
            if (entry.id() <= day.committedId()) return;
            try {
                day.writer().addDocument(documents.document(entry.id(), entry.event()));
                day.added(entry.id());
                replayed[0]++;
            } catch (IllegalArgumentException refused) {
                // refused when it was first written too (and reported then)
            }
        });
        if (replayed[0] > 0)
            LOG.infof(
                    "event index %s: %d events added again from the write-ahead log (written after the last commit)",
                    dir, replayed[0]);
    }

    private static Instant receivedOf(LogEvent e) {
        return e.getReceivedAt() == null ? Instant.EPOCH : e.getReceivedAt();
    }

    private static LocalDate dayOf(Path p) {
        if (!Files.isDirectory(p)) return null;
        try {
            return LocalDate.parse(p.getFileName().toString());
        } catch (DateTimeParseException e) {
            return null; // not a day's index
        }
    }

    @Override
    public String describe() {
        return "lucene " + dir;
    }

    @Override
    public Instant oldestReceived() throws StoreException {
        try (Snapshot s = new Snapshot()) {
            long min = Long.MAX_VALUE;
            for (LeafReaderContext leaf : s.searcher.getIndexReader().leaves()) {
                PointValues received = leaf.reader().getPointValues(EventDocuments.RECEIVED);
                if (received != null && received.size() > 0)
                    min = Math.min(min, LongPoint.decodeDimension(received.getMinPackedValue(), 0));
            }
            return min == Long.MAX_VALUE
                    ? null
                    : Instant.ofEpochSecond(Math.floorDiv(min, 1_000_000_000L), Math.floorMod(min, 1_000_000_000L));
        } catch (IOException | RuntimeException e) {
            throw new StoreException("event index " + dir + ": " + e.getMessage(), e);
        }
    }

    /**
     * Adds a batch; it is durable when this returns (in the write-ahead log, forced to the device;
     * the index commits about once a second) and visible to the next search. Events Lucene refuses
     * (by index, with the reason) are left out and reported; when the write fails (disk full, I/O
     * error) nothing of it stays and it throws. A large batch is indexed by several threads at
     * once (Lucene's writer takes documents from many threads), since cutting a message into
     * pieces is most of the work.
     */
    public synchronized Map<Integer, String> write(List<LogEvent> batch) throws StoreException {
        Map<Integer, String> rejected = new ConcurrentHashMap<>();
        if (needsRecovery) recover();
        long firstId = nextId.get();
        long logSize;
        try {
            logSize = log.append(firstId, withReceipt(batch));
        } catch (IOException e) {
            undoLog(-1);
            throw new StoreException("event index " + dir + ": write-ahead log " + log + ": " + e.getMessage(), e);
        }
        nextId.addAndGet(batch.size());
        int parts = Math.min(INDEXING_THREADS, Math.max(1, batch.size() / MIN_PER_THREAD));
        try {
            if (parts == 1) {
                add(batch, 0, batch.size(), firstId, rejected);
            } else {
                List<Future<?>> running = new ArrayList<>();
                int per = (batch.size() + parts - 1) / parts;
                for (int from = 0; from < batch.size(); from += per) {
                    int start = from, end = Math.min(batch.size(), from + per);
                    running.add(INDEXERS.submit(() -> {
                        add(batch, start, end, firstId, rejected);
                        return null;
                    }));
                }
                for (Future<?> f : running) await(f);
            }
        } catch (IOException | RuntimeException e) {
            // back to the last commit plus the log without this batch: the queue retries it whole
            undoLog(logSize);
            recover();
            throw new StoreException("event index " + dir + ": write failed: " + e.getMessage(), e);
        }
        if (System.nanoTime() - lastCommit >= commitIntervalNanos) commitQuietly();
        return new HashMap<>(rejected);
    }

    /** Events without a receive time are stored under the time they reach the store, in the log as in the index. */
    private static List<LogEvent> withReceipt(List<LogEvent> batch) {
        Instant now = null;
        for (LogEvent e : batch) {
            if (e.getReceivedAt() != null) continue;
            if (now == null) now = Instant.now();
            e.setReceivedAt(now);
        }
        return batch;
    }

    private void undoLog(long size) {
        try {
            if (size >= 0) log.truncate(size);
        } catch (IOException e) {
            LOG.warnf(
                    "event index %s: could not cut the failed batch from the write-ahead log: %s", dir, e.getMessage());
        }
    }

    /** Every day back to its last commit, then the log's entries again; if that fails too, the next write tries again. */
    private void recover() throws StoreException {
        needsRecovery = true;
        synchronized (days) {
            for (DayIndex d : days.values()) if (d.uncommitted()) d.rollback();
        }
        try {
            replayLog(new long[] {0});
            needsRecovery = false;
        } catch (IOException | RuntimeException e) {
            throw new StoreException(
                    "event index " + dir + ": recovery from the write-ahead log failed (retried with the next write): "
                            + e.getMessage(),
                    e);
        }
    }

    /** Commits every day with added events, then empties the log. */
    private synchronized void commitAll() throws IOException {
        List<DayIndex> dirty = new ArrayList<>();
        synchronized (days) {
            for (DayIndex d : days.values()) if (d.uncommitted()) dirty.add(d);
        }
        for (DayIndex d : dirty) d.commit();
        log.truncate(0);
        lastCommit = System.nanoTime();
    }

    private synchronized void commitQuietly() {
        if (needsRecovery || closed) return;
        try {
            commitAll();
        } catch (IOException | RuntimeException e) {
            // the events stay in the log; a writer that gave up is reopened and refilled from it
            LOG.warnf(
                    "event index %s: commit failed (the events are in the write-ahead log; retried): %s",
                    dir, e.getMessage());
            try {
                recover();
            } catch (StoreException again) {
                LOG.warnf("%s", again.getMessage());
            }
        }
    }

    private static void await(Future<?> f) throws IOException {
        try {
            f.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while indexing", e);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof IOException io) throw io;
            if (e.getCause() instanceof RuntimeException re) throw re;
            throw new IOException(e.getCause());
        }
    }

    /** Indexes batch[from, to); event i gets id firstId + i. */
    private void add(List<LogEvent> batch, int from, int to, long firstId, Map<Integer, String> rejected)
            throws IOException {
        for (int i = from; i < to; i++) {
            LogEvent e = batch.get(i);
            Document d;
            try {
                d = documents.document(firstId + i, e);
            } catch (RuntimeException bad) {
                rejected.put(i, "not indexable: " + bad.getMessage());
                continue;
            }
            DayIndex day = day(receivedOf(e));
            try {
                day.writer().addDocument(d);
                day.added(firstId + i);
            } catch (IllegalArgumentException bad) { // this document only, the writer goes on
                rejected.put(i, "not indexable: " + bad.getMessage());
            }
        }
    }

    private DayIndex day(Instant received) throws IOException {
        LocalDate day = LocalDate.ofInstant(received, ZoneOffset.UTC);
        synchronized (days) {
            DayIndex d = days.get(day);
            if (d == null) {
                d = new DayIndex(day, dir.resolve(day.toString()));
                days.put(day, d);
            }
            return d;
        }
    }

    /**
     * Removes the days received wholly before {@code cutoff}: a day stays until all of it is past
     * the cutoff. Returns how many went.
     */
    public int purge(Instant cutoff) throws IOException {
        List<DayIndex> gone = new ArrayList<>();
        synchronized (this) {
            commitAll(); // so the log holds nothing of a day that goes
            synchronized (days) {
                LocalDate firstKept = LocalDate.ofInstant(cutoff, ZoneOffset.UTC);
                while (!days.isEmpty()
                        && days.firstKey()
                                        .plusDays(1)
                                        .atStartOfDay()
                                        .toInstant(ZoneOffset.UTC)
                                        .compareTo(cutoff)
                                <= 0
                        && days.firstKey().isBefore(firstKept)) {
                    gone.add(days.pollFirstEntry().getValue());
                }
            }
        }
        for (DayIndex d : gone) {
            d.close();
            deleteTree(d.path);
            LOG.infof("retention: removed the event index of %s", d.day);
        }
        return gone.size();
    }

    private static void deleteTree(Path p) throws IOException {
        try (var walk = Files.walk(p)) {
            for (Path f : walk.sorted(Comparator.reverseOrder()).toList()) Files.deleteIfExists(f);
        }
    }

    /**
     * Deletes one day's documents that match, durably (committed before it returns); returns how
     * many. Counts cached per segment follow: they are made again once a segment's deletions change.
     */
    public long delete(LocalDate day, Query matching) throws IOException {
        DayIndex d;
        synchronized (days) {
            d = days.get(day);
        }
        if (d == null) return 0;
        synchronized (this) {
            IndexSearcher s = d.acquire();
            long n;
            try {
                n = s.count(matching);
            } finally {
                d.release(s);
            }
            if (n == 0) return 0;
            d.writer().deleteDocuments(matching);
            d.commit();
            return n;
        }
    }

    /** Removes every day: an empty store (a test's fresh start, an operator's reset). */
    public synchronized void clear() throws IOException {
        purge(Instant.parse("9999-01-01T00:00:00Z"));
    }

    /** The days held, oldest first. */
    public List<LocalDate> days() {
        synchronized (days) {
            return List.copyOf(days.keySet());
        }
    }

    /**
     * Makes the added events visible, between writes (so a search sees a batch whole or not at
     * all). A refresh that fails (a full disk) leaves the last view; the writes that follow put
     * right what it left.
     */
    private void refresh(List<DayIndex> all) {
        boolean needed = false;
        for (DayIndex d : all) needed |= d.unrefreshed();
        if (!needed) return;
        synchronized (this) {
            for (DayIndex d : all) {
                try {
                    d.refreshIfNeeded();
                } catch (IOException | RuntimeException e) {
                    LOG.debugf("event index of %s: refresh failed, searching the last view: %s", d.day, e.getMessage());
                    needsRecovery = true;
                }
            }
        }
    }

    /** A search over all days as they are now; close it to let their readers go. */
    private final class Snapshot implements AutoCloseable {
        final List<DayIndex> held = new ArrayList<>();
        final List<IndexSearcher> searchers = new ArrayList<>();
        final IndexSearcher searcher;
        private final MultiReader reader;

        Snapshot() throws IOException {
            List<DayIndex> all;
            synchronized (days) {
                all = List.copyOf(days.values());
            }
            try {
                refresh(all);
                for (DayIndex d : all) {
                    searchers.add(d.acquire());
                    held.add(d);
                }
                reader = new MultiReader(
                        searchers.stream().map(IndexSearcher::getIndexReader).toArray(IndexReader[]::new), false);
            } catch (IOException | RuntimeException e) {
                releaseAll();
                throw e;
            }
            searcher = new IndexSearcher(reader);
            searcher.setQueryCache(null); // filters differ per request; segment counts are cached instead
        }

        private void releaseAll() {
            for (int i = 0; i < searchers.size(); i++) {
                try {
                    held.get(i).release(searchers.get(i));
                } catch (IOException ignored) {
                    // a reader that cannot be released is closed with its day
                }
            }
        }

        @Override
        public void close() throws IOException {
            try {
                if (reader != null) reader.close();
            } finally {
                releaseAll();
            }
        }
    }

    @Override
    public EventPage find(EventFilter filter, boolean ascending, PageCursor after, int limit) throws StoreException {
        try (Snapshot s = new Snapshot()) {
            Query q = FilterQuery.of(filter, after);
            TopFieldDocs top = s.searcher.search(q, limit + 1, ascending ? OLDEST_FIRST : DayIndex.NEWEST_FIRST, false);
            StoredFields stored = s.searcher.storedFields();
            List<StoredEvent> rows = new ArrayList<>(Math.min(top.scoreDocs.length, limit + 1));
            for (ScoreDoc hit : top.scoreDocs) {
                Document d = stored.document(hit.doc, STORED);
                rows.add(new StoredEvent(
                        d.getField(EventDocuments.ID).numericValue().longValue(),
                        EventJsonReader.read(d.get(EventDocuments.JSON))));
            }
            if (rows.size() <= limit) return new EventPage(rows, null);
            rows.remove(limit);
            StoredEvent last = rows.get(limit - 1);
            return new EventPage(rows, new PageCursor(ascending, EventDocuments.sortTime(last.event()), last.id()));
        } catch (IOException | RuntimeException e) {
            throw new StoreException("event index " + dir + ": " + e.getMessage(), e);
        }
    }

    private static final List<Counts.Dimension> STATS = List.of(
            new Counts.Dimension("host", false),
            new Counts.Dimension("app", false),
            new Counts.Dimension(EventDocuments.FACILITY, true),
            new Counts.Dimension(EventDocuments.SEVERITY, true));

    @Override
    public EventStats.Result stats(EventFilter filter, Instant chartEnd, long bucketSeconds, int top)
            throws StoreException {
        Counts c = count(filter, STATS, bucketSeconds * 1_000_000_000L);
        List<EventStats.Bucket> histogram = EventStats.buckets(filter.from(), chartEnd, bucketSeconds, c.buckets);
        return new EventStats.Result(
                c.total,
                c.top(0, top),
                c.top(1, top),
                EventStats.labelled(c.top(2, 100), true),
                EventStats.labelled(c.top(3, 100), false),
                histogram);
    }

    @Override
    public List<EventStats.Count> groupBy(EventFilter filter, String field, int top) throws StoreException {
        if (ExtractedFields.isPath(field)) {
            List<EventStats.Count> counts = count(filter, List.of(new Counts.Dimension(field, false)), 0)
                    .top(0, top + 1);
            return counts.stream().filter(n -> n.value() != null).limit(top).toList(); // events without it are left out
        }
        if (field.equals("facility") || field.equals("severity")) {
            return EventStats.labelled(
                    count(filter, List.of(new Counts.Dimension(field, true)), 0).top(0, top), field.equals("facility"));
        }
        if (!EventDocuments.KEYWORDS.contains(field)) throw EventStats.unknownGroupBy(field);
        return count(filter, List.of(new Counts.Dimension(field, false)), 0).top(0, top);
    }

    private Counts count(EventFilter filter, List<Counts.Dimension> dimensions, long bucketNanos)
            throws StoreException {
        try (Snapshot s = new Snapshot()) {
            return summaries.count(s.searcher, filter, dimensions, bucketNanos);
        } catch (IOException | RuntimeException e) {
            throw new StoreException("event index " + dir + ": " + e.getMessage(), e);
        }
    }

    @Override
    public synchronized void close() {
        committer.shutdownNow();
        if (!closed && !needsRecovery) {
            try {
                commitAll();
            } catch (IOException | RuntimeException e) {
                LOG.warnf(
                        "event index %s: last commit failed (the write-ahead log keeps the events for the next start): %s",
                        dir, e.getMessage());
            }
        }
        closed = true;
        closeDays();
        try {
            if (log != null) log.close();
        } catch (IOException ignored) {
            // forced after every write already
        }
    }

    private void closeDays() {
        synchronized (days) {
            for (DayIndex d : days.values()) {
                try {
                    d.close();
                } catch (IOException e) {
                    LOG.warnf("event index of %s did not close cleanly: %s", d.day, e.getMessage());
                }
            }
            days.clear();
        }
    }

    /** As a kill -9 would leave it: nothing committed since the last commit, the log as written. For tests. */
    synchronized void crash() throws IOException {
        committer.shutdownNow();
        closed = true;
        synchronized (days) {
            for (DayIndex d : days.values()) d.rollback();
        }
        closeDays();
        log.close();
    }
}
