package io.logpipe.store.archive;

import io.logpipe.event.EventJson;
import io.logpipe.event.EventJsonReader;
import io.logpipe.event.LogEvent;
import io.logpipe.s3.S3Uploads;
import io.logpipe.store.EventFilter;
import io.logpipe.store.EventPage;
import io.logpipe.store.EventQueries;
import io.logpipe.store.PageCursor;
import io.logpipe.store.StoreException;
import io.logpipe.store.StoredEvent;
import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.GetObjectRequest;
import software.amazon.awssdk.services.s3.model.HeadObjectRequest;
import software.amazon.awssdk.services.s3.model.ListObjectsV2Request;
import software.amazon.awssdk.services.s3.model.ListObjectsV2Response;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import software.amazon.awssdk.services.s3.model.S3Exception;
import software.amazon.awssdk.services.s3.model.S3Object;
import software.amazon.awssdk.services.s3.model.StorageClass;

/**
 * A day of the event store (by the day logpipe received the events, UTC) as one gzipped NDJSON
 * object of contract events, in the layout of the {@code s3-archive:} sink: {@code
 * PREFIX/yyyy/MM/dd/store-yyyy-MM-dd.json.gz}. An upload is complete or absent (a multipart
 * upload shows only once completed), so the object's existence says the day is archived.
 */
public final class DayArchive {
    static final int PAGE = 5000;
    /** a day up to this size is one PUT, above it a multipart upload of parts this size */
    static final int PART_SIZE = 8 * 1024 * 1024;

    public record Settings(String bucket, String prefix, StorageClass storageClass) {}

    private final S3Client s3;
    private final Settings settings;
    private final Path spool;

    public DayArchive(S3Client s3, Settings settings, Path spool) {
        this.s3 = s3;
        this.settings = settings;
        this.spool = spool;
    }

    public String describe() {
        return "s3://" + settings.bucket() + "/" + settings.prefix();
    }

    String dayPrefix(LocalDate day) {
        String p = settings.prefix().isEmpty() ? "" : settings.prefix() + "/";
        return p + String.format("%04d/%02d/%02d/", day.getYear(), day.getMonthValue(), day.getDayOfMonth());
    }

    public String key(LocalDate day) {
        return dayPrefix(day) + "store-" + day + ".json.gz";
    }

    public boolean archived(LocalDate day) throws IOException {
        try {
            s3.headObject(HeadObjectRequest.builder()
                    .bucket(settings.bucket())
                    .key(key(day))
                    .build());
            return true;
        } catch (NoSuchKeyException e) {
            return false;
        } catch (S3Exception e) {
            if (e.statusCode() == 404) return false;
            throw new IOException("archive " + describe() + ": " + e.getMessage(), e);
        } catch (RuntimeException e) {
            throw new IOException("archive " + describe() + ": " + e.getMessage(), e);
        }
    }

    static EventFilter receivedOn(LocalDate day) {
        Instant start = day.atStartOfDay(ZoneOffset.UTC).toInstant();
        return new EventFilter(
                null,
                null,
                List.of(),
                List.of(),
                List.of(),
                null,
                null,
                List.of(),
                null,
                List.of(),
                start,
                start.plus(Duration.ofDays(1)),
                null);
    }

    /** Whether the store holds any event received that day. */
    public static boolean holds(EventQueries store, LocalDate day) throws StoreException {
        return !store.find(receivedOn(day), true, null, 1).events().isEmpty();
    }

    /** Uploads every event the store holds for the day; returns how many (0: nothing uploaded). */
    public long export(EventQueries store, LocalDate day) throws IOException, StoreException {
        Files.createDirectories(spool);
        Path gz = spool.resolve("store-" + day + ".json.gz");
        long n = 0;
        try {
            try (BufferedWriter w = new BufferedWriter(new OutputStreamWriter(
                    new GZIPOutputStream(Files.newOutputStream(gz), 64 * 1024), StandardCharsets.UTF_8))) {
                PageCursor cursor = null;
                EventFilter f = receivedOn(day);
                do {
                    EventPage page = store.find(f, true, cursor, PAGE);
                    for (StoredEvent e : page.events()) {
                        w.write(EventJson.toJson(e.event()));
                        w.write('\n');
                        n++;
                    }
                    cursor = page.next();
                } while (cursor != null);
            }
            if (n > 0) upload(key(day), gz);
            return n;
        } finally {
            Files.deleteIfExists(gz);
        }
    }

    private void upload(String key, Path gz) throws IOException {
        try {
            S3Uploads.upload(s3, settings.bucket(), key, gz, PART_SIZE, PART_SIZE, settings.storageClass());
        } catch (RuntimeException e) {
            throw new IOException("archive upload of " + key + " to " + describe() + ": " + e.getMessage(), e);
        }
    }

    /** Receives restored events a batch at a time. */
    public interface Batches {
        void accept(List<LogEvent> batch) throws IOException;
    }

    /**
     * Reads a day back: the store's export of it, or, when there is none, every {@code .json.gz}
     * object under the day (what an {@code s3-archive:} sink wrote). Returns how many events; a line
     * that is not a contract event fails the restore, naming object and line.
     */
    public long restore(LocalDate day, Batches into) throws IOException {
        try {
            List<String> keys = archived(day) ? List.of(key(day)) : sinkObjects(day);
            long n = 0;
            for (String key : keys) n += read(key, into);
            return n;
        } catch (S3Exception e) {
            if ("InvalidObjectState"
                    .equals(
                            e.awsErrorDetails() == null
                                    ? null
                                    : e.awsErrorDetails().errorCode())) {
                throw new IOException(
                        "archive of " + day
                                + " is in a storage class that must be restored in S3 first (RestoreObject), then try again",
                        e);
            }
            throw new IOException("archive " + describe() + ": " + e.getMessage(), e);
        } catch (RuntimeException e) {
            throw new IOException("archive " + describe() + ": " + e.getMessage(), e);
        }
    }

    private List<String> sinkObjects(LocalDate day) {
        List<String> keys = new ArrayList<>();
        String token = null;
        do {
            ListObjectsV2Response r = s3.listObjectsV2(ListObjectsV2Request.builder()
                    .bucket(settings.bucket())
                    .prefix(dayPrefix(day))
                    .continuationToken(token)
                    .build());
            for (S3Object o : r.contents()) if (o.key().endsWith(".json.gz")) keys.add(o.key());
            token = r.isTruncated() ? r.nextContinuationToken() : null;
        } while (token != null);
        return keys;
    }

    private long read(String key, Batches into) throws IOException {
        long n = 0;
        try (BufferedReader r = new BufferedReader(new InputStreamReader(
                new GZIPInputStream(
                        s3.getObject(GetObjectRequest.builder()
                                .bucket(settings.bucket())
                                .key(key)
                                .build()),
                        64 * 1024),
                StandardCharsets.UTF_8))) {
            List<LogEvent> batch = new ArrayList<>(PAGE);
            int line = 0;
            for (String text; (text = r.readLine()) != null; ) {
                line++;
                if (text.isBlank()) continue;
                try {
                    batch.add(EventJsonReader.read(text));
                } catch (RuntimeException e) {
                    throw new IOException(
                            "s3://" + settings.bucket() + "/" + key + ":" + line + ": not a contract event: "
                                    + e.getMessage(),
                            e);
                }
                if (batch.size() == PAGE) {
                    into.accept(batch);
                    n += batch.size();
                    batch = new ArrayList<>(PAGE);
                }
            }
            if (!batch.isEmpty()) {
                into.accept(batch);
                n += batch.size();
            }
        }
        return n;
    }
}
