package io.logpipe.routing;

import io.logpipe.event.EventJsonReader;
import io.logpipe.event.LogEvent;
import io.logpipe.event.Source;
import io.logpipe.metrics.ListenerMetrics;
import java.time.Instant;
import java.util.function.Supplier;

/**
 * A message that should be a logpipe event in contract JSON (what the kafka-events: and
 * rabbitmq-events: sinks publish): the event, or a raw event with parse_error that says which
 * message it was, counted by format either way.
 */
public final class ContractEvents {
    private ContractEvents() {}

    /** @param what names the message for the parse error ("kafka record logs/0@17"); asked for only when it is not an event */
    public static LogEvent read(String value, Supplier<String> what, String listener, ListenerMetrics metrics) {
        try {
            LogEvent e = EventJsonReader.read(value);
            metrics.decoded("json").increment();
            return e;
        } catch (IllegalArgumentException notAnEvent) {
            metrics.decoded("raw").increment();
            return LogEvent.raw(
                    value,
                    what.get() + " is not a logpipe event: " + notAnEvent.getMessage(),
                    Instant.now(),
                    new Source(null, 0, listener, null));
        }
    }
}
