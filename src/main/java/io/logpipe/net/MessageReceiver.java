package io.logpipe.net;

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

    /**
     * As {@link #endOfBatch()}, telling whether what was handed over is durable and may be
     * acknowledged (false: the sinks' storage fails and the listener is stopping).
     */
    default boolean endOfBatchDurable() {
        endOfBatch();
        return true;
    }

    /** A connection or datagram refused before reading (e.g. {@code acl}). */
    default void refused(String reason) {}

    /** A connection the listener closed itself (e.g. {@code idle_timeout}). */
    default void closed(String reason) {}

    /** A message dropped by the listener itself (e.g. {@code rate_limit}). */
    default void dropped(String reason) {
        dropped(reason, 1);
    }

    /** {@code n} messages dropped at once (e.g. {@code kernel_buffer}, read from the socket's counter). */
    default void dropped(String reason, long n) {}
}
