package io.logpipe.auth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.logpipe.alert.MutableClock;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Roles, the path-to-role map, lockouts and the token store, without a server. */
class AuthUnitTest {
    @TempDir
    Path dir;

    @Test
    void rolesGrantWhatTheyName() {
        Roles read = Roles.parse("read");
        Roles ingest = Roles.parse("ingest");
        Roles app = Roles.parse("ingest:app1");
        Roles admin = Roles.parse("admin");
        assertTrue(read.allows(Need.READ));
        assertFalse(read.allows(Need.ingest("json")));
        assertFalse(read.allows(Need.ADMIN));
        assertTrue(ingest.allows(Need.ingest("json")) && ingest.allows(Need.ingest("app1")));
        assertFalse(ingest.allows(Need.READ));
        assertTrue(app.allows(Need.ingest("app1")));
        assertFalse(app.allows(Need.ingest("app2")));
        assertTrue(admin.allows(Need.READ) && admin.allows(Need.ADMIN) && admin.allows(Need.ingest("x")));
        assertEquals("ingest:app1,read", Roles.parse(" read , ingest:app1 ").toString());
        assertThrows(IllegalArgumentException.class, () -> Roles.parse("write"));
        assertThrows(IllegalArgumentException.class, () -> Roles.parse(""));
        assertThrows(IllegalArgumentException.class, () -> Roles.parse("ingest:../x"));
    }

    @Test
    void everyPathNeedsARoleButHealth() {
        Access access = new Access(false);
        assertEquals(Need.OPEN, access.need("GET", "/q/health/ready"));
        assertEquals(Need.OPEN, access.need("GET", "/q/health"));
        assertEquals(Need.READ, access.need("GET", "/q/metrics"));
        assertEquals(Need.OPEN, new Access(true).need("GET", "/q/metrics"));
        assertEquals(Need.READ, access.need("GET", "/api/v1/events"));
        assertEquals(Need.READ, access.need("GET", "/api/v1/deadletter"));
        assertEquals(Need.ADMIN, access.need("DELETE", "/api/v1/deadletter"));
        assertEquals(Need.ADMIN, access.need("POST", "/api/v1/deadletter/replay"));
        assertEquals(Need.READ, access.need("POST", "/api/v1/parse"));
        assertEquals(Need.ingest("json"), access.need("POST", "/api/v1/ingest"));
        assertEquals(Need.ingest("mozlog"), access.need("POST", "/api/v1/ingest/mozlog"));
        assertEquals(Need.ADMIN, access.need("GET", "/api/v1/tokens"));
        assertEquals(Need.ADMIN, access.need("GET", "//api/v1//tokens/"));
        assertEquals(Need.ADMIN, access.need("DELETE", "/api/v1/tokens/x"));
        assertEquals(Need.ADMIN, access.need("PUT", "/anything/new"));
        assertEquals(Need.ADMIN, access.need("POST", "/api/v1/ingest/a/b"));
        assertEquals(Need.OPEN, access.need("GET", "/"), "the console's page holds no data");
        assertEquals(Need.OPEN, access.need("GET", "/console/app.js"));
        assertEquals(Need.OPEN, access.need("GET", "/search"));
        assertEquals(Need.ADMIN, access.need("POST", "/console/app.js"));
        assertEquals(Need.OPEN, access.need("POST", "/api/v1/session"), "sign-in checks the token itself");
        assertEquals(Need.READ, access.need("GET", "/api/v1/session"));
        assertEquals(Need.READ, access.need("GET", "/api/v1/tail"));
    }

    @Test
    void bearerHeaderParsing() {
        assertEquals("abc", ApiGuard.bearer("Bearer abc"));
        assertEquals("abc", ApiGuard.bearer("bearer  abc "));
        assertEquals(null, ApiGuard.bearer("Basic abc"));
        assertEquals(null, ApiGuard.bearer("Bearer "));
        assertEquals(null, ApiGuard.bearer(null));
    }

    @Test
    void wrongTokensLockAnAddressOutForLongerEachTime() {
        MutableClock clock = new MutableClock(Instant.parse("2021-03-10T12:00:00Z"));
        FailedAttempts f = new FailedAttempts(3, clock);
        assertEquals(0, f.failed("10.0.0.1"));
        assertEquals(0, f.failed("10.0.0.1"));
        assertEquals(60_000, f.failed("10.0.0.1"));
        assertEquals(60_000, f.lockedFor("10.0.0.1"));
        assertEquals(0, f.lockedFor("10.0.0.2"), "another address is not affected");
        clock.advance(Duration.ofMillis(60_001));
        assertEquals(0, f.lockedFor("10.0.0.1"));
        f.failed("10.0.0.1");
        f.failed("10.0.0.1");
        assertEquals(120_000, f.failed("10.0.0.1"), "the second lock is twice as long");
        clock.advance(Duration.ofMillis(120_001 + FailedAttempts.MAX_LOCK_MS + 1));
        f.failed("10.0.0.1");
        f.failed("10.0.0.1");
        assertEquals(60_000, f.failed("10.0.0.1"), "an hour without a lock starts over");
        // failures spread over more than a minute do not add up; a right token clears the count
        clock.advance(Duration.ofMillis(70_000));
        f.failed("10.0.0.3");
        f.failed("10.0.0.3");
        clock.advance(Duration.ofMillis(61_000));
        assertEquals(0, f.failed("10.0.0.3"));
        f.succeeded("10.0.0.3");
        assertEquals(0, f.failed("10.0.0.3"));
    }

    @Test
    void settingsTokensNeedRolesAndALongSecretAndNeverShowIt() {
        Token t = TokenRegistry.fromSetting("grafana", "read,ingest:app1:a-secret-of-20-chars");
        assertEquals("ingest:app1,read", t.roles().toString());
        var e = assertThrows(IllegalArgumentException.class, () -> TokenRegistry.fromSetting("x", "read:short-secret"));
        assertTrue(
                e.getMessage().contains("logpipe.auth.token.x")
                        && !e.getMessage().contains("short-secret"),
                e.getMessage());
        e = assertThrows(
                IllegalArgumentException.class, () -> TokenRegistry.fromSetting("x", "writer:a-secret-of-20-chars"));
        assertTrue(
                e.getMessage().contains("unknown role 'writer'")
                        && !e.getMessage().contains("a-secret"),
                e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> TokenRegistry.fromSetting("x", "a-secret-of-20-chars"));
        assertThrows(
                IllegalArgumentException.class,
                () -> TokenRegistry.fromSetting("bad name", "read:a-secret-of-20-chars"));
    }

    @Test
    void storedTokensAreHashedOwnerOnlyAndSeenByAnotherInstance() throws Exception {
        TokenRegistry a = new TokenRegistry(Map.of("grafana", "read:grafana-secret-0000001"), dir, Clock.systemUTC());
        TokenRegistry b = new TokenRegistry(Map.of(), dir, Clock.systemUTC());
        assertEquals(
                "grafana",
                a.authenticate("grafana-secret-0000001").orElseThrow().name());
        assertTrue(a.authenticate("grafana-secret-0000002").isEmpty());
        assertTrue(a.authenticate("").isEmpty());
        String secret = a.create("ci", Roles.parse("ingest"));
        assertTrue(secret.startsWith("lp_") && secret.length() > 40, secret);
        Path file = dir.resolve("auth/tokens");
        String stored = Files.readString(file);
        assertFalse(stored.contains(secret), "the secret is stored hashed");
        assertTrue(stored.contains(Secrets.hex(Secrets.hash(secret))));
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(file)));
        assertEquals("rwx------", PosixFilePermissions.toString(Files.getPosixFilePermissions(file.getParent())));
        Thread.sleep(1100); // b looks at the file at most once a second
        assertEquals(
                "ci", b.authenticate(secret).orElseThrow().name(), "a second process sees a token made by another");
        assertThrows(IllegalArgumentException.class, () -> a.create("ci", Roles.parse("read")), "names are unique");
        assertThrows(
                IllegalArgumentException.class,
                () -> a.create("grafana", Roles.parse("read")),
                "a setting's name is taken");
        assertThrows(
                IllegalArgumentException.class,
                () -> a.delete("grafana"),
                "a setting token is removed with its setting");
        assertEquals(
                List.of("grafana", "ci"), a.list().stream().map(Token::name).toList());
        assertTrue(a.delete("ci"));
        assertFalse(a.delete("ci"));
        assertTrue(a.authenticate(secret).isEmpty());
    }

    @Test
    void aFirstStartWritesAnAdminTokenFileOnlyWhenThereIsNoToken() throws Exception {
        TokenRegistry r = new TokenRegistry(Map.of(), dir, Clock.systemUTC());
        Path file = r.createFirstAdminToken().orElseThrow();
        assertEquals(dir.resolve("admin-token"), file);
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(file)));
        String secret = Files.readString(file).strip();
        assertTrue(r.authenticate(secret).orElseThrow().allows(Need.ADMIN));
        assertTrue(r.createFirstAdminToken().isEmpty(), "a second start keeps the token");
        assertTrue(
                new TokenRegistry(Map.of(), dir, Clock.systemUTC())
                        .createFirstAdminToken()
                        .isEmpty(),
                "so does a restart");
        Path other = dir.resolve("other");
        assertTrue(
                new TokenRegistry(Map.of("k8s", "admin:from-a-kubernetes-secret"), other, Clock.systemUTC())
                        .createFirstAdminToken()
                        .isEmpty(),
                "a configured token means no generated one");
        assertFalse(Files.exists(other.resolve("admin-token")));
    }

    @Test
    void theTokenCommandCreatesListsAndDeletes() {
        TokenRegistry r = new TokenRegistry(Map.of(), dir, Clock.systemUTC());
        var out = new ByteArrayOutputStream();
        var err = new ByteArrayOutputStream();
        assertEquals(0, TokenCommand.run(r, List.of("create", "grafana", "--roles", "read"), print(out), print(err)));
        String secret = out.toString(StandardCharsets.UTF_8).strip();
        assertEquals("grafana", r.authenticate(secret).orElseThrow().name());
        out.reset();
        assertEquals(0, TokenCommand.run(r, List.of("list"), print(out), print(err)));
        assertTrue(out.toString(StandardCharsets.UTF_8).startsWith("grafana\tread\tstored\t"), out.toString());
        assertFalse(out.toString(StandardCharsets.UTF_8).contains(secret));
        assertEquals(1, TokenCommand.run(r, List.of("create", "x", "--roles", "root"), print(out), print(err)));
        assertTrue(err.toString(StandardCharsets.UTF_8).contains("unknown role 'root'"));
        assertEquals(2, TokenCommand.run(r, List.of("create", "x"), print(out), print(err)));
        assertEquals(0, TokenCommand.run(r, List.of("delete", "grafana"), print(out), print(err)));
        assertEquals(1, TokenCommand.run(r, List.of("delete", "grafana"), print(out), print(err)));
    }

    private static PrintStream print(ByteArrayOutputStream b) {
        return new PrintStream(b, true, StandardCharsets.UTF_8);
    }
}
