package io.logpipe.component.s3archive;

import io.logpipe.queue.BatchSink;
import io.logpipe.queue.QueuedSinkEndpoint;
import io.logpipe.queue.SinkQueues;
import io.logpipe.s3.S3Clients;
import io.logpipe.template.EventTemplate;
import io.logpipe.template.PathSanitizer;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.apache.camel.Consumer;
import org.apache.camel.Endpoint;
import org.apache.camel.Processor;
import org.apache.camel.Producer;
import org.apache.camel.support.DefaultComponent;

/**
 * {@code s3-archive:BUCKET}: archives events as gzipped NDJSON objects under time-partitioned keys
 * (see {@link S3Archive}), behind a durable queue. Every setter is a URI option documented in docs/sources.md or docs/sinks.md.
 */
@org.apache.camel.spi.annotations.Component("s3-archive")
public class S3ArchiveComponent extends DefaultComponent {
    static final long MIB = 1024 * 1024;

    @Override
    protected Endpoint createEndpoint(String uri, String remaining, Map<String, Object> parameters) throws Exception {
        S3ArchiveEndpoint e = new S3ArchiveEndpoint(uri, this, remaining);
        setProperties(e, parameters);
        e.check();
        return e;
    }

    public static class S3ArchiveEndpoint extends QueuedSinkEndpoint {
        private final String bucket;
        private String key = "logs/${received_year}/${received_month}/${received_day}/${received_hour}/${host}";
        private long maxBytes = 64 * MIB;
        private long maxAgeSeconds = 300;
        private long multipartThreshold = 16 * MIB;
        private int partSize = (int) (8 * MIB);
        private String region = "us-east-1";
        private String endpoint;
        private boolean pathStyle;
        private String accessKey;
        private String secretKey;
        private long requestTimeoutMs = S3Clients.DEFAULT_ATTEMPT_TIMEOUT.toMillis();

        S3ArchiveEndpoint(String uri, S3ArchiveComponent component, String bucket) {
            super(uri, component, "s3-archive:", 1000, 30_000);
            this.bucket = bucket;
        }

        void check() {
            if (bucket == null || bucket.isBlank())
                throw new IllegalArgumentException("s3-archive: needs a bucket, e.g. s3-archive:my-logs");
            EventTemplate.compile(key);
            if (maxBytes < 1024 || maxAgeSeconds < 1)
                throw new IllegalArgumentException(
                        "s3-archive: maxBytes must be at least 1024 and maxAgeSeconds at least 1");
            if (partSize < 5 * MIB)
                throw new IllegalArgumentException("s3-archive: partSize must be at least 5 MiB (S3's smallest part)");
            if (multipartThreshold < partSize)
                throw new IllegalArgumentException("s3-archive: multipartThreshold must be at least partSize");
            if ((accessKey == null) != (secretKey == null))
                throw new IllegalArgumentException(
                        "s3-archive: give both accessKey and secretKey, or neither (then the AWS default credentials apply)");
            if (requestTimeoutMs < 1000)
                throw new IllegalArgumentException("s3-archive: requestTimeoutMs must be at least 1000");
            checkQueueOptions();
        }

        @Override
        public String sinkName() {
            return "s3-archive:" + bucket;
        }

        @Override
        protected BatchSink newBatchSink() throws IOException {
            EventTemplate prefix = EventTemplate.compile(key);
            Path spool = SinkQueues.sinkPath(getCamelContext(), "spool", sinkName());
            return new S3Archive(
                    sinkName(),
                    S3Clients.build(
                            region, endpoint, pathStyle, accessKey, secretKey, Duration.ofMillis(requestTimeoutMs)),
                    new S3Archive.Settings(
                            bucket, maxBytes, Duration.ofSeconds(maxAgeSeconds), multipartThreshold, partSize),
                    e -> prefix.render(e, PathSanitizer.INSTANCE),
                    spool);
        }

        @Override
        public Producer createProducer() {
            return queuedProducer();
        }

        @Override
        public Consumer createConsumer(Processor processor) {
            throw new UnsupportedOperationException(
                    "s3-archive: is a sink; use it in 'to' (CloudTrail files are read with cloudtrail:)");
        }

        public String getKey() {
            return key;
        }

        public void setKey(String key) {
            this.key = key;
        }

        public long getMaxBytes() {
            return maxBytes;
        }

        public void setMaxBytes(long maxBytes) {
            this.maxBytes = maxBytes;
        }

        public long getMaxAgeSeconds() {
            return maxAgeSeconds;
        }

        public void setMaxAgeSeconds(long maxAgeSeconds) {
            this.maxAgeSeconds = maxAgeSeconds;
        }

        public long getMultipartThreshold() {
            return multipartThreshold;
        }

        public void setMultipartThreshold(long multipartThreshold) {
            this.multipartThreshold = multipartThreshold;
        }

        public int getPartSize() {
            return partSize;
        }

        public void setPartSize(int partSize) {
            this.partSize = partSize;
        }

        public String getRegion() {
            return region;
        }

        public void setRegion(String region) {
            this.region = region;
        }

        public String getEndpoint() {
            return endpoint;
        }

        public void setEndpoint(String endpoint) {
            this.endpoint = endpoint;
        }

        public boolean isPathStyle() {
            return pathStyle;
        }

        public void setPathStyle(boolean pathStyle) {
            this.pathStyle = pathStyle;
        }

        public String getAccessKey() {
            return accessKey;
        }

        public void setAccessKey(String accessKey) {
            this.accessKey = accessKey;
        }

        public long getRequestTimeoutMs() {
            return requestTimeoutMs;
        }

        public void setRequestTimeoutMs(long requestTimeoutMs) {
            this.requestTimeoutMs = requestTimeoutMs;
        }

        public String getSecretKey() {
            return secretKey;
        }

        public void setSecretKey(String secretKey) {
            this.secretKey = secretKey;
        }
    }
}
