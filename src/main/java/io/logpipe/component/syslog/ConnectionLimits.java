package io.logpipe.component.syslog;

/**
 * Per-listener bounds on connections (TCP, TLS, RELP): at most {@code maxConnections} open at once
 * (0 = no bound; one more is refused and counted as refused{reason=max_connections}), and a
 * connection that sends nothing for {@code idleTimeoutMs} is closed (0 = never; counted as
 * closed{reason=idle_timeout}). Both keep file descriptors from running out under a misbehaving
 * fleet or a connection flood.
 */
public record ConnectionLimits(int maxConnections, long idleTimeoutMs) {
    public static final int DEFAULT_MAX_CONNECTIONS = 10_000;
    public static final ConnectionLimits DEFAULT = new ConnectionLimits(DEFAULT_MAX_CONNECTIONS, 0);

    public ConnectionLimits {
        if (maxConnections < 0)
            throw new IllegalArgumentException("maxConnections must not be negative (0 = no limit)");
        if (idleTimeoutMs < 0) throw new IllegalArgumentException("idleTimeoutMs must not be negative (0 = never)");
    }
}
