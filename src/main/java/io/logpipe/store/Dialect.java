package io.logpipe.store;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Locale;

/**
 * What differs between the three databases logpipe stores events in. Everything else (columns,
 * batching, queries) is shared, so the three behave the same.
 */
public enum Dialect {
    H2("h2", "org.h2.Driver", "? FORMAT JSON", "ILIKE"),
    POSTGRESQL("postgresql", "org.postgresql.Driver", "CAST(? AS jsonb)", "ILIKE"),
    /** MariaDB and MySQL: DATETIME(6) holds UTC wall-clock time; LIKE is case-insensitive under utf8mb4_unicode_ci. */
    MARIADB("mariadb", "org.mariadb.jdbc.Driver", "?", "LIKE");

    private final String migrations;
    private final String driver;
    private final String jsonParameter;
    private final String caseInsensitiveLike;

    Dialect(String migrations, String driver, String jsonParameter, String caseInsensitiveLike) {
        this.migrations = migrations;
        this.driver = driver;
        this.jsonParameter = jsonParameter;
        this.caseInsensitiveLike = caseInsensitiveLike;
    }

    public static Dialect of(String jdbcUrl) {
        if (jdbcUrl.startsWith("jdbc:h2:")) return H2;
        if (jdbcUrl.startsWith("jdbc:postgresql:")) return POSTGRESQL;
        if (jdbcUrl.startsWith("jdbc:mariadb:") || jdbcUrl.startsWith("jdbc:mysql:")) return MARIADB;
        throw new IllegalArgumentException("logpipe.db.url '" + jdbcUrl
                + "': use jdbc:h2:, jdbc:postgresql: or jdbc:mariadb: (jdbc:mysql: also works)");
    }

    /** The URL with the driver settings that make batches fast and times unambiguous. */
    public String tune(String url) {
        return switch (this) {
            // one multi-row INSERT per batch instead of one round trip per row
            case POSTGRESQL -> withParameter(url, "reWriteBatchedInserts", "true", '?', '&');
            // the mariadb driver only accepts jdbc:mariadb:, and bulk statements are on by default
            case MARIADB ->
                withParameter(
                        url.replaceFirst("^jdbc:mysql:", "jdbc:mariadb:"),
                        "sessionVariables",
                        "time_zone='+00:00'",
                        '?',
                        '&');
            // logpipe closes the database after its writers drained; H2's own exit hook would close it under them.
            // WRITE_DELAY=0: each commit writes its chunk to the file before it returns (H2's default keeps
            // commits in memory for up to 500 ms, so a kill -9 lost events the sink had reported stored)
            case H2 -> withH2Setting(withH2Setting(url, "DB_CLOSE_ON_EXIT", "FALSE"), "WRITE_DELAY", "0");
        };
    }

    private static String withH2Setting(String url, String key, String value) {
        return url.toUpperCase(Locale.ROOT).contains(";" + key + "=") ? url : url + ";" + key + "=" + value;
    }

    private static String withParameter(String url, String key, String value, char first, char next) {
        if (url.contains(key + "=")) return url;
        return url + (url.indexOf(first) < 0 ? first : next) + key + "=" + value;
    }

    /** The JDBC driver class, named so the pool need not find it through DriverManager (which misses drivers of other class loaders). */
    public String driverClass() {
        return driver;
    }

    /** classpath folder of this database's Flyway migrations */
    public String migrationLocation() {
        return "classpath:db/migration/" + migrations;
    }

    /** Placeholder that binds a JSON text parameter as the column's JSON type. */
    public String jsonParameter() {
        return jsonParameter;
    }

    public String caseInsensitiveLike() {
        return caseInsensitiveLike;
    }

    /** SQL for whole seconds since the epoch of a timestamp column, independent of session time zone. */
    public String epochSeconds(String column) {
        return switch (this) {
            case POSTGRESQL -> "FLOOR(EXTRACT(EPOCH FROM " + column + "))";
            case MARIADB -> "TIMESTAMPDIFF(SECOND, '1970-01-01 00:00:00', " + column + ")";
            case H2 -> "DATEDIFF(SECOND, TIMESTAMP WITH TIME ZONE '1970-01-01 00:00:00Z', " + column + ")";
        };
    }

    /**
     * SQL for the text of {@code fields.<keys>} in the JSON column {@code column} (a number as its digits, a map
     * as JSON), NULL when absent. The keys are inlined: {@link io.logpipe.event.ExtractedFields} allows only
     * letters, digits, _ and - in them, so they cannot close the literal.
     */
    public String extractedText(String column, String[] keys) {
        for (String k : keys)
            if (!k.matches("[A-Za-z0-9_-]+")) throw new IllegalArgumentException("field key '" + k + "'");
        return switch (this) {
            case POSTGRESQL -> "(" + column + " #>> '{" + String.join(",", keys) + "}')";
            case MARIADB -> "JSON_UNQUOTE(JSON_EXTRACT(" + column + ", '$.\"" + String.join("\".\"", keys) + "\"'))";
            // H2 has no JSON path operator: a Java function (migration h2/V2) reads the column's JSON text
            case H2 -> "LOGPIPE_JSON_TEXT(" + column + ", '" + String.join(".", keys) + "')";
        };
    }

    public void setInstant(PreparedStatement ps, int index, Instant instant) throws SQLException {
        if (this == MARIADB) {
            ps.setObject(index, LocalDateTime.ofInstant(instant, ZoneOffset.UTC));
        } else {
            ps.setObject(index, instant.atOffset(ZoneOffset.UTC));
        }
    }

    public Instant getInstant(ResultSet rs, String column) throws SQLException {
        if (this == MARIADB) {
            LocalDateTime t = rs.getObject(column, LocalDateTime.class);
            return t == null ? null : t.toInstant(ZoneOffset.UTC);
        }
        OffsetDateTime t = rs.getObject(column, OffsetDateTime.class);
        return t == null ? null : t.toInstant();
    }
}
