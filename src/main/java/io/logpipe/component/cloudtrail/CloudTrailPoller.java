package io.logpipe.component.cloudtrail;

import io.logpipe.codec.DecodeContext;
import io.logpipe.codec.cloudtrail.CloudTrailKeys;
import io.logpipe.codec.cloudtrail.CloudTrailReader;
import io.logpipe.codec.vpcflow.VpcFlowReader;
import io.logpipe.event.LogEvent;
import io.logpipe.event.Source;
import io.logpipe.s3.S3Clients;
import java.io.IOException;
import java.io.InputStream;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.function.Consumer;
import java.util.zip.GZIPInputStream;
import org.jboss.logging.Logger;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.ListObjectsV2Request;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * One bucket/prefix of AWS log files (CloudTrail, or VPC Flow Logs: {@link Kind}): each poll lists the
 * objects, skips digests, other files and keys already ingested, streams each new log file (gunzipped)
 * record by record into the sink, then records the key durably and deletes, moves or keeps the object.
 * A file that fails midway is not recorded and is read again whole at the next poll (at-least-once).
 */
public final class CloudTrailPoller implements AutoCloseable {
    private static final Logger LOG = Logger.getLogger(CloudTrailPoller.class);

    public enum AfterRead {
        KEEP,
        DELETE,
        MOVE
    }

    /** Which AWS log files a poller takes, and how one is read. */
    public enum Kind {
        CLOUDTRAIL("cloudtrail"),
        VPCFLOW("vpcflow");

        private final String scheme;

        Kind(String scheme) {
            this.scheme = scheme;
        }

        /** The URI scheme and metrics format name. */
        public String scheme() {
            return scheme;
        }

        boolean isLogFile(String key) {
            return this == CLOUDTRAIL ? CloudTrailKeys.isLogFile(key) : VpcFlowReader.isLogFile(key);
        }

        int read(InputStream in, DecodeContext ctx, Consumer<LogEvent> sink)
                throws IOException, CloudTrailReader.NotCloudTrail {
            return this == CLOUDTRAIL ? CloudTrailReader.read(in, ctx, sink) : VpcFlowReader.read(in, ctx, sink);
        }
    }

    public record Settings(
            String bucket,
            String prefix,
            String region,
            String endpoint,
            boolean pathStyle,
            String accessKey,
            String secretKey,
            AfterRead afterRead,
            String moveTo) {}

    private final Settings settings;
    private final S3Client s3;
    private final ProcessedKeys processed;
    private final String listener;
    private final Kind kind;

    public CloudTrailPoller(Settings settings, ProcessedKeys processed, String listener) {
        this(Kind.CLOUDTRAIL, settings, processed, listener);
    }

    public CloudTrailPoller(Kind kind, Settings settings, ProcessedKeys processed, String listener) {
        this.kind = kind;
        this.settings = settings;
        this.processed = processed;
        this.listener = listener;
        this.s3 = S3Clients.build(
                settings.region(),
                settings.endpoint(),
                settings.pathStyle(),
                settings.accessKey(),
                settings.secretKey());
    }

    /** What one poll did. */
    public record Result(int files, int events, int skipped, int failed) {}

    /** Lists the prefix and ingests every new log file; each event goes to {@code sink} before the file counts as done. */
    public Result poll(Consumer<LogEvent> sink) {
        return poll(sink, () -> {});
    }

    /** As {@link #poll(Consumer)}; {@code commit} makes the routed events durable before a file is recorded as done. */
    public Result poll(Consumer<LogEvent> sink, Runnable commit) {
        int files = 0, events = 0, skipped = 0, failed = 0;
        ListObjectsV2Request list = ListObjectsV2Request.builder()
                .bucket(settings.bucket())
                .prefix(settings.prefix())
                .build();
        for (S3Object o : s3.listObjectsV2Paginator(list).contents()) {
            String key = o.key();
            boolean movedHere = settings.afterRead() == AfterRead.MOVE && key.startsWith(settings.moveTo());
            if (movedHere || !kind.isLogFile(key) || processed.contains(key)) {
                skipped++;
                continue;
            }
            try {
                events += ingest(key, sink);
                commit.run();
                processed.add(key);
                afterRead(key);
                files++;
            } catch (IOException | CloudTrailReader.NotCloudTrail | RuntimeException e) {
                failed++;
                LOG.warnf(
                        "%s %s: s3://%s/%s not ingested (%s); it is read again at the next poll",
                        kind.scheme(), listener, settings.bucket(), key, e.getMessage());
            }
        }
        return new Result(files, events, skipped, failed);
    }

    private int ingest(String key, Consumer<LogEvent> sink) throws IOException, CloudTrailReader.NotCloudTrail {
        DecodeContext ctx = new DecodeContext(
                Instant.now(),
                new Source(null, 0, listener, "s3://" + settings.bucket() + "/" + key),
                ZoneOffset.UTC,
                false);
        try (InputStream raw = s3.getObject(r -> r.bucket(settings.bucket()).key(key));
                InputStream in = key.endsWith(".gz") ? new GZIPInputStream(raw, 64 * 1024) : raw) {
            return kind.read(in, ctx, sink);
        }
    }

    private void afterRead(String key) {
        switch (settings.afterRead()) {
            case KEEP -> {}
            case DELETE -> s3.deleteObject(r -> r.bucket(settings.bucket()).key(key));
            case MOVE -> {
                s3.copyObject(r -> r.sourceBucket(settings.bucket())
                        .sourceKey(key)
                        .destinationBucket(settings.bucket())
                        .destinationKey(settings.moveTo() + key));
                s3.deleteObject(r -> r.bucket(settings.bucket()).key(key));
            }
        }
    }

    @Override
    public void close() throws IOException {
        s3.close();
        processed.close();
    }
}
