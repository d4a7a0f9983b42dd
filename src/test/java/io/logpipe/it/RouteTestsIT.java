package io.logpipe.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * {@code java -jar quarkus-run.jar test [routes/] [tests/]}, like {@code vector test}: the shipped routes
 * pass their shipped tests; a user's routes with a processor from source are tested for drops, sinks and
 * fields; a failing case and a mistake in a test file are reported as file:line with exit 1.
 */
class RouteTestsIT {
    private static final Path REPO =
            Path.of(System.getProperty("logpipe.repo.dir", ".")).toAbsolutePath();
    private static final Path JAR = Path.of(System.getProperty("logpipe.app.dir", "target/quarkus-app"))
            .resolve("quarkus-run.jar")
            .toAbsolutePath();

    private static PackagedApp.Run test(Path work, String... props) throws Exception {
        List<String> cmd = new ArrayList<>(List.of(
                "java",
                "-Xmx512m",
                "-Dlogpipe.config=" + work.resolve("none.properties"),
                "-Dlogpipe.rules.dir=" + REPO.resolve("rules")));
        cmd.addAll(List.of(props));
        cmd.addAll(List.of("-jar", JAR.toString(), "test"));
        return PackagedApp.run(cmd, work);
    }

    @Test
    void shippedRoutesPassTheirTests() throws Exception {
        Path work = Files.createTempDirectory("route-tests");
        PackagedApp.Run r = test(
                work, "-Dlogpipe.routes.dir=" + REPO.resolve("routes"), "-Dlogpipe.tests.dir=" + REPO.resolve("tests"));
        assertEquals(0, r.exit(), r.out());
        assertTrue(r.out().contains("ok   " + REPO.resolve("tests/sort.yaml") + ":6 a failed SSH login"), r.out());
        assertTrue(
                r.out().matches("(?s).*logpipe test: \\d+ test\\(s\\) in 1 file\\(s\\) against .*: all passed.*"),
                r.out());
        // nothing was written: sinks are stood in for
        assertTrue(!Files.exists(work.resolve("data")), "a route test wrote data");
    }

    @Test
    void usersRoutesWithAProcessorAreTestedAndFailuresNamed() throws Exception {
        Path work = Files.createTempDirectory("route-tests-user");
        Path routes = Files.createDirectories(work.resolve("routes"));
        Path processors = Files.createDirectories(work.resolve("processors"));
        Path tests = Files.createDirectories(work.resolve("tests"));
        Files.writeString(processors.resolve("DropNoise.java"), ProcessorsIT.DROP_NOISE);
        Files.writeString(routes.resolve("app.yaml"), """
                - route:
                    id: app-in
                    from:
                      uri: "syslog:tcp"
                      parameters: { port: 0 }
                      steps:
                        - process: { ref: dropNoise }
                        - choice:
                            when:
                              - simple: "${body.severityCode} <= 3"
                                steps:
                                  - to: "seda:urgent"
                            otherwise:
                              steps:
                                - to: "logfile:app.log"
                - route:
                    id: urgent
                    from:
                      uri: "seda:urgent"
                      steps:
                        - to: "logfile:urgent.log"
                        - to: "log:urgent"
                """);
        Files.writeString(tests.resolve("app.yaml"), """
                - test: debug noise from the chatty app is dropped
                  route: app-in
                  input: "<15>Dec  2 10:00:00 h1 chatty: tick"
                  expect:
                    dropped: true
                - test: errors take the urgent path through seda
                  route: app-in
                  input: "<11>Dec  2 10:00:00 h1 billing: card declined"
                  expect:
                    to: [ "logfile:urgent.log", "log:urgent" ]
                    not_to: [ "logfile:app.log" ]
                    fields: { app: billing, severity: err }
                - test: a wrong expectation fails with file and line
                  route: app-in
                  input: "<14>Dec  2 10:00:00 h1 billing: paid"
                  expect:
                    to: [ "logfile:app.log", "logfile:urgent.log" ]
                    fields: { host: h2 }
                """);
        PackagedApp.Run r = test(
                work,
                "-Dlogpipe.routes.dir=" + routes,
                "-Dlogpipe.tests.dir=" + tests,
                "-Dlogpipe.processors.dir=" + processors);
        assertEquals(1, r.exit(), r.out());
        Path file = tests.resolve("app.yaml");
        assertTrue(r.out().contains("ok   " + file + ":1 debug noise from the chatty app is dropped"), r.out());
        assertTrue(r.out().contains("ok   " + file + ":6 errors take the urgent path through seda"), r.out());
        assertTrue(
                r.out()
                        .contains(
                                file
                                        + ":13: test 'a wrong expectation fails with file and line': expected it to reach logfile:urgent.log; it reached logfile:app.log"),
                r.out());
        assertTrue(
                r.out()
                        .contains(
                                file
                                        + ":13: test 'a wrong expectation fails with file and line': at logfile:app.log: host is 'h1', expected 'h2'"),
                r.out());
        assertTrue(r.out().contains("3 test(s) in 1 file(s) against " + routes + ": 1 failed"), r.out());

        // a mistake in a test file: named with its line, nothing run
        Files.writeString(
                tests.resolve("broken.yaml"),
                "- test: x\n  route: app-in\n  input: a\n  expect:\n    too: [ \"logfile:app.log\" ]\n");
        r = test(
                work,
                "-Dlogpipe.routes.dir=" + routes,
                "-Dlogpipe.tests.dir=" + tests,
                "-Dlogpipe.processors.dir=" + processors);
        assertEquals(1, r.exit(), r.out());
        assertTrue(r.out().contains(tests.resolve("broken.yaml") + ":5: test 'x': expect: unknown key 'too'"), r.out());
        assertTrue(r.out().contains("logpipe test: not run"), r.out());
    }
}
