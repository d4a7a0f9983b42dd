package io.logpipe.api;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;

import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

/** What POST /api/v1/archive/restore says about a request it cannot run (the test profile has no archive). */
@QuarkusTest
class ArchiveResourceTest {
    static final String ADMIN = "Bearer " + ApiAuthTest.OPS;

    @Test
    void badRangesAreRefusedWithTheReasonBeforeTheArchiveIsAsked() {
        given().header("Authorization", ADMIN)
                .queryParam("from", "2026-10-01")
                .post("/api/v1/archive/restore")
                .then()
                .statusCode(400)
                .body("error", containsString("from and to are required"));
        given().header("Authorization", ADMIN)
                .queryParam("from", "yesterday")
                .queryParam("to", "now")
                .post("/api/v1/archive/restore")
                .then()
                .statusCode(400)
                .body("error", containsString("from: cannot read 'yesterday' as a time"));
        given().header("Authorization", ADMIN)
                .queryParam("from", "2026-10-03")
                .queryParam("to", "2026-10-01")
                .post("/api/v1/archive/restore")
                .then()
                .statusCode(400)
                .body("error", containsString("to must be after from"));
        given().header("Authorization", ADMIN)
                .queryParam("from", "2026-10-01")
                .queryParam("to", "2026-10-03")
                .post("/api/v1/archive/restore")
                .then()
                .statusCode(409)
                .body("error", containsString("no archive is configured: set logpipe.store.archive.bucket"));
    }
}
