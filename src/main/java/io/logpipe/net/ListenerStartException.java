package io.logpipe.net;

/** A listener could not bind; the message names the listener (its route id), transport, address and port. */
public final class ListenerStartException extends IllegalStateException {
    private final String listener;

    public ListenerStartException(String listener, String message, Throwable cause) {
        super(message, cause);
        this.listener = listener;
    }

    /** The listener's name, which is its route's id. */
    public String listener() {
        return listener;
    }
}
