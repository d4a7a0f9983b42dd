package io.logpipe.component.s3archive;

import io.logpipe.event.EventJson;
import io.logpipe.event.LogEvent;
import io.logpipe.queue.BatchSink;
import io.logpipe.s3.S3Uploads;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Function;
import java.util.stream.Stream;
import java.util.zip.GZIPOutputStream;
import org.jboss.logging.Logger;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * Archives events to S3 as gzipped NDJSON objects. Each key prefix (by default hour and host) has
 * an open object: a spool file on local disk that every batch is appended to and forced to the
 * device before the batch counts as done, so a crash loses nothing. An object is rolled when it
 * reaches {@code maxBytes} or {@code maxAge}, gzipped, and uploaded (multipart above
 * {@code multipartThreshold}); then its spool is deleted. A failed upload keeps the spool and is
 * retried with backoff; spools left by a crash are uploaded after the next start; shutdown uploads
 * the open objects, complete, whatever their size.
 */
public final class S3Archive implements BatchSink {
    private static final Logger LOG = Logger.getLogger(S3Archive.class);

    public record Settings(String bucket, long maxBytes, Duration maxAge, long multipartThreshold, int partSize) {}

    private final String sink;
    private final S3Client s3;
    private final Settings settings;
    private final Function<LogEvent, String> prefix;
    private final Path spoolDir;
    private final Map<String, Spool> open = new HashMap<>();
    private final List<Spool> due = new ArrayList<>();
    private long retryAt;
    private long backoffMs = 1000;
    private volatile String problem;

    /** One object being filled: its final key, and the NDJSON spool on disk. */
    private static final class Spool {
        final Path dir;
        final String key;
        final long createdNanos;
        FileChannel channel;
        long bytes;
        int events;

        Spool(Path dir, String key, long createdNanos) {
            this.dir = dir;
            this.key = key;
            this.createdNanos = createdNanos;
        }

        Path data() {
            return dir.resolve("events.ndjson");
        }
    }

    public S3Archive(String sink, S3Client s3, Settings settings, Function<LogEvent, String> prefix, Path spoolDir)
            throws IOException {
        this.sink = sink;
        this.s3 = s3;
        this.settings = settings;
        this.prefix = prefix;
        this.spoolDir = spoolDir;
        Files.createDirectories(spoolDir);
        try (Stream<Path> left = Files.list(spoolDir)) {
            for (Path dir : left.filter(Files::isDirectory).sorted().toList()) {
                Path keyFile = dir.resolve("key");
                if (!Files.exists(keyFile) || !Files.exists(dir.resolve("events.ndjson"))) {
                    deleteTree(dir); // created, never written
                    continue;
                }
                Spool s = new Spool(dir, Files.readString(keyFile).strip(), System.nanoTime());
                s.bytes = Files.size(s.data());
                due.add(s);
            }
        }
        if (!due.isEmpty())
            LOG.infof(
                    "sink %s: %d archive objects left from before the last stop are uploaded first", sink, due.size());
    }

    @Override
    public Outcome deliver(List<LogEvent> batch) {
        try {
            uploadDue(); // an unreachable S3 fails the batch before it is spooled: the queue holds and retries it
        } catch (RuntimeException | IOException e) {
            return Outcome.failed(0, Map.of(), e);
        }
        Map<Spool, StringBuilder> lines = new LinkedHashMap<>();
        try {
            for (LogEvent e : batch) {
                Spool s = spoolFor(prefix.apply(e));
                StringBuilder sb = lines.computeIfAbsent(s, k -> new StringBuilder());
                EventJson.write(e, sb);
                sb.append('\n');
                s.events++;
            }
            for (Map.Entry<Spool, StringBuilder> en : lines.entrySet()) {
                Spool s = en.getKey();
                ByteBuffer buf = StandardCharsets.UTF_8.encode(CharBuffer.wrap(en.getValue()));
                s.bytes += buf.remaining();
                while (buf.hasRemaining()) s.channel.write(buf);
                s.channel.force(false);
            }
        } catch (IOException e) {
            // a batch half-written to a spool is written again: duplicates, never gaps
            return Outcome.failed(0, Map.of(), e);
        }
        rollFull();
        tryUploads();
        return Outcome.all(batch.size());
    }

    /** Called by the queue when idle: objects past their age are rolled and uploads retried. */
    @Override
    public void idle() {
        long now = System.nanoTime();
        for (Spool s : List.copyOf(open.values())) {
            if (now - s.createdNanos >= settings.maxAge().toNanos()) roll(s);
        }
        tryUploads();
    }

    @Override
    public String problem() {
        return problem;
    }

    /** Shutdown: every open object is completed and uploaded; what cannot be uploaded stays on disk for the next start. */
    @Override
    public void close() {
        for (Spool s : List.copyOf(open.values())) roll(s);
        retryAt = 0;
        try {
            uploadDue();
        } catch (RuntimeException | IOException e) {
            LOG.errorf(
                    "sink %s: %d archive objects not uploaded at shutdown (%s); they stay in %s and are uploaded after the next start",
                    sink, due.size(), e.getMessage(), spoolDir);
        }
        s3.close();
    }

    private Spool spoolFor(String keyPrefix) throws IOException {
        Spool s = open.get(keyPrefix);
        if (s != null) return s;
        String id = UUID.randomUUID().toString();
        Path dir = spoolDir.resolve(System.currentTimeMillis() + "-" + id);
        Files.createDirectories(dir);
        s = new Spool(dir, keyPrefix + "-" + id + ".json.gz", System.nanoTime());
        Files.writeString(dir.resolve("key"), s.key);
        s.channel = FileChannel.open(
                s.data(), StandardOpenOption.CREATE, StandardOpenOption.WRITE, StandardOpenOption.APPEND);
        open.put(keyPrefix, s);
        return s;
    }

    private void rollFull() {
        for (Spool s : List.copyOf(open.values())) if (s.bytes >= settings.maxBytes()) roll(s);
    }

    private void roll(Spool s) {
        open.values().remove(s);
        try {
            if (s.channel != null) s.channel.close();
        } catch (IOException ignored) {
            // the data was forced with every batch
        }
        s.channel = null;
        due.add(s);
    }

    private void tryUploads() {
        if (due.isEmpty() || System.currentTimeMillis() < retryAt) return;
        try {
            uploadDue();
        } catch (RuntimeException | IOException e) {
            LOG.warnf(
                    "sink %s: archive upload failed (%s); %d objects wait on disk, retrying in %d ms",
                    sink, e.getMessage(), due.size(), backoffMs);
        }
    }

    private void uploadDue() throws IOException {
        if (due.isEmpty()) return;
        if (System.currentTimeMillis() < retryAt) throw new IOException("S3 upload failing: " + problem);
        while (!due.isEmpty()) {
            Spool s = due.get(0);
            try {
                upload(s);
            } catch (RuntimeException | IOException e) {
                problem = e.getMessage();
                retryAt = System.currentTimeMillis() + backoffMs;
                backoffMs = Math.min(backoffMs * 2, 60_000);
                throw e;
            }
            due.remove(0);
            deleteTree(s.dir);
            problem = null;
            backoffMs = 1000;
            retryAt = 0;
        }
    }

    private void upload(Spool s) throws IOException {
        Path gz = s.dir.resolve("object.json.gz");
        try (InputStream in = Files.newInputStream(s.data());
                OutputStream out = new GZIPOutputStream(Files.newOutputStream(gz), 64 * 1024)) {
            in.transferTo(out);
        }
        long size = Files.size(gz);
        S3Uploads.upload(s3, settings.bucket(), s.key, gz, settings.multipartThreshold(), settings.partSize(), null);
        LOG.debugf("sink %s: uploaded s3://%s/%s (%d bytes gzipped)", sink, settings.bucket(), s.key, size);
    }

    private static void deleteTree(Path dir) {
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path p : files.sorted(Comparator.reverseOrder()).toList()) Files.deleteIfExists(p);
        } catch (IOException e) {
            LOG.warnf("could not delete %s: %s", dir, e.getMessage());
        }
    }
}
