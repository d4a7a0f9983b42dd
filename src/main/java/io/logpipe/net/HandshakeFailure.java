package io.logpipe.net;

import java.security.cert.CertPathBuilderException;
import java.security.cert.CertificateExpiredException;
import java.security.cert.CertificateNotYetValidException;

/**
 * Names why a TLS handshake failed, for the refused counter's {@code reason} label and the log:
 * an operator needs to tell an expired client certificate from an unknown CA or a missing one.
 */
public final class HandshakeFailure {
    private HandshakeFailure() {}

    public static String reason(Throwable failure) {
        for (Throwable c = failure; c != null; c = c.getCause()) {
            if (c instanceof CertificateExpiredException) return "cert_expired";
            if (c instanceof CertificateNotYetValidException) return "cert_not_yet_valid";
            if (c instanceof CertPathBuilderException) return "unknown_ca";
            String m = c.getMessage();
            // the JDK's engine and OpenSSL's (netty-tcnative, which Netty prefers when present) word it differently
            if (m != null
                    && (m.contains("Empty client certificate chain")
                            || m.contains("PEER_DID_NOT_RETURN_A_CERTIFICATE"))) return "no_client_cert";
        }
        return "tls_handshake";
    }
}
