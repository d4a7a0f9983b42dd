package io.logpipe.store;

import io.logpipe.event.IsoInstant;
import io.logpipe.event.LogEvent;
import io.logpipe.event.Source;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import org.postgresql.PGConnection;
import org.postgresql.copy.CopyIn;

/**
 * PostgreSQL's {@code COPY events FROM STDIN} in CSV: the whole batch as one stream, no statement
 * per row. Unquoted empty fields are NULL, quoted ones are strings, so "" stays an empty string.
 */
final class PgCopyInserter implements EventInserter {
    // reused between batches: one inserter per writer thread, not shared
    private static final String SQL = "COPY events (" + COLUMNS + ") FROM STDIN WITH (FORMAT csv)";
    private final StringBuilder sb = new StringBuilder(1 << 16);

    @Override
    public void insert(Connection c, List<LogEvent> events) throws SQLException {
        sb.setLength(0);
        EventCountsBatch counts = new EventCountsBatch();
        for (LogEvent e : events) row(e, counts);
        byte[] data = sb.toString().getBytes(StandardCharsets.UTF_8);
        sb.setLength(0);
        if (sb.capacity() > (1 << 22)) sb.trimToSize(); // do not keep a huge buffer after a huge batch
        EventInserter.inTransaction(c, () -> {
            CopyIn copy = c.unwrap(PGConnection.class).getCopyAPI().copyIn(SQL);
            try {
                copy.writeToCopy(data, 0, data.length);
                copy.endCopy();
            } finally {
                if (copy.isActive()) copy.cancelCopy();
            }
            counts.upsert(c);
        });
    }

    private void row(LogEvent e, EventCountsBatch counts) {
        // whole microseconds, as PostgreSQL keeps them: cut here rather than rounded there, so the counted minute and
        // day are the stored ones
        Instant received =
                (e.getReceivedAt() != null ? e.getReceivedAt() : Instant.now()).truncatedTo(ChronoUnit.MICROS);
        Instant ts = e.getTimestamp() != null ? e.getTimestamp().truncatedTo(ChronoUnit.MICROS) : received;
        String host = DbText.fit(e.getHost(), 255);
        String app = DbText.fit(e.getApp(), 255);
        Source s = e.getSource();
        String ip = s == null ? null : DbText.fit(s.ip(), 64);
        String listener = s == null ? null : DbText.fit(s.listener(), 128);
        counts.add(
                ts,
                received,
                host,
                app,
                e.getFacilityCode() < 0 ? null : e.getFacilityCode(),
                e.getSeverityCode() < 0 ? null : e.getSeverityCode(),
                ip,
                listener);
        IsoInstant.append(sb, ts).append(',');
        IsoInstant.append(sb, received).append(',');
        text(e.getFormat() == null ? "raw" : DbText.fit(e.getFormat(), 16)).append(',');
        code(e.getFacilityCode()).append(',');
        code(e.getSeverityCode()).append(',');
        text(host).append(',');
        text(app).append(',');
        text(DbText.fit(e.getProcid(), 128)).append(',');
        text(DbText.fit(e.getMsgid(), 128)).append(',');
        text(DbText.clean(e.getMessage())).append(',');
        text(EventInserter.json(e.getStructuredData())).append(',');
        text(ip).append(',');
        if (s != null && s.port() > 0) sb.append(s.port());
        sb.append(',');
        text(listener).append(',');
        text(s == null ? null : DbText.fit(s.peer(), 512)).append(',');
        text(EventInserter.json(e.getFields())).append(',');
        text(DbText.clean(e.getParseError())).append(',');
        text(DbText.clean(e.getRaw())).append('\n');
    }

    private StringBuilder code(int code) {
        return code < 0 ? sb : sb.append(code);
    }

    private StringBuilder text(String v) {
        if (v == null) return sb;
        sb.append('"');
        for (int i = 0, n = v.length(); i < n; i++) {
            char ch = v.charAt(i);
            if (ch == '"') sb.append('"');
            sb.append(ch);
        }
        return sb.append('"');
    }
}
