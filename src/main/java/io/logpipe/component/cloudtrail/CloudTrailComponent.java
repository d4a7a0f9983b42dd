package io.logpipe.component.cloudtrail;

import java.util.Map;
import org.apache.camel.Endpoint;
import org.apache.camel.support.DefaultComponent;

/** {@code cloudtrail:BUCKET?prefix=AWSLogs/}: CloudTrail log files polled from S3 (or an S3-compatible store), one event per record. */
@org.apache.camel.spi.annotations.Component("cloudtrail")
public class CloudTrailComponent extends DefaultComponent {
    /** The log files this scheme polls. */
    protected CloudTrailPoller.Kind kind() {
        return CloudTrailPoller.Kind.CLOUDTRAIL;
    }

    @Override
    protected Endpoint createEndpoint(String uri, String remaining, Map<String, Object> parameters) throws Exception {
        CloudTrailEndpoint endpoint = new CloudTrailEndpoint(uri, this, remaining, kind());
        setProperties(endpoint, parameters);
        endpoint.check();
        return endpoint;
    }

    String dataDir() {
        return getCamelContext()
                .getPropertiesComponent()
                .resolveProperty("logpipe.data.dir")
                .orElse("data");
    }
}
