package io.logpipe.listener.cloudtrail;

import java.nio.file.Files;
import java.nio.file.Path;

/** S3ProxyServer for tests outside this package (the end-to-end tests): a bucket "trail" of CloudTrail files. */
public final class S3ProxyAccess implements AutoCloseable {
    private final S3ProxyServer server;

    public S3ProxyAccess() throws Exception {
        server = new S3ProxyServer();
    }

    public String endpoint() { return server.endpoint; }

    public String accessKey() { return S3ProxyServer.ACCESS; }

    public String secretKey() { return S3ProxyServer.SECRET; }

    /** Puts a CloudTrail log file under its own name in the usual AWSLogs/... folder. */
    public void putLogFile(Path file) throws Exception {
        server.put("trail", "AWSLogs/111111111111/CloudTrail/eu-central-1/2017/12/11/" + file.getFileName(), Files.readAllBytes(file));
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
