package io.logpipe.store;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.List;

/** The query contract on a JDBC database (H2, PostgreSQL, MariaDB). */
public final class SqlEventQueries implements EventQueries {
    private final Database db;

    public SqlEventQueries(Database db) {
        this.db = db;
    }

    @Override
    public EventPage find(EventFilter filter, boolean ascending, PageCursor after, int limit) throws StoreException {
        try {
            return new EventSearch(db).find(filter, ascending, after, limit);
        } catch (SQLException e) {
            throw unavailable(e);
        }
    }

    @Override
    public EventStats.Result stats(EventFilter filter, Instant chartEnd, long bucketSeconds, int top)
            throws StoreException {
        try {
            return new EventStats(db).compute(filter, chartEnd, bucketSeconds, top);
        } catch (SQLException e) {
            throw unavailable(e);
        }
    }

    @Override
    public List<EventStats.Count> groupBy(EventFilter filter, String field, int top) throws StoreException {
        try {
            return new EventStats(db).groupBy(filter, field, top);
        } catch (SQLException e) {
            throw unavailable(e);
        }
    }

    @Override
    public Instant oldestReceived() throws StoreException {
        try (Connection c = db.connection();
                Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SELECT MIN(received_at) AS oldest FROM events")) {
            rs.next();
            return db.dialect().getInstant(rs, "oldest");
        } catch (SQLException e) {
            throw unavailable(e);
        }
    }

    @Override
    public String describe() {
        return db.describe();
    }

    private static StoreException unavailable(SQLException e) {
        return new StoreException(e.getMessage(), e);
    }
}
