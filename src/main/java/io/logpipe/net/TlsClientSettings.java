package io.logpipe.net;

import io.netty.handler.ssl.JdkSslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.SslProvider;
import java.io.File;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.util.List;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLPeerUnverifiedException;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.SSLSocketFactory;

/**
 * The sending side of TLS (RFC5425) for forwarding: trust the CA in {@code caFile} (the JDK's
 * trust store when null), show our own certificate when {@code certFile}/{@code keyFile} are set
 * (mutual auth), and accept the server only if its certificate names the host we dialled or,
 * with {@code permittedPeers}, one of those names or SHA-256 fingerprints (rsyslog's x509/name and
 * x509/fingerprint). TLS 1.2 and 1.3 only.
 */
public record TlsClientSettings(String caFile, String certFile, String keyFile, List<String> permittedPeers) {

    /** A socket factory for these settings; reads the PEM files now, so mistakes show at start. */
    public SSLSocketFactory socketFactory() throws IOException {
        SslContextBuilder b =
                SslContextBuilder.forClient().sslProvider(SslProvider.JDK).protocols("TLSv1.3", "TLSv1.2");
        if (caFile != null) b.trustManager(new File(caFile));
        if (certFile != null) b.keyManager(new File(certFile), new File(keyFile));
        return ((JdkSslContext) b.build()).context().getSocketFactory();
    }

    /** Connects, completes the handshake and checks the server's identity; the socket is closed on failure. */
    public SSLSocket connect(SSLSocketFactory factory, InetSocketAddress target, int timeoutMillis) throws IOException {
        Socket plain = new Socket();
        plain.connect(target, timeoutMillis);
        SSLSocket s = (SSLSocket) factory.createSocket(plain, target.getHostString(), target.getPort(), true);
        try {
            if (permittedPeers.isEmpty()) {
                SSLParameters p = s.getSSLParameters();
                p.setEndpointIdentificationAlgorithm("HTTPS"); // the certificate must name the host we dialled
                s.setSSLParameters(p);
            }
            s.setSoTimeout(timeoutMillis);
            s.startHandshake();
            if (!permittedPeers.isEmpty()) {
                Certificate[] chain = s.getSession().getPeerCertificates();
                X509Certificate cert = (X509Certificate) chain[0];
                if (!PeerCheck.permitted(cert, permittedPeers)) {
                    throw new SSLPeerUnverifiedException("server certificate " + PeerCheck.names(cert) + " "
                            + PeerCheck.fingerprint(cert) + " is not in permittedPeers");
                }
            }
            s.setSoTimeout(0);
            return s;
        } catch (IOException e) {
            s.close();
            throw e;
        }
    }
}
