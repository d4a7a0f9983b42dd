package io.logpipe.it;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.GreenMailUtil;
import com.icegreen.greenmail.util.ServerSetup;
import com.sun.net.httpserver.HttpServer;
import io.logpipe.s3.S3ProxyAccess;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import org.apache.kafka.common.test.KafkaClusterTestKit;
import org.junit.jupiter.api.Test;

/**
 * Camel's own endpoints in a user's route file, in the packaged jar: seda: and direct: between routes,
 * then log:, file:, http:, smtp:, kafka:, aws2-s3: and jdbc: each receiving the line, each checked at its peer
 * (an in-test HTTP server, GreenMail, an in-process Kafka, S3Proxy, PostgreSQL through a DataSource the
 * route file declares).
 */
class StockEndpointsIT {
    @Test
    void aLineReachesEveryStockEndpoint() throws Exception {
        String tag = "s" + UUID.randomUUID().toString().substring(0, 8);
        List<String> posted = new CopyOnWriteArrayList<>();
        HttpServer http = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        http.createContext("/hook", x -> {
            posted.add(
                    x.getRequestMethod() + " " + new String(x.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
            x.sendResponseHeaders(204, -1);
            x.close();
        });
        http.start();
        GreenMail mail = new GreenMail(new ServerSetup(PackagedApp.freePort(), "127.0.0.1", "smtp"));
        mail.start();
        Path files = Files.createTempDirectory("stock-files");
        try (KafkaClusterTestKit kafka = TestKafka.start(PackagedApp.freePort());
                S3ProxyAccess s3 = new S3ProxyAccess()) {
            s3.createBucket();
            Path routes = Files.createTempDirectory("stock-routes");
            // in a schema of its own: the event store's tests expect 'public' to hold only what its migrations made
            String table = "stock_it.lines_" + tag;
            try (Connection c = DriverManager.getConnection(DatabaseIT.PG, "logpipe", "logpipe")) {
                c.createStatement().execute("CREATE SCHEMA IF NOT EXISTS stock_it");
                c.createStatement().execute("CREATE TABLE " + table + " (line text)");
            }
            Files.writeString(routes.resolve("stock.yaml"), """
                    - beans:
                        - name: stockDb
                          type: org.postgresql.ds.PGSimpleDataSource
                          properties:
                            url: "%s"
                            user: logpipe
                            password: logpipe
                    - route:
                        id: stock-in
                        from:
                          uri: "syslog:tcp"
                          parameters: { port: "{{logpipe.syslog.port}}" }
                          steps:
                            - to: "seda:stock"
                    - route:
                        id: stock-seda
                        from:
                          uri: "seda:stock"
                          steps:
                            - to: "direct:stock"
                    - route:
                        id: stock-out
                        from:
                          uri: "direct:stock"
                          steps:
                            - setBody: { simple: "${body.host} ${body.app}: ${body.message}" }
                            - to: "log:stock?level=INFO"
                            - to: "file:%s?fileName=out.txt"
                            - to: "smtp://127.0.0.1:%d?from=logpipe@example.com&to=ops@example.com&subject=stock"
                            - to: "kafka:stock-lines?brokers=%s"
                            - setHeader: { name: CamelAwsS3Key, simple: "lines/${exchangeId}.txt" }
                            - to: "aws2-s3://trail?overrideEndpoint=true&uriEndpointOverride=%s&forcePathStyle=true&region=us-east-1&accessKey=RAW(%s)&secretKey=RAW(%s)"
                            # jdbc: runs the body as SQL; the line goes in as a parameter, never as SQL text
                            - setHeader: { name: line, simple: "${body}" }
                            - setBody: { constant: "INSERT INTO %s (line) VALUES (:?line)" }
                            - to: "jdbc:stockDb?useHeadersAsParameters=true"
                            - setBody: { header: line }
                            # last: http: replaces the body with the reply
                            - to: "http://127.0.0.1:%d/hook?httpMethod=POST"
                    """.formatted(
                            DatabaseIT.PG,
                            files,
                            mail.getSmtp().getPort(),
                            kafka.bootstrapServers(),
                            s3.endpoint(),
                            s3.accessKey(),
                            s3.secretKey(),
                            table,
                            http.getAddress().getPort()));
            try (PackagedApp app = new PackagedApp(
                    routes,
                    "ENV:AWS_REQUEST_CHECKSUM_CALCULATION=when_required",
                    "ENV:AWS_RESPONSE_CHECKSUM_VALIDATION=when_required")) {
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
                                                "stock",
                                                "line " + tag),
                                        null)
                                .exit());
                await().atMost(Duration.ofSeconds(20))
                        .until(() -> PackagedApp.read(files.resolve("out.txt")).contains("stock: line " + tag));
                assertTrue(app.log().contains("stock: line " + tag), "log: wrote it to the log");
                // jdbc: comes after file: in the route
                await().atMost(Duration.ofSeconds(10)).until(() -> {
                    try (Connection c = DriverManager.getConnection(DatabaseIT.PG, "logpipe", "logpipe")) {
                        var rows = c.createStatement().executeQuery("SELECT line FROM " + table);
                        return rows.next() && rows.getString(1).contains("stock: line " + tag);
                    }
                });
                try (Connection c = DriverManager.getConnection(DatabaseIT.PG, "logpipe", "logpipe")) {
                    c.createStatement().execute("DROP TABLE " + table);
                }
                await().atMost(Duration.ofSeconds(10))
                        .until(() -> posted.stream()
                                .anyMatch(p -> p.equals("POST "
                                        + PackagedApp.read(files.resolve("out.txt"))
                                                .strip())));
                await().atMost(Duration.ofSeconds(10)).until(() -> mail.getReceivedMessages().length == 1);
                String body = GreenMailUtil.getBody(mail.getReceivedMessages()[0]);
                String whole = GreenMailUtil.getWholeMessage(mail.getReceivedMessages()[0]);
                assertTrue(
                        body.contains("stock: line " + tag) || whole.contains("stock: line " + tag), "[" + whole + "]");
                TestKafka.awaitRecord(kafka.bootstrapServers(), "stock-lines", v -> v.contains("stock: line " + tag));
                // a scheme the build lacks: validate names the ones it has
                Path bad = Files.createTempDirectory("missing-component");
                Files.writeString(
                        bad.resolve("r.yaml"),
                        "- route:\n    id: r\n    from:\n      uri: direct:x\n      steps:\n        - to: \"rabbitmq:logs\"\n");
                List<String> cmd = app.command();
                cmd.addAll(List.of("validate", bad.toString()));
                PackagedApp.Run v = PackagedApp.run(cmd, app.work);
                assertEquals(1, v.exit(), v.out());
                assertTrue(
                        v.out()
                                        .contains(
                                                "r.yaml:6: endpoint 'rabbitmq:logs': no component 'rabbitmq' in this build; it has ")
                                && v.out().contains("aws2-s3")
                                && v.out().contains("seda")
                                && v.out().contains("syslog"),
                        v.out());
                await().atMost(Duration.ofSeconds(10))
                        .until(() -> s3.keys("lines/").stream().anyMatch(k -> {
                            try {
                                return s3.get(k).contains("stock: line " + tag);
                            } catch (Exception e) {
                                return false;
                            }
                        }));
            }
        } finally {
            http.stop(0);
            mail.stop();
        }
    }
}
