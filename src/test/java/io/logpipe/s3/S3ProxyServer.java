package io.logpipe.s3;

import java.net.ServerSocket;
import java.net.URI;
import java.util.Properties;
import org.eclipse.jetty.util.component.AbstractLifeCycle;
import org.gaul.s3proxy.AuthenticationType;
import org.gaul.s3proxy.S3Proxy;
import org.jclouds.ContextBuilder;
import org.jclouds.blobstore.BlobStore;
import org.jclouds.blobstore.BlobStoreContext;

/** An in-process S3 (S3Proxy over jclouds' in-memory blob store) on a free port, with AWS v4 signatures checked. */
public final class S3ProxyServer implements AutoCloseable {
    public static final String ACCESS = "logpipe-access";
    public static final String SECRET = "logpipe-secret";

    private S3Proxy proxy;
    public final BlobStore blobs;
    public final String endpoint;

    public S3ProxyServer() throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        BlobStoreContext context = ContextBuilder.newBuilder("transient")
                .credentials("identity", "credential")
                .overrides(new Properties())
                .build(BlobStoreContext.class);
        blobs = context.getBlobStore();
        endpoint = "http://127.0.0.1:" + port;
        start();
    }

    /** Serves the same blob store again at the same address (after {@link #stop()}): an outage and its end. */
    public void start() throws Exception {
        proxy = S3Proxy.builder()
                .blobStore(blobs)
                .endpoint(URI.create(endpoint))
                .awsAuthentication(AuthenticationType.AWS_V2_OR_V4, ACCESS, SECRET)
                .build();
        proxy.start();
        while (!AbstractLifeCycle.STARTED.equals(proxy.getState())) Thread.sleep(10);
    }

    public void stop() throws Exception {
        proxy.stop();
    }

    public void put(String bucket, String key, byte[] data) {
        if (!blobs.containerExists(bucket)) blobs.createContainerInLocation(null, bucket);
        blobs.putBlob(
                bucket,
                blobs.blobBuilder(key)
                        .payload(data)
                        .contentLength((long) data.length)
                        .build());
    }

    public boolean exists(String bucket, String key) {
        return blobs.blobExists(bucket, key);
    }

    @Override
    public void close() throws Exception {
        proxy.stop();
    }
}
