package io.logpipe.transport;

import io.logpipe.event.Source;

/** Where a listener hands each framed message; called on the listener's I/O thread. */
public interface MessageReceiver {
    /**
     * Takes one message through decoding and routing.
     *
     * @return true once the route accepted it (a RELP listener acknowledges only then), false when the route failed
     */
    boolean receive(String text, int originalLength, boolean truncated, Source source);

    /** The listener has handed over everything it read in one go: a good moment to flush buffers. */
    void endOfBatch();

    /** A connection or datagram refused before reading (e.g. {@code acl}). */
    default void refused(String reason) {}

    /** A message dropped by the listener itself (e.g. {@code rate_limit}). */
    default void dropped(String reason) {}
}
