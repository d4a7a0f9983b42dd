package io.logpipe.net;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.cert.CertificateEncodingException;
import java.security.cert.CertificateParsingException;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import javax.naming.InvalidNameException;
import javax.naming.ldap.LdapName;
import javax.naming.ldap.Rdn;

/** Whether a TLS client's certificate is a permitted peer, and the identity recorded in {@code source.peer}. */
public final class PeerCheck {
    private PeerCheck() {}

    /** CN and DNS subject alternative names, lower case. */
    public static List<String> names(X509Certificate cert) {
        List<String> names = new ArrayList<>();
        try {
            for (Rdn rdn : new LdapName(cert.getSubjectX500Principal().getName()).getRdns()) {
                if (rdn.getType().equalsIgnoreCase("CN"))
                    names.add(rdn.getValue().toString().toLowerCase(Locale.ROOT));
            }
        } catch (InvalidNameException ignored) {
            // no CN then
        }
        try {
            if (cert.getSubjectAlternativeNames() != null) {
                for (List<?> san : cert.getSubjectAlternativeNames()) {
                    if (Integer.valueOf(2).equals(san.get(0)))
                        names.add(san.get(1).toString().toLowerCase(Locale.ROOT));
                }
            }
        } catch (CertificateParsingException ignored) {
            // no SANs then
        }
        return names;
    }

    public static String fingerprint(X509Certificate cert) {
        try {
            byte[] d = MessageDigest.getInstance("SHA-256").digest(cert.getEncoded());
            return "SHA256:" + HexFormat.ofDelimiter(":").withUpperCase().formatHex(d);
        } catch (NoSuchAlgorithmException | CertificateEncodingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** True when the certificate matches one of the permitted names or fingerprints (or none are listed). */
    public static boolean permitted(X509Certificate cert, List<String> permitted) {
        if (permitted.isEmpty()) return true;
        List<String> names = names(cert);
        String fp = fingerprint(cert);
        for (String p : permitted) {
            String want = p.strip();
            if (want.regionMatches(true, 0, "SHA256:", 0, 7)) {
                if (want.equalsIgnoreCase(fp)) return true;
                continue;
            }
            String w = want.toLowerCase(Locale.ROOT);
            for (String n : names) {
                if (w.startsWith("*.")
                        ? n.endsWith(w.substring(1)) && n.indexOf('.') == n.length() - w.length() + 1
                        : n.equals(w)) return true;
            }
        }
        return false;
    }

    /** What {@code source.peer} says: the first name, or the fingerprint when the certificate has no name. */
    public static String identity(X509Certificate cert) {
        List<String> names = names(cert);
        return names.isEmpty() ? fingerprint(cert) : names.get(0);
    }
}
