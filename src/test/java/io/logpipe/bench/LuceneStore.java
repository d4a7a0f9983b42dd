package io.logpipe.bench;

import io.logpipe.event.EventJson;
import io.logpipe.event.EventJsonReader;
import io.logpipe.event.LogEvent;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.lucene.analysis.standard.StandardAnalyzer;
import org.apache.lucene.document.Document;
import org.apache.lucene.document.Field;
import org.apache.lucene.document.IntPoint;
import org.apache.lucene.document.LongPoint;
import org.apache.lucene.document.NumericDocValuesField;
import org.apache.lucene.document.SortedDocValuesField;
import org.apache.lucene.document.StoredField;
import org.apache.lucene.document.StringField;
import org.apache.lucene.document.TextField;
import org.apache.lucene.index.DirectoryReader;
import org.apache.lucene.index.DocValues;
import org.apache.lucene.index.IndexReader;
import org.apache.lucene.index.IndexWriter;
import org.apache.lucene.index.IndexWriterConfig;
import org.apache.lucene.index.LeafReaderContext;
import org.apache.lucene.index.MultiReader;
import org.apache.lucene.index.NumericDocValues;
import org.apache.lucene.index.SortedDocValues;
import org.apache.lucene.index.Term;
import org.apache.lucene.search.BooleanClause;
import org.apache.lucene.search.BooleanQuery;
import org.apache.lucene.search.DocIdSetIterator;
import org.apache.lucene.search.IndexSearcher;
import org.apache.lucene.search.MatchAllDocsQuery;
import org.apache.lucene.search.PhraseQuery;
import org.apache.lucene.search.Query;
import org.apache.lucene.search.ScoreDoc;
import org.apache.lucene.search.ScoreMode;
import org.apache.lucene.search.SimpleCollector;
import org.apache.lucene.search.Sort;
import org.apache.lucene.search.SortField;
import org.apache.lucene.search.TermQuery;
import org.apache.lucene.search.TopFieldDocs;
import org.apache.lucene.search.Weight;
import org.apache.lucene.store.FSDirectory;
import org.apache.lucene.util.BytesRef;

/**
 * Lucene as the embedded store, the way Graylog's and Elasticsearch's indexes keep logs: one index
 * per day of receipt (retention drops whole directories), sorted newest first (a "newest 100"
 * stops early), message analysed for words, host and app as keywords with doc values for facets,
 * severity and facility as numbers, the whole event stored as contract JSON. Each batch is
 * committed (fsync) before the next, as a queue would require.
 */
final class LuceneStore implements StoreCandidates.Candidate {
    private final Path dir;
    private final Map<LocalDate, IndexWriter> writers = new TreeMap<>();
    private IndexReader reader;
    private IndexSearcher searcher;

    /** 0: commit every batch; otherwise at most once per this many ms (the durable queue keeps the events until then). */
    private final long commitEveryMs;

    private long lastCommit = System.nanoTime();

    LuceneStore(Path dir, long commitEveryMs) throws IOException {
        this.dir = dir;
        this.commitEveryMs = commitEveryMs;
        if (Files.exists(dir)) {
            try (var s = Files.walk(dir)) {
                s.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
        Files.createDirectories(dir);
    }

    @Override
    public String name() {
        return commitEveryMs == 0 ? "lucene" : "lucene-commit-" + commitEveryMs + "ms";
    }

    private IndexWriter writer(Instant received) throws IOException {
        LocalDate day = LocalDate.ofInstant(received, ZoneOffset.UTC);
        IndexWriter w = writers.get(day);
        if (w == null) {
            IndexWriterConfig config = new IndexWriterConfig(new StandardAnalyzer());
            config.setIndexSort(new Sort(new SortField("ts", SortField.Type.LONG, true)));
            config.setRAMBufferSizeMB(64);
            w = new IndexWriter(FSDirectory.open(dir.resolve("day-" + day)), config);
            writers.put(day, w);
        }
        return w;
    }

    @Override
    public void load(List<LogEvent> batch) throws Exception {
        for (LogEvent e : batch) {
            long ts = StoreCandidatesTime.nanos(e.getTimestamp());
            Document d = new Document();
            d.add(new LongPoint("ts", ts));
            d.add(new NumericDocValuesField("ts", ts));
            d.add(new StringField("host", e.getHost(), Field.Store.NO));
            d.add(new SortedDocValuesField("host", new BytesRef(e.getHost())));
            d.add(new StringField("app", e.getApp(), Field.Store.NO));
            d.add(new SortedDocValuesField("app", new BytesRef(e.getApp())));
            d.add(new IntPoint("severity", e.getSeverityCode()));
            d.add(new NumericDocValuesField("severity", e.getSeverityCode()));
            d.add(new NumericDocValuesField("facility", e.getFacilityCode()));
            d.add(new TextField("message", e.getMessage(), Field.Store.NO));
            d.add(new StoredField("json", EventJson.toJson(e)));
            writer(e.getReceivedAt()).addDocument(d);
        }
        if (commitEveryMs > 0 && System.nanoTime() - lastCommit < commitEveryMs * 1_000_000L) return;
        for (IndexWriter w : writers.values()) if (w.hasUncommittedChanges()) w.commit();
        lastCommit = System.nanoTime();
    }

    @Override
    public void loaded() throws Exception {
        List<IndexReader> days = new ArrayList<>();
        for (IndexWriter w : writers.values()) {
            w.forceMerge(8); // what a day's index looks like once the day is over
            w.commit();
            days.add(DirectoryReader.open(w));
        }
        reader = new MultiReader(days.toArray(IndexReader[]::new));
        searcher = new IndexSearcher(reader);
    }

    private static Query range(Instant from, Instant to) {
        return LongPoint.newRangeQuery(
                "ts",
                from == null ? Long.MIN_VALUE : StoreCandidatesTime.nanos(from),
                to == null ? Long.MAX_VALUE : StoreCandidatesTime.nanos(to) - 1);
    }

    @Override
    public long newest(StoreCandidates.Search s) throws Exception {
        BooleanQuery.Builder b = new BooleanQuery.Builder();
        if (s.from() != null || s.to() != null) b.add(range(s.from(), s.to()), BooleanClause.Occur.FILTER);
        if (s.host() != null) b.add(new TermQuery(new Term("host", s.host())), BooleanClause.Occur.FILTER);
        if (s.app() != null) b.add(new TermQuery(new Term("app", s.app())), BooleanClause.Occur.FILTER);
        if (s.minSeverity() != null)
            b.add(IntPoint.newRangeQuery("severity", 0, s.minSeverity()), BooleanClause.Occur.FILTER);
        if (s.text() != null) {
            // the words of the search text, in order: how an inverted index answers "contains"
            PhraseQuery.Builder phrase = new PhraseQuery.Builder();
            for (String word : s.text().toLowerCase().split("[^\\p{L}\\p{N}]+"))
                if (!word.isEmpty()) phrase.add(new Term("message", word));
            b.add(phrase.build(), BooleanClause.Occur.FILTER);
        }
        Query q = b.build();
        if (((BooleanQuery) q).clauses().isEmpty()) q = new MatchAllDocsQuery();
        TopFieldDocs top = searcher.search(q, 100, new Sort(new SortField("ts", SortField.Type.LONG, true)));
        var stored = searcher.storedFields();
        List<LogEvent> out = new ArrayList<>();
        for (ScoreDoc sd : top.scoreDocs)
            out.add(EventJsonReader.read(stored.document(sd.doc).get("json")));
        return out.size();
    }

    /** Counts by host, app, facility, severity and time bucket from doc values, in one pass over the matches. */
    private final class Facets extends SimpleCollector {
        final long bucketNanos;
        final Map<String, Long> hosts = new HashMap<>();
        final Map<String, Long> apps = new HashMap<>();
        final long[] severity = new long[8];
        final long[] facility = new long[24];
        final Map<Long, Long> histogram = new HashMap<>();
        long total;
        SortedDocValues host, app;
        NumericDocValues sev, fac, ts;
        int[] hostCounts, appCounts;

        Facets(long bucketNanos) {
            this.bucketNanos = bucketNanos;
        }

        @Override
        protected void doSetNextReader(LeafReaderContext context) throws IOException {
            flushLeaf();
            host = DocValues.getSorted(context.reader(), "host");
            app = DocValues.getSorted(context.reader(), "app");
            sev = DocValues.getNumeric(context.reader(), "severity");
            fac = DocValues.getNumeric(context.reader(), "facility");
            ts = DocValues.getNumeric(context.reader(), "ts");
            hostCounts = new int[host.getValueCount()];
            appCounts = new int[app.getValueCount()];
        }

        @Override
        public void collect(int doc) throws IOException {
            total++;
            if (host.advanceExact(doc)) hostCounts[host.ordValue()]++;
            if (app.advanceExact(doc)) appCounts[app.ordValue()]++;
            if (sev.advanceExact(doc)) severity[(int) sev.longValue()]++;
            if (fac.advanceExact(doc)) facility[(int) fac.longValue()]++;
            if (ts.advanceExact(doc)) histogram.merge(ts.longValue() / bucketNanos, 1L, Long::sum);
        }

        /** Adds a segment's summary (kept per minute) into these counts, re-bucketed to this width. */
        void add(Facets segment) {
            total += segment.total;
            segment.hosts.forEach((k, v) -> hosts.merge(k, v, Long::sum));
            segment.apps.forEach((k, v) -> apps.merge(k, v, Long::sum));
            for (int i = 0; i < severity.length; i++) severity[i] += segment.severity[i];
            for (int i = 0; i < facility.length; i++) facility[i] += segment.facility[i];
            long per = bucketNanos / segment.bucketNanos;
            segment.histogram.forEach((minute, n) -> histogram.merge(Math.floorDiv(minute, per), n, Long::sum));
        }

        void flushLeaf() throws IOException {
            if (hostCounts == null) return;
            for (int o = 0; o < hostCounts.length; o++)
                if (hostCounts[o] > 0) hosts.merge(host.lookupOrd(o).utf8ToString(), (long) hostCounts[o], Long::sum);
            for (int o = 0; o < appCounts.length; o++)
                if (appCounts[o] > 0) apps.merge(app.lookupOrd(o).utf8ToString(), (long) appCounts[o], Long::sum);
            hostCounts = null;
        }

        @Override
        public ScoreMode scoreMode() {
            return ScoreMode.COMPLETE_NO_SCORES;
        }
    }

    /**
     * A segment never changes once written, so its counts (by host, app, facility, severity, and per
     * minute) are computed once and kept, like Elasticsearch's per-shard request cache. A stats
     * query adds up the summaries of the segments wholly inside its range and scans only the
     * segments at its edges. The first query after a merge pays for a scan of the new segment.
     */
    private final Map<Object, Facets> summaries = new ConcurrentHashMap<>();

    static final long MINUTE = 60_000_000_000L;

    private Facets summary(LeafReaderContext leaf) throws IOException {
        Object key = leaf.reader().getCoreCacheHelper().getKey();
        Facets cached = summaries.get(key);
        if (cached != null) return cached;
        Facets f = new Facets(MINUTE);
        f.doSetNextReader(leaf);
        var live = leaf.reader().getLiveDocs();
        for (int d = 0; d < leaf.reader().maxDoc(); d++) if (live == null || live.get(d)) f.collect(d);
        f.flushLeaf();
        summaries.put(key, f);
        return f;
    }

    /** Counts over [from, to): cached summaries for whole segments, a scan for the segments at the edges. */
    private Facets facets(Instant from, Instant to, long bucketNanos) throws IOException {
        long lo = StoreCandidatesTime.nanos(from), hi = StoreCandidatesTime.nanos(to) - 1;
        Facets out = new Facets(bucketNanos);
        Weight edge = null;
        for (LeafReaderContext leaf : reader.leaves()) {
            var points = leaf.reader().getPointValues("ts");
            if (points == null) continue;
            long min = LongPoint.decodeDimension(points.getMinPackedValue(), 0),
                    max = LongPoint.decodeDimension(points.getMaxPackedValue(), 0);
            if (max < lo || min > hi) continue;
            if (min >= lo && max <= hi && bucketNanos % MINUTE == 0) {
                out.add(summary(leaf));
                continue;
            }
            if (edge == null)
                edge = searcher.createWeight(searcher.rewrite(range(from, to)), ScoreMode.COMPLETE_NO_SCORES, 1);
            var scorer = edge.scorer(leaf);
            if (scorer == null) continue;
            out.doSetNextReader(leaf);
            var it = scorer.iterator();
            for (int d = it.nextDoc(); d != DocIdSetIterator.NO_MORE_DOCS; d = it.nextDoc()) out.collect(d);
        }
        out.flushLeaf();
        return out;
    }

    @Override
    public long stats(Instant from, Instant to, long bucketSeconds) throws Exception {
        return facets(from, to, bucketSeconds * 1_000_000_000L).total;
    }

    @Override
    public long groupByHost(Instant from, Instant to) throws Exception {
        return facets(from, to, 3600L * 1_000_000_000L).hosts.values().stream()
                .mapToLong(Long::longValue)
                .max()
                .orElse(0);
    }

    @Override
    public long bytesOnDisk() throws Exception {
        return StoreCandidates.du(dir);
    }

    @Override
    public void close() throws Exception {
        if (reader != null) reader.close();
        for (IndexWriter w : writers.values()) w.close();
    }
}
