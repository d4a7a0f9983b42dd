package io.logpipe.it;

import java.io.File;
import java.io.IOException;
import java.net.DatagramSocket;
import java.net.HttpURLConnection;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.HttpsURLConnection;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509TrustManager;

/** The packaged jar (target/quarkus-app) started as a real process on free ports, as a user would run it. */
final class PackagedApp implements AutoCloseable {
    final Path repo = Path.of(System.getProperty("logpipe.repo.dir", ".")).toAbsolutePath();
    final Path jar = Path.of(System.getProperty("logpipe.app.dir", "target/quarkus-app"))
            .resolve("quarkus-run.jar")
            .toAbsolutePath();
    final Path work;
    final Path data;
    final int syslogPort;
    final int httpPort;
    /** logpipe.relp.port: the shipped RELP listener's */
    final int relpPort;

    final Process process;
    /** only routes with a syslog listener open the syslog port; without one, readiness alone counts */
    final boolean syslog;
    /** The admin token every test app gets ({@code logpipe.auth.token.it}); {@link #http} sends it. */
    static final String IT_TOKEN = "it-admin-secret-0000000000001";
    /** An extra argument that starts the app without the test token (a first start as a user has it). */
    static final String NO_TOKEN = "--no-it-token";
    /** An extra argument {@code ENV:NAME=value} is an environment variable of the process, not a -D. */
    static final String ENV = "ENV:";
    /** {@code -Dquarkus.http.ssl-port} when plain HTTP is disabled: readiness is then asked over HTTPS. */
    final int httpsPort;

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
        List<String> props = new ArrayList<>(List.of(
                "-Dlogpipe.routes.dir=" + routes,
                "-Dlogpipe.data.dir=" + data,
                "-Dlogpipe.syslog.port=" + syslogPort,
                "-Dlogpipe.relp.port=" + relpPort,
                "-Dquarkus.http.port=" + httpPort));
        List<String> extra = List.of(extraProps);
        if (!extra.contains(NO_TOKEN)) props.add("-Dlogpipe.auth.token.it=admin:" + IT_TOKEN);
        Map<String, String> env = new HashMap<>();
        int ssl = -1;
        for (String x : extra) {
            if (x.equals(NO_TOKEN)) continue;
            if (x.startsWith(ENV)) {
                env.put(x.substring(ENV.length(), x.indexOf('=')), x.substring(x.indexOf('=') + 1));
                continue;
            }
            if (x.startsWith("-Dquarkus.http.ssl-port=")) ssl = Integer.parseInt(x.substring(x.indexOf('=') + 1));
            props.add(x);
        }
        httpsPort = extra.contains("-Dquarkus.http.insecure-requests=disabled") ? ssl : -1;
        try (var files = Files.list(routes)) {
            syslog = files.anyMatch(f -> read(f).contains("syslog:"));
        }
        ProcessBuilder pb = new ProcessBuilder(command(props.toArray(String[]::new)))
                .directory(work.toFile())
                .redirectErrorStream(true)
                .redirectOutput(work.resolve("logpipe.log").toFile());
        pb.environment().putAll(env);
        process = pb.start();
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (!ready()) {
            if (!process.isAlive())
                throw new IllegalStateException("logpipe exited: " + Files.readString(work.resolve("logpipe.log")));
            if (System.nanoTime() > deadline) {
                String log = Files.readString(work.resolve("logpipe.log"));
                process.destroyForcibly(); // a hung start must not outlive the test
                throw new IllegalStateException("logpipe not ready: " + log);
            }
            Thread.sleep(200);
        }
    }

    List<String> command(String... props) {
        // the shipped rulebases, as beside routes/ in an install (a test's own -D comes later and wins)
        List<String> cmd = new ArrayList<>(List.of(
                "java",
                "-Xmx512m",
                "-Dlogpipe.config=" + work.resolve("none.properties"),
                "-Dlogpipe.rules.dir=" + repo.resolve("rules")));
        cmd.addAll(List.of(props));
        cmd.addAll(List.of("-jar", jar.toString()));
        return cmd;
    }

    private boolean ready() {
        try {
            if (syslog) new Socket("127.0.0.1", syslogPort).close();
            if (httpsPort > 0) return https("/q/health/ready").status == 200;
            return http("GET", "/q/health/ready", null).status == 200;
        } catch (IOException e) {
            return false;
        }
    }

    record Reply(int status, String body) {}

    /** A request with the test's admin token. */
    Reply http(String method, String path, String body) throws IOException {
        return http(method, path, body, IT_TOKEN);
    }

    /** A request with the given bearer secret, or none when null. */
    Reply http(String method, String path, String body, String bearer) throws IOException {
        HttpURLConnection c = (HttpURLConnection)
                URI.create("http://127.0.0.1:" + httpPort + path).toURL().openConnection();
        return exchange(c, method, body, bearer);
    }

    /** GET over HTTPS on the ssl port, trusting any certificate (readiness only; the tests check the chain with curl). */
    Reply https(String path) throws IOException {
        try {
            SSLContext trustAll = SSLContext.getInstance("TLS");
            trustAll.init(
                    null,
                    new TrustManager[] {
                        new X509TrustManager() {
                            public void checkClientTrusted(X509Certificate[] c, String a) {}

                            public void checkServerTrusted(X509Certificate[] c, String a) {}

                            public X509Certificate[] getAcceptedIssuers() {
                                return new X509Certificate[0];
                            }
                        }
                    },
                    null);
            var c = (HttpsURLConnection)
                    URI.create("https://127.0.0.1:" + httpsPort + path).toURL().openConnection();
            c.setSSLSocketFactory(trustAll.getSocketFactory());
            c.setHostnameVerifier((h, s) -> true);
            return exchange(c, "GET", null, null);
        } catch (GeneralSecurityException e) {
            throw new IOException(e);
        }
    }

    private static Reply exchange(HttpURLConnection c, String method, String body, String bearer) throws IOException {
        c.setRequestMethod(method);
        if (bearer != null) c.setRequestProperty("Authorization", "Bearer " + bearer);
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

    /** How a command ended: its exit code and everything it printed. */
    record Run(int exit, String out) {}

    /** Runs a command (in {@code dir} when not null) to its end, at most a minute, its output through a file so no pipe fills. */
    static Run run(List<String> cmd, Path dir) throws Exception {
        Path out = Files.createTempFile("logpipe-cmd", ".out");
        // no stdin: a tool that polls it (softflowd) would otherwise wait on the open pipe
        ProcessBuilder pb = new ProcessBuilder(cmd)
                .redirectErrorStream(true)
                .redirectOutput(out.toFile())
                .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
        if (dir != null) pb.directory(dir.toFile());
        Process p = pb.start();
        if (!p.waitFor(60, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError(String.join(" ", cmd) + " did not end within a minute: " + Files.readString(out));
        }
        try {
            return new Run(p.exitValue(), Files.readString(out));
        } finally {
            Files.deleteIfExists(out);
        }
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
        return Path.of(System.getProperty("logpipe.repo.dir", "."))
                .resolve("routes")
                .toAbsolutePath();
    }

    private static final Set<Integer> HANDED_OUT = ConcurrentHashMap.newKeySet();
    private static final Random RANDOM = new Random();

    /**
     * A port free for TCP and UDP, below Linux's ephemeral range (32768-60999): a port from inside it
     * can be taken as the source port of some outgoing connection between this call and the app's
     * bind. Never the same port twice in one test run.
     */
    static int freePort() throws IOException {
        for (int attempt = 0; attempt < 1000; attempt++) {
            int port = 20_000 + RANDOM.nextInt(12_000);
            if (!HANDED_OUT.add(port)) continue;
            try (ServerSocket tcp = new ServerSocket();
                    DatagramSocket udp = new DatagramSocket(null)) {
                tcp.setReuseAddress(true);
                tcp.bind(new InetSocketAddress("0.0.0.0", port));
                udp.bind(new InetSocketAddress("0.0.0.0", port));
                return port;
            } catch (IOException taken) {
                // in use: try another
            }
        }
        throw new IOException("no free port found in 20000-31999");
    }

    /** SIGKILL: no shutdown hook, no drain, no serverclose; what was acknowledged must already be on disk. */
    void kill9() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor();
    }

    /** How long a SIGTERM may take: the sinks' drain (up to their drainTimeoutMs) and a margin. */
    static final Duration STOP_LIMIT = Duration.ofSeconds(60);

    /** SIGTERM; a logpipe that has not stopped within {@link #STOP_LIMIT} is killed and the test fails. */
    @Override
    public void close() throws Exception {
        process.destroy();
        if (process.waitFor(STOP_LIMIT.toSeconds(), TimeUnit.SECONDS)) return;
        String threads = threadDump();
        process.destroyForcibly();
        process.waitFor();
        throw new AssertionError("logpipe did not stop within " + STOP_LIMIT + " of SIGTERM; its threads:\n" + threads);
    }

    private String threadDump() {
        try {
            Process jcmd = new ProcessBuilder("jcmd", Long.toString(process.pid()), "Thread.print")
                    .redirectErrorStream(true)
                    .start();
            String out = new String(jcmd.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            jcmd.waitFor(20, TimeUnit.SECONDS);
            return out;
        } catch (IOException | InterruptedException e) {
            return "(no thread dump: " + e + ")";
        }
    }
}
