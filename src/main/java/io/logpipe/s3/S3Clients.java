package io.logpipe.s3;

import java.net.URI;
import java.time.Duration;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.checksums.RequestChecksumCalculation;
import software.amazon.awssdk.core.checksums.ResponseChecksumValidation;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.S3ClientBuilder;

/** An S3 client for AWS or any S3-compatible store (MinIO, Ceph, S3Proxy): endpoint, path-style, static keys or the default chain. */
public final class S3Clients {
    private S3Clients() {}

    /** No single request attempt (a PUT, one part) may take longer than this by default. */
    public static final Duration DEFAULT_ATTEMPT_TIMEOUT = Duration.ofMinutes(5);

    public static S3Client build(
            String region, String endpoint, boolean pathStyle, String accessKey, String secretKey) {
        return build(region, endpoint, pathStyle, accessKey, secretKey, DEFAULT_ATTEMPT_TIMEOUT);
    }

    /**
     * @param attemptTimeout longest one request attempt may take: a store that accepts the
     *     connection and then stops reading would otherwise hold an upload for ever (socket timeouts
     *     do not cover writes)
     */
    public static S3Client build(
            String region,
            String endpoint,
            boolean pathStyle,
            String accessKey,
            String secretKey,
            Duration attemptTimeout) {
        S3ClientBuilder b = S3Client.builder()
                .overrideConfiguration(c -> c.apiCallAttemptTimeout(attemptTimeout))
                .region(Region.of(region))
                // S3-compatible stores do not all speak the newer checksums
                .requestChecksumCalculation(RequestChecksumCalculation.WHEN_REQUIRED)
                .responseChecksumValidation(ResponseChecksumValidation.WHEN_REQUIRED)
                .forcePathStyle(pathStyle);
        if (endpoint != null && !endpoint.isBlank()) b.endpointOverride(URI.create(endpoint));
        b.credentialsProvider(
                accessKey != null && !accessKey.isBlank()
                        ? StaticCredentialsProvider.create(AwsBasicCredentials.create(accessKey, secretKey))
                        : DefaultCredentialsProvider.builder().build());
        return b.build();
    }
}
