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
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.Test;

/**
 * Users' Java processors from source, no rebuild: compiled at start against the packaged jars and a
 * jar of lib/, bound by @BindToRegistry or by class name, replaced in place when the file changes, the
 * running version kept when an edit does not compile, and validate naming the file and line.
 */
class ProcessorsIT {
    static final String TAG_SITE = """
            import io.logpipe.event.LogEvent;
            import java.util.LinkedHashMap;
            import java.util.Map;
            import org.apache.camel.Exchange;
            import org.apache.camel.Processor;

            /** Tags every event with the site it was collected at. */
            public class TagSite implements Processor {
                @Override
                public void process(Exchange exchange) {
                    LogEvent e = exchange.getMessage().getBody(LogEvent.class);
                    Map<String, Object> f = e.getFields() == null ? new LinkedHashMap<>() : new LinkedHashMap<>(e.getFields());
                    f.put("site", "SITE");
                    e.setFields(f);
                }
            }
            """;
    static final String DROP_NOISE = """
            import io.logpipe.event.LogEvent;
            import org.apache.camel.BindToRegistry;
            import org.apache.camel.Exchange;
            import org.apache.camel.Processor;

            /** Drops debug messages from one chatty host. */
            @BindToRegistry("dropNoise")
            public class DropNoise implements Processor {
                @Override
                public void process(Exchange exchange) {
                    LogEvent e = exchange.getMessage().getBody(LogEvent.class);
                    if ("chatty".equals(e.getApp()) && e.getSeverityCode() == 7) exchange.setRouteStop(true);
                }
            }
            """;

    @Test
    void processorsCompileBindSwapAndReportMistakes() throws Exception {
        String tag = "p" + UUID.randomUUID().toString().substring(0, 8);
        Path base = Files.createTempDirectory("processors-it");
        Path routes = Files.createDirectories(base.resolve("routes"));
        Path processors = Files.createDirectories(base.resolve("processors"));
        Files.writeString(processors.resolve("TagSite.java"), TAG_SITE.replace("SITE", "ams"));
        Files.writeString(processors.resolve("DropNoise.java"), DROP_NOISE);
        // a library in lib/: a jar built here, used by a processor
        Path lib = Files.createDirectories(base.resolve("lib"));
        jar(
                lib.resolve("sites.jar"),
                "sites.Sites",
                "package sites; public final class Sites { public static String code() { return \"lib-ok\"; } }");
        Files.writeString(processors.resolve("Stamp.java"), """
                import io.logpipe.event.LogEvent;
                import org.apache.camel.Exchange;
                import org.apache.camel.Processor;

                public class Stamp implements Processor {
                    @Override
                    public void process(Exchange exchange) {
                        LogEvent e = exchange.getMessage().getBody(LogEvent.class);
                        e.setMsgid(sites.Sites.code());
                    }
                }
                """);
        Files.writeString(routes.resolve("r.yaml"), """
                - route:
                    id: processed
                    from:
                      uri: "syslog:tcp"
                      parameters: { port: "{{logpipe.syslog.port}}" }
                      steps:
                        - process: { ref: dropNoise }
                        - process: { ref: tagSite }
                        - process: { ref: stamp }
                        - to: "logfile:out.log?template=json"
                """);
        try (PackagedApp app =
                new PackagedApp(routes, "-Dlogpipe.processors.dir=" + processors, "-Dlogpipe.lib.dir=" + lib)) {
            Path out = app.data.resolve("out.log");
            send(app, "chatty", "user.debug", "noise " + tag);
            send(app, "chatty", "user.info", "first " + tag);
            await().atMost(Duration.ofSeconds(10))
                    .until(() -> PackagedApp.read(out).contains("first " + tag));
            String lines = PackagedApp.read(out);
            assertTrue(lines.contains("\"fields\":{\"site\":\"ams\"}"), lines);
            assertTrue(lines.contains("\"msgid\":\"lib-ok\""), "a processor used the jar of lib/: " + lines);
            assertFalse(lines.contains("noise " + tag), lines);

            // an edit that does not compile is refused, the running version stays
            Files.writeString(
                    processors.resolve("TagSite.java"),
                    TAG_SITE.replace("SITE", "fra").replace("e.setFields(f);", "e.setFields(f)"));
            await().atMost(Duration.ofSeconds(10))
                    .until(() -> app.log().contains("TagSite.java:14: java: ';' expected"));
            assertTrue(app.log().contains("the previous versions stay in force"), app.log());
            send(app, "app", "user.info", "still ams " + tag);
            await().atMost(Duration.ofSeconds(10))
                    .until(() -> PackagedApp.read(out).contains("still ams " + tag));
            assertTrue(lastLine(out).contains("\"site\":\"ams\""), lastLine(out));
            List<String> cmd = app.command("-Dlogpipe.processors.dir=" + processors, "-Dlogpipe.lib.dir=" + lib);
            cmd.addAll(List.of("validate", routes.toString()));
            PackagedApp.Run v = PackagedApp.run(cmd, app.work);
            assertEquals(1, v.exit(), v.out());
            assertTrue(v.out().contains(processors.resolve("TagSite.java") + ":14: java: ';' expected"), v.out());

            // the fixed file replaces the processor in place: the route is not rebuilt
            Files.writeString(processors.resolve("TagSite.java"), TAG_SITE.replace("SITE", "fra"));
            await().atMost(Duration.ofSeconds(10))
                    .until(() -> app.log()
                                    .lines()
                                    .filter(l -> l.contains("processors: dropNoise, stamp, tagSite"))
                                    .count()
                            >= 2);
            send(app, "app", "user.info", "now fra " + tag);
            await().atMost(Duration.ofSeconds(10))
                    .until(() -> PackagedApp.read(out).contains("now fra " + tag));
            assertTrue(lastLine(out).contains("\"site\":\"fra\""), lastLine(out));
        }
    }

    /** A jar with one class compiled from {@code source}. */
    static void jar(Path jar, String className, String source) throws Exception {
        Path src = Files.createTempDirectory("libsrc");
        Path file = src.resolve(className.substring(className.lastIndexOf('.') + 1) + ".java");
        Files.writeString(file, source);
        Path classes = Files.createDirectories(src.resolve("classes"));
        assertEquals(
                0,
                ToolProvider.getSystemJavaCompiler().run(null, null, null, "-d", classes.toString(), file.toString()));
        try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(jar))) {
            String entry = className.replace('.', '/') + ".class";
            out.putNextEntry(new JarEntry(entry));
            out.write(Files.readAllBytes(classes.resolve(entry)));
            out.closeEntry();
        }
    }

    static void send(PackagedApp app, String tag, String priority, String message) throws Exception {
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
                                        tag,
                                        "-p",
                                        priority,
                                        message),
                                null)
                        .exit());
    }

    static String lastLine(Path file) {
        List<String> lines = PackagedApp.read(file).lines().toList();
        return lines.isEmpty() ? "" : lines.get(lines.size() - 1);
    }
}
