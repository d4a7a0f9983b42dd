package io.logpipe.store;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.logpipe.event.LogEvent;
import io.logpipe.event.Source;
import java.io.IOException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Reads stored events back as {@link LogEvent}s, newest (or oldest) first, a page at a time. */
public final class EventSearch {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final TypeReference<Map<String, Map<String, String>>> SD = new TypeReference<>() {};
    private static final TypeReference<Map<String, Object>> FIELDS = new TypeReference<>() {};

    private final Database db;

    public EventSearch(Database db) {
        this.db = db;
    }

    /**
     * @param after the cursor of the previous page, or null for the first page
     */
    public EventPage find(EventFilter filter, boolean ascending, PageCursor after, int limit) throws SQLException {
        SqlWhere where = new SqlWhere(db.dialect(), filter);
        if (after != null) where.cursor(ascending, after.ts(), after.id());
        String dir = ascending ? "ASC" : "DESC";
        String sql = "SELECT id, " + EventInserter.COLUMNS + " FROM events" + where.sql() + " ORDER BY ts " + dir
                + ", id " + dir + " LIMIT " + (limit + 1);
        List<StoredEvent> rows = new ArrayList<>(Math.min(limit + 1, 1024));
        try (Connection c = db.connection();
                PreparedStatement ps = c.prepareStatement(sql)) {
            where.bind(ps, 1);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) rows.add(new StoredEvent(rs.getLong("id"), read(rs)));
            }
        }
        if (rows.size() <= limit) return new EventPage(rows, null);
        rows.remove(limit);
        StoredEvent last = rows.get(limit - 1);
        return new EventPage(rows, new PageCursor(ascending, last.event().getTimestamp(), last.id()));
    }

    private LogEvent read(ResultSet rs) throws SQLException {
        Dialect d = db.dialect();
        LogEvent e = new LogEvent();
        e.setTimestamp(d.getInstant(rs, "ts"));
        e.setReceivedAt(d.getInstant(rs, "received_at"));
        e.setFormat(rs.getString("format"));
        e.setFacilityCode(code(rs, "facility_code"));
        e.setSeverityCode(code(rs, "severity_code"));
        e.setHost(rs.getString("host"));
        e.setApp(rs.getString("app"));
        e.setProcid(rs.getString("procid"));
        e.setMsgid(rs.getString("msgid"));
        e.setMessage(rs.getString("message"));
        e.setStructuredData(json(rs.getString("structured_data"), SD));
        String ip = rs.getString("source_ip");
        int port = rs.getInt("source_port");
        String listener = rs.getString("source_listener");
        String peer = rs.getString("source_peer");
        if (ip != null || listener != null || peer != null || port > 0)
            e.setSource(new Source(ip, port, listener, peer));
        e.setFields(json(rs.getString("fields"), FIELDS));
        e.setParseError(rs.getString("parse_error"));
        e.setRaw(rs.getString("raw"));
        return e;
    }

    private static int code(ResultSet rs, String column) throws SQLException {
        int v = rs.getInt(column);
        return rs.wasNull() ? LogEvent.NONE : v;
    }

    private static <T> T json(String text, TypeReference<T> type) throws SQLException {
        if (text == null) return null;
        try {
            return JSON.readValue(text, type);
        } catch (IOException e) {
            throw new SQLException("stored JSON does not parse: " + e.getMessage(), e);
        }
    }
}
