package io.logpipe.codec;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.Instant;

/** Nanoseconds since the epoch, exact (any size, fractions dropped), as an {@link Instant}. */
public final class EpochNanos {
    private static final BigInteger NANOS_PER_SECOND = BigInteger.valueOf(1_000_000_000L);
    private static final BigInteger MIN_SECOND = BigInteger.valueOf(Instant.MIN.getEpochSecond());
    private static final BigInteger MAX_SECOND = BigInteger.valueOf(Instant.MAX.getEpochSecond());

    private EpochNanos() {}

    /** The instant, or null when it lies outside what an Instant can hold (the caller keeps received_at). */
    public static Instant toInstant(BigDecimal nanos) {
        BigInteger[] qr = nanos.toBigInteger().divideAndRemainder(NANOS_PER_SECOND);
        BigInteger second = qr[0];
        long nano = qr[1].longValue();
        if (nano < 0) {
            second = second.subtract(BigInteger.ONE);
            nano += 1_000_000_000L;
        }
        if (second.compareTo(MIN_SECOND) < 0 || second.compareTo(MAX_SECOND) > 0) return null;
        return Instant.ofEpochSecond(second.longValue(), nano);
    }
}
