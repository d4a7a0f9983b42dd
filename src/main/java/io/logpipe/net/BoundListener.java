package io.logpipe.net;

/**
 * A listener endpoint that binds a socket, so route validation can refuse two routes on one port
 * without knowing each component.
 */
public interface BoundListener {
    /** "UDP" or "TCP" (TLS and RELP listen on TCP: they clash with plain TCP on the same port). */
    String transport();

    String getHost();

    /** The port to bind; 0 for an ephemeral one (which never clashes). */
    int getPort();

    /** What validation names in a clash: {@code UDP port 514 on 10.0.0.1}. */
    default String bindingKey() {
        String host = getHost();
        return transport() + " port " + getPort() + (host == null || host.equals("0.0.0.0") ? "" : " on " + host);
    }
}
