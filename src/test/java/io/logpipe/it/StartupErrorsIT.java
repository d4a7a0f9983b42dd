package io.logpipe.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A start that cannot succeed says what and where, and exits 1: a busy port, a missing routes directory, bad settings. */
class StartupErrorsIT {
    static PackagedApp.Run start(Path dir, String... props) throws Exception {
        Path jar = Path.of(System.getProperty("logpipe.app.dir", "target/quarkus-app"))
                .resolve("quarkus-run.jar")
                .toAbsolutePath();
        List<String> cmd = new ArrayList<>(List.of(
                "java",
                "-Xmx256m",
                "-Dquarkus.http.port=0",
                "-Dlogpipe.syslog.port=0",
                "-Dlogpipe.relp.port=0",
                "-Dlogpipe.data.dir=" + dir.resolve("data")));
        cmd.addAll(List.of(props));
        cmd.addAll(List.of("-jar", jar.toString()));
        return PackagedApp.run(cmd, dir);
    }

    @Test
    void aBusyPortIsNamedWithItsListener() throws Exception {
        try (ServerSocket busy = new ServerSocket()) {
            busy.bind(new InetSocketAddress("0.0.0.0", 0));
            int port = busy.getLocalPort();
            IllegalStateException e =
                    assertThrows(IllegalStateException.class, () -> new PackagedApp(PackagedApp.shippedRoutes(), port));
            assertTrue(
                    e.getMessage()
                            .contains("listener syslog-tcp: cannot listen on TCP 0.0.0.0:" + port
                                    + ": the port is in use"),
                    e.getMessage());
        }
    }

    @Test
    void aMissingRoutesDirectoryNamesTheSetting() throws Exception {
        Path dir = Files.createTempDirectory("startup");
        PackagedApp.Run exit = start(dir, "-Dlogpipe.routes.dir=no-such-routes");
        assertEquals(1, exit.exit(), exit.out());
        assertTrue(
                exit.out()
                                .contains("the routes directory "
                                        + dir.toRealPath().resolve("no-such-routes")
                                        + " does not exist (setting logpipe.routes.dir=no-such-routes")
                        || exit.out()
                                .contains("the routes directory " + dir.resolve("no-such-routes")
                                        + " does not exist (setting logpipe.routes.dir=no-such-routes"),
                exit.out());
    }

    @Test
    void badSettingsAreAllNamedWithFileAndLineBeforeAnythingStarts() throws Exception {
        Path dir = Files.createTempDirectory("startup");
        Path settings = dir.resolve("application.properties");
        Files.writeString(
                settings,
                "# mine\nlogpipe.db.retention-days=abc\nlogpipe.queue.fsync=sometimes\nlogpipe.auth.token.x=read:short\n");
        PackagedApp.Run exit =
                start(dir, "-Dlogpipe.config=" + settings, "-Dlogpipe.routes.dir=" + PackagedApp.shippedRoutes());
        assertEquals(1, exit.exit(), exit.out());
        assertTrue(
                exit.out().contains(settings + ":2: logpipe.db.retention-days must be a number of days"), exit.out());
        assertTrue(exit.out().contains(settings + ":3: logpipe.queue.fsync must be interval or batch"), exit.out());
        assertTrue(exit.out().contains(settings + ":4: logpipe.auth.token.x: the secret"), exit.out());
        assertTrue(
                !exit.out().contains("short\n") && exit.out().lines().count() < 10,
                "a few lines, no secret, no stack trace: " + exit.out());
    }
}
