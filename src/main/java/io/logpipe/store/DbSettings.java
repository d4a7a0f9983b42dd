package io.logpipe.store;

import java.nio.file.Path;

/**
 * Where events are stored: {@code logpipe.db.url/user/password}. With no URL, an embedded H2 file
 * database under the data directory, so a plain {@code java -jar} stores events with no server.
 * {@code textIndex}: PostgreSQL's trigram index on the message, which makes text search fast and
 * costs about two thirds of the insert rate (bench/insert-methods.sh).
 */
public record DbSettings(String url, String user, String password, int poolSize, boolean textIndex) {
    public static DbSettings of(
            String url, String user, String password, int poolSize, boolean textIndex, Path dataDir) {
        String effective = url == null || url.isBlank()
                ? "jdbc:h2:file:"
                        + dataDir.toAbsolutePath().normalize().resolve("db").resolve("logpipe")
                : url.strip();
        return new DbSettings(
                effective, user == null ? "" : user, password == null ? "" : password, poolSize, textIndex);
    }

    /** The URL with any password parameter masked, for logs and errors. */
    public String safeUrl() {
        return url.replaceAll("(?i)(password=)[^&;]*", "$1***");
    }
}
