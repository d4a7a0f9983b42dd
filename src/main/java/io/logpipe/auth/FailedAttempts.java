package io.logpipe.auth;

import java.time.Clock;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Slows down guessing: an address that sends {@code limit} wrong tokens within a minute is refused
 * (429) for a minute, twice as long each time it does it again, up to an hour (an hour without a lock
 * starts over at a minute). A right token clears the count but not a lock in force.
 */
public final class FailedAttempts {
    static final long WINDOW_MS = 60_000;
    static final long FIRST_LOCK_MS = 60_000;
    static final long MAX_LOCK_MS = 3_600_000;
    private static final int MAX_TRACKED = 100_000;

    private final int limit;
    private final Clock clock;
    private final Map<String, State> byAddress = new ConcurrentHashMap<>();

    private static final class State {
        long windowStart;
        int failures;
        long lockedUntil;
        long lastLockMs;
    }

    public FailedAttempts(int limit, Clock clock) {
        this.limit = limit;
        this.clock = clock;
    }

    /** Wrong tokens within a minute that lock an address out. */
    public int limit() {
        return limit;
    }

    /** Whole seconds to wait, rounded up, at least one: what Retry-After and the audit log say. */
    public static long seconds(long ms) {
        return Math.max(1, (ms + 999) / 1000);
    }

    /** Milliseconds the address must still wait, 0 when it may try. */
    public long lockedFor(String address) {
        State s = byAddress.get(address);
        if (s == null) return 0;
        synchronized (s) {
            return Math.max(0, s.lockedUntil - clock.millis());
        }
    }

    /** Counts a wrong token; returns the new lock's length in ms when this one locked the address out, else 0. */
    public long failed(String address) {
        if (byAddress.size() > MAX_TRACKED) forgetIdle();
        State s = byAddress.computeIfAbsent(address, a -> new State());
        long now = clock.millis();
        synchronized (s) {
            if (now - s.windowStart > WINDOW_MS) {
                s.windowStart = now;
                s.failures = 0;
            }
            if (s.lastLockMs > 0 && now - s.lockedUntil > MAX_LOCK_MS) s.lastLockMs = 0; // an hour of good behaviour
            if (++s.failures < limit) return 0;
            long lock = s.lastLockMs == 0 ? FIRST_LOCK_MS : Math.min(MAX_LOCK_MS, s.lastLockMs * 2);
            s.lastLockMs = lock;
            s.lockedUntil = now + lock;
            s.failures = 0;
            s.windowStart = now;
            return lock;
        }
    }

    public void succeeded(String address) {
        State s = byAddress.get(address);
        if (s == null) return;
        synchronized (s) {
            s.failures = 0;
        }
    }

    /** A flood of addresses must not grow memory without bound: forget those with no lock in force. */
    private void forgetIdle() {
        long now = clock.millis();
        byAddress
                .entrySet()
                .removeIf(e -> e.getValue().lockedUntil < now && now - e.getValue().windowStart > WINDOW_MS);
    }
}
