package io.logpipe.auth;

/**
 * What a request needs from its token: nothing (health probes), {@code read}, {@code ingest} into one
 * named endpoint, or {@code admin}.
 */
public record Need(Kind kind, String endpoint) {
    public enum Kind {
        OPEN,
        READ,
        INGEST,
        ADMIN
    }

    public static final Need OPEN = new Need(Kind.OPEN, null);
    public static final Need READ = new Need(Kind.READ, null);
    public static final Need ADMIN = new Need(Kind.ADMIN, null);

    public static Need ingest(String endpoint) {
        return new Need(Kind.INGEST, endpoint);
    }

    /** The role a token lacks when refused, for the 403 answer. */
    public String describe() {
        return switch (kind) {
            case OPEN -> "none";
            case READ -> "read";
            case INGEST -> "ingest (or ingest:" + endpoint + ")";
            case ADMIN -> "admin";
        };
    }
}
