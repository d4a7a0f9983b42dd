package io.logpipe.store;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.UUID;

/**
 * The real databases the store tests run against: PostgreSQL and MariaDB on this machine
 * (bin/start-databases creates user logpipe and database logpipe_test), and an H2 file.
 * Override with -Dlogpipe.test.pg.url / -Dlogpipe.test.mariadb.url.
 */
final class TestDatabases {
    static final String PG_URL =
            System.getProperty("logpipe.test.pg.url", "jdbc:postgresql://127.0.0.1:5432/logpipe_test");
    static final String MARIADB_URL =
            System.getProperty("logpipe.test.mariadb.url", "jdbc:mariadb://127.0.0.1:3306/logpipe_test");
    static final String USER = "logpipe";
    static final String PASSWORD = "logpipe";

    private TestDatabases() {}

    static String url(String kind) {
        return switch (kind) {
            case "postgresql" -> PG_URL;
            case "mariadb" -> MARIADB_URL;
            case "h2" ->
                "jdbc:h2:file:"
                        + Path.of("target/test-db", UUID.randomUUID().toString())
                                .toAbsolutePath();
            default -> throw new IllegalArgumentException(kind);
        };
    }

    /** Settings for an empty database of this kind: the events table and its history are dropped first. */
    static DbSettings fresh(String kind) throws SQLException {
        return fresh(kind, url(kind));
    }

    static DbSettings fresh(String kind, String url) throws SQLException {
        return fresh(kind, url, true);
    }

    /** @param drop false to keep what the database holds (settings for the test database only) */
    static DbSettings fresh(String kind, String url, boolean drop) throws SQLException {
        if (drop && !kind.equals("h2")) {
            try (Connection c = DriverManager.getConnection(url(kind), USER, PASSWORD);
                    Statement s = c.createStatement()) {
                s.execute("DROP TABLE IF EXISTS events" + (kind.equals("postgresql") ? " CASCADE" : ""));
                s.execute("DROP TABLE IF EXISTS event_counts");
                s.execute("DROP TABLE IF EXISTS retention_done");
                s.execute("DROP TABLE IF EXISTS logpipe_schema_history");
            }
        }
        return new DbSettings(url, kind.equals("h2") ? "" : USER, kind.equals("h2") ? "" : PASSWORD, 4, true);
    }

    static long distinctMessages(Database db) throws SQLException {
        try (Connection c = db.connection();
                Statement s = c.createStatement();
                var rs = s.executeQuery("SELECT COUNT(DISTINCT message) FROM events")) {
            rs.next();
            return rs.getLong(1);
        }
    }

    static long count(Database db, String where) throws SQLException {
        try (Connection c = db.connection();
                Statement s = c.createStatement();
                var rs = s.executeQuery("SELECT COUNT(*) FROM events" + where)) {
            rs.next();
            return rs.getLong(1);
        }
    }
}
