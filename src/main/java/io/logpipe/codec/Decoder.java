package io.logpipe.codec;

import io.logpipe.event.LogEvent;
import java.util.List;

/**
 * Turns one message (a frame, a datagram, a request body) into events. Implementations never
 * throw: input they cannot decode comes back as a {@code raw} event with {@code parse_error} and
 * the whole input as message.
 */
public interface Decoder {
    /** The name used in {@code ?format=} and in metrics. */
    String format();

    List<LogEvent> decode(String input, DecodeContext ctx);
}
