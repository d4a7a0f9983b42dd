package io.logpipe.auth;

import java.time.Instant;

/**
 * A named API token as logpipe keeps it: roles and the SHA-256 of the secret, never the secret.
 * {@code origin} says where it comes from: {@code setting} (logpipe.auth.token.NAME, read-only at
 * run time) or {@code stored} (created with the CLI or the admin API).
 */
public record Token(String name, Roles roles, byte[] hash, String origin, Instant created) {
    public static final String NAME_PATTERN = "[A-Za-z0-9_.-]{1,64}";

    public boolean allows(Need need) {
        return roles.allows(need);
    }
}
