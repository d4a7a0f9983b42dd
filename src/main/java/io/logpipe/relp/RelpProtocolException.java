package io.logpipe.relp;

/** The peer broke the RELP framing or the session rules; the session ends. */
public class RelpProtocolException extends RuntimeException {
    public RelpProtocolException(String message) {
        super(message);
    }
}
