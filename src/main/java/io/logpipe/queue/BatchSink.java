package io.logpipe.queue;

import io.logpipe.event.LogEvent;
import java.util.List;
import java.util.Map;

/**
 * What a sink does with a batch taken from its queue. It reports how far it got: the first
 * {@code done} events are finished (delivered, or rejected for good with a reason, which sends
 * them to dead-letter); the rest failed for a passing reason ({@code failure}) and are retried.
 */
public interface BatchSink {
    Outcome deliver(List<LogEvent> batch);

    /** Called on the dispatcher thread when the sink stops; closes connections. */
    default void close() {}

    /** Called on the dispatcher thread when there is nothing to deliver (about every 100 ms): time-based work. */
    default void idle() {}

    /** A failure the sink is retrying on its own (not through {@link Outcome}), for the pipeline API; null when none. */
    default String problem() {
        return null;
    }

    record Outcome(int done, Map<Integer, String> rejected, Exception failure) {
        public static Outcome all(int n) {
            return new Outcome(n, Map.of(), null);
        }

        public static Outcome failed(int done, Map<Integer, String> rejected, Exception failure) {
            return new Outcome(done, rejected, failure);
        }
    }
}
