package io.logpipe.store.lucene;

import io.logpipe.event.EventJson;
import io.logpipe.event.ExtractedFields;
import io.logpipe.event.LogEvent;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.apache.lucene.document.Document;
import org.apache.lucene.document.Field;
import org.apache.lucene.document.FieldType;
import org.apache.lucene.document.IntPoint;
import org.apache.lucene.document.LongPoint;
import org.apache.lucene.document.NumericDocValuesField;
import org.apache.lucene.document.SortedDocValuesField;
import org.apache.lucene.document.StoredField;
import org.apache.lucene.document.StringField;
import org.apache.lucene.index.IndexOptions;
import org.apache.lucene.util.BytesRef;

/**
 * How an event is kept in a Lucene index: the whole event as contract JSON (what a search returns),
 * and beside it what queries filter, sort and count on: times as numbers (nanoseconds since the
 * epoch), host, app and the other keywords with doc values for counts, facility and severity codes,
 * the message as {@link Trigrams}, and each scalar of {@code fields} under its path.
 */
final class EventDocuments {
    static final String ID = "id";
    static final String TS = "ts";
    static final String RECEIVED = "received";
    static final String FACILITY = "facility";
    static final String SEVERITY = "severity";
    static final String MESSAGE = "message";
    static final String JSON = "json";
    /** The keyword fields, by the name the query API uses (group_by, not_host...). */
    static final List<String> KEYWORDS =
            List.of("host", "app", "procid", "msgid", "format", "source.ip", "listener", "peer");
    /** Paths below {@code fields} deeper than this are not indexed (decoders nest a map or two). */
    static final int MAX_DEPTH = 4;
    /** At most this many field paths per event are indexed, so one odd sender cannot make an event huge. */
    static final int MAX_PATHS_PER_EVENT = 100;
    /** Lucene's limit on one term; a longer keyword is indexed by its first bytes. */
    private static final int MAX_TERM_BYTES = 32_766;

    private static final FieldType MESSAGE_TYPE = new FieldType();

    static {
        MESSAGE_TYPE.setTokenized(true);
        MESSAGE_TYPE.setOmitNorms(true);
        MESSAGE_TYPE.setIndexOptions(IndexOptions.DOCS_AND_FREQS_AND_POSITIONS);
        MESSAGE_TYPE.freeze();
    }

    private final FieldNames fieldNames;

    EventDocuments(FieldNames fieldNames) {
        this.fieldNames = fieldNames;
    }

    /** The sort and range key of a time: nanoseconds since the epoch, saturated beyond the years 1677 and 2262. */
    static long nanos(Instant t) {
        long seconds = t.getEpochSecond();
        if (seconds >= Long.MAX_VALUE / 1_000_000_000L) return Long.MAX_VALUE;
        if (seconds <= Long.MIN_VALUE / 1_000_000_000L) return Long.MIN_VALUE;
        return seconds * 1_000_000_000L + t.getNano();
    }

    /** The time an event sorts by: the sender's timestamp, or when it arrived when it has none. */
    static Instant sortTime(LogEvent e) {
        return e.getTimestamp() != null
                ? e.getTimestamp()
                : e.getReceivedAt() != null ? e.getReceivedAt() : Instant.EPOCH;
    }

    Document document(long id, LogEvent e) {
        Document d = new Document();
        d.add(new LongPoint(ID, id));
        d.add(new NumericDocValuesField(ID, id));
        d.add(new StoredField(ID, id));
        long ts = nanos(sortTime(e));
        d.add(new LongPoint(TS, ts));
        d.add(new NumericDocValuesField(TS, ts));
        if (e.getReceivedAt() != null) d.add(new LongPoint(RECEIVED, nanos(e.getReceivedAt())));
        for (String k : KEYWORDS) keyword(d, k, keywordValue(e, k));
        if (e.getFacilityCode() != LogEvent.NONE) code(d, FACILITY, e.getFacilityCode());
        if (e.getSeverityCode() != LogEvent.NONE) code(d, SEVERITY, e.getSeverityCode());
        if (e.getMessage() != null) d.add(new Field(MESSAGE, e.getMessage(), MESSAGE_TYPE));
        if (e.getFields() != null) extracted(d, "fields", e.getFields(), 1, new int[] {0});
        d.add(new StoredField(JSON, EventJson.toJson(e)));
        return d;
    }

    static String keywordValue(LogEvent e, String field) {
        return switch (field) {
            case "host" -> e.getHost();
            case "app" -> e.getApp();
            case "procid" -> e.getProcid();
            case "msgid" -> e.getMsgid();
            case "format" -> e.getFormat();
            case "source.ip" -> e.getSource() == null ? null : e.getSource().ip();
            case "listener" -> e.getSource() == null ? null : e.getSource().listener();
            case "peer" -> e.getSource() == null ? null : e.getSource().peer();
            default -> throw new IllegalArgumentException(field);
        };
    }

    private static void code(Document d, String field, int code) {
        d.add(new IntPoint(field, code));
        d.add(new NumericDocValuesField(field, code));
    }

    private static void keyword(Document d, String field, String value) {
        if (value == null) return;
        BytesRef bytes = term(value);
        d.add(new StringField(field, bytes, Field.Store.NO));
        d.add(new SortedDocValuesField(field, bytes));
    }

    static BytesRef term(String value) {
        byte[] b = value.getBytes(StandardCharsets.UTF_8);
        if (b.length <= MAX_TERM_BYTES) return new BytesRef(b);
        int end = MAX_TERM_BYTES;
        while (end > 0 && (b[end] & 0xC0) == 0x80) end--; // not inside a character
        return new BytesRef(b, 0, end);
    }

    /**
     * Each value under its path, as text the way the SQL stores compare it ({@code 22} as "22"); a
     * list or map also as its JSON, so {@code fields.tags=...} finds what SQL's JSON text would.
     */
    private void extracted(Document d, String prefix, Map<?, ?> map, int depth, int[] paths) {
        for (Map.Entry<?, ?> entry : map.entrySet()) {
            String path = prefix + "." + entry.getKey();
            Object v = entry.getValue();
            if (v == null || !ExtractedFields.isPath(path) || paths[0] >= MAX_PATHS_PER_EVENT) continue;
            if (!fieldNames.admit(path)) continue;
            paths[0]++;
            keyword(d, path, text(v));
            if (v instanceof Map<?, ?> nested && depth < MAX_DEPTH) extracted(d, path, nested, depth + 1, paths);
        }
    }

    static String text(Object v) {
        if (v instanceof Map<?, ?> || v instanceof List<?>) return EventJson.valueJson(v);
        return String.valueOf(v);
    }
}
