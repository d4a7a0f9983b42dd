package io.logpipe.store;

import java.nio.file.Path;

/**
 * Where events are stored: {@code logpipe.db.url/user/password}. With no URL, an embedded H2 file
 * database under the data directory, so a plain {@code java -jar} stores events with no server.
 */
public record DbSettings(String url, String user, String password, int poolSize) {
    public static DbSettings of(String url, String user, String password, int poolSize, Path dataDir) {
        String effective = url == null || url.isBlank()
                ? "jdbc:h2:file:" + dataDir.toAbsolutePath().normalize().resolve("db").resolve("logpipe")
                : url.strip();
        return new DbSettings(effective, user == null ? "" : user, password == null ? "" : password, poolSize);
    }

    /** The URL with any password parameter masked, for logs and errors. */
    public String safeUrl() {
        return url.replaceAll("(?i)(password=)[^&;]*", "$1***");
    }
}
