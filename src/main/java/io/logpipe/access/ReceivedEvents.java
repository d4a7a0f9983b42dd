package io.logpipe.access;

import io.logpipe.event.LogEvent;

/** Where every received event is shown to the access layer (hosts, live tail) before it is routed. */
public final class ReceivedEvents {
    private ReceivedEvents() {}

    public static void received(LogEvent e) {
        HostRegistry.INSTANCE.record(e);
        LiveTail.INSTANCE.publish(e);
    }
}
