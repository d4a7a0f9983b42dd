package io.logpipe.component.s3archive;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.logpipe.event.EventJson;
import io.logpipe.event.EventJsonReader;
import io.logpipe.event.LogEvent;
import io.logpipe.queue.BatchSink;
import io.logpipe.s3.S3Clients;
import io.logpipe.s3.S3ProxyServer;
import io.logpipe.store.TcpProxy;
import java.io.ByteArrayInputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Random;
import java.util.TreeMap;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.CreateBucketRequest;
import software.amazon.awssdk.services.s3.model.GetObjectRequest;
import software.amazon.awssdk.services.s3.model.ListObjectsV2Request;
import software.amazon.awssdk.services.s3.model.S3Object;

/** The archive against an in-process S3 (S3Proxy): keys, contents line by line, rolling, multipart, outages, shutdown and crash. */
class S3ArchiveTest {
    static final String BUCKET = "archive";
    static final long MIB = 1024 * 1024;

    S3ProxyServer s3;
    S3Client client;
    Path spool;

    @BeforeEach
    void start() throws Exception {
        s3 = new S3ProxyServer();
        client = client();
        client.createBucket(CreateBucketRequest.builder().bucket(BUCKET).build());
        spool = Files.createTempDirectory("spool");
    }

    @AfterEach
    void stop() throws Exception {
        s3.close();
    }

    S3Client client() {
        return S3Clients.build("us-east-1", s3.endpoint, true, S3ProxyServer.ACCESS, S3ProxyServer.SECRET);
    }

    S3Archive archive(long maxBytes, Duration maxAge, long multipartThreshold) throws Exception {
        return new S3Archive(
                "test",
                client(),
                new S3Archive.Settings(BUCKET, maxBytes, maxAge, multipartThreshold, (int) (5 * MIB)),
                e -> "logs/2026/11/22/10/" + e.getHost(),
                spool);
    }

    static LogEvent event(String host, int n, String message) {
        LogEvent e = new LogEvent();
        e.setReceivedAt(Instant.parse("2026-11-22T10:00:00Z").plusMillis(n));
        e.setHost(host);
        e.setMessage(message == null ? "event " + n : message);
        return e;
    }

    /** Every archived object, by key, as its JSON lines. */
    TreeMap<String, List<String>> objects() throws Exception {
        TreeMap<String, List<String>> out = new TreeMap<>();
        for (S3Object o : client.listObjectsV2(
                        ListObjectsV2Request.builder().bucket(BUCKET).build())
                .contents()) {
            byte[] gz = client.getObjectAsBytes(GetObjectRequest.builder()
                            .bucket(BUCKET)
                            .key(o.key())
                            .build())
                    .asByteArray();
            String text = new String(
                    new GZIPInputStream(new ByteArrayInputStream(gz)).readAllBytes(), StandardCharsets.UTF_8);
            out.put(o.key(), text.lines().toList());
        }
        return out;
    }

    @Test
    void eventsAreArchivedPerHostUnderTimePartitionedKeysLineByLine() throws Exception {
        S3Archive a = archive(64 * MIB, Duration.ofMinutes(5), 16 * MIB);
        List<LogEvent> batch = new ArrayList<>();
        for (int i = 0; i < 300; i++) batch.add(event(i % 2 == 0 ? "web-1" : "db-1", i, null));
        assertEquals(BatchSink.Outcome.all(300), a.deliver(batch));
        assertTrue(objects().isEmpty(), "objects stay open until rolled or shut down");
        a.close(); // shutdown with half-full objects: each is completed and uploaded
        TreeMap<String, List<String>> objects = objects();
        assertEquals(2, objects.size(), objects.keySet().toString());
        for (String key : objects.keySet())
            assertTrue(key.matches("logs/2026/11/22/10/(web|db)-1-[0-9a-f-]{36}\\.json\\.gz"), key);
        List<String> web = objects.get(objects.keySet().stream()
                .filter(k -> k.contains("web-1"))
                .findFirst()
                .orElseThrow());
        assertEquals(150, web.size());
        for (int i = 0; i < 150; i++) assertEquals(EventJson.toJson(batch.get(2 * i)), web.get(i));
        assertEquals("web-1", EventJsonReader.read(web.get(0)).getHost());
        try (var left = Files.list(spool)) {
            assertEquals(0, left.count(), "spools are deleted once uploaded");
        }
    }

    @Test
    void objectsRollBySizeAndAgeAndLargeOnesGoMultipart() throws Exception {
        S3Archive a = archive(64 * MIB, Duration.ofMillis(300), 6 * MIB);
        // incompressible messages, ~13 MB: one object over the multipart threshold (three parts)
        Random random = new Random(7);
        List<LogEvent> big = new ArrayList<>();
        for (int i = 0; i < 13_000; i++) {
            byte[] noise = new byte[750];
            random.nextBytes(noise);
            big.add(event("bulk", i, Base64.getEncoder().encodeToString(noise)));
        }
        a.deliver(big);
        Thread.sleep(400);
        a.idle(); // past maxAge: rolled and uploaded
        TreeMap<String, List<String>> objects = objects();
        assertEquals(1, objects.size());
        assertEquals(13_000, objects.firstEntry().getValue().size());
        assertEquals(
                EventJson.toJson(big.get(12_999)),
                objects.firstEntry().getValue().get(12_999));

        S3Archive small = archive(10_000, Duration.ofMinutes(5), 16 * MIB);
        for (int i = 0; i < 10; i++) {
            List<LogEvent> b = new ArrayList<>();
            for (int j = 0; j < 50; j++) b.add(event("roll", i * 50 + j, null));
            small.deliver(b);
        }
        small.close();
        long rolled =
                objects().keySet().stream().filter(k -> k.contains("/roll-")).count();
        assertTrue(rolled >= 2, "objects rolled at maxBytes: " + rolled);
        assertEquals(
                500,
                objects().entrySet().stream()
                        .filter(e -> e.getKey().contains("/roll-"))
                        .mapToInt(e -> e.getValue().size())
                        .sum());
    }

    @Test
    void anS3OutageHoldsBatchesAndNothingIsLostWhenItReturns() throws Exception {
        S3Archive a = archive(2_000, Duration.ofMinutes(5), 16 * MIB);
        List<LogEvent> first = new ArrayList<>();
        for (int i = 0; i < 100; i++) first.add(event("h", i, null));
        assertEquals(BatchSink.Outcome.all(100), a.deliver(first)); // rolled (over 2000 bytes) and uploaded
        s3.stop();
        List<LogEvent> second = new ArrayList<>();
        for (int i = 100; i < 200; i++) second.add(event("h", i, null));
        assertEquals(100, a.deliver(second).done(), "spooled; the upload of its rolled object fails in the background");
        BatchSink.Outcome held = a.deliver(List.of(event("h", 200, null)));
        assertEquals(0, held.done(), "while an upload is failing, new batches wait in the queue");
        assertTrue(a.problem() != null);
        s3.start();
        Thread.sleep(1100); // past the first retry backoff
        a.idle();
        assertEquals(1, a.deliver(List.of(event("h", 200, null))).done());
        a.close();
        List<String> all = new ArrayList<>();
        objects().values().forEach(all::addAll);
        assertEquals(201, all.size());
        for (int i = 0; i <= 200; i++) assertTrue(all.contains(EventJson.toJson(event("h", i, null))), "event " + i);
    }

    @Test
    void anS3ThatHangsFailsTheUploadWithinTheRequestTimeoutAndNothingIsLost() throws Exception {
        int s3Port = URI.create(s3.endpoint).getPort();
        try (TcpProxy proxy = new TcpProxy("127.0.0.1", s3Port)) {
            proxy.up();
            S3Client viaProxy = S3Clients.build(
                    "us-east-1",
                    "http://127.0.0.1:" + proxy.port(),
                    true,
                    S3ProxyServer.ACCESS,
                    S3ProxyServer.SECRET,
                    Duration.ofSeconds(2));
            S3Archive a = new S3Archive(
                    "hang",
                    viaProxy,
                    new S3Archive.Settings(BUCKET, MIB, Duration.ofMinutes(5), 64 * MIB, (int) (5 * MIB)),
                    e -> "logs/2026/11/22/10/" + e.getHost(),
                    spool);
            // ~8 MB that does not compress: the request body fills the socket buffers, then the write stalls
            Random random = new Random(11);
            List<LogEvent> big = new ArrayList<>();
            for (int i = 0; i < 8_000; i++) {
                byte[] noise = new byte[750];
                random.nextBytes(noise);
                big.add(event("stall", i, Base64.getEncoder().encodeToString(noise)));
            }
            proxy.hold();
            BatchSink.Outcome spooled = Assertions.assertTimeoutPreemptively(
                    Duration.ofSeconds(40),
                    () -> a.deliver(big),
                    "the upload of the rolled object gives up instead of waiting for ever");
            assertEquals(8_000, spooled.done(), "the batch is safe in the spool");
            assertTrue(a.problem() != null, "the failing upload is reported");
            proxy.release();
            Thread.sleep(1100); // past the first retry backoff
            a.idle();
            a.close();
            List<String> all = new ArrayList<>();
            objects().values().forEach(all::addAll);
            assertEquals(8_000, all.size());
            assertEquals(EventJson.toJson(big.get(7_999)), all.get(7_999));
        }
    }

    @Test
    void spoolsLeftByACrashAreUploadedAfterTheNextStart() throws Exception {
        S3Archive crashed = archive(64 * MIB, Duration.ofMinutes(5), 16 * MIB);
        crashed.deliver(List.of(event("c", 1, null), event("c", 2, null)));
        // no close(): the process died; the spool is on disk
        S3Archive next = archive(64 * MIB, Duration.ofMinutes(5), 16 * MIB);
        next.idle();
        TreeMap<String, List<String>> objects = objects();
        assertEquals(1, objects.size());
        assertEquals(
                List.of(EventJson.toJson(event("c", 1, null)), EventJson.toJson(event("c", 2, null))),
                objects.firstEntry().getValue());
        next.close();
    }
}
