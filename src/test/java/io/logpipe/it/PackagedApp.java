package io.logpipe.it;

import java.io.IOException;
import java.net.HttpURLConnection;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/** The packaged jar (target/quarkus-app) started as a real process on free ports, as a user would run it. */
final class PackagedApp implements AutoCloseable {
    final Path repo = Path.of(System.getProperty("logpipe.repo.dir", ".")).toAbsolutePath();
    final Path jar = Path.of(System.getProperty("logpipe.app.dir", "target/quarkus-app")).resolve("quarkus-run.jar").toAbsolutePath();
    final Path work;
    final Path data;
    final int syslogPort;
    final int httpPort;
    /** logpipe.relp.port: the shipped RELP listener's */
    final int relpPort;
    final Process process;
    /** only routes with a syslog listener open the syslog port; without one, readiness alone counts */
    final boolean syslog;

    PackagedApp(Path routes, String... extraProps) throws Exception {
        this(routes, freePort(), extraProps);
    }

    /** On a given syslog port: a restarted app takes over its predecessor's port, as a sender expects. */
    PackagedApp(Path routes, int syslogPort, String... extraProps) throws Exception {
        work = Files.createTempDirectory("logpipe-it");
        data = work.resolve("data");
        this.syslogPort = syslogPort;
        httpPort = freePort();
        relpPort = freePort();
        List<String> props = new ArrayList<>(List.of("-Dlogpipe.routes.dir=" + routes, "-Dlogpipe.data.dir=" + data,
                "-Dlogpipe.syslog.port=" + syslogPort, "-Dlogpipe.relp.port=" + relpPort, "-Dquarkus.http.port=" + httpPort));
        props.addAll(List.of(extraProps));
        try (var files = Files.list(routes)) {
            syslog = files.anyMatch(f -> read(f).contains("syslog:"));
        }
        process = new ProcessBuilder(command(props.toArray(String[]::new)))
                .directory(work.toFile()).redirectErrorStream(true).redirectOutput(work.resolve("logpipe.log").toFile()).start();
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (!ready()) {
            if (!process.isAlive()) throw new IllegalStateException("logpipe exited: " + Files.readString(work.resolve("logpipe.log")));
            if (System.nanoTime() > deadline) {
                String log = Files.readString(work.resolve("logpipe.log"));
                process.destroyForcibly(); // a hung start must not outlive the test
                throw new IllegalStateException("logpipe not ready: " + log);
            }
            Thread.sleep(200);
        }
    }

    List<String> command(String... props) {
        List<String> cmd = new ArrayList<>(List.of("java", "-Xmx512m", "-Dlogpipe.config=" + work.resolve("none.properties")));
        cmd.addAll(List.of(props));
        cmd.addAll(List.of("-jar", jar.toString()));
        return cmd;
    }

    private boolean ready() {
        try {
            if (syslog) new Socket("127.0.0.1", syslogPort).close();
            return http("GET", "/q/health/ready", null).status == 200;
        } catch (IOException e) {
            return false;
        }
    }

    record Reply(int status, String body) {}

    Reply http(String method, String path, String body) throws IOException {
        HttpURLConnection c = (HttpURLConnection) URI.create("http://127.0.0.1:" + httpPort + path).toURL().openConnection();
        c.setRequestMethod(method);
        if (body != null) {
            c.setDoOutput(true);
            c.getOutputStream().write(body.getBytes(StandardCharsets.UTF_8));
        }
        int status = c.getResponseCode();
        var in = status >= 400 ? c.getErrorStream() : c.getInputStream();
        return new Reply(status, in == null ? "" : new String(in.readAllBytes(), StandardCharsets.UTF_8));
    }

    /** Sum of a Prometheus metric's samples whose labels contain {@code labels}; -1 when absent. */
    double metric(String name, String labels) throws IOException {
        double sum = -1;
        for (String line : http("GET", "/q/metrics", null).body().lines().toList()) {
            if (line.startsWith(name + "{") && line.contains(labels)) {
                sum = Math.max(sum, 0) + Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
            }
        }
        return sum;
    }

    /** The app's own log so far, for assertion messages. */
    String log() {
        return read(work.resolve("logpipe.log"));
    }

    /** A file's text, or "" while it does not exist yet (for polling). */
    static String read(Path p) {
        try {
            return Files.exists(p) ? Files.readString(p) : "";
        } catch (IOException e) {
            return "";
        }
    }

    /** The repository's shipped routes/ directory. */
    static Path shippedRoutes() {
        return Path.of(System.getProperty("logpipe.repo.dir", ".")).resolve("routes").toAbsolutePath();
    }

    static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    /** SIGKILL: no shutdown hook, no drain, no serverclose; what was acknowledged must already be on disk. */
    void kill9() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor();
    }

    @Override
    public void close() throws Exception {
        process.destroy();
        process.waitFor();
    }
}
