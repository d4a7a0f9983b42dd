package io.logpipe.s3;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.AbortMultipartUploadRequest;
import software.amazon.awssdk.services.s3.model.CompleteMultipartUploadRequest;
import software.amazon.awssdk.services.s3.model.CompletedMultipartUpload;
import software.amazon.awssdk.services.s3.model.CompletedPart;
import software.amazon.awssdk.services.s3.model.CreateMultipartUploadRequest;
import software.amazon.awssdk.services.s3.model.PutObjectRequest;
import software.amazon.awssdk.services.s3.model.StorageClass;
import software.amazon.awssdk.services.s3.model.UploadPartRequest;

/**
 * Uploads a gzipped NDJSON file as one object: a single PUT up to {@code multipartThreshold},
 * a multipart upload of {@code partSize} parts above it (aborted if any part fails, so the object
 * appears complete or not at all).
 */
public final class S3Uploads {
    private S3Uploads() {}

    /** @param storageClass null for the bucket's default */
    public static void upload(
            S3Client s3,
            String bucket,
            String key,
            Path gz,
            long multipartThreshold,
            int partSize,
            StorageClass storageClass)
            throws IOException {
        if (Files.size(gz) <= multipartThreshold) {
            s3.putObject(
                    PutObjectRequest.builder()
                            .bucket(bucket)
                            .key(key)
                            .storageClass(storageClass)
                            .contentType("application/x-ndjson")
                            .contentEncoding("gzip")
                            .build(),
                    RequestBody.fromFile(gz));
            return;
        }
        String uploadId = s3.createMultipartUpload(CreateMultipartUploadRequest.builder()
                        .bucket(bucket)
                        .key(key)
                        .storageClass(storageClass)
                        .contentType("application/x-ndjson")
                        .contentEncoding("gzip")
                        .build())
                .uploadId();
        try (InputStream in = Files.newInputStream(gz)) {
            List<CompletedPart> parts = new ArrayList<>();
            byte[] buf = new byte[partSize];
            for (int part = 1; ; part++) {
                int n = in.readNBytes(buf, 0, buf.length);
                if (n == 0) break;
                String etag = s3.uploadPart(
                                UploadPartRequest.builder()
                                        .bucket(bucket)
                                        .key(key)
                                        .uploadId(uploadId)
                                        .partNumber(part)
                                        .build(),
                                RequestBody.fromBytes(n == buf.length ? buf : Arrays.copyOf(buf, n)))
                        .eTag();
                parts.add(CompletedPart.builder().partNumber(part).eTag(etag).build());
                if (n < buf.length) break;
            }
            s3.completeMultipartUpload(CompleteMultipartUploadRequest.builder()
                    .bucket(bucket)
                    .key(key)
                    .uploadId(uploadId)
                    .multipartUpload(
                            CompletedMultipartUpload.builder().parts(parts).build())
                    .build());
        } catch (RuntimeException | IOException e) {
            try {
                s3.abortMultipartUpload(AbortMultipartUploadRequest.builder()
                        .bucket(bucket)
                        .key(key)
                        .uploadId(uploadId)
                        .build());
            } catch (RuntimeException ignored) {
                // the store's lifecycle rules clean up incomplete uploads
            }
            throw e;
        }
    }
}
