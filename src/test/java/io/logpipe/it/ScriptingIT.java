package io.logpipe.it;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** Groovy one-liners in route files: a step that tags events, a filter that drops noise, and validate naming a script's syntax error by line. */
class ScriptingIT {
    @Test
    void groovyStepsRunInThePackagedAppAndValidateChecksThem() throws Exception {
        String tag = "g" + UUID.randomUUID().toString().substring(0, 8);
        Path routes = Files.createTempDirectory("groovy-routes");
        Files.writeString(routes.resolve("tag.yaml"), """
                - route:
                    id: groovy-tag
                    from:
                      uri: "syslog:tcp"
                      parameters: { port: "{{logpipe.syslog.port}}" }
                      steps:
                        # tag every event with its site
                        - script:
                            groovy: "body.fields = (body.fields ?: [:]) + [site: 'ams']"
                        # drop debug noise from one program
                        - filter:
                            groovy: "!(body.app == 'chatty' && body.severity == 'debug')"
                            steps:
                              - to: "logfile:out.log?template=json"
                """);
        try (PackagedApp app = new PackagedApp(routes)) {
            for (String[] m : new String[][] {
                {"chatty", "user.debug", "noise " + tag},
                {"chatty", "user.info", "kept " + tag},
                {"other", "user.debug", "other debug " + tag}
            }) {
                assertEquals(
                        0,
                        PackagedApp.run(
                                        List.of(
                                                "logger",
                                                "-n",
                                                "127.0.0.1",
                                                "-P",
                                                String.valueOf(app.syslogPort),
                                                "--tcp",
                                                "-t",
                                                m[0],
                                                "-p",
                                                m[1],
                                                m[2]),
                                        null)
                                .exit());
            }
            Path out = app.data.resolve("out.log");
            await().atMost(Duration.ofSeconds(10))
                    .until(() -> PackagedApp.read(out).contains("other debug " + tag));
            String lines = PackagedApp.read(out);
            assertTrue(lines.contains("kept " + tag) && lines.contains("\"fields\":{\"site\":\"ams\"}"), lines);
            assertFalse(lines.contains("noise " + tag), "the filter dropped chatty's debug: " + lines);

            Path bad = Files.createTempDirectory("bad-groovy");
            Files.writeString(bad.resolve("broken.yaml"), """
                    - route:
                        id: broken
                        from:
                          uri: "direct:x"
                          steps:
                            - script:
                                groovy: |
                                  def x = 1
                                  body.fields = [a: x]]
                            - to: "logfile:x.log"
                    """);
            List<String> cmd = app.command();
            cmd.addAll(List.of("validate", bad.toString()));
            PackagedApp.Run v = PackagedApp.run(cmd, app.work);
            assertEquals(1, v.exit(), v.out());
            assertTrue(v.out().contains(bad.resolve("broken.yaml") + ":9: groovy: "), v.out());
        }
    }
}
