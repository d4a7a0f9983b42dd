package io.logpipe.s3;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.jclouds.blobstore.options.ListContainerOptions;

/** S3ProxyServer for tests outside this package (the end-to-end tests): a bucket "trail" of CloudTrail files. */
public final class S3ProxyAccess implements AutoCloseable {
    private final S3ProxyServer server;

    public S3ProxyAccess() throws Exception {
        server = new S3ProxyServer();
    }

    public String endpoint() {
        return server.endpoint;
    }

    public String accessKey() {
        return S3ProxyServer.ACCESS;
    }

    public String secretKey() {
        return S3ProxyServer.SECRET;
    }

    /** Puts a CloudTrail log file under its own name in the usual AWSLogs/... folder. */
    public void putLogFile(Path file) throws Exception {
        server.put(
                "trail",
                "AWSLogs/111111111111/CloudTrail/eu-central-1/2017/12/11/" + file.getFileName(),
                Files.readAllBytes(file));
    }

    /** An object of the bucket "trail" as text, or null. */
    public String get(String key) throws Exception {
        var blob = server.blobs.getBlob("trail", key);
        if (blob == null) return null;
        try (var in = blob.getPayload().openStream()) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    /** The keys of the bucket "trail" under {@code prefix}. */
    public List<String> keys(String prefix) {
        List<String> out = new ArrayList<>();
        for (var m : server.blobs.list(
                "trail", ListContainerOptions.Builder.prefix(prefix).recursive())) out.add(m.getName());
        return out;
    }

    /** Makes the bucket "trail" (empty). */
    public void createBucket() {
        if (!server.blobs.containerExists("trail")) server.blobs.createContainerInLocation(null, "trail");
    }

    /** Puts any object into the bucket "trail". */
    public void put(String key, byte[] content) throws Exception {
        server.put("trail", key, content);
    }

    @Override
    public void close() throws Exception {
        server.close();
    }
}
