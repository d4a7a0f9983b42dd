package io.logpipe.queue;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.logpipe.event.LogEvent;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/** What a sink queue's dispatcher does with a batch, for sink tests: deliver, keep what was not done, try again, until all is done. */
public final class DispatcherRetry {
    private DispatcherRetry() {}

    public static void deliverAll(BatchSink sink, List<LogEvent> events, Duration within) {
        List<LogEvent> pending = events;
        long deadline = System.nanoTime() + within.toNanos();
        while (!pending.isEmpty()) {
            assertTrue(
                    System.nanoTime() < deadline,
                    pending.size() + " events still unconfirmed after the peer came back");
            BatchSink.Outcome o = sink.deliver(pending);
            pending = new ArrayList<>(pending.subList(o.done(), pending.size()));
        }
    }
}
