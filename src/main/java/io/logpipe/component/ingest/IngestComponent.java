package io.logpipe.component.ingest;

import java.util.Map;
import org.apache.camel.Endpoint;
import org.apache.camel.support.DefaultComponent;

/**
 * {@code ingest:NAME?format=json}: events POSTed to {@code /api/v1/ingest/NAME} (NDJSON, one
 * object per line) enter the route that starts with this endpoint. {@code ingest:json} also
 * answers {@code /api/v1/ingest}.
 */
@org.apache.camel.spi.annotations.Component("ingest")
public class IngestComponent extends DefaultComponent {
    @Override
    protected Endpoint createEndpoint(String uri, String remaining, Map<String, Object> parameters) throws Exception {
        IngestEndpoint endpoint = new IngestEndpoint(uri, this, remaining);
        setProperties(endpoint, parameters);
        endpoint.validate();
        return endpoint;
    }
}
