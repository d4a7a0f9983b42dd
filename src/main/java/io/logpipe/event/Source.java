package io.logpipe.event;

/** Who sent an event and on which listener. Immutable, shared by all events of one connection. */
public record Source(String ip, int port, String listener, String peer) {
    public static final Source LOCAL_API = new Source(null, 0, "api", null);
}
