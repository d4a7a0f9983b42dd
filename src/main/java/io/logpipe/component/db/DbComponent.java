package io.logpipe.component.db;

import io.logpipe.store.EventStore;
import io.quarkus.arc.Arc;
import java.util.Map;
import org.apache.camel.Endpoint;
import org.apache.camel.support.DefaultComponent;

/**
 * {@code db:events?batchSize=1000}: stores events in the event database ({@code logpipe.db.url};
 * embedded H2 by default). The path names the sink in metrics and logs.
 */
@org.apache.camel.spi.annotations.Component("db")
public class DbComponent extends DefaultComponent {
    @Override
    protected Endpoint createEndpoint(String uri, String remaining, Map<String, Object> parameters) throws Exception {
        DbEndpoint endpoint = new DbEndpoint(uri, this, remaining);
        setProperties(endpoint, parameters);
        endpoint.check();
        if (!endpoint.durable() && store().isLucene()) {
            throw new IllegalArgumentException(
                    "db: queue=memory writes through JDBC; with logpipe.store=lucene use the durable queue (the default)");
        }
        return endpoint;
    }

    EventStore store() {
        return Arc.container().instance(EventStore.class).get();
    }
}
