package io.logpipe.auth;

import io.logpipe.event.EventJson;
import io.quarkus.vertx.http.runtime.filters.Filters;
import io.vertx.core.http.Cookie;
import io.vertx.core.http.HttpHeaders;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;
import java.util.Optional;
import javax.net.ssl.SSLPeerUnverifiedException;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Every HTTP request passes here before any resource: health probes go through; everything else needs
 * a bearer token (or the console's session cookie) with the role {@link Access} names. Refusals and
 * admin actions go to the {@link Audit} trail.
 */
@Singleton
public class ApiGuard {
    /** Routing-context key of the authenticated token's name, for resources that record who sent what. */
    public static final String TOKEN_NAME = "logpipe.token";
    /** Header the console sends with every change, so a cross-site form cannot ride on its cookie. */
    public static final String CONSOLE_HEADER = "X-Logpipe-Console";

    private final TokenService tokens;
    private final Access access;
    private final boolean requireClientCertificate;

    ApiGuard(
            TokenService tokens,
            @ConfigProperty(name = "logpipe.auth.metrics-open", defaultValue = "false") boolean metricsOpen,
            @ConfigProperty(name = "logpipe.auth.client-certificate", defaultValue = "optional")
                    String clientCertificate) {
        if (!clientCertificate.equals("optional") && !clientCertificate.equals("required")) {
            throw new IllegalArgumentException(
                    "logpipe.auth.client-certificate must be optional or required, not '" + clientCertificate + "'");
        }
        this.requireClientCertificate = clientCertificate.equals("required");
        this.tokens = tokens;
        this.access = new Access(metricsOpen);
    }

    void register(@Observes Filters filters) {
        filters.register(this::check, 1000); // before every other handler
    }

    void check(RoutingContext rc) {
        String method = rc.request().method().name();
        String path = rc.normalizedPath();
        Need need = access.need(method, path);
        if (need.kind() == Need.Kind.OPEN) {
            rc.next();
            return;
        }
        String remote = rc.request().remoteAddress() == null
                ? "unknown"
                : rc.request().remoteAddress().hostAddress();
        if (requireClientCertificate && !verifiedClientCertificate(rc)) {
            deny(
                    rc,
                    403,
                    "client_certificate",
                    "none",
                    remote,
                    "this needs HTTPS with a client certificate signed by a trusted CA (logpipe.auth.client-certificate=required)");
            return;
        }
        long lockedMs = tokens.lockedFor(remote);
        if (lockedMs > 0) {
            long wait = FailedAttempts.seconds(lockedMs);
            rc.response().putHeader("Retry-After", String.valueOf(wait));
            deny(
                    rc,
                    429,
                    "locked_out",
                    "none",
                    remote,
                    "too many wrong tokens from " + remote + "; try again in " + wait + " s");
            return;
        }
        String secret = bearer(rc.request().getHeader(HttpHeaders.AUTHORIZATION));
        if (secret == null) {
            Optional<Token> signedIn = consoleSession(rc);
            if (signedIn.isPresent()) {
                // a cookie is sent by the browser on its own: a change must also carry a header no other site can set
                if (!method.equals("GET")
                        && !method.equals("HEAD")
                        && rc.request().getHeader(CONSOLE_HEADER) == null) {
                    deny(
                            rc,
                            403,
                            "forbidden",
                            signedIn.get().name(),
                            remote,
                            "a console request that changes something needs the " + CONSOLE_HEADER + " header");
                    return;
                }
                authorized(rc, signedIn.get(), need, method, path, remote);
                return;
            }
            deny(
                    rc,
                    401,
                    "missing_token",
                    "none",
                    remote,
                    "this needs an API token: send 'Authorization: Bearer <secret>' (see docs/security.md)");
            return;
        }
        Optional<Token> token = tokens.authenticate(secret, remote);
        if (token.isEmpty()) {
            deny(rc, 401, "invalid_token", "none", remote, "the API token is not valid");
            return;
        }
        authorized(rc, token.get(), need, method, path, remote);
    }

    /** The session cookie's token, when the cookie names a live session of a token that still exists. */
    private Optional<Token> consoleSession(RoutingContext rc) {
        Cookie cookie = rc.request().getCookie(Sessions.COOKIE);
        if (cookie == null) return Optional.empty();
        return tokens.sessions()
                .use(cookie.getValue())
                .flatMap(name -> tokens.registry().named(name));
    }

    private void authorized(RoutingContext rc, Token t, Need need, String method, String path, String remote) {
        if (!t.allows(need)) {
            deny(
                    rc,
                    403,
                    "forbidden",
                    t.name(),
                    remote,
                    "token '" + t.name() + "' lacks the role " + need.describe() + " that " + method + " " + path
                            + " needs");
            return;
        }
        rc.put(TOKEN_NAME, t.name());
        if (need.kind() == Need.Kind.ADMIN) {
            rc.addEndHandler(done -> Audit.action(
                    t.name(),
                    remote,
                    method + " " + path + " -> " + rc.response().getStatusCode()));
        }
        rc.next();
    }

    private void deny(RoutingContext rc, int status, String reason, String tokenName, String remote, String message) {
        Audit.denied(status, reason, tokenName, remote, rc.request().method().name(), rc.normalizedPath());
        StringBuilder body = new StringBuilder("{\"error\":");
        EventJson.quote(body, message);
        body.append('}');
        var response = rc.response().setStatusCode(status).putHeader(HttpHeaders.CONTENT_TYPE, "application/json");
        if (status == 401) response.putHeader("WWW-Authenticate", "Bearer realm=\"logpipe\"");
        response.end(body.toString());
    }

    /** HTTPS asks every client for a certificate (quarkus.http.ssl.client-auth=request); one that came is already chain-checked by TLS. */
    private static boolean verifiedClientCertificate(RoutingContext rc) {
        if (!rc.request().isSSL() || rc.request().sslSession() == null) return false;
        try {
            return rc.request().sslSession().getPeerCertificates().length > 0;
        } catch (SSLPeerUnverifiedException none) {
            return false;
        }
    }

    /** The secret of {@code Authorization: Bearer <secret>}, or null. */
    static String bearer(String header) {
        if (header == null) return null;
        String h = header.strip();
        if (h.length() <= 7 || !h.regionMatches(true, 0, "Bearer ", 0, 7)) return null;
        String secret = h.substring(7).strip();
        return secret.isEmpty() ? null : secret;
    }
}
