package io.logpipe.net;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * A CA and certificates made with openssl at test time: "server" (CN logpipe.test, SAN localhost
 * and 127.0.0.1), "good" (sender.example.com), "intruder" (intruder.example.org), all signed by
 * the CA, "stranger", self-signed, and "expired" (old.example.com, CA-signed, expired yesterday). Files: NAME.pem and NAME.key in {@link #dir}.
 */
public final class TestCertificates {
    public final Path dir;

    public TestCertificates() throws Exception {
        dir = Files.createTempDirectory("tls");
        openssl(
                "req",
                "-x509",
                "-newkey",
                "rsa:2048",
                "-nodes",
                "-keyout",
                "ca.key",
                "-out",
                "ca.pem",
                "-days",
                "2",
                "-subj",
                "/CN=logpipe test CA");
        cert("server", "logpipe.test", "ca", "DNS:localhost,IP:127.0.0.1");
        cert("good", "sender.example.com", "ca", null);
        cert("intruder", "intruder.example.org", "ca", null);
        cert("stranger", "sender.example.com", null, null);
        cert("expired", "old.example.com", "ca", null, -1);
    }

    public Path pem(String name) {
        return dir.resolve(name + ".pem");
    }

    public Path key(String name) {
        return dir.resolve(name + ".key");
    }

    void openssl(String... args) throws Exception {
        List<String> cmd = new ArrayList<>(List.of("openssl"));
        cmd.addAll(List.of(args));
        Process p = new ProcessBuilder(cmd)
                .directory(dir.toFile())
                .redirectErrorStream(true)
                .start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(0, p.waitFor(), String.join(" ", cmd) + ": " + out);
    }

    /** A key and a certificate for {@code cn}, signed by {@code ca} (or self-signed when ca is null). */
    public void cert(String name, String cn, String ca, String san) throws Exception {
        cert(name, cn, ca, san, 2);
    }

    /** {@code days} -1 makes a certificate that expired a day ago (notAfter before notBefore, as openssl allows). */
    public void cert(String name, String cn, String ca, String san, int days) throws Exception {
        openssl(
                "req",
                "-newkey",
                "rsa:2048",
                "-nodes",
                "-keyout",
                name + ".key",
                "-out",
                name + ".csr",
                "-subj",
                "/CN=" + cn);
        Files.writeString(
                dir.resolve(name + ".ext"),
                san == null ? "basicConstraints=CA:FALSE\n" : "subjectAltName=" + san + "\n");
        if (ca == null) {
            openssl(
                    "x509",
                    "-req",
                    "-in",
                    name + ".csr",
                    "-signkey",
                    name + ".key",
                    "-out",
                    name + ".pem",
                    "-days",
                    String.valueOf(days),
                    "-extfile",
                    name + ".ext");
        } else {
            openssl(
                    "x509",
                    "-req",
                    "-in",
                    name + ".csr",
                    "-CA",
                    ca + ".pem",
                    "-CAkey",
                    ca + ".key",
                    "-CAcreateserial",
                    "-out",
                    name + ".pem",
                    "-days",
                    String.valueOf(days),
                    "-extfile",
                    name + ".ext");
        }
    }
}
