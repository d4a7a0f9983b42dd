package io.logpipe.net;

/**
 * A token bucket: {@code rate} messages per second on average, up to {@code burst} at once.
 * {@link #tryTake()} refuses when empty (drop); {@link #take()} always takes and may go into
 * debt, returning how long the caller should pause (backpressure).
 */
public final class TokenBucket {
    private final double perNano;
    private final double burst;
    private double tokens;
    private long last;

    public TokenBucket(double ratePerSecond, double burst) {
        this.perNano = ratePerSecond / 1e9;
        this.burst = Math.max(1, burst);
        this.tokens = this.burst;
        this.last = System.nanoTime();
    }

    private void refill(long now) {
        tokens = Math.min(burst, tokens + (now - last) * perNano);
        last = now;
    }

    public synchronized boolean tryTake() {
        refill(System.nanoTime());
        if (tokens < 1) return false;
        tokens -= 1;
        return true;
    }

    /** Takes a token even when there is none; returns nanoseconds until the bucket is out of debt (0 when it was not). */
    public synchronized long take() {
        refill(System.nanoTime());
        tokens -= 1;
        return tokens >= 0 ? 0 : (long) (-tokens / perNano);
    }
}
