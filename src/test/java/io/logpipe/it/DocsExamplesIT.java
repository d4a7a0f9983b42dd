package io.logpipe.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Every YAML, Java and shell example in README.md and docs/ is checked against the packaged jar:
 * route, alert and rulebase files through {@code validate}, the route tests through {@code test}
 * (with the page's processors and routes), and the shell commands are run against a running
 * logpipe where they can run here (the rest are syntax-checked, each skip with its reason).
 */
class DocsExamplesIT {
    static final Path REPO =
            Path.of(System.getProperty("logpipe.repo.dir", ".")).toAbsolutePath();

    record Block(Path page, int line, String lang, String text) {
        String where() {
            return REPO.relativize(page) + ":" + line;
        }
    }

    /** Commands not run here, and why; everything else in a sh block is run. */
    static final Map<String, String> NOT_RUN = new LinkedHashMap<>();

    static {
        NOT_RUN.put("./mvnw", "builds: the test runs on what was built");
        NOT_RUN.put("bin/test", "is what runs this test");
        NOT_RUN.put("TOKEN=$(cat data/admin-token)", "the test's logpipe has its token set, so no admin-token file");
        NOT_RUN.put("java -D", "starts another logpipe (the two-tier and processor walk-throughs)");
        NOT_RUN.put("C=$(", "reads the two-tier instances' tokens");
        NOT_RUN.put("Bearer $C", "the two-tier walk-through's collector");
        NOT_RUN.put("Bearer $P", "the two-tier walk-through's processor");
        NOT_RUN.put("localhost:8081", "the second tier's port");
        NOT_RUN.put("other/dir", "names directories that are placeholders");
        NOT_RUN.put("cursor=ZHwy", "a placeholder cursor");
        NOT_RUN.put("@app.ndjson", "a placeholder file");
        NOT_RUN.put("archive/restore", "needs an S3 archive (StoreArchiveTest and ArchiveResourceTest cover it)");
        NOT_RUN.put("through two tiers", "part of the two-tier walk-through");
    }

    static List<Path> pages() throws IOException {
        List<Path> pages = new ArrayList<>(List.of(REPO.resolve("README.md"), REPO.resolve("CONTRIBUTING.md")));
        try (Stream<Path> s = Files.walk(REPO.resolve("docs"))) {
            s.filter(p -> p.toString().endsWith(".md")).sorted().forEach(pages::add);
        }
        return pages;
    }

    static List<Block> blocks() throws IOException {
        List<Block> out = new ArrayList<>();
        for (Path page : pages()) {
            List<String> lines = Files.readAllLines(page);
            for (int i = 0; i < lines.size(); i++) {
                if (!lines.get(i).startsWith("```") || lines.get(i).length() == 3) continue;
                String lang = lines.get(i).substring(3).trim();
                int start = i + 1;
                StringBuilder text = new StringBuilder();
                for (i = start; i < lines.size() && !lines.get(i).startsWith("```"); i++)
                    text.append(lines.get(i)).append('\n');
                out.add(new Block(page, start, lang, text.toString()));
            }
        }
        return out;
    }

    static List<Block> blocks(String lang) throws IOException {
        return blocks().stream().filter(b -> b.lang.equals(lang)).toList();
    }

    enum Kind {
        ROUTES,
        ALERTS,
        RULEBASE,
        ROUTE_TESTS
    }

    static Kind kind(String yaml) {
        String first = yaml.strip();
        if (first.startsWith("- test:")) return Kind.ROUTE_TESTS;
        if (first.startsWith("- notifier:") || first.startsWith("- rule:")) return Kind.ALERTS;
        if (first.startsWith("- route:") || first.startsWith("- beans:")) return Kind.ROUTES;
        if (first.startsWith("description:") || first.startsWith("rules:") || first.startsWith("apps:"))
            return Kind.RULEBASE;
        throw new AssertionError("a YAML example that is no route, alert, rulebase or route-test file:\n" + yaml);
    }

    private static final Pattern FROM = Pattern.compile("from:\\s*\\n\\s+uri:\\s*\"([^\"?]+)");
    private static final Pattern ID = Pattern.compile("(?m)^\\s+id:\\s*([\\w-]+)");

    /** The shipped routes, without those a docs example replaces (same id, or the same direct: consumer). */
    static Path routesWith(Path dir, List<String> examples) throws IOException {
        Files.createDirectories(dir);
        List<String> ids = new ArrayList<>();
        List<String> froms = new ArrayList<>();
        for (String e : examples) {
            ID.matcher(e).results().forEach(m -> ids.add(m.group(1)));
            FROM.matcher(e).results().forEach(m -> froms.add(m.group(1)));
        }
        try (Stream<Path> shipped = Files.list(REPO.resolve("routes"))) {
            for (Path f : shipped.filter(Files::isRegularFile).toList()) {
                String text = Files.readString(f);
                boolean replaced = ID.matcher(text).results().anyMatch(m -> ids.contains(m.group(1)))
                        || FROM.matcher(text).results().anyMatch(m -> froms.contains(m.group(1)));
                if (!replaced) Files.writeString(dir.resolve(f.getFileName()), text);
            }
        }
        for (int i = 0; i < examples.size(); i++)
            Files.writeString(dir.resolve("docs-example-" + i + ".yaml"), examples.get(i));
        return dir;
    }

    /** The page's Java examples that name their file ({@code // processors/X.java: ...}), written there. */
    static Path processorsOf(Path page, Path work) throws IOException {
        Path dir = Files.createDirectories(work.resolve("processors"));
        Pattern named = Pattern.compile("^// processors/(\\w+\\.java)");
        for (Block b : blocks("java")) {
            Matcher m = named.matcher(b.text);
            if (b.page.equals(page) && m.find()) Files.writeString(dir.resolve(m.group(1)), b.text);
        }
        return dir;
    }

    static String settingsOf(Path page) throws IOException {
        StringBuilder out = new StringBuilder();
        for (Block b : blocks("properties")) if (b.page.equals(page)) out.append(b.text);
        return out.toString();
    }

    static PackagedApp.Run logpipe(Path cwd, List<String> props, String... args) throws Exception {
        List<String> cmd = new ArrayList<>(List.of("java", "-Xmx512m"));
        cmd.addAll(props);
        cmd.addAll(List.of(
                "-jar",
                Path.of(System.getProperty("logpipe.app.dir", "target/quarkus-app"))
                        .resolve("quarkus-run.jar")
                        .toAbsolutePath()
                        .toString()));
        cmd.addAll(List.of(args));
        return PackagedApp.run(cmd, cwd);
    }

    @Test
    void everyYamlExampleIsValid() throws Exception {
        List<Block> yaml = blocks("yaml");
        assertTrue(yaml.size() >= 10, "YAML examples found: " + yaml.size());
        List<String> failures = new ArrayList<>();
        int checked = 0;
        for (Block b : yaml) {
            Kind kind = kind(b.text);
            if (kind == Kind.ROUTE_TESTS) continue; // run by the next test
            Path work = Files.createTempDirectory("docs-example");
            Path routes = routesWith(work.resolve("routes"), kind == Kind.ROUTES ? List.of(b.text) : List.of());
            Path alerts = Files.createDirectories(work.resolve("alerts"));
            Path rules = Files.createDirectories(work.resolve("rules"));
            copyDir(REPO.resolve("rules"), rules);
            // an alert file example stands alone (its ids are the shipped rules' own); other kinds meet the shipped
            // rules
            if (kind != Kind.ALERTS) copyDir(REPO.resolve("alerts"), alerts);
            if (kind == Kind.ALERTS) Files.writeString(alerts.resolve("docs-example.yaml"), b.text);
            if (kind == Kind.RULEBASE) Files.writeString(rules.resolve("docs_example.yaml"), b.text);
            Path processors = processorsOf(b.page, work);
            // the settings a page shows are the ones its examples run with
            Files.writeString(work.resolve("application.properties"), settingsOf(b.page));
            PackagedApp.Run r = logpipe(
                    work,
                    List.of(
                            "-Dlogpipe.processors.dir=" + processors,
                            "-Dlogpipe.config=" + work.resolve("application.properties")),
                    "validate",
                    routes.toString(),
                    alerts.toString(),
                    rules.toString());
            checked++;
            if (r.exit() != 0) failures.add(b.where() + " (" + kind + "): " + r.out());
        }
        assertEquals(List.of(), failures);
        assertTrue(checked >= 9, "validated " + checked);
    }

    @Test
    void theRouteTestExamplesPassAgainstTheShippedRoutesAndThePagesOwn() throws Exception {
        int ran = 0;
        for (Block b : blocks("yaml")) {
            if (kind(b.text) != Kind.ROUTE_TESTS) continue;
            Path work = Files.createTempDirectory("docs-route-test");
            List<String> pageRoutes = blocks("yaml").stream()
                    .filter(o -> o.page.equals(b.page) && kind(o.text) == Kind.ROUTES)
                    .map(Block::text)
                    .toList();
            Path routes = routesWith(work.resolve("routes"), pageRoutes);
            Path tests = Files.createDirectories(work.resolve("tests"));
            Files.writeString(tests.resolve("docs-example.yaml"), b.text);
            Path processors = processorsOf(b.page, work);
            PackagedApp.Run r = logpipe(
                    work,
                    List.of(
                            "-Dlogpipe.processors.dir=" + processors,
                            "-Dlogpipe.rules.dir=" + REPO.resolve("rules"),
                            "-Dlogpipe.alerts.dir=" + REPO.resolve("alerts"),
                            "-Dlogpipe.config=" + work.resolve("none.properties")),
                    "test",
                    routes.toString(),
                    tests.toString());
            assertEquals(0, r.exit(), b.where() + ": " + r.out());
            assertTrue(!r.out().contains("FAIL"), b.where() + ": " + r.out());
            ran++;
        }
        assertTrue(ran >= 1, "route-test examples run: " + ran);
    }

    @Test
    void everyShellExampleParsesAndTheRunnableOnesSucceed() throws Exception {
        List<Block> sh = blocks("sh");
        assertTrue(sh.size() >= 15, "shell examples found: " + sh.size());
        for (Block b : sh) {
            PackagedApp.Run syntax = PackagedApp.run(List.of("bash", "-n", "-c", b.text), null);
            assertEquals(0, syntax.exit(), b.where() + ": " + syntax.out());
        }
        int ran = 0;
        List<String> failures = new ArrayList<>();
        try (PackagedApp app = new PackagedApp(PackagedApp.shippedRoutes())) {
            for (Block b : sh) {
                for (String command : commands(b.text)) {
                    if (NOT_RUN.keySet().stream().anyMatch(command::contains)) continue;
                    String run = command.replace("localhost:8080", "127.0.0.1:" + app.httpPort)
                            .replace("-P 5514", "-P " + app.syslogPort)
                            .replace("curl ", "curl --fail-with-body --max-time 5 ")
                            .replace("target/quarkus-app/quarkus-run.jar", app.jar.toString());
                    // give what was sent a moment to reach the files a later command reads
                    if (run.startsWith("tail ")) Thread.sleep(2000);
                    List<String> cmd = List.of(
                            "bash",
                            "-c",
                            "export TOKEN=" + PackagedApp.IT_TOKEN + " ADMIN=" + PackagedApp.IT_TOKEN + "; " + run);
                    PackagedApp.Run r =
                            PackagedApp.run(cmd, run.contains(" validate") || run.contains(" test") ? REPO : app.work);
                    boolean streamTimedOut = run.contains("curl -N") || run.contains(" -N ") ? r.exit() == 28 : false;
                    if (r.exit() != 0 && !streamTimedOut)
                        failures.add(b.where() + ": " + command + " -> exit " + r.exit() + ": " + r.out());
                    ran++;
                }
            }
        }
        assertEquals(List.of(), failures);
        assertTrue(ran >= 20, "commands run: " + ran);
    }

    /** A block's commands: continued lines joined, comments and blank lines left out. */
    static List<String> commands(String block) {
        List<String> out = new ArrayList<>();
        StringBuilder cur = new StringBuilder();
        for (String line : block.split("\n")) {
            if (cur.length() == 0 && (line.isBlank() || line.strip().startsWith("#"))) continue;
            if (line.endsWith("\\")) {
                cur.append(line, 0, line.length() - 1).append(' ');
                continue;
            }
            cur.append(line);
            out.add(cur.toString().strip());
            cur.setLength(0);
        }
        return out;
    }

    static void copyDir(Path from, Path to) throws IOException {
        try (Stream<Path> s = Files.list(from)) {
            for (Path f : s.filter(Files::isRegularFile).toList()) Files.copy(f, to.resolve(f.getFileName()));
        }
    }
}
