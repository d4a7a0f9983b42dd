package io.logpipe.component.cloudtrail;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.logpipe.event.LogEvent;
import io.logpipe.s3.S3ProxyServer;
import java.io.ByteArrayOutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * CloudTrail files in a real (in-process) S3: the corpus's gzip log file and AWS's documented
 * examples, a digest, a stray file; read once, never again after a restart; deleted or moved on request.
 */
class CloudTrailPollerTest {
    static final Path CORPUS = Path.of(System.getProperty("logpipe.corpus.dir", "../shared/corpus"), "cloudtrail");
    static final String PREFIX = "AWSLogs/111111111111/CloudTrail/eu-central-1/2017/12/11/";
    static final String REAL = PREFIX + "111111111111_CloudTrail_eu-central-1_20171211T1505Z_A6kvhMoVeCsc7v8U.json.gz";
    static final String DOCS = PREFIX + "111111111111_CloudTrail_eu-central-1_20171211T1510Z_Docs0000000000ab.json.gz";
    static final String DIGEST =
            "AWSLogs/111111111111/CloudTrail-Digest/eu-central-1/2017/12/11/111111111111_CloudTrail-Digest_eu-central-1_trail_us-east-1_20171211T1505Z.json.gz";

    static byte[] gzip(byte[] data) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (GZIPOutputStream gz = new GZIPOutputStream(out)) {
            gz.write(data);
        }
        return out.toByteArray();
    }

    static CloudTrailPoller poller(S3ProxyServer s3, Path state, CloudTrailPoller.AfterRead after) throws Exception {
        return new CloudTrailPoller(
                new CloudTrailPoller.Settings(
                        "trail",
                        "AWSLogs/",
                        "us-east-1",
                        s3.endpoint,
                        true,
                        S3ProxyServer.ACCESS,
                        S3ProxyServer.SECRET,
                        after,
                        "processed/"),
                new ProcessedKeys(state),
                "cloudtrail-test");
    }

    @Test
    void eachFileOnceAcrossRestartsDigestsAndStrayFilesSkipped() throws Exception {
        Assumptions.assumeTrue(Files.isDirectory(CORPUS), "corpus not found");
        Path state = Files.createTempDirectory("ct").resolve("state/keys");
        try (S3ProxyServer s3 = new S3ProxyServer()) {
            s3.put(
                    "trail",
                    REAL,
                    Files.readAllBytes(
                            CORPUS.resolve(
                                    "trailscraper/111111111111_CloudTrail_eu-central-1_20171211T1505Z_A6kvhMoVeCsc7v8U.json.gz")));
            s3.put(
                    "trail",
                    DOCS,
                    gzip(Files.readAllBytes(CORPUS.resolve("awsdocs/cloudtrail-log-file-examples__02.json"))));
            s3.put(
                    "trail",
                    DIGEST,
                    gzip(Files.readAllBytes(
                            CORPUS.resolve("awsdocs/cloudtrail-log-file-validation-digest-file-structure__02.json"))));
            s3.put("trail", PREFIX + "README.txt", "not a log".getBytes());
            List<LogEvent> events = new ArrayList<>();
            try (CloudTrailPoller p = poller(s3, state, CloudTrailPoller.AfterRead.KEEP)) {
                CloudTrailPoller.Result r = p.poll(events::add);
                assertEquals(2, r.files());
                assertEquals(2, r.skipped(), "digest and stray file");
                assertEquals(0, r.failed());
                assertEquals(
                        new CloudTrailPoller.Result(0, 0, 4, 0),
                        p.poll(events::add),
                        "a second poll finds nothing new");
            }
            int first = events.size();
            assertTrue(first >= 3, "records from both files: " + first);
            assertTrue(events.stream().allMatch(e -> "cloudtrail".equals(e.getFormat())));
            assertTrue(events.stream()
                    .anyMatch(e -> "AssumeRole".equals(e.getMessage())
                            && e.getSource().peer().equals("s3://trail/" + REAL)));
            // a restart: a new poller with the same state file ingests nothing again
            try (CloudTrailPoller again = poller(s3, state, CloudTrailPoller.AfterRead.KEEP)) {
                assertEquals(0, again.poll(events::add).files());
            }
            assertEquals(first, events.size(), "no duplicates after a restart");
            // a new file arrives: only it is read
            s3.put(
                    "trail",
                    PREFIX + "111111111111_CloudTrail_eu-central-1_20171211T1515Z_New00000000000c.json.gz",
                    gzip(Files.readAllBytes(CORPUS.resolve("awsdocs/cloudtrail-log-file-examples__03.json"))));
            try (CloudTrailPoller again = poller(s3, state, CloudTrailPoller.AfterRead.KEEP)) {
                assertEquals(1, again.poll(events::add).files());
            }
        }
    }

    /** The same poller for VPC Flow Logs: their own keys, a header line per file, one event per line. */
    @Test
    void vpcFlowLogFilesAreReadLineByLine() throws Exception {
        String key =
                "AWSLogs/123456789010/vpcflowlogs/us-east-1/2026/12/02/123456789010_vpcflowlogs_us-east-1_fl-0123456789abcdef0_20261202T1200Z_1a2b3c4d.log.gz";
        byte[] file = gzip(
                ("version account-id interface-id srcaddr dstaddr srcport dstport protocol packets bytes start end action log-status\n"
                                + "2 123456789010 eni-1235b8ca123456789 172.31.16.139 172.31.16.21 20641 22 6 20 4249 1418530010 1418530070 ACCEPT OK\n"
                                + "2 123456789010 eni-1235b8ca123456789 172.31.9.69 172.31.9.12 49761 3389 6 20 4249 1418530010 1418530070 REJECT OK\n")
                        .getBytes());
        try (S3ProxyServer s3 = new S3ProxyServer()) {
            s3.put("trail", key, file);
            s3.put(
                    "trail",
                    REAL.replace(".json.gz", ".json"),
                    "{\"Records\":[]}".getBytes()); // a CloudTrail file is not a flow log
            List<LogEvent> events = new ArrayList<>();
            try (CloudTrailPoller p = new CloudTrailPoller(
                    CloudTrailPoller.Kind.VPCFLOW,
                    new CloudTrailPoller.Settings(
                            "trail",
                            "AWSLogs/",
                            "us-east-1",
                            s3.endpoint,
                            true,
                            S3ProxyServer.ACCESS,
                            S3ProxyServer.SECRET,
                            CloudTrailPoller.AfterRead.KEEP,
                            "processed/"),
                    new ProcessedKeys(Files.createTempDirectory("vpc").resolve("keys")),
                    "vpc")) {
                assertEquals(new CloudTrailPoller.Result(1, 2, 1, 0), p.poll(events::add));
            }
            assertEquals(
                    List.of("vpcflow", "vpcflow"),
                    events.stream().map(LogEvent::getFormat).toList());
            assertEquals("REJECT", ((Map<?, ?>) events.get(1).getFields().get("vpcflow")).get("action"));
            assertEquals("s3://trail/" + key, events.get(0).getSource().peer());
        }
    }

    @Test
    void deleteAndMoveAfterRead() throws Exception {
        Assumptions.assumeTrue(Files.isDirectory(CORPUS), "corpus not found");
        byte[] file = gzip(Files.readAllBytes(CORPUS.resolve("awsdocs/cloudtrail-log-file-examples__02.json")));
        try (S3ProxyServer s3 = new S3ProxyServer()) {
            s3.put("trail", DOCS, file);
            try (CloudTrailPoller p =
                    poller(s3, Files.createTempDirectory("ct").resolve("keys"), CloudTrailPoller.AfterRead.DELETE)) {
                assertEquals(1, p.poll(e -> {}).files());
            }
            assertFalse(s3.exists("trail", DOCS));
            s3.put("trail", DOCS, file);
            try (CloudTrailPoller p = new CloudTrailPoller(
                    new CloudTrailPoller.Settings(
                            "trail",
                            "",
                            "us-east-1",
                            s3.endpoint,
                            true,
                            S3ProxyServer.ACCESS,
                            S3ProxyServer.SECRET,
                            CloudTrailPoller.AfterRead.MOVE,
                            "processed/"),
                    new ProcessedKeys(Files.createTempDirectory("ct").resolve("keys")),
                    "t")) {
                assertEquals(1, p.poll(e -> {}).files());
                assertEquals(0, p.poll(e -> {}).files(), "the moved copy under the same listing is not read again");
            }
            assertFalse(s3.exists("trail", DOCS));
            assertTrue(s3.exists("trail", "processed/" + DOCS));
        }
    }

    @Test
    void aRouteFailureLeavesTheFileForTheNextPoll() throws Exception {
        Assumptions.assumeTrue(Files.isDirectory(CORPUS), "corpus not found");
        try (S3ProxyServer s3 = new S3ProxyServer()) {
            s3.put(
                    "trail",
                    DOCS,
                    gzip(Files.readAllBytes(CORPUS.resolve("awsdocs/cloudtrail-log-file-examples__02.json"))));
            try (CloudTrailPoller p =
                    poller(s3, Files.createTempDirectory("ct").resolve("keys"), CloudTrailPoller.AfterRead.KEEP)) {
                CloudTrailPoller.Result failed = p.poll(e -> {
                    throw new IllegalStateException("sink down");
                });
                assertEquals(1, failed.failed());
                List<LogEvent> got = new ArrayList<>();
                assertEquals(1, p.poll(got::add).files());
                assertFalse(got.isEmpty());
            }
        }
    }
}
