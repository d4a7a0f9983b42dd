package io.logpipe.auth;

import java.security.SecureRandom;
import java.time.Clock;
import java.util.Base64;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Console sign-ins: a random session id for a token, held in memory (a restart signs everyone out)
 * for {@link #LIFETIME_MS} after the last use. A session names its token, so deleting the token ends
 * its sessions too.
 */
public final class Sessions {
    public static final String COOKIE = "logpipe_session";
    static final long LIFETIME_MS = 12 * 3_600_000L;
    private static final int MAX = 10_000;
    private static final SecureRandom RANDOM = new SecureRandom();

    private record Session(String tokenName, long lastUsedMillis) {}

    private final Map<String, Session> byId = new ConcurrentHashMap<>();
    private final Clock clock;

    public Sessions(Clock clock) {
        this.clock = clock;
    }

    public String open(String tokenName) {
        if (byId.size() >= MAX) expire();
        byte[] b = new byte[32];
        RANDOM.nextBytes(b);
        String id = Base64.getUrlEncoder().withoutPadding().encodeToString(b);
        byId.put(id, new Session(tokenName, clock.millis()));
        return id;
    }

    /** The token name of a live session, which is kept alive by this use. */
    public Optional<String> use(String id) {
        if (id == null) return Optional.empty();
        Session s = byId.get(id);
        long now = clock.millis();
        if (s == null) return Optional.empty();
        if (now - s.lastUsedMillis() > LIFETIME_MS) {
            byId.remove(id);
            return Optional.empty();
        }
        byId.put(id, new Session(s.tokenName(), now));
        return Optional.of(s.tokenName());
    }

    public void close(String id) {
        if (id != null) byId.remove(id);
    }

    private void expire() {
        long now = clock.millis();
        byId.entrySet().removeIf(e -> now - e.getValue().lastUsedMillis() > LIFETIME_MS);
    }
}
