package io.logpipe.it;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.logpipe.event.EventJsonReader;
import io.logpipe.event.LogEvent;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * examples/processor/ as a user has it: a Maven project of its own whose unit tests use logpipe's
 * ProcessorHarness against the jar this build made (installed as `./mvnw install` would), and whose
 * sources, given to a running logpipe as its processors directory, work in a route.
 */
class ProcessorExampleIT {
    final Path repo = Path.of(System.getProperty("logpipe.repo.dir", ".")).toAbsolutePath();

    @Test
    void theExamplesOwnTestsPassAgainstThisBuild() throws Exception {
        Path jar;
        try (Stream<Path> s = Files.list(repo.resolve("target"))) {
            jar = s.filter(p -> p.getFileName().toString().matches("logpipe-.*\\.jar"))
                    .findFirst()
                    .orElseThrow();
        }
        PackagedApp.Run install =
                maven("install:install-file", "-Dfile=" + jar, "-DpomFile=" + repo.resolve("pom.xml"));
        assertEquals(0, install.exit(), install.out());
        Path report =
                repo.resolve("examples/processor/target/surefire-reports/TEST-com.example.logpipe.ProcessorsTest.xml");
        Files.deleteIfExists(report);
        PackagedApp.Run test =
                maven("-f", repo.resolve("examples/processor/pom.xml").toString(), "test");
        assertEquals(0, test.exit(), test.out());
        String xml = Files.readString(report);
        assertTrue(
                xml.contains("tests=\"3\"") && xml.contains("failures=\"0\"") && xml.contains("errors=\"0\""),
                xml.substring(0, Math.min(600, xml.length())));
    }

    private PackagedApp.Run maven(String... args) throws Exception {
        List<String> cmd = new ArrayList<>(List.of(repo.resolve("mvnw").toString(), "-B", "-q"));
        cmd.addAll(List.of(args));
        return PackagedApp.run(cmd, repo);
    }

    @Test
    void theExampleSourcesRunAsProcessors() throws Exception {
        String tag = "ex" + UUID.randomUUID().toString().substring(0, 6);
        Path routes = Files.createTempDirectory("routes");
        Files.writeString(routes.resolve("r.yaml"), """
                - route:
                    id: example
                    from:
                      uri: "syslog:tcp"
                      parameters: { port: "{{logpipe.syslog.port}}" }
                      steps:
                        - process: { ref: dropNoise }
                        - process: { ref: tagSite }
                        - to: "logfile:out.log?template=json"
                """);
        try (PackagedApp app = new PackagedApp(
                routes, "-Dlogpipe.processors.dir=" + repo.resolve("examples/processor/src/main/java"))) {
            Path out = app.data.resolve("out.log");
            tcpLine(app, "<15>Oct 11 22:14:15 printer-3 " + tag + ": toner low"); // debug from the chatty host: dropped
            tcpLine(app, "<11>Oct 11 22:14:16 printer-3 " + tag + ": jammed"); // an error from it: kept
            await().atMost(Duration.ofSeconds(10))
                    .until(() -> PackagedApp.read(out).contains("jammed"));
            String text = PackagedApp.read(out);
            assertFalse(text.contains("toner low"), text);
            LogEvent kept = EventJsonReader.read(
                    text.lines().filter(l -> l.contains("jammed")).findFirst().orElseThrow());
            assertEquals("remote", kept.getFields().get("site"), "tagged by TagSite: 127.0.0.1 is in no site");
            assertTrue(app.log().contains("processors: dropNoise, tagSite"), app.log());
        }
    }

    /** One RFC3164 line over TCP, sent by bash (logger cannot set the host name). */
    static void tcpLine(PackagedApp app, String line) throws Exception {
        PackagedApp.Run r = PackagedApp.run(
                List.of("bash", "-c", "printf '%s\\n' \"$0\" > /dev/tcp/127.0.0.1/" + app.syslogPort, line), null);
        assertEquals(0, r.exit(), r.out());
    }
}
