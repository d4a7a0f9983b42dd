package io.logpipe.queue;

import java.io.IOException;

/**
 * An endpoint's durable queue, opened by its first producer and closed (drained, the rest kept on
 * disk) when its last one stops: every route that sends to the same sink URI shares one queue file.
 */
public final class SharedSinkQueue {
    @FunctionalInterface
    public interface Opener {
        SinkQueue open() throws IOException;
    }

    private final Opener opener;
    private SinkQueue queue;
    private int users;

    public SharedSinkQueue(Opener opener) {
        this.opener = opener;
    }

    public synchronized SinkQueue acquire() throws IOException {
        if (queue == null) queue = opener.open();
        users++;
        return queue;
    }

    public synchronized void release() {
        if (--users > 0 || queue == null) return;
        queue.close();
        queue = null;
    }
}
