package io.logpipe.component.syslog;

/** Receives whole frames from a framer. {@code originalLength} exceeds {@code text}'s when the frame was cut to the maximum. */
@FunctionalInterface
public interface FrameListener {
    void onFrame(String text, int originalLength, boolean truncated);
}
