package io.logpipe.it;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.logpipe.listener.cloudtrail.S3ProxyAccess;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/** The packaged app polling an in-process S3 for CloudTrail files: ingested once, and not again after a restart. */
class CloudTrailIT {
    static final Path CORPUS = Path.of(System.getProperty("logpipe.corpus.dir", "../shared/corpus"), "cloudtrail");

    @Test
    void aBucketIngestedOnceAcrossARestart() throws Exception {
        Assumptions.assumeTrue(Files.isDirectory(CORPUS), "corpus not found");
        try (S3ProxyAccess s3 = new S3ProxyAccess()) {
            s3.putLogFile(CORPUS.resolve("trailscraper/111111111111_CloudTrail_eu-central-1_20171211T1505Z_A6kvhMoVeCsc7v8U.json.gz"));
            Path routes = Files.createTempDirectory("ct-routes");
            Files.writeString(routes.resolve("cloudtrail.yaml"), """
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
                await().atMost(Duration.ofSeconds(30)).until(() -> app.http("GET", "/api/v1/events?format=cloudtrail&from=2017-01-01", null).body().contains("\"count\":2"));
                String body = app.http("GET", "/api/v1/events?format=cloudtrail&from=2017-01-01&order=asc", null).body();
                assertTrue(body.contains("\"app\":\"autoscaling.amazonaws.com\"") && body.contains("\"message\":\"AssumeRole\"")
                        && body.contains("\"timestamp\":\"2017-12-11T15:01:51Z\""), body);
            }
            try (PackagedApp again = new PackagedApp(routes, "-Dlogpipe.data.dir=" + data)) {
                // several polls pass; the file stays in the bucket but is not read again
                await().pollDelay(Duration.ofSeconds(3)).atMost(Duration.ofSeconds(10)).until(() -> true);
                String body = again.http("GET", "/api/v1/stats?format=cloudtrail&from=2017-01-01", null).body();
                assertTrue(body.contains("\"total\":2,"), body + again.log());
                assertEquals(0.0, again.metric("logpipe_listener_received_total", "listener=\"cloudtrail\""), "nothing received after the restart");
            }
        }
    }
}
