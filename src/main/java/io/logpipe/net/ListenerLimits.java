package io.logpipe.net;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A listener's sender ACL and rate limits: per sender address and for the whole listener, each a
 * token bucket (0 = no limit). Over the limit a datagram is dropped; a TCP connection either
 * drops too or, with backpressure, stops reading until the bucket has refilled.
 */
public final class ListenerLimits {
    public static final ListenerLimits NONE = new ListenerLimits(SenderAcl.ALLOW_ALL, 0, 0, 0, 0, true);

    private final SenderAcl acl;
    private final double perSender;
    private final double perSenderBurst;
    private final TokenBucket listener;
    private final boolean backpressure;
    private final Map<String, TokenBucket> senders = new ConcurrentHashMap<>();

    public ListenerLimits(
            SenderAcl acl,
            double perSender,
            double perSenderBurst,
            double perListener,
            double perListenerBurst,
            boolean backpressure) {
        this.acl = acl;
        this.perSender = perSender;
        this.perSenderBurst = perSenderBurst > 0 ? perSenderBurst : Math.max(1, perSender);
        this.listener = perListener > 0
                ? new TokenBucket(perListener, perListenerBurst > 0 ? perListenerBurst : Math.max(1, perListener))
                : null;
        this.backpressure = backpressure;
    }

    public SenderAcl acl() {
        return acl;
    }

    public boolean limited() {
        return perSender > 0 || listener != null;
    }

    public boolean backpressure() {
        return backpressure;
    }

    private TokenBucket sender(String ip) {
        if (perSender <= 0) return null;
        TokenBucket b = senders.get(ip);
        if (b != null) return b;
        if (senders.size() > 100_000) senders.clear(); // a flood of spoofed sources must not exhaust memory
        return senders.computeIfAbsent(ip, k -> new TokenBucket(perSender, perSenderBurst));
    }

    /** Drop mode: may this message from {@code ip} pass? */
    public boolean tryPass(String ip) {
        TokenBucket s = sender(ip);
        if (s != null && !s.tryTake()) return false;
        return listener == null || listener.tryTake();
    }

    /** Backpressure mode: the message passes; returns how long to stop reading (0 = keep going). */
    public long passAndPause(String ip) {
        TokenBucket s = sender(ip);
        long pause = s == null ? 0 : s.take();
        return listener == null ? pause : Math.max(pause, listener.take());
    }
}
