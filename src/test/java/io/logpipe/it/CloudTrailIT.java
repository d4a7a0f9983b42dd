package io.logpipe.it;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.logpipe.s3.S3ProxyAccess;
import java.io.ByteArrayOutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/** The packaged app polling an in-process S3 for CloudTrail files (ingested once, and not again after a restart) and VPC Flow Logs. */
class CloudTrailIT {
    static final Path CORPUS = Path.of(System.getProperty("logpipe.corpus.dir", "../shared/corpus"), "cloudtrail");

    @Test
    void aBucketIngestedOnceAcrossARestart() throws Exception {
        Assumptions.assumeTrue(Files.isDirectory(CORPUS), "corpus not found");
        try (S3ProxyAccess s3 = new S3ProxyAccess()) {
            s3.putLogFile(CORPUS.resolve(
                    "trailscraper/111111111111_CloudTrail_eu-central-1_20171211T1505Z_A6kvhMoVeCsc7v8U.json.gz"));
            Path routes = Files.createTempDirectory("ct-routes");
            Files.writeString(
                    routes.resolve("cloudtrail.yaml"), """
                    - route:
                        id: cloudtrail
                        from:
                          uri: "cloudtrail:trail"
                          parameters:
                            endpoint: "%s"
                            pathStyle: true
                            accessKey: "%s"
                            secretKey: "%s"
                            delay: 500
                          steps:
                            - to: "db:events"
                    """.formatted(s3.endpoint(), s3.accessKey(), s3.secretKey()));
            Path data;
            try (PackagedApp app = new PackagedApp(routes)) {
                data = app.data;
                await().atMost(Duration.ofSeconds(30))
                        .until(() -> app.http("GET", "/api/v1/events?format=cloudtrail&from=2017-01-01", null)
                                .body()
                                .contains("\"count\":2"));
                String body = app.http("GET", "/api/v1/events?format=cloudtrail&from=2017-01-01&order=asc", null)
                        .body();
                assertTrue(
                        body.contains("\"app\":\"autoscaling.amazonaws.com\"")
                                && body.contains("\"message\":\"AssumeRole\"")
                                && body.contains("\"timestamp\":\"2017-12-11T15:01:51Z\""),
                        body);
            }
            try (PackagedApp again = new PackagedApp(routes, "-Dlogpipe.data.dir=" + data)) {
                // several polls pass; the file stays in the bucket but is not read again
                await().pollDelay(Duration.ofSeconds(3))
                        .atMost(Duration.ofSeconds(10))
                        .until(() -> true);
                String body = again.http("GET", "/api/v1/stats?format=cloudtrail&from=2017-01-01", null)
                        .body();
                assertTrue(body.contains("\"total\":2,"), body + again.log());
                assertEquals(
                        0.0,
                        again.metric("logpipe_listener_received_total", "listener=\"cloudtrail\""),
                        "nothing received after the restart");
            }
        }
    }

    @Test
    void vpcFlowLogsFromS3IntoTheDatabase() throws Exception {
        try (S3ProxyAccess s3 = new S3ProxyAccess()) {
            ByteArrayOutputStream gz = new ByteArrayOutputStream();
            try (GZIPOutputStream z = new GZIPOutputStream(gz)) {
                z.write(
                        ("version account-id interface-id srcaddr dstaddr srcport dstport protocol packets bytes start end action log-status\n"
                                        + "2 123456789010 eni-0a1b2c3d4e5f60718 10.20.0.5 10.20.0.9 443 51234 6 12 9000 1764676800 1764676860 ACCEPT OK\n"
                                        + "2 123456789010 eni-0a1b2c3d4e5f60718 203.0.113.50 10.20.0.9 51000 22 6 3 180 1764676800 1764676860 REJECT OK\n"
                                        + "2 123456789010 eni-0a1b2c3d4e5f60718 - - - - - - - 1764676800 1764676860 - NODATA\n")
                                .getBytes());
            }
            s3.put(
                    "AWSLogs/123456789010/vpcflowlogs/us-east-1/2025/12/02/123456789010_vpcflowlogs_us-east-1_fl-0123456789abcdef0_20251202T1200Z_9f8e7d6c.log.gz",
                    gz.toByteArray());
            Path routes = Files.createTempDirectory("vpc-routes");
            Files.writeString(
                    routes.resolve("vpcflow.yaml"), """
                    - route:
                        id: flowlogs
                        from:
                          uri: "vpcflow:trail"
                          parameters: { endpoint: "%s", pathStyle: true, accessKey: "%s", secretKey: "%s", delay: 500 }
                          steps:
                            - to: "db:events"
                    """.formatted(s3.endpoint(), s3.accessKey(), s3.secretKey()));
            try (PackagedApp app = new PackagedApp(routes)) {
                await().atMost(Duration.ofSeconds(30))
                        .until(() -> app.http("GET", "/api/v1/events?format=vpcflow", null)
                                .body()
                                .matches("(?s).*\"count\":3[,}].*"));
                String rejects = app.http("GET", "/api/v1/events?format=vpcflow&fields.vpcflow.action=REJECT", null)
                        .body();
                assertTrue(
                        rejects.contains("\"srcaddr\":\"203.0.113.50\"")
                                && rejects.contains("\"dstport\":22")
                                && rejects.contains("\"host\":\"eni-0a1b2c3d4e5f60718\"")
                                && rejects.contains("\"timestamp\":\"2025-12-02T12:00:00Z\"")
                                && rejects.contains("\"listener\":\"flowlogs\""),
                        rejects);
                assertEquals(3.0, app.metric("logpipe_listener_received_total", "listener=\"flowlogs\""));
            }
        }
    }
}
