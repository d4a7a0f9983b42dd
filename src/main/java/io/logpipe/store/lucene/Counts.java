package io.logpipe.store.lucene;

import io.logpipe.store.EventStats;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.lucene.index.DocValues;
import org.apache.lucene.index.LeafReaderContext;
import org.apache.lucene.index.NumericDocValues;
import org.apache.lucene.index.SortedDocValues;
import org.apache.lucene.search.ScoreMode;
import org.apache.lucene.search.SimpleCollector;

/**
 * Counts of matching events per value of some fields (from doc values: keyword ordinals per
 * segment, codes as numbers) and per time bucket, in one pass. A value-less event counts under
 * null, as SQL's GROUP BY counts NULL. Segments' counts add up, so a segment's can be kept.
 */
final class Counts extends SimpleCollector {
    /** One counted field: a keyword's doc values or a code's numbers. */
    record Dimension(String field, boolean code) {}

    final List<Dimension> dimensions;
    /** 0: no histogram */
    final long bucketNanos;

    long total;
    final List<Map<String, Long>> values = new ArrayList<>();
    final Map<Long, Long> buckets = new HashMap<>();

    private final SortedDocValues[] keywords;
    private final NumericDocValues[] codes;
    private final int[][] ordinalCounts;
    private final long[] missing;
    private NumericDocValues ts;

    Counts(List<Dimension> dimensions, long bucketNanos) {
        this.dimensions = dimensions;
        this.bucketNanos = bucketNanos;
        for (int i = 0; i < dimensions.size(); i++) values.add(new HashMap<>());
        keywords = new SortedDocValues[dimensions.size()];
        codes = new NumericDocValues[dimensions.size()];
        ordinalCounts = new int[dimensions.size()][];
        missing = new long[dimensions.size()];
    }

    @Override
    protected void doSetNextReader(LeafReaderContext context) throws IOException {
        finishLeaf();
        for (int i = 0; i < dimensions.size(); i++) {
            Dimension d = dimensions.get(i);
            if (d.code()) {
                codes[i] = DocValues.getNumeric(context.reader(), d.field());
            } else {
                keywords[i] = DocValues.getSorted(context.reader(), d.field());
                ordinalCounts[i] = new int[keywords[i].getValueCount()];
            }
        }
        ts = bucketNanos > 0 ? DocValues.getNumeric(context.reader(), EventDocuments.TS) : null;
    }

    @Override
    public void collect(int doc) throws IOException {
        total++;
        for (int i = 0; i < keywords.length; i++) {
            if (keywords[i] != null) {
                if (keywords[i].advanceExact(doc)) ordinalCounts[i][keywords[i].ordValue()]++;
                else missing[i]++;
            } else if (codes[i].advanceExact(doc)) {
                values.get(i).merge(Long.toString(codes[i].longValue()), 1L, Long::sum);
            } else {
                missing[i]++;
            }
        }
        if (ts != null && ts.advanceExact(doc))
            buckets.merge(Math.floorDiv(ts.longValue(), bucketNanos), 1L, Long::sum);
    }

    /** Turns the segment's ordinal counts into values; call after the last document. */
    void finishLeaf() throws IOException {
        for (int i = 0; i < keywords.length; i++) {
            if (keywords[i] != null) {
                int[] counts = ordinalCounts[i];
                for (int o = 0; o < counts.length; o++)
                    if (counts[o] > 0)
                        values.get(i).merge(keywords[i].lookupOrd(o).utf8ToString(), (long) counts[o], Long::sum);
                keywords[i] = null;
            }
            if (missing[i] > 0) values.get(i).merge(NULL, missing[i], Long::sum);
            missing[i] = 0;
            codes[i] = null;
        }
    }

    /** Adds another's counts (same dimensions; its buckets a whole fraction of these). */
    void add(Counts other) {
        total += other.total;
        for (int i = 0; i < dimensions.size(); i++) {
            Map<String, Long> mine = values.get(i);
            other.values.get(i).forEach((value, n) -> mine.merge(value, n, Long::sum));
        }
        if (bucketNanos > 0) {
            long per = bucketNanos / other.bucketNanos;
            other.buckets.forEach((b, n) -> buckets.merge(Math.floorDiv(b, per), n, Long::sum));
        }
    }

    @Override
    public ScoreMode scoreMode() {
        return ScoreMode.COMPLETE_NO_SCORES;
    }

    /** The key a value-less event counts under (no event value is this string: it holds a noncharacter). */
    static final String NULL = "\uFFFF<null>";

    /** The most frequent values of dimension i, ties by value (codes by number), value-less last among ties. */
    List<EventStats.Count> top(int i, int limit) {
        boolean code = dimensions.get(i).code();
        Comparator<Map.Entry<String, Long>> byValue = (a, b) -> {
            boolean an = a.getKey().equals(NULL), bn = b.getKey().equals(NULL);
            if (an || bn) return Boolean.compare(an, bn);
            return code
                    ? Long.compare(Long.parseLong(a.getKey()), Long.parseLong(b.getKey()))
                    : a.getKey().compareTo(b.getKey());
        };
        return values.get(i).entrySet().stream()
                .sorted(Map.Entry.<String, Long>comparingByValue().reversed().thenComparing(byValue))
                .limit(limit)
                .map(e -> new EventStats.Count(e.getKey().equals(NULL) ? null : e.getKey(), e.getValue()))
                .toList();
    }
}
