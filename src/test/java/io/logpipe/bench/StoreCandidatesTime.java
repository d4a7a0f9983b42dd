package io.logpipe.bench;

import java.time.Instant;

final class StoreCandidatesTime {
    private StoreCandidatesTime() {}

    static long nanos(Instant t) {
        return t.getEpochSecond() * 1_000_000_000L + t.getNano();
    }
}
