package io.logpipe.component.cloudtrail;

import java.nio.file.Path;
import java.util.Locale;
import org.apache.camel.Consumer;
import org.apache.camel.Processor;
import org.apache.camel.Producer;
import org.apache.camel.support.ScheduledPollEndpoint;

/** Options of an S3 log-file listener (cloudtrail:, vpcflow:); every setter here is a URI option documented in docs/sources.md or docs/sinks.md. */
public class CloudTrailEndpoint extends ScheduledPollEndpoint {
    private final String bucket;
    private String prefix = "AWSLogs/";
    private String region = "us-east-1";
    private String endpoint;
    private boolean pathStyle;
    private String accessKey;
    private String secretKey;
    private String afterRead = "keep";
    private String moveTo = "processed/";
    private String stateFile;

    private final CloudTrailPoller.Kind kind;

    CloudTrailEndpoint(String uri, CloudTrailComponent component, String bucket, CloudTrailPoller.Kind kind) {
        super(uri, component);
        this.bucket = bucket;
        this.kind = kind;
        setDelay(60_000); // CloudTrail delivers about every 5 minutes, VPC Flow Logs every 1 or 10
    }

    CloudTrailPoller.Kind kind() {
        return kind;
    }

    void check() {
        String s = kind.scheme();
        if (bucket == null || bucket.isBlank())
            throw new IllegalArgumentException(s + ": needs a bucket, e.g. " + s + ":my-log-bucket");
        afterReadMode();
        if ((accessKey == null) != (secretKey == null))
            throw new IllegalArgumentException(
                    s + ": give both accessKey and secretKey, or neither (then the AWS default credentials apply)");
    }

    CloudTrailPoller.AfterRead afterReadMode() {
        try {
            return CloudTrailPoller.AfterRead.valueOf(afterRead.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(
                    kind.scheme() + ": afterRead must be keep, delete or move, not '" + afterRead + "'");
        }
    }

    CloudTrailPoller.Settings settings() {
        return new CloudTrailPoller.Settings(
                bucket, prefix, region, endpoint, pathStyle, accessKey, secretKey, afterReadMode(), moveTo);
    }

    /** Where the ingested keys are remembered: {@code stateFile}, else under the data directory. */
    Path stateFile() {
        if (stateFile != null && !stateFile.isBlank()) return Path.of(stateFile);
        String name = (bucket + "-" + prefix).replaceAll("[^A-Za-z0-9._-]", "_");
        return Path.of(((CloudTrailComponent) getComponent()).dataDir(), "state", kind.scheme() + "-" + name + ".keys");
    }

    String bucket() {
        return bucket;
    }

    @Override
    public Consumer createConsumer(Processor processor) throws Exception {
        CloudTrailConsumer consumer = new CloudTrailConsumer(this, processor);
        configureConsumer(consumer);
        return consumer;
    }

    @Override
    public Producer createProducer() {
        throw new UnsupportedOperationException(kind.scheme() + ": is a listener; use it in 'from'");
    }

    public String getPrefix() {
        return prefix;
    }

    public void setPrefix(String prefix) {
        this.prefix = prefix;
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

    public String getSecretKey() {
        return secretKey;
    }

    public void setSecretKey(String secretKey) {
        this.secretKey = secretKey;
    }

    public String getAfterRead() {
        return afterRead;
    }

    public void setAfterRead(String afterRead) {
        this.afterRead = afterRead;
    }

    public String getMoveTo() {
        return moveTo;
    }

    public void setMoveTo(String moveTo) {
        this.moveTo = moveTo;
    }

    public String getStateFile() {
        return stateFile;
    }

    public void setStateFile(String stateFile) {
        this.stateFile = stateFile;
    }
}
