package io.logpipe.codec;

import io.logpipe.event.Source;
import java.time.Instant;
import java.time.ZoneId;

/**
 * What a decoder needs besides the bytes: when and from whom the input arrived, the zone for
 * timestamps that carry none, and whether to keep the original frame in {@code raw}.
 */
public record DecodeContext(Instant receivedAt, Source source, ZoneId defaultZone, boolean keepRaw) {
    public static DecodeContext now(Source source) {
        return new DecodeContext(Instant.now(), source, ZoneId.of("UTC"), false);
    }

    public DecodeContext at(Instant when) {
        return new DecodeContext(when, source, defaultZone, keepRaw);
    }
}
