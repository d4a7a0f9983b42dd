package io.logpipe.net;

import java.util.List;

/**
 * A TLS listener (RFC5425): PEM certificate chain and key, the CA that signs client certificates,
 * whether clients must show one, and which peers are permitted: certificate names (CN or DNS SAN,
 * wildcards like {@code *.example.com}, rsyslog's {@code x509/name}) or SHA-256 fingerprints
 * ({@code SHA256:AB:CD:...}, rsyslog's {@code x509/fingerprint}). No permitted peers: any client
 * whose certificate the CA signed.
 */
public record TlsSettings(
        String certFile, String keyFile, String caFile, ClientAuth clientAuth, List<String> permittedPeers) {
    public enum ClientAuth {
        NONE,
        OPTIONAL,
        REQUIRED
    }
}
