package io.logpipe.auth;

import java.util.Set;
import java.util.TreeSet;

/**
 * A token's roles: {@code read}, {@code ingest} (every ingest endpoint), {@code ingest:NAME} (only
 * {@code POST /api/v1/ingest/NAME}) and {@code admin} (everything). Written comma-separated.
 */
public record Roles(Set<String> names) {
    private static final String ENDPOINT = "[A-Za-z0-9_-]+";

    public Roles {
        names = Set.copyOf(names);
    }

    /** Parses {@code read,ingest:app1}; throws with the offending role when one is unknown. */
    public static Roles parse(String text) {
        Set<String> names = new TreeSet<>();
        for (String part : text.split(",")) {
            String role = part.strip();
            if (role.isEmpty()) continue;
            if (!role.equals("read")
                    && !role.equals("ingest")
                    && !role.equals("admin")
                    && !role.matches("ingest:" + ENDPOINT)) {
                throw new IllegalArgumentException(
                        "unknown role '" + role + "' (roles: read, ingest, ingest:NAME, admin)");
            }
            names.add(role);
        }
        if (names.isEmpty())
            throw new IllegalArgumentException("a token needs at least one role (read, ingest, ingest:NAME, admin)");
        return new Roles(names);
    }

    public boolean allows(Need need) {
        if (need.kind() == Need.Kind.OPEN || names.contains("admin")) return true;
        return switch (need.kind()) {
            case READ -> names.contains("read");
            case INGEST -> names.contains("ingest") || names.contains("ingest:" + need.endpoint());
            default -> false;
        };
    }

    @Override
    public String toString() {
        return String.join(",", new TreeSet<>(names));
    }
}
