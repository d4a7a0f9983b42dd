package io.logpipe.routing;

import java.util.concurrent.locks.LockSupport;
import org.apache.camel.AsyncCallback;

/**
 * Waits for a route that finished asynchronously (a step that continued on another thread). A
 * route of synchronous steps finishes inside the call and nobody waits: this replaces Camel's
 * await manager for that common case, which looked itself up and made a latch for every event.
 */
final class RouteCompletion implements AsyncCallback {
    private volatile boolean finished;
    private volatile Thread waiter;

    @Override
    public void done(boolean doneSync) {
        finished = true;
        Thread w = waiter;
        if (w != null) LockSupport.unpark(w);
    }

    /** Blocks until {@link #done} was called; an interrupt ends the wait early and stays set. */
    void await() {
        waiter = Thread.currentThread();
        while (!finished) {
            LockSupport.park(this);
            if (Thread.currentThread().isInterrupted()) return;
        }
    }
}
