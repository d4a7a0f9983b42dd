package io.logpipe.api;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.awaitility.Awaitility;
import org.hamcrest.Matchers;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Every endpoint without a token, with a wrong one and with each role of the test profile's tokens
 * (src/main/resources/application.properties, %test): 401, 403 or through. The test profile has no
 * routes, so an ingest that passes authentication answers 404 "no route starts from ingest:...".
 */
@QuarkusTest
class ApiAuthTest {
    static final String READER = "test-reader-secret-000001";
    static final String WRITER = "test-writer-secret-000002";
    static final String MOZLOG_APP = "test-mozlog-secret-00003";
    static final String OPS = "test-ops-secret-0000000004";

    enum Role {
        READ,
        INGEST_ANY,
        INGEST_MOZLOG,
        ADMIN
    }

    /** One endpoint: how to call it, the role it needs, and the status when allowed. */
    record Call(String method, String path, String body, Role needs, int allowed) {}

    static final List<Call> CALLS = List.of(
            new Call("GET", "/api/v1/events", null, Role.READ, 200),
            new Call("GET", "/api/v1/stats", null, Role.READ, 200),
            new Call("GET", "/api/v1/alerts", null, Role.READ, 200),
            new Call("GET", "/api/v1/pipeline", null, Role.READ, 200),
            new Call("GET", "/api/v1/deadletter", null, Role.READ, 200),
            new Call("POST", "/api/v1/parse", "<13>Mar 10 12:00:00 host app: hello", Role.READ, 200),
            new Call("GET", "/q/metrics", null, Role.READ, 200),
            new Call("POST", "/api/v1/ingest", "{\"message\":\"m\"}", Role.INGEST_ANY, 404),
            new Call("POST", "/api/v1/ingest/mozlog", "{\"message\":\"m\"}", Role.INGEST_MOZLOG, 404),
            new Call("POST", "/api/v1/deadletter/replay?sink=db:none", null, Role.ADMIN, 404),
            new Call("DELETE", "/api/v1/deadletter?sink=db:none", null, Role.ADMIN, 404),
            new Call(
                    "POST",
                    "/api/v1/archive/restore?from=2026-10-01&to=2026-10-02",
                    null,
                    Role.ADMIN,
                    409), // the test profile has no archive
            new Call("GET", "/api/v1/tokens", null, Role.ADMIN, 200),
            new Call("DELETE", "/api/v1/tokens/nobody", null, Role.ADMIN, 404));

    /** Which calls each test token may make. */
    static final Map<String, List<Role>> TOKENS = Map.of(
            READER, List.of(Role.READ),
            WRITER, List.of(Role.INGEST_ANY, Role.INGEST_MOZLOG),
            MOZLOG_APP, List.of(Role.INGEST_MOZLOG),
            OPS, List.of(Role.values()));

    final List<String> audit = new ArrayList<>();
    final Handler capture = new Handler() {
        @Override
        public void publish(LogRecord r) {
            synchronized (audit) {
                audit.add(
                        r.getParameters() == null
                                ? r.getMessage()
                                : String.format(r.getMessage().replace("%d", "%s"), r.getParameters()));
            }
        }

        @Override
        public void flush() {}

        @Override
        public void close() {}
    };

    @BeforeEach
    void captureAudit() {
        Logger.getLogger("logpipe.audit").addHandler(capture);
    }

    @AfterEach
    void stopCapture() {
        Logger.getLogger("logpipe.audit").removeHandler(capture);
    }

    private static Response call(Call c, String secret) {
        RequestSpecification r = given();
        if (secret != null) r.header("Authorization", "Bearer " + secret);
        if (c.body() != null) r.body(c.body());
        return r.request(c.method(), c.path());
    }

    @Test
    void everyEndpointAnswers401Or403OrLetsTheRightRoleThrough() {
        for (Call c : CALLS) {
            var none = call(c, null);
            assertEquals(401, none.statusCode(), c + " without a token");
            assertEquals("Bearer realm=\"logpipe\"", none.header("WWW-Authenticate"));
            assertTrue(
                    none.body().jsonPath().getString("error").contains("Authorization: Bearer"),
                    none.body().asString());
            assertEquals(401, call(c, "not-a-token-at-all-000000").statusCode(), c + " with a wrong token");
            for (var token : TOKENS.entrySet()) {
                var reply = call(c, token.getKey());
                boolean allowed = token.getValue().contains(c.needs());
                assertEquals(
                        allowed ? c.allowed() : 403,
                        reply.statusCode(),
                        c + " with a token for " + token.getValue() + ": "
                                + reply.body().asString());
                if (!allowed)
                    assertTrue(
                            reply.body().jsonPath().getString("error").contains("lacks the role"),
                            reply.body().asString());
            }
        }
    }

    @Test
    void healthStaysOpenForProbes() {
        given().get("/q/health/live").then().statusCode(200);
        int ready = given().get("/q/health/ready").statusCode(); // UP or DOWN by the pipeline's state, never refused
        assertTrue(ready == 200 || ready == 503, "ready answered " + ready);
        given().get("/q/health").then().body("status", Matchers.notNullValue());
    }

    @Test
    void anAdminManagesTokensAndEveryActionIsAudited() {
        String secret = given().header("Authorization", "Bearer " + OPS)
                .body("{\"name\":\"grafana-t\",\"roles\":[\"read\"]}")
                .post("/api/v1/tokens")
                .then()
                .statusCode(201)
                .body("name", equalTo("grafana-t"))
                .body("roles", equalTo("read"))
                .body("secret", startsWith("lp_"))
                .extract()
                .path("secret");
        given().header("Authorization", "Bearer " + secret)
                .get("/api/v1/events")
                .then()
                .statusCode(200);
        given().header("Authorization", "Bearer " + secret)
                .get("/api/v1/tokens")
                .then()
                .statusCode(403);
        String list = given().header("Authorization", "Bearer " + OPS)
                .get("/api/v1/tokens")
                .then()
                .statusCode(200)
                .body("tokens.find { it.name == 'grafana-t' }.origin", equalTo("stored"))
                .body("tokens.find { it.name == 'reader' }.origin", equalTo("setting"))
                .extract()
                .asString();
        assertFalse(list.contains(secret) || list.contains(READER), "the list never shows a secret");
        given().header("Authorization", "Bearer " + OPS)
                .body("{\"name\":\"grafana-t\",\"roles\":\"read\"}")
                .post("/api/v1/tokens")
                .then()
                .statusCode(409);
        given().header("Authorization", "Bearer " + OPS)
                .body("{\"name\":\"x\",\"roles\":\"root\"}")
                .post("/api/v1/tokens")
                .then()
                .statusCode(400)
                .body("error", containsString("unknown role 'root'"));
        given().header("Authorization", "Bearer " + OPS)
                .delete("/api/v1/tokens/reader")
                .then()
                .statusCode(409)
                .body("error", containsString("setting"));
        given().header("Authorization", "Bearer " + OPS)
                .delete("/api/v1/tokens/grafana-t")
                .then()
                .statusCode(200);
        given().header("Authorization", "Bearer " + secret)
                .get("/api/v1/events")
                .then()
                .statusCode(401);
        given().header("Authorization", "Bearer " + OPS)
                .delete("/api/v1/deadletter?sink=db:none")
                .then()
                .statusCode(404);
        Awaitility.await()
                .atMost(Duration.ofSeconds(5))
                .until(() -> snapshot().stream()
                        .anyMatch(l -> l.contains("token=ops") && l.contains("DELETE /api/v1/deadletter -> 404")));
        List<String> lines = snapshot();
        assertTrue(
                lines.stream().anyMatch(l -> l.matches("audit: token=ops remote=\\S+ POST /api/v1/tokens -> 201")),
                lines.toString());
        assertTrue(
                lines.stream()
                        .anyMatch(l ->
                                l.matches("audit: denied 401 invalid_token token=none remote=\\S+ GET /api/v1/events")),
                lines.toString());
        assertTrue(
                lines.stream()
                        .anyMatch(l -> l.matches(
                                "audit: denied 403 forbidden token=grafana-t remote=\\S+ GET /api/v1/tokens")),
                lines.toString());
        assertTrue(lines.stream().noneMatch(l -> l.contains(secret) || l.contains(OPS)), "no secret in the audit log");
    }

    @Test
    void theConsoleSignsInWithATokenIntoAnHttpOnlyStrictCookie() {
        given().get("/").then().statusCode(200).body(containsString("Sign in"));
        given().get("/search")
                .then()
                .statusCode(200)
                .header("Content-Security-Policy", containsString("default-src 'self'"));
        given().body("{\"token\":\"wrong-token-0000000000\"}")
                .post("/api/v1/session")
                .then()
                .statusCode(401);
        var signIn = given().body("{\"token\":\"" + OPS + "\"}").post("/api/v1/session");
        signIn.then().statusCode(200).body("name", equalTo("ops")).body("roles", equalTo("admin"));
        String setCookie = signIn.header("Set-Cookie");
        assertTrue(
                setCookie.contains("HttpOnly")
                        && setCookie.contains("SameSite=Strict")
                        && setCookie.startsWith("logpipe_session="),
                setCookie);
        String session = signIn.cookie("logpipe_session");
        given().cookie("logpipe_session", session).get("/api/v1/events").then().statusCode(200);
        given().cookie("logpipe_session", session)
                .get("/api/v1/session")
                .then()
                .statusCode(200)
                .body("name", equalTo("ops"));
        // a change on the cookie alone is what a cross-site form would send: refused without the console's header
        given().cookie("logpipe_session", session)
                .delete("/api/v1/deadletter?sink=db:none")
                .then()
                .statusCode(403)
                .body("error", containsString("X-Logpipe-Console"));
        given().cookie("logpipe_session", session)
                .header("X-Logpipe-Console", "1")
                .delete("/api/v1/deadletter?sink=db:none")
                .then()
                .statusCode(404);
        given().cookie("logpipe_session", "made-up-session")
                .get("/api/v1/events")
                .then()
                .statusCode(401);
        given().cookie("logpipe_session", session)
                .header("X-Logpipe-Console", "1")
                .delete("/api/v1/session")
                .then()
                .statusCode(200);
        given().cookie("logpipe_session", session).get("/api/v1/events").then().statusCode(401);
    }

    @Test
    void refusalsAreCountedByReason() {
        given().get("/api/v1/events").then().statusCode(401);
        given().header("Authorization", "Bearer " + WRITER)
                .get("/api/v1/events")
                .then()
                .statusCode(403);
        String metrics = given().header("Authorization", "Bearer " + READER)
                .get("/q/metrics")
                .then()
                .statusCode(200)
                .extract()
                .asString();
        assertTrue(metrics.contains("logpipe_api_denied_total{reason=\"missing_token\"}"), metrics);
        assertTrue(metrics.contains("logpipe_api_denied_total{reason=\"forbidden\"}"));
    }

    private List<String> snapshot() {
        synchronized (audit) {
            return List.copyOf(audit);
        }
    }
}
