package io.logpipe.codec;

import io.logpipe.event.LogEvent;
import java.util.List;

/**
 * The promise of {@link Decoder} kept even when a decoder has a bug: anything it throws (a
 * RuntimeException, or a StackOverflowError from input nested deeper than anyone expected) makes
 * the input a {@code raw} event whose {@code parse_error} names the failure, so a listener never
 * loses a message or a connection to a decoder exception.
 */
public final class Guarded {
    private Guarded() {}

    public static FrameDecoder of(FrameDecoder d) {
        if (d == null || d instanceof GuardedFrame) return d;
        return new GuardedFrame(d);
    }

    public static Decoder of(Decoder d) {
        if (d == null || d instanceof GuardedFrame || d instanceof GuardedMany) return d;
        if (d instanceof FrameDecoder f) return new GuardedFrame(f);
        return new GuardedMany(d);
    }

    static LogEvent failed(String format, String input, DecodeContext ctx, Throwable t) {
        String why = t.getMessage() == null
                ? t.getClass().getSimpleName()
                : t.getClass().getSimpleName() + ": " + t.getMessage();
        LogEvent e = LogEvent.raw(
                input, format + ": decoder failed on this input (" + why + ")", ctx.receivedAt(), ctx.source());
        if (ctx.keepRaw()) e.setRaw(input);
        return e;
    }

    private record GuardedFrame(FrameDecoder inner) implements FrameDecoder {
        @Override
        public String format() {
            return inner.format();
        }

        @Override
        public LogEvent decodeOne(String input, DecodeContext ctx) {
            try {
                return inner.decodeOne(input, ctx);
            } catch (RuntimeException | StackOverflowError t) {
                return failed(inner.format(), input, ctx, t);
            }
        }
        /** The inner decoder's own decode (several lines of mozlog, a body of audit records), guarded too. */
        @Override
        public List<LogEvent> decode(String input, DecodeContext ctx) {
            try {
                return inner.decode(input, ctx);
            } catch (RuntimeException | StackOverflowError t) {
                return List.of(failed(inner.format(), input, ctx, t));
            }
        }
    }

    private record GuardedMany(Decoder inner) implements Decoder {
        @Override
        public String format() {
            return inner.format();
        }

        @Override
        public List<LogEvent> decode(String input, DecodeContext ctx) {
            try {
                return inner.decode(input, ctx);
            } catch (RuntimeException | StackOverflowError t) {
                return List.of(failed(inner.format(), input, ctx, t));
            }
        }
    }
}
