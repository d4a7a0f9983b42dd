package io.logpipe.store;

/** A store could not answer or write now (unreachable, failing disk); the caller reports or retries. */
public class StoreException extends Exception {
    public StoreException(String message, Throwable cause) {
        super(message, cause);
    }
}
