package io.logpipe.codec;

import io.logpipe.event.LogEvent;
import java.util.List;

/** A decoder whose every input (a frame, a datagram, a line) is exactly one event: the listeners' hot path. */
public interface FrameDecoder extends Decoder {
    LogEvent decodeOne(String input, DecodeContext ctx);

    @Override
    default List<LogEvent> decode(String input, DecodeContext ctx) {
        return List.of(decodeOne(input, ctx));
    }
}
