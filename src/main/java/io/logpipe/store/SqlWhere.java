package io.logpipe.store;

import io.logpipe.event.ExtractedFields;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/** A WHERE clause built from an {@link EventFilter}: SQL text with placeholders, and the values to bind. */
final class SqlWhere {
    interface Binder {
        void bind(PreparedStatement ps, int index) throws SQLException;
    }

    private final Dialect dialect;
    private final StringBuilder sql = new StringBuilder();
    private final List<Binder> values = new ArrayList<>();

    SqlWhere(Dialect dialect, EventFilter f) {
        this.dialect = dialect;
        if (f.from() != null) condition("ts >= ?", instant(f.from()));
        if (f.to() != null) condition("ts < ?", instant(f.to()));
        if (f.receivedFrom() != null) condition("received_at >= ?", instant(f.receivedFrom()));
        if (f.receivedTo() != null) condition("received_at < ?", instant(f.receivedTo()));
        in("host", f.hosts());
        in("app", f.apps());
        in("format", f.formats());
        in("source_listener", f.listeners());
        f.excluded().forEach(this::notIn);
        f.extracted().forEach(this::extractedIn);
        f.extractedExcluded().forEach(this::extractedNotIn);
        if (!f.facilities().isEmpty()) {
            List<Binder> codes = new ArrayList<>();
            for (Integer code : f.facilities()) codes.add((ps, i) -> ps.setInt(i, code));
            condition("facility_code IN (" + placeholders(codes.size()) + ")", codes.toArray(Binder[]::new));
        }
        if (f.severity() != null) condition("severity_code = ?", (ps, i) -> ps.setInt(i, f.severity()));
        if (f.minSeverity() != null) condition("severity_code <= ?", (ps, i) -> ps.setInt(i, f.minSeverity()));
        if (f.text() != null && !f.text().isEmpty()) {
            String pattern = "%" + escapeLike(f.text()) + "%";
            condition(
                    "message " + dialect.caseInsensitiveLike() + " ? ESCAPE '!'", (ps, i) -> ps.setString(i, pattern));
        }
    }

    private Binder instant(Instant t) {
        return (ps, i) -> dialect.setInstant(ps, i, t);
    }

    private void in(String column, List<String> list) {
        if (list.isEmpty()) return;
        List<Binder> binders = new ArrayList<>();
        for (String v : list) binders.add((ps, i) -> ps.setString(i, v));
        condition(column + " IN (" + placeholders(list.size()) + ")", binders.toArray(Binder[]::new));
    }

    /** One of the values at a {@code fields.<key>} path (compared as text: {@code fields.src_port=22} finds the number 22). */
    private void extractedIn(String path, List<String> list) {
        if (list.isEmpty()) return;
        List<Binder> binders = new ArrayList<>();
        for (String v : list) binders.add((ps, i) -> ps.setString(i, v));
        String expr = dialect.extractedText("fields", ExtractedFields.keys(path));
        condition(expr + " IN (" + placeholders(list.size()) + ")", binders.toArray(Binder[]::new));
    }

    /** None of the values at a {@code fields.<key>} path; an event without it is kept. */
    private void extractedNotIn(String path, List<String> list) {
        if (list.isEmpty()) return;
        List<Binder> binders = new ArrayList<>();
        for (String v : list) binders.add((ps, i) -> ps.setString(i, v));
        String expr = dialect.extractedText("fields", ExtractedFields.keys(path));
        condition(
                "(" + expr + " IS NULL OR " + expr + " NOT IN (" + placeholders(list.size()) + "))",
                binders.toArray(Binder[]::new));
    }

    /** Excluded values; an event without the field is not excluded (NULL is no value). */
    private void notIn(String field, List<String> list) {
        if (list.isEmpty()) return;
        String column = EventColumns.BY_FIELD.get(field); // EventFilter.EXCLUDABLE are all there
        boolean codes = EventColumns.isCode(column);
        List<Binder> binders = new ArrayList<>();
        for (String v : list)
            binders.add(codes ? (ps, i) -> ps.setInt(i, Integer.parseInt(v)) : (ps, i) -> ps.setString(i, v));
        condition(
                "(" + column + " IS NULL OR " + column + " NOT IN (" + placeholders(list.size()) + "))",
                binders.toArray(Binder[]::new));
    }

    private static String placeholders(int n) {
        return String.join(", ", Collections.nCopies(n, "?"));
    }

    /** Adds "AND condition"; each binder fills one placeholder, in order. */
    SqlWhere condition(String condition, Binder... binders) {
        sql.append(sql.length() == 0 ? " WHERE " : " AND ").append(condition);
        values.addAll(List.of(binders));
        return this;
    }

    SqlWhere cursor(boolean ascending, Instant ts, long id) {
        String op = ascending ? ">" : "<";
        return condition(
                "(ts " + op + " ? OR (ts = ? AND id " + op + " ?))",
                instant(ts),
                instant(ts),
                (ps, i) -> ps.setLong(i, id));
    }

    String sql() {
        return sql.toString();
    }

    /** Binds this clause's values from {@code first}; returns the next free index. */
    int bind(PreparedStatement ps, int first) throws SQLException {
        int i = first;
        for (Binder b : values) b.bind(ps, i++);
        return i;
    }

    static String escapeLike(String s) {
        return s.replace("!", "!!").replace("%", "!%").replace("_", "!_");
    }
}
