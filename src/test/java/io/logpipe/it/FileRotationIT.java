package io.logpipe.it;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.UUID;
import org.awaitility.core.ConditionTimeoutException;
import org.junit.jupiter.api.Test;

/**
 * logrotate's two ways with the packaged app and the shipped routes: rename the file (logpipe notices
 * within a second and writes a new one), and rename then SIGHUP (rsyslog's postrotate). Nothing is
 * lost: every line is in the old file or the new one, and SIGHUP does not stop logpipe.
 */
class FileRotationIT {
    static void logger(PackagedApp app, String tag, String message) throws Exception {
        Process p = new ProcessBuilder(
                        "logger",
                        "-n",
                        "127.0.0.1",
                        "-P",
                        String.valueOf(app.syslogPort),
                        "--tcp",
                        "-t",
                        tag,
                        "-p",
                        "authpriv.notice",
                        message)
                .redirectErrorStream(true)
                .start();
        assertEquals(0, p.waitFor());
    }

    @Test
    void renamedAndHungUpFilesAreReopenedAndNothingIsLost() throws Exception {
        String tag = "rot" + UUID.randomUUID().toString().substring(0, 6);
        try (PackagedApp app = new PackagedApp(PackagedApp.shippedRoutes())) {
            Path auth = app.data.resolve("auth.log");
            logger(app, tag, "before the rename");
            await().atMost(Duration.ofSeconds(10))
                    .until(() -> PackagedApp.read(auth).contains("before the rename"));
            Files.move(auth, app.data.resolve("auth.log.1"));
            long movedAt = System.nanoTime();
            await().pollInterval(Duration.ofMillis(100))
                    .atMost(Duration.ofSeconds(10))
                    .until(() -> {
                        logger(app, tag, "after the rename");
                        return PackagedApp.read(auth).contains("after the rename");
                    });
            System.out.printf(
                    "rotation by rename: a new auth.log within %d ms%n", (System.nanoTime() - movedAt) / 1_000_000);
            assertTrue(PackagedApp.read(app.data.resolve("auth.log.1")).contains("before the rename"));

            // started under nohup (SIGHUP ignored and inherited), logpipe cannot get the signal and says so
            assumeFalse(
                    app.log().contains("SIGHUP is ignored"),
                    "SIGHUP is ignored in this test run (nohup): logpipe warned, the hangup half is skipped");
            // rename, then SIGHUP at once (before the once-a-second check): the next line opens a new file
            Files.move(auth, app.data.resolve("auth.log.2"));
            Process hup = new ProcessBuilder("kill", "-HUP", String.valueOf(app.process.pid())).start();
            assertEquals(0, hup.waitFor());
            try { // the handler runs on a thread of its own; a busy CI machine has taken over 5 s
                await().atMost(Duration.ofSeconds(30)).until(() -> app.log().contains("SIGHUP:"));
            } catch (ConditionTimeoutException e) {
                throw new AssertionError(
                        "no SIGHUP line in the log (logpipe " + (app.process.isAlive() ? "running" : "gone") + "):\n"
                                + app.log(),
                        e);
            }
            logger(app, tag, "after the hangup");
            await().atMost(Duration.ofSeconds(10))
                    .until(() -> PackagedApp.read(auth).contains("after the hangup"));
            assertTrue(app.process.isAlive(), "SIGHUP reopens files, it does not stop logpipe");
            String all = PackagedApp.read(app.data.resolve("auth.log.1"))
                    + PackagedApp.read(app.data.resolve("auth.log.2"))
                    + PackagedApp.read(auth);
            assertTrue(
                    all.contains("before the rename")
                            && all.contains("after the rename")
                            && all.contains("after the hangup"),
                    all);
            assertTrue(app.metric("logpipe_sink_files_reopened_total", "reason=\"moved\"") >= 1);
        }
    }
}
