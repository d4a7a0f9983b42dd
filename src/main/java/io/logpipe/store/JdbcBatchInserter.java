package io.logpipe.store;

import io.logpipe.event.LogEvent;
import io.logpipe.event.Source;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.util.List;

/** Writes events with one prepared INSERT: a JDBC batch per call, committed together. */
public final class JdbcBatchInserter implements EventInserter {
    private final Dialect dialect;
    private final String sql;

    public JdbcBatchInserter(Dialect dialect) {
        this.dialect = dialect;
        String json = dialect.jsonParameter();
        this.sql = "INSERT INTO events (" + COLUMNS + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, " + json
                + ", ?, ?, ?, ?, " + json + ", ?, ?)";
    }

    @Override
    public void insert(Connection c, List<LogEvent> events) throws SQLException {
        EventInserter.inTransaction(c, () -> {
            try (PreparedStatement ps = c.prepareStatement(sql)) {
                for (LogEvent e : events) {
                    bind(ps, e);
                    ps.addBatch();
                }
                ps.executeBatch();
            }
        });
    }

    private void bind(PreparedStatement ps, LogEvent e) throws SQLException {
        Instant received = e.getReceivedAt() != null ? e.getReceivedAt() : Instant.now();
        dialect.setInstant(ps, 1, e.getTimestamp() != null ? e.getTimestamp() : received);
        dialect.setInstant(ps, 2, received);
        ps.setString(3, e.getFormat() == null ? "raw" : DbText.fit(e.getFormat(), 16));
        setCode(ps, 4, e.getFacilityCode());
        setCode(ps, 5, e.getSeverityCode());
        ps.setString(6, DbText.fit(e.getHost(), 255));
        ps.setString(7, DbText.fit(e.getApp(), 255));
        ps.setString(8, DbText.fit(e.getProcid(), 128));
        ps.setString(9, DbText.fit(e.getMsgid(), 128));
        ps.setString(10, DbText.clean(e.getMessage()));
        ps.setString(11, EventInserter.json(e.getStructuredData()));
        Source s = e.getSource();
        ps.setString(12, s == null ? null : DbText.fit(s.ip(), 64));
        if (s == null || s.port() <= 0) ps.setNull(13, Types.INTEGER);
        else ps.setInt(13, s.port());
        ps.setString(14, s == null ? null : DbText.fit(s.listener(), 128));
        ps.setString(15, s == null ? null : DbText.fit(s.peer(), 512));
        ps.setString(16, EventInserter.json(e.getFields()));
        ps.setString(17, DbText.clean(e.getParseError()));
        ps.setString(18, DbText.clean(e.getRaw()));
    }

    private static void setCode(PreparedStatement ps, int index, int code) throws SQLException {
        if (code < 0) ps.setNull(index, Types.SMALLINT);
        else ps.setShort(index, (short) code);
    }
}
