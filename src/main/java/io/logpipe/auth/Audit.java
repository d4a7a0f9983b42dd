package io.logpipe.auth;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Metrics;
import org.jboss.logging.Logger;

/**
 * The audit trail (log category {@code logpipe.audit}): refused requests, counted by reason in
 * {@code logpipe_api_denied_total}, admin actions and sign-ins; with the token's name (or "none"),
 * the remote address, method and path, never a secret or a query string.
 */
public final class Audit {
    static final Logger LOG = Logger.getLogger("logpipe.audit");

    private Audit() {}

    public static void denied(int status, String reason, String tokenName, String remote, String method, String path) {
        Counter.builder("logpipe.api.denied")
                .description("HTTP requests refused by authentication or authorization, by reason")
                .tag("reason", reason)
                .register(Metrics.globalRegistry)
                .increment();
        LOG.infof("audit: denied %d %s token=%s remote=%s %s %s", status, reason, tokenName, remote, method, path);
    }

    public static void action(String tokenName, String remote, String what) {
        LOG.infof("audit: token=%s remote=%s %s", tokenName, remote, what);
    }

    static void lockedOut(String remote, long seconds, int failures) {
        LOG.warnf("audit: %s locked out for %d s after %d wrong tokens within a minute", remote, seconds, failures);
    }
}
