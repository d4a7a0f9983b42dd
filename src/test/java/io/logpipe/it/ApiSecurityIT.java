package io.logpipe.it;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.logpipe.net.TestCertificates;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * The HTTP side as an operator meets it, on the packaged jar: the first start's admin token, the
 * token command beside a running instance, a token from the environment (a Kubernetes Secret),
 * ingest tokens recorded in the events, lockout of a guessing address, the audit log, and HTTPS with
 * and without client certificates, checked with curl and openssl.
 */
class ApiSecurityIT {
    static final ObjectMapper JSON = new ObjectMapper();

    static PackagedApp.Run curl(String... args) throws Exception {
        List<String> cmd =
                new ArrayList<>(List.of("curl", "-s", "-o", "/dev/null", "-w", "%{http_code}", "--max-time", "10"));
        cmd.addAll(List.of(args));
        return PackagedApp.run(cmd, null);
    }

    static Path ingestRoutes(String endpointOptions) throws Exception {
        Path routes = Files.createTempDirectory("auth-routes");
        Files.writeString(routes.resolve("ingest.yaml"), """
                - route:
                    id: ingest-store
                    from:
                      uri: "ingest:json%s"
                      steps:
                        - to: "db:events"
                - route:
                    id: ingest-own
                    from:
                      uri: "ingest:app1?token=app1"
                      steps:
                        - to: "db:events"
                """.formatted(endpointOptions));
        return routes;
    }

    @Test
    void aFirstStartMakesAnAdminTokenFileThatWorksAndIsNeverLogged() throws Exception {
        try (PackagedApp app = new PackagedApp(PackagedApp.shippedRoutes(), PackagedApp.NO_TOKEN)) {
            Path file = app.data.resolve("admin-token");
            assertTrue(Files.exists(file), app.log());
            assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(file)));
            String secret = Files.readString(file).strip();
            assertTrue(
                    app.log().contains(file.toAbsolutePath().toString()),
                    "the log says where the token is: " + app.log());
            assertFalse(app.log().contains(secret), "the log never holds the secret");
            assertEquals(401, app.http("GET", "/api/v1/events", null, null).status());
            assertEquals(
                    401,
                    app.http("GET", "/api/v1/events", null, PackagedApp.IT_TOKEN)
                            .status(),
                    "no test token in this app");
            assertEquals(200, app.http("GET", "/api/v1/events", null, secret).status());
            assertEquals(200, app.http("GET", "/q/health/ready", null, null).status(), "probes need no token");
            assertEquals(401, app.http("GET", "/q/metrics", null, null).status());
            assertEquals(
                    "200",
                    curl("-H", "Authorization: Bearer " + secret, "http://127.0.0.1:" + app.httpPort + "/q/metrics")
                            .out());
        }
    }

    @Test
    void theTokenCommandWorksBesideARunningInstanceAndEnvironmentTokensWork() throws Exception {
        String envSecret = "k8s-secret-" + UUID.randomUUID();
        try (PackagedApp app =
                new PackagedApp(ingestRoutes(""), PackagedApp.ENV + "LOGPIPE_AUTH_TOKEN_GRAFANA=read:" + envSecret)) {
            assertEquals(
                    200,
                    app.http("GET", "/api/v1/events", null, envSecret).status(),
                    "LOGPIPE_AUTH_TOKEN_GRAFANA is the token grafana");
            assertEquals(
                    403,
                    app.http("POST", "/api/v1/ingest", "{\"message\":\"x\"}", envSecret)
                            .status());

            List<String> create = app.command("-Dlogpipe.data.dir=" + app.data);
            create.addAll(List.of("token", "create", "ci", "--roles", "ingest"));
            PackagedApp.Run made = PackagedApp.run(create, app.work);
            assertEquals(0, made.exit(), made.out());
            String secret = made.out()
                    .lines()
                    .filter(l -> l.startsWith("lp_"))
                    .findFirst()
                    .orElseThrow(() -> new AssertionError(made.out()));
            String tag = "tok" + UUID.randomUUID().toString().substring(0, 6);
            await().atMost(Duration.ofSeconds(10))
                    .until(() -> app.http(
                                            "POST",
                                            "/api/v1/ingest",
                                            "{\"app\":\"" + tag + "\",\"message\":\"hello\"}",
                                            secret)
                                    .status()
                            == 200);
            assertEquals(403, app.http("GET", "/api/v1/events", null, secret).status(), "an ingest token cannot read");
            await().atMost(Duration.ofSeconds(20))
                    .until(() -> JSON.readTree(app.http("GET", "/api/v1/events?app=" + tag, null)
                                            .body())
                                    .get("count")
                                    .asInt()
                            == 1);
            JsonNode event = JSON.readTree(
                            app.http("GET", "/api/v1/events?app=" + tag, null).body())
                    .get("events")
                    .get(0);
            assertEquals(
                    "token:ci", event.path("source").path("peer").asText(), "the sending token is recorded: " + event);

            List<String> list = app.command("-Dlogpipe.data.dir=" + app.data);
            list.addAll(List.of("token", "list"));
            PackagedApp.Run listed = PackagedApp.run(list, app.work);
            assertEquals(0, listed.exit(), listed.out());
            assertTrue(listed.out().contains("ci\tingest\tstored"), listed.out());
            assertFalse(listed.out().contains(secret) || listed.out().contains(envSecret), listed.out());

            List<String> delete = app.command("-Dlogpipe.data.dir=" + app.data);
            delete.addAll(List.of("token", "delete", "ci"));
            assertEquals(0, PackagedApp.run(delete, app.work).exit());
            await().atMost(Duration.ofSeconds(10))
                    .until(() -> app.http("POST", "/api/v1/ingest", "{\"message\":\"x\"}", secret)
                                    .status()
                            == 401);
            assertFalse(app.log().contains(secret) || app.log().contains(envSecret), "no secret in the log");
        }
    }

    @Test
    void anEndpointWithItsOwnTokenTakesOnlyThatOne() throws Exception {
        try (PackagedApp app = new PackagedApp(
                ingestRoutes(""),
                "-Dlogpipe.auth.token.app1=ingest:app1:app1-secret-00000000001",
                "-Dlogpipe.auth.token.other=ingest:other-secret-0000000002")) {
            String tag = "own" + UUID.randomUUID().toString().substring(0, 6);
            String line = "{\"app\":\"" + tag + "\",\"message\":\"m\"}";
            assertEquals(
                    200,
                    app.http("POST", "/api/v1/ingest/app1", line, "app1-secret-00000000001")
                            .status());
            assertEquals(
                    403,
                    app.http("POST", "/api/v1/ingest", line, "app1-secret-00000000001")
                            .status(),
                    "ingest:app1 is one endpoint only");
            PackagedApp.Reply other = app.http("POST", "/api/v1/ingest/app1", line, "other-secret-0000000002");
            assertEquals(403, other.status(), "ingest:app1?token=app1 refuses any other ingest token");
            assertTrue(other.body().contains("takes only the token(s) app1"), other.body());
            assertEquals(
                    200,
                    app.http("POST", "/api/v1/ingest", line, "other-secret-0000000002")
                            .status());
        }
    }

    @Test
    void aGuessingAddressIsLockedOutAndEverythingIsAudited() throws Exception {
        try (PackagedApp app = new PackagedApp(ingestRoutes(""), "-Dlogpipe.auth.max-failures=5")) {
            String url = "http://127.0.0.1:" + app.httpPort + "/api/v1/events";
            // the guesses come from 127.0.0.2, so the test's own address stays usable
            for (int i = 0; i < 5; i++)
                assertEquals(
                        "401",
                        curl("--interface", "127.0.0.2", "-H", "Authorization: Bearer guess-" + i, url)
                                .out());
            assertEquals(
                    "429",
                    curl("--interface", "127.0.0.2", "-H", "Authorization: Bearer " + PackagedApp.IT_TOKEN, url)
                            .out(),
                    "locked out even with the right token");
            PackagedApp.Run headers = PackagedApp.run(
                    List.of("curl", "-s", "-D", "-", "-o", "/dev/null", "--interface", "127.0.0.2", url), null);
            assertTrue(headers.out().toLowerCase().contains("retry-after:"), headers.out());
            assertEquals(200, app.http("GET", "/api/v1/events", null).status(), "another address is not locked");
            assertEquals(
                    200,
                    app.http("DELETE", "/api/v1/deadletter?sink=db:events", null)
                            .status());
            assertEquals(5, app.metric("logpipe_api_denied_total", "reason=\"invalid_token\""));
            assertTrue(app.metric("logpipe_api_denied_total", "reason=\"locked_out\"") >= 1);
            await().atMost(Duration.ofSeconds(5)).until(() -> app.log().contains("DELETE /api/v1/deadletter -> 200"));
            String log = app.log();
            assertTrue(log.contains("audit: 127.0.0.2 locked out for 60 s after 5 wrong tokens within a minute"), log);
            assertTrue(
                    log.contains("audit: denied 401 invalid_token token=none remote=127.0.0.2 GET /api/v1/events"),
                    log);
            assertTrue(
                    log.contains("audit: denied 429 locked_out token=none remote=127.0.0.2 GET /api/v1/events"), log);
            assertTrue(log.contains("audit: token=it remote=127.0.0.1 DELETE /api/v1/deadletter -> 200"), log);
            assertFalse(log.contains("guess-0") || log.contains(PackagedApp.IT_TOKEN), "no token text in the log");
        }
    }

    @Test
    void httpsWithPemFilesPlainHttpOffAndClientCertificates() throws Exception {
        TestCertificates certs = new TestCertificates();
        int ssl = PackagedApp.freePort();
        String[] https = {
            "-Dquarkus.http.ssl-port=" + ssl,
            "-Dquarkus.tls.key-store.pem.0.cert=" + certs.pem("server"),
            "-Dquarkus.tls.key-store.pem.0.key=" + certs.key("server"),
            "-Dquarkus.http.insecure-requests=disabled"
        };
        String bearer = "Authorization: Bearer " + PackagedApp.IT_TOKEN;
        try (PackagedApp app = new PackagedApp(ingestRoutes(""), https)) {
            String url = "https://127.0.0.1:" + ssl + "/api/v1/events";
            assertEquals(
                    "200",
                    curl("--cacert", certs.pem("ca").toString(), "-H", bearer, url)
                            .out());
            assertEquals(
                    "401", curl("--cacert", certs.pem("ca").toString(), url).out(), "HTTPS still needs a token");
            assertNotEquals(
                    "200",
                    curl("-H", bearer, "http://127.0.0.1:" + app.httpPort + "/api/v1/events")
                            .out(),
                    "plain HTTP is off");
            PackagedApp.Run chain = PackagedApp.run(
                    List.of(
                            "sh",
                            "-c",
                            "echo | openssl s_client -connect 127.0.0.1:" + ssl + " -CAfile " + certs.pem("ca")
                                    + " -verify_return_error 2>&1"),
                    null);
            assertTrue(chain.out().contains("Verify return code: 0 (ok)"), chain.out());
        }
        // plain HTTP stays on for the readiness probe (health needs no certificate); the API refuses it
        String[] mutual = {
            https[0],
            https[1],
            https[2],
            "-Dquarkus.tls.trust-store.pem.certs=" + certs.pem("ca"),
            "-Dlogpipe.auth.client-certificate=required"
        };
        try (PackagedApp app = new PackagedApp(ingestRoutes(""), mutual)) {
            String url = "https://127.0.0.1:" + ssl + "/api/v1/events";
            assertEquals(
                    "200",
                    curl(
                                    "--cacert",
                                    certs.pem("ca").toString(),
                                    "--cert",
                                    certs.pem("good").toString(),
                                    "--key",
                                    certs.key("good").toString(),
                                    "-H",
                                    bearer,
                                    url)
                            .out());
            assertEquals(
                    "403",
                    curl("--cacert", certs.pem("ca").toString(), "-H", bearer, url)
                            .out(),
                    "no client certificate, no API");
            assertEquals(
                    "403",
                    curl("-H", bearer, "http://127.0.0.1:" + app.httpPort + "/api/v1/events")
                            .out(),
                    "nor over plain HTTP");
            assertEquals(
                    "200",
                    curl("http://127.0.0.1:" + app.httpPort + "/q/health/ready").out(),
                    "probes still work");
            assertNotEquals(
                    "200",
                    curl(
                                    "--cacert",
                                    certs.pem("ca").toString(),
                                    "--cert",
                                    certs.pem("stranger").toString(),
                                    "--key",
                                    certs.key("stranger").toString(),
                                    "-H",
                                    bearer,
                                    url)
                            .out(),
                    "a certificate the CA did not sign is refused");
        }
    }
}
