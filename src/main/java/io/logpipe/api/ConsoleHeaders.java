package io.logpipe.api;

/** What the console's pages may load: only logpipe's own scripts and styles, nothing inline or remote. */
final class ConsoleHeaders {
    static final String CSP =
            "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; frame-ancestors 'none'";

    private ConsoleHeaders() {}
}
