package io.logpipe.store.lucene;

import io.logpipe.store.EventFilter;
import io.logpipe.store.PageCursor;
import java.time.Instant;
import java.util.List;
import org.apache.lucene.document.IntPoint;
import org.apache.lucene.document.LongPoint;
import org.apache.lucene.search.BooleanClause.Occur;
import org.apache.lucene.search.BooleanQuery;
import org.apache.lucene.search.MatchAllDocsQuery;
import org.apache.lucene.search.Query;
import org.apache.lucene.search.TermInSetQuery;

/** An {@link EventFilter} as a Lucene query, with the same meaning as the SQL stores' WHERE clause. */
final class FilterQuery {
    private FilterQuery() {}

    static Query of(EventFilter f, PageCursor after) {
        BooleanQuery.Builder b = new BooleanQuery.Builder();
        range(b, EventDocuments.TS, f.from(), f.to());
        range(b, EventDocuments.RECEIVED, f.receivedFrom(), f.receivedTo());
        anyOf(b, "host", f.hosts());
        anyOf(b, "app", f.apps());
        anyOf(b, "format", f.formats());
        anyOf(b, "listener", f.listeners());
        if (!f.facilities().isEmpty())
            b.add(IntPoint.newSetQuery(EventDocuments.FACILITY, f.facilities()), Occur.FILTER);
        if (f.severity() != null) b.add(IntPoint.newExactQuery(EventDocuments.SEVERITY, f.severity()), Occur.FILTER);
        if (f.minSeverity() != null)
            b.add(IntPoint.newRangeQuery(EventDocuments.SEVERITY, Integer.MIN_VALUE, f.minSeverity()), Occur.FILTER);
        // an event without the field has no value to exclude, as SQL's "IS NULL OR NOT IN"
        f.excluded().forEach((field, values) -> {
            if (values.isEmpty()) return;
            if (field.equals("facility") || field.equals("severity")) {
                b.add(
                        IntPoint.newSetQuery(
                                field, values.stream().map(Integer::valueOf).toList()),
                        Occur.MUST_NOT);
            } else {
                b.add(terms(field, values), Occur.MUST_NOT);
            }
        });
        f.extracted().forEach((path, values) -> anyOf(b, path, values));
        f.extractedExcluded().forEach((path, values) -> {
            if (!values.isEmpty()) b.add(terms(path, values), Occur.MUST_NOT);
        });
        Query text = Trigrams.contains(EventDocuments.MESSAGE, f.text());
        if (text != null) b.add(text, Occur.FILTER);
        if (after != null) b.add(cursor(after), Occur.FILTER);
        b.add(new MatchAllDocsQuery(), Occur.FILTER); // so a query of only exclusions still matches the rest
        return b.build();
    }

    private static void range(BooleanQuery.Builder b, String field, Instant from, Instant to) {
        if (from == null && to == null) return;
        long lo = from == null ? Long.MIN_VALUE : EventDocuments.nanos(from);
        long hi = to == null ? Long.MAX_VALUE : EventDocuments.nanos(to) - 1; // to is exclusive
        b.add(LongPoint.newRangeQuery(field, lo, hi), Occur.FILTER);
    }

    private static void anyOf(BooleanQuery.Builder b, String field, List<String> values) {
        if (!values.isEmpty()) b.add(terms(field, values), Occur.FILTER);
    }

    private static Query terms(String field, List<String> values) {
        return new TermInSetQuery(
                field, values.stream().map(EventDocuments::term).toList());
    }

    /** After the previous page's last event in (ts, id) order. */
    private static Query cursor(PageCursor c) {
        long ts = EventDocuments.nanos(c.ts());
        BooleanQuery.Builder either = new BooleanQuery.Builder();
        BooleanQuery.Builder sameTime = new BooleanQuery.Builder();
        sameTime.add(LongPoint.newExactQuery(EventDocuments.TS, ts), Occur.FILTER);
        if (c.ascending()) {
            if (ts < Long.MAX_VALUE)
                either.add(LongPoint.newRangeQuery(EventDocuments.TS, ts + 1, Long.MAX_VALUE), Occur.SHOULD);
            sameTime.add(LongPoint.newRangeQuery(EventDocuments.ID, c.id() + 1, Long.MAX_VALUE), Occur.FILTER);
        } else {
            if (ts > Long.MIN_VALUE)
                either.add(LongPoint.newRangeQuery(EventDocuments.TS, Long.MIN_VALUE, ts - 1), Occur.SHOULD);
            sameTime.add(LongPoint.newRangeQuery(EventDocuments.ID, Long.MIN_VALUE, c.id() - 1), Occur.FILTER);
        }
        either.add(sameTime.build(), Occur.SHOULD);
        either.setMinimumNumberShouldMatch(1);
        return either.build();
    }
}
