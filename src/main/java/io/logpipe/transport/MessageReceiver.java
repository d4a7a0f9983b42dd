package io.logpipe.transport;

import io.logpipe.event.Source;

/** Where a listener hands each framed message; called on the listener's I/O thread. */
public interface MessageReceiver {
    void receive(String text, int originalLength, boolean truncated, Source source);

    /** The listener has handed over everything it read in one go: a good moment to flush buffers. */
    void endOfBatch();
}
