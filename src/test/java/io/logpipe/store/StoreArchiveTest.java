package io.logpipe.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.logpipe.event.EventJson;
import io.logpipe.event.LogEvent;
import io.logpipe.s3.S3Clients;
import io.logpipe.s3.S3ProxyServer;
import io.logpipe.store.archive.ArchiveBeforePurge;
import io.logpipe.store.archive.ArchiveRestore;
import io.logpipe.store.archive.DayArchive;
import io.logpipe.store.archive.RestoreHolds;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.StorageClass;

/**
 * Storage then archive, end to end against S3Proxy: before retention removes a day it is exported
 * (and an S3 outage keeps the day), archived days come back for a search and are held, and days an
 * s3-archive: sink wrote can be brought back too. On the index and on PostgreSQL.
 */
class StoreArchiveTest {
    static final String BUCKET = "logpipe-store-archive";
    static final LocalDate NOV1 = LocalDate.parse("2026-11-01");

    static List<LogEvent> day(LocalDate day, int n, String host) {
        List<LogEvent> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            LogEvent e = new LogEvent();
            Instant t = day.atTime(12, 0).toInstant(ZoneOffset.UTC).plusSeconds(i);
            e.setTimestamp(t);
            e.setReceivedAt(t);
            e.setFormat("rfc3164");
            e.setHost(host);
            e.setApp("archived");
            e.setMessage(day + " event " + i);
            out.add(e);
        }
        return out;
    }

    static long count(EventQueries q) throws Exception {
        long n = 0;
        PageCursor cursor = null;
        do {
            EventPage page = q.find(EventFilter.all(), true, cursor, 1000);
            n += page.events().size();
            cursor = page.next();
        } while (cursor != null);
        return n;
    }

    static final class MovableClock extends Clock {
        Instant now;

        MovableClock(Instant now) {
            this.now = now;
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }

    static List<String> lines(S3ProxyServer s3, String key) throws Exception {
        byte[] gz = s3.blobs.getBlob(BUCKET, key).getPayload().openStream().readAllBytes();
        return List.of(
                new String(new GZIPInputStream(new ByteArrayInputStream(gz)).readAllBytes(), StandardCharsets.UTF_8)
                        .split("\n"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"lucene", "postgresql"})
    void daysAreExportedBeforeTheyGoAndComeBackForASearch(String kind) throws Exception {
        Path state = Files.createTempDirectory("archive-state");
        try (S3ProxyServer s3 = new S3ProxyServer();
                TestStores.Loaded store = TestStores.empty(kind)) {
            s3.blobs.createContainerInLocation(null, BUCKET);
            S3Client client =
                    S3Clients.build("us-east-1", s3.endpoint, true, S3ProxyServer.ACCESS, S3ProxyServer.SECRET);
            DayArchive archive = new DayArchive(
                    client, new DayArchive.Settings(BUCKET, "logs", StorageClass.GLACIER_IR), state.resolve("spool"));
            RestoreHolds holds = new RestoreHolds(state.resolve("restored-days"));
            MovableClock clock = new MovableClock(Instant.parse("2026-11-10T12:00:00Z"));
            ArchiveBeforePurge gate = new ArchiveBeforePurge(store.queries(), archive, holds, clock);
            for (int d = 0; d < 8; d++) store.add(day(NOV1.plusDays(d), 10, "h" + d));
            Duration retention = Duration.ofDays(5);

            Instant cutoff = gate.cutoff(clock.instant().minus(retention));
            assertEquals(
                    Instant.parse("2026-11-05T00:00:00Z"),
                    cutoff,
                    "whole days only: the 5th is not all past the cutoff");
            for (int d = 0; d < 4; d++) {
                List<String> lines = lines(s3, "logs/2026/11/0" + (d + 1) + "/store-2026-11-0" + (d + 1) + ".json.gz");
                assertEquals(10, lines.size());
                assertTrue(lines.get(0).contains("\"host\":\"h" + d + "\""), lines.get(0));
            }
            assertTrue(!s3.exists(BUCKET, "logs/2026/11/05/store-2026-11-05.json.gz"));
            store.purge(cutoff);
            assertEquals(40, count(store.queries()));

            // the archive is away: the next day is not exported, so it stays
            s3.stop();
            clock.now = clock.now.plus(Duration.ofDays(1));
            cutoff = gate.cutoff(clock.instant().minus(retention));
            assertEquals(Instant.parse("2026-11-05T00:00:00Z"), cutoff, "a day that could not be exported is kept");
            store.purge(cutoff);
            assertEquals(40, count(store.queries()));
            s3.start();

            // bring the 2nd back (and ask for two days around it)
            ArchiveRestore restore =
                    new ArchiveRestore(store.queries(), store.sink(), archive, holds, Duration.ofDays(7), clock);
            List<ArchiveRestore.Day> days = restore.restore(NOV1, LocalDate.parse("2026-11-06"));
            assertEquals(
                    List.of(
                            "restored",
                            "restored",
                            "restored",
                            "restored",
                            "in the store already",
                            "in the store already"),
                    days.stream().map(ArchiveRestore.Day::outcome).toList());
            assertEquals(10, days.get(1).events());
            assertEquals(80, count(store.queries()));
            EventFilter h1 = new EventFilter(
                    null, null, List.of("h1"), List.of(), List.of(), null, null, List.of(), null, List.of());
            assertEquals(10, store.queries().find(h1, true, null, 100).events().size(), "a restored day is searchable");
            assertEquals(
                    List.of("in the store already"),
                    restore.restore(NOV1, NOV1).stream()
                            .map(ArchiveRestore.Day::outcome)
                            .toList(),
                    "not twice");

            // held: retention leaves restored days until the hold ends, then they go again (already archived)
            cutoff = gate.cutoff(clock.instant().minus(retention));
            assertEquals(Instant.parse("2026-11-01T00:00:00Z"), cutoff);
            store.purge(cutoff);
            assertEquals(80, count(store.queries()));
            clock.now = clock.now.plus(Duration.ofDays(8));
            cutoff = gate.cutoff(clock.instant().minus(retention));
            store.purge(cutoff);
            assertEquals(
                    0,
                    count(store.queries()),
                    "hold over: every day older than the retention went, each exported first");
            assertTrue(s3.exists(BUCKET, "logs/2026/11/08/store-2026-11-08.json.gz"));
            assertTrue(holds.all().isEmpty());

            // a day only an s3-archive: sink wrote (hour objects per host) comes back too
            ByteArrayOutputStream gz = new ByteArrayOutputStream();
            try (GZIPOutputStream out = new GZIPOutputStream(gz)) {
                for (LogEvent e : day(LocalDate.parse("2026-10-15"), 3, "sink-host"))
                    out.write((EventJson.toJson(e) + "\n").getBytes(StandardCharsets.UTF_8));
            }
            s3.put(BUCKET, "logs/2026/10/15/12/sink-host-0b9e.json.gz", gz.toByteArray());
            List<ArchiveRestore.Day> fromSink =
                    restore.restore(LocalDate.parse("2026-10-14"), LocalDate.parse("2026-10-15"));
            assertEquals(
                    List.of("not in the archive", "restored"),
                    fromSink.stream().map(ArchiveRestore.Day::outcome).toList());
            assertEquals(3, count(store.queries()));
        }
    }

    @org.junit.jupiter.api.Test
    void aLineThatIsNoEventFailsTheRestoreNamingObjectAndLineAndTooLongARangeIsRefused() throws Exception {
        Path state = Files.createTempDirectory("archive-state");
        try (S3ProxyServer s3 = new S3ProxyServer();
                TestStores.Loaded store = TestStores.empty("lucene")) {
            s3.blobs.createContainerInLocation(null, BUCKET);
            S3Client client =
                    S3Clients.build("us-east-1", s3.endpoint, true, S3ProxyServer.ACCESS, S3ProxyServer.SECRET);
            DayArchive archive = new DayArchive(
                    client, new DayArchive.Settings(BUCKET, "logs", StorageClass.STANDARD), state.resolve("spool"));
            ArchiveRestore restore = new ArchiveRestore(
                    store.queries(),
                    store.sink(),
                    archive,
                    new RestoreHolds(state.resolve("restored-days")),
                    Duration.ofDays(7),
                    new MovableClock(Instant.parse("2026-11-10T12:00:00Z")));
            ByteArrayOutputStream gz = new ByteArrayOutputStream();
            try (GZIPOutputStream out = new GZIPOutputStream(gz)) {
                out.write((EventJson.toJson(day(LocalDate.parse("2026-10-15"), 1, "h")
                                        .get(0)) + "\nnot json at all\n")
                        .getBytes(StandardCharsets.UTF_8));
            }
            s3.put(BUCKET, "logs/2026/10/15/12/h-1.json.gz", gz.toByteArray());
            IOException e = Assertions.assertThrows(
                    IOException.class,
                    () -> restore.restore(LocalDate.parse("2026-10-15"), LocalDate.parse("2026-10-15")));
            assertTrue(
                    e.getMessage()
                            .startsWith("s3://" + BUCKET + "/logs/2026/10/15/12/h-1.json.gz:2: not a contract event"),
                    e.getMessage());
            IllegalArgumentException tooLong = Assertions.assertThrows(
                    IllegalArgumentException.class, () -> restore.restore(NOV1, NOV1.plusDays(31)));
            assertEquals("at most 31 days per restore", tooLong.getMessage());
        }
    }
}
