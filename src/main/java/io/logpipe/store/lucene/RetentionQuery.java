package io.logpipe.store.lucene;

import io.logpipe.store.RetentionClass;
import io.logpipe.store.RetentionRules;
import java.util.List;
import java.util.Map;
import org.apache.lucene.document.IntPoint;
import org.apache.lucene.index.Term;
import org.apache.lucene.search.BooleanClause.Occur;
import org.apache.lucene.search.BooleanQuery;
import org.apache.lucene.search.FieldExistsQuery;
import org.apache.lucene.search.MatchAllDocsQuery;
import org.apache.lucene.search.MatchNoDocsQuery;
import org.apache.lucene.search.Query;
import org.apache.lucene.search.WildcardQuery;

/** The events of a day that retention classes let go, as a Lucene query (see {@link RetentionRules.SomeEvents}). */
final class RetentionQuery {
    private RetentionQuery() {}

    static Query of(RetentionRules.SomeEvents some) {
        BooleanQuery.Builder b = new BooleanQuery.Builder().add(new MatchAllDocsQuery(), Occur.FILTER);
        for (RetentionClass stays : some.stays()) b.add(of(stays), Occur.MUST_NOT);
        if (!some.unmatchedGo()) {
            BooleanQuery.Builder goes = new BooleanQuery.Builder();
            for (RetentionClass g : some.goes()) goes.add(of(g), Occur.SHOULD);
            b.add(goes.build(), Occur.FILTER);
        }
        return b.build();
    }

    static Query of(RetentionClass rc) {
        BooleanQuery.Builder b = new BooleanQuery.Builder().add(new MatchAllDocsQuery(), Occur.FILTER);
        Map<Integer, List<Integer>> codes = rc.codes();
        if (codes != null) {
            BooleanQuery.Builder any = new BooleanQuery.Builder();
            codes.forEach((f, severities) -> {
                BooleanQuery.Builder pair =
                        new BooleanQuery.Builder().add(code(EventDocuments.FACILITY, f), Occur.FILTER);
                if (severities.size() < 9) {
                    BooleanQuery.Builder sev = new BooleanQuery.Builder();
                    for (int s : severities) sev.add(code(EventDocuments.SEVERITY, s), Occur.SHOULD);
                    pair.add(sev.build(), Occur.FILTER);
                }
                any.add(pair.build(), Occur.SHOULD);
            });
            b.add(codes.isEmpty() ? new MatchNoDocsQuery() : any.build(), Occur.FILTER);
        }
        if (!rc.hosts().isEmpty()) {
            BooleanQuery.Builder hosts = new BooleanQuery.Builder();
            for (String h : rc.hosts())
                hosts.add(new WildcardQuery(new Term("host", h.replace("\\", "\\\\"))), Occur.SHOULD);
            b.add(hosts.build(), Occur.FILTER);
        }
        return b.build();
    }

    /** A facility or severity code; -1 for a document without one. */
    private static Query code(String field, int code) {
        if (code >= 0) return IntPoint.newExactQuery(field, code);
        return new BooleanQuery.Builder()
                .add(new MatchAllDocsQuery(), Occur.FILTER)
                .add(new FieldExistsQuery(field), Occur.MUST_NOT)
                .build();
    }
}
