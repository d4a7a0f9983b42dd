package io.logpipe.store.lucene;

import io.logpipe.store.EventFilter;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.lucene.document.LongPoint;
import org.apache.lucene.index.IndexReader;
import org.apache.lucene.index.LeafReaderContext;
import org.apache.lucene.index.PointValues;
import org.apache.lucene.search.CollectionTerminatedException;
import org.apache.lucene.search.Collector;
import org.apache.lucene.search.IndexSearcher;
import org.apache.lucene.search.LeafCollector;
import org.apache.lucene.search.ScoreMode;
import org.apache.lucene.util.Bits;

/**
 * Counts over a time range without reading every event again: a segment's documents never change
 * once written (retention classes only delete some), so its counts by host, app, facility and
 * severity, per minute, are computed once and kept until its deletions change (like
 * Elasticsearch's per-shard request cache). A count whose filter is only a time range
 * adds up the summaries of the segments wholly inside it and reads only the segments at its edges;
 * any other filter reads the matching events.
 */
final class SegmentSummaries {
    static final long MINUTE = 60_000_000_000L;
    /** What a summary counts: the stats answer's dimensions and the console's other facets, so group_by of any of them. */
    static final List<Counts.Dimension> SUMMARISED = List.of(
            new Counts.Dimension("host", false),
            new Counts.Dimension("app", false),
            new Counts.Dimension(EventDocuments.FACILITY, true),
            new Counts.Dimension(EventDocuments.SEVERITY, true),
            new Counts.Dimension("source.ip", false),
            new Counts.Dimension("listener", false));

    /** A segment's counts, with how many of its documents were deleted when they were made (deletions only grow). */
    private record Summary(int deleted, Counts counts) {}

    private final Map<Object, Summary> bySegment = new ConcurrentHashMap<>();

    Counts count(IndexSearcher searcher, EventFilter filter, List<Counts.Dimension> dimensions, long bucketNanos)
            throws IOException {
        Counts out = new Counts(dimensions, bucketNanos);
        boolean summarisable = filter.onlyTimeRange()
                && SUMMARISED.containsAll(dimensions)
                && (bucketNanos == 0 || bucketNanos % MINUTE == 0);
        long lo = filter.from() == null ? Long.MIN_VALUE : EventDocuments.nanos(filter.from());
        long hi = filter.to() == null ? Long.MAX_VALUE : EventDocuments.nanos(filter.to()) - 1;
        searcher.search(FilterQuery.of(filter, null), new Collector() {
            @Override
            public LeafCollector getLeafCollector(LeafReaderContext leaf) throws IOException {
                if (summarisable && within(leaf, lo, hi)) {
                    out.add(project(summary(leaf), dimensions, bucketNanos));
                    throw new CollectionTerminatedException(); // counted: skip its documents
                }
                out.doSetNextReader(leaf);
                return out;
            }

            @Override
            public ScoreMode scoreMode() {
                return ScoreMode.COMPLETE_NO_SCORES;
            }
        });
        out.finishLeaf();
        return out;
    }

    private static boolean within(LeafReaderContext leaf, long lo, long hi) throws IOException {
        PointValues ts = leaf.reader().getPointValues(EventDocuments.TS);
        if (ts == null || ts.size() == 0) return false;
        return LongPoint.decodeDimension(ts.getMinPackedValue(), 0) >= lo
                && LongPoint.decodeDimension(ts.getMaxPackedValue(), 0) <= hi;
    }

    private Counts summary(LeafReaderContext leaf) throws IOException {
        IndexReader.CacheHelper helper = leaf.reader().getCoreCacheHelper();
        Object key = helper == null ? null : helper.getKey();
        int deleted = leaf.reader().numDeletedDocs();
        Summary cached = key == null ? null : bySegment.get(key);
        if (cached != null && cached.deleted() == deleted) return cached.counts();
        Counts c = new Counts(SUMMARISED, MINUTE);
        c.doSetNextReader(leaf);
        Bits live = leaf.reader().getLiveDocs();
        for (int d = 0; d < leaf.reader().maxDoc(); d++) if (live == null || live.get(d)) c.collect(d);
        c.finishLeaf();
        if (key != null && bySegment.put(key, new Summary(deleted, c)) == null)
            helper.addClosedListener(bySegment::remove);
        return c;
    }

    /** A summary's counts for the asked dimensions (a subset of the summarised ones), re-bucketed. */
    private static Counts project(Counts summary, List<Counts.Dimension> dimensions, long bucketNanos) {
        Counts p = new Counts(dimensions, bucketNanos == 0 ? 0 : MINUTE);
        p.total = summary.total;
        for (int i = 0; i < dimensions.size(); i++)
            p.values.set(i, summary.values.get(SUMMARISED.indexOf(dimensions.get(i))));
        if (bucketNanos > 0) p.buckets.putAll(summary.buckets);
        return p;
    }
}
