package io.logpipe.normalize;

/** A grok expression that cannot be compiled: an unknown pattern, a bad capture or type, a regex syntax error. */
public final class GrokException extends Exception {
    public GrokException(String message) {
        super(message);
    }
}
