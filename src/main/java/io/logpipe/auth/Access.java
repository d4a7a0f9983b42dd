package io.logpipe.auth;

import java.util.Set;

/**
 * Which role a request needs, from its method and path. Anything not named here needs {@code read}
 * to look and {@code admin} to change, so a new endpoint is never open by accident.
 */
public final class Access {
    private static final String INGEST = "/api/v1/ingest";
    static final Set<String> CONSOLE_PAGES =
            Set.of("/", "/index.html", "/favicon.ico", "/search", "/tail", "/hosts", "/alerts", "/pipeline", "/parse");
    private final boolean metricsOpen;

    /** {@code metricsOpen}: logpipe.auth.metrics-open, for Prometheus scrapers without a token. */
    public Access(boolean metricsOpen) {
        this.metricsOpen = metricsOpen;
    }

    public Need need(String method, String rawPath) {
        String path = normalize(rawPath);
        boolean reads = method.equals("GET") || method.equals("HEAD") || method.equals("OPTIONS");
        if (path.equals("/q/health") || path.startsWith("/q/health/")) return Need.OPEN;
        // the console's pages and assets hold no data; what they show comes from the API
        if (reads && (CONSOLE_PAGES.contains(path) || path.startsWith("/console/"))) return Need.OPEN;
        if (path.equals("/api/v1/session") && !method.equals("GET"))
            return Need.OPEN; // sign-in checks the token itself
        if (path.equals("/q/metrics") || path.startsWith("/q/metrics/")) return metricsOpen ? Need.OPEN : Need.READ;
        if (method.equals("POST") && path.equals(INGEST)) return Need.ingest("json");
        if (method.equals("POST") && path.startsWith(INGEST + "/")) {
            String rest = path.substring(INGEST.length() + 1);
            return rest.contains("/") ? Need.ADMIN : Need.ingest(rest);
        }
        if (path.equals("/api/v1/tokens") || path.startsWith("/api/v1/tokens/")) return Need.ADMIN;
        if (method.equals("POST") && path.equals("/api/v1/parse")) return Need.READ; // parses, stores nothing
        return reads ? Need.READ : Need.ADMIN;
    }

    /** Collapses repeated slashes and drops a trailing one, so {@code //api/v1//tokens/} is still the tokens API. */
    static String normalize(String path) {
        if (path == null || path.isEmpty()) return "/";
        String p = path.replaceAll("/{2,}", "/");
        return p.length() > 1 && p.endsWith("/") ? p.substring(0, p.length() - 1) : p;
    }
}
