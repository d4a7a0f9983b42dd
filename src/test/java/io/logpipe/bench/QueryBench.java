package io.logpipe.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.logpipe.event.LogEvent;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.DriverManager;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * bench/query.sh: the storage issue's queries through the HTTP API of the packaged logpipe, for
 * each store and size. Starts logpipe (syslog over TCP into db:events), loads the benchmark's
 * events (1,000 hosts, 20 apps, the 24 hours before the start, RFC5424 octet-counted over one TCP
 * connection), waits until the store holds all of them, then times each query (median of 5) and
 * prints one table per size.
 * Usage: QueryBench SIZES STORES JAR WORK   e.g. 1000000,10000000 lucene,postgresql
 */
public final class QueryBench {
    static final String TOKEN = "bench-admin-secret-000000000001";
    static final ObjectMapper JSON = new ObjectMapper();
    static final String PG = "jdbc:postgresql://127.0.0.1:5432/logpipe_bench";

    /** The queries, by the name the table shows; the console's default view is three requests. */
    static final Map<String, List<String>> QUERIES = new LinkedHashMap<>();

    static {
        QUERIES.put("`host=host042`, last 1 h, newest 100", List.of("/api/v1/events?host=host042&from=-1h&limit=100"));
        QUERIES.put(
                "`q=needle-7f3a`, last 24 h, newest 100", List.of("/api/v1/events?q=needle-7f3a&from=-24h&limit=100"));
        QUERIES.put(
                "`app=sshd&min_severity=warning`, newest 100",
                List.of("/api/v1/events?app=sshd&min_severity=warning&limit=100"));
        QUERIES.put("stats, last 24 h", List.of("/api/v1/stats?from=-24h"));
        QUERIES.put(
                "console default view (newest 100, histogram, facets; last 15 min)",
                List.of(
                        "/api/v1/events?from=-15m&limit=100",
                        "/api/v1/stats?from=-15m&group_by=host&group_by=app&group_by=facility&group_by=severity&group_by=source.ip&group_by=listener&top=5",
                        "/api/v1/fields?from=-15m&top=4"));
        QUERIES.put("`group_by=host`, last 24 h", List.of("/api/v1/stats?from=-24h&group_by=host&top=10"));
        QUERIES.put(
                "`group_by=app` + text filter, last 24 h",
                List.of("/api/v1/stats?from=-24h&q=timeout&group_by=app&top=10"));
    }

    record Result(
            String store,
            int events,
            long loadPerSecond,
            long bytesOnDisk,
            long rssMb,
            Map<String, Long> medianMs,
            long coldStatsMs) {}

    public static void main(String[] args) throws Exception {
        List<Integer> sizes =
                List.of(args[0].split(",")).stream().map(Integer::valueOf).toList();
        List<String> stores = List.of(args[1].split(","));
        Path jar = Path.of(args[2]);
        Path work = Path.of(args[3]);
        HttpClient http = HttpClient.newHttpClient();
        for (int size : sizes) {
            List<Result> results = new ArrayList<>();
            for (String store : stores) results.add(run(http, jar, work.resolve(store + "-" + size), store, size));
            print(size, results);
        }
    }

    static Result run(HttpClient http, Path jar, Path dir, String store, int size) throws Exception {
        Files.createDirectories(dir);
        int syslogPort = freePort(), httpPort = freePort();
        List<String> cmd = new ArrayList<>(List.of(
                "java",
                "-Xmx1g",
                "-XX:+UseParallelGC",
                "-Dlogpipe.config=" + dir.resolve("none.properties"),
                "-Dlogpipe.routes.dir=" + Path.of("bench/routes/db").toAbsolutePath(),
                "-Dlogpipe.data.dir=" + dir.resolve("data"),
                "-Dlogpipe.routes.reload-interval-ms=0",
                "-Dlogpipe.syslog.port=" + syslogPort,
                "-Dquarkus.http.port=" + httpPort,
                "-Dlogpipe.auth.token.bench=admin:" + TOKEN,
                "-Dquarkus.log.level=WARN"));
        if (store.equals("postgresql"))
            cmd.addAll(List.of("-Dlogpipe.db.url=" + PG, "-Dlogpipe.db.user=logpipe", "-Dlogpipe.db.password=logpipe"));
        else if (store.equals("h2")) cmd.add("-Dlogpipe.store=jdbc");
        cmd.addAll(List.of("-jar", jar.toString()));
        Process app = new ProcessBuilder(cmd)
                .redirectErrorStream(true)
                .redirectOutput(dir.resolve("logpipe.log").toFile())
                .start();
        try {
            String base = "http://127.0.0.1:" + httpPort;
            waitFor(
                    () -> status(http, base + "/q/health/ready") == 200,
                    Duration.ofSeconds(90),
                    "logpipe ready",
                    app,
                    dir);
            Instant now = Instant.now();
            long t0 = System.nanoTime();
            send(syslogPort, size, now);
            System.out.printf("%s, %,d events: sent in %.1f s%n", store, size, (System.nanoTime() - t0) / 1e9);
            waitFor(
                    () -> total(http, base) >= size,
                    Duration.ofMinutes(60),
                    "all " + size + " events stored",
                    app,
                    dir);
            long loadPerSecond = (long) (size / ((System.nanoTime() - t0) / 1e9));
            System.out.printf("%s, %,d events: loaded at %,d ev/s%n", store, size, loadPerSecond);
            long cold = time(http, base, List.of("/api/v1/stats?from=-24h&interval=15m"));
            Map<String, Long> medians = new LinkedHashMap<>();
            for (Map.Entry<String, List<String>> q : QUERIES.entrySet()) {
                List<Long> runs = new ArrayList<>();
                for (int i = 0; i < 5; i++) runs.add(time(http, base, q.getValue()));
                runs.sort(null);
                medians.put(q.getKey(), runs.get(2));
                System.out.printf("  %-70s %,6d ms (runs %s)%n", q.getKey(), runs.get(2), runs);
            }
            long rss = rssMb(app.pid());
            long bytes = store.equals("postgresql") ? pgBytes() : StoreCandidates.du(dir.resolve("data"));
            return new Result(store, size, loadPerSecond, bytes, rss, medians, cold);
        } finally {
            app.destroy();
            app.waitFor();
        }
    }

    /** The events as RFC5424, octet-counted, over one connection. */
    static void send(int port, int size, Instant now) throws IOException {
        DateTimeFormatter ts = DateTimeFormatter.ISO_INSTANT;
        try (Socket s = new Socket("127.0.0.1", port);
                OutputStream out = new BufferedOutputStream(s.getOutputStream(), 1 << 16)) {
            IOException[] failure = new IOException[1];
            BenchEvents.generate(size, now, (LogEvent e) -> {
                if (failure[0] != null) return;
                String line =
                        "<" + (e.getFacilityCode() * 8 + e.getSeverityCode()) + ">1 " + ts.format(e.getTimestamp())
                                + " " + e.getHost() + " " + e.getApp() + " " + e.getProcid() + " - - " + e.getMessage();
                byte[] b = line.getBytes(StandardCharsets.UTF_8);
                try {
                    out.write((b.length + " ").getBytes(StandardCharsets.US_ASCII));
                    out.write(b);
                } catch (IOException x) {
                    failure[0] = x;
                }
            });
            if (failure[0] != null) throw failure[0];
        }
    }

    static long total(HttpClient http, String base) {
        try {
            HttpResponse<String> r = get(
                    http,
                    base + "/api/v1/stats?from=-25h&to="
                            + Instant.now().plus(Duration.ofHours(1)).truncatedTo(ChronoUnit.SECONDS) + "&interval=1h");
            if (r.statusCode() != 200) throw new IllegalStateException("stats: " + r.statusCode() + " " + r.body());
            return r.statusCode() == 200 ? JSON.readTree(r.body()).get("total").asLong() : 0;
        } catch (IOException | InterruptedException e) {
            return 0;
        }
    }

    /** Milliseconds for the requests one after the other, each answered 200. */
    static long time(HttpClient http, String base, List<String> paths) throws Exception {
        long t0 = System.nanoTime();
        for (String p : paths) {
            HttpResponse<String> r = get(http, base + p);
            if (r.statusCode() != 200) throw new IllegalStateException(p + ": " + r.statusCode() + " " + r.body());
            JsonNode body = JSON.readTree(r.body());
            if (body == null) throw new IllegalStateException(p + ": no answer");
        }
        return (System.nanoTime() - t0) / 1_000_000;
    }

    static HttpResponse<String> get(HttpClient http, String url) throws IOException, InterruptedException {
        return http.send(
                HttpRequest.newBuilder(URI.create(url))
                        .header("Authorization", "Bearer " + TOKEN)
                        .timeout(Duration.ofMinutes(5))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
    }

    static int status(HttpClient http, String url) {
        try {
            return get(http, url).statusCode();
        } catch (IOException | InterruptedException e) {
            return 0;
        }
    }

    interface Condition {
        boolean met() throws Exception;
    }

    static void waitFor(Condition c, Duration limit, String what, Process app, Path dir) throws Exception {
        long deadline = System.nanoTime() + limit.toNanos();
        while (!c.met()) {
            if (!app.isAlive())
                throw new IllegalStateException("logpipe exited: " + Files.readString(dir.resolve("logpipe.log")));
            if (System.nanoTime() > deadline) throw new IllegalStateException("timed out waiting for " + what);
            Thread.sleep(500);
        }
    }

    static long rssMb(long pid) throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc/" + pid + "/status"))) {
            if (line.startsWith("VmHWM:")) return Long.parseLong(line.replaceAll("\\D", "")) / 1024;
        }
        return -1;
    }

    static long pgBytes() throws Exception {
        try (var c = DriverManager.getConnection(PG, "logpipe", "logpipe");
                var s = c.createStatement();
                var rs = s.executeQuery(
                        "SELECT COALESCE(SUM(pg_total_relation_size(c.oid)), 0) FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace "
                                + "WHERE n.nspname = 'public' AND c.relkind = 'r' AND c.relname LIKE 'events%'")) {
            rs.next();
            return rs.getLong(1);
        }
    }

    static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    static void print(int size, List<Result> results) {
        StringBuilder sb = new StringBuilder(String.format("%n| %,d events, through the HTTP API |", size));
        for (Result r : results) sb.append(' ').append(r.store()).append(" |");
        sb.append("\n| --- |").append(" --- |".repeat(results.size())).append('\n');
        row(
                sb,
                "load (TCP syslog into db:events, until the API counts all)",
                results,
                r -> String.format("%,d ev/s", r.loadPerSecond()));
        row(sb, "size on disk", results, r -> String.format("%,d MB", r.bytesOnDisk() / 1_000_000));
        row(sb, "peak RSS of logpipe", results, r -> String.format("%,d MB", r.rssMb()));
        for (String q : QUERIES.keySet())
            row(sb, q, results, r -> String.format("%,d ms", r.medianMs().get(q)));
        row(sb, "stats, last 24 h, first time after loading", results, r -> String.format("%,d ms", r.coldStatsMs()));
        System.out.println(sb);
    }

    static void row(StringBuilder sb, String name, List<Result> results, Function<Result, String> cell) {
        sb.append("| ").append(name).append(" |");
        for (Result r : results) sb.append(' ').append(cell.apply(r)).append(" |");
        sb.append('\n');
    }
}
