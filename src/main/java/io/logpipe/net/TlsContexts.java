package io.logpipe.net;

import io.netty.handler.ssl.ClientAuth;
import io.netty.handler.ssl.OpenSsl;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.SslProvider;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import javax.net.ssl.SSLException;
import org.jboss.logging.Logger;

/**
 * The listener's server-side TLS context, built from PEM files and rebuilt when any of them
 * changes (checked at most every two seconds, when a connection arrives), so certificates are
 * renewed without a restart. A broken new file keeps the previous context and is logged.
 */
public final class TlsContexts {
    private static final Logger LOG = Logger.getLogger(TlsContexts.class);

    private final TlsSettings settings;
    private final String listener;
    private SslContext current;
    private long stamp;
    private long checkedAt;

    /**
     * OpenSSL (BoringSSL, from netty-tcnative) where its native library loads — Linux x86_64, what
     * logpipe ships — else the JDK's engine. bench/tls.sh: the JDK's engine took 8.8 µs of CPU per
     * message against rsyslog's 4.0 µs.
     */
    static final SslProvider PROVIDER = OpenSsl.isAvailable() ? SslProvider.OPENSSL : SslProvider.JDK;

    /** Over the JDK's 7-day ticket lifetime limit, so it issues no TLS 1.3 session tickets. */
    static final long NO_TICKETS_SESSION_TIMEOUT_SECONDS = 8L * 24 * 3600;

    public TlsContexts(TlsSettings settings, String listener) throws IOException {
        this.settings = settings;
        this.listener = listener;
        this.current = build();
        LOG.debugf(
                "listener %s: TLS by %s",
                listener, PROVIDER == SslProvider.OPENSSL ? "OpenSSL (netty-tcnative)" : "the JDK");
        this.stamp = stamp();
        this.checkedAt = System.nanoTime();
    }

    private SslContext build() throws SSLException {
        SslContextBuilder b = SslContextBuilder.forServer(new File(settings.certFile()), new File(settings.keyFile()))
                .protocols("TLSv1.3", "TLSv1.2")
                // No TLS 1.3 session tickets: the JDK sends none when the session timeout is over 7 days.
                // A ticket is the one thing a syslog listener would send unasked, and a sender that never
                // reads (loggen) then closes with it unread: its kernel resets the connection, and the
                // reset discards what this side had not read yet. Syslog senders keep their connection,
                // so resumption buys little.
                // (OpenSSL's engine issues none either: Netty sets SSL_OP_NO_TICKET unless given ticket keys.)
                .sslProvider(PROVIDER)
                .sessionTimeout(NO_TICKETS_SESSION_TIMEOUT_SECONDS);
        if (settings.caFile() != null && !settings.caFile().isBlank()) b.trustManager(new File(settings.caFile()));
        b.clientAuth(
                switch (settings.clientAuth()) {
                    case NONE -> ClientAuth.NONE;
                    case OPTIONAL -> ClientAuth.OPTIONAL;
                    case REQUIRED -> ClientAuth.REQUIRE;
                });
        return b.build();
    }

    private long stamp() throws IOException {
        long s = 0;
        for (String f : new String[] {settings.certFile(), settings.keyFile(), settings.caFile()}) {
            if (f == null || f.isBlank()) continue;
            FileTime t = Files.getLastModifiedTime(Path.of(f));
            s = s * 31 + t.toMillis() + Files.size(Path.of(f));
        }
        return s;
    }

    /** The context for a new connection; reloaded first if the files changed. */
    public synchronized SslContext current() {
        long now = System.nanoTime();
        if (now - checkedAt > 2_000_000_000L) {
            checkedAt = now;
            try {
                long s = stamp();
                if (s != stamp) {
                    current = build();
                    stamp = s;
                    LOG.infof("listener %s: TLS certificates reloaded from %s", listener, settings.certFile());
                }
            } catch (IOException e) {
                LOG.errorf(
                        "listener %s: new TLS certificate files do not load (%s); keeping the previous ones",
                        listener, e.getMessage());
            }
        }
        return current;
    }
}
