package io.logpipe.store;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * The trigram index that lets PostgreSQL answer {@code q=} (message contains, case-insensitive)
 * from an index. Managed at start rather than in a migration so operators can trade it for
 * insert speed with {@code logpipe.db.text-index=false} and change their minds later.
 */
final class TextIndex {
    private TextIndex() {}

    static void apply(Connection c, Dialect dialect, boolean wanted) throws SQLException {
        if (dialect != Dialect.POSTGRESQL) return;
        try (Statement s = c.createStatement()) {
            s.execute(
                    wanted
                            ? "CREATE INDEX IF NOT EXISTS events_message_trgm ON events USING gin (message gin_trgm_ops)"
                            : "DROP INDEX IF EXISTS events_message_trgm");
        }
    }
}
