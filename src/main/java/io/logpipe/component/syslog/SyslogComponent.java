package io.logpipe.component.syslog;

import java.util.Map;
import org.apache.camel.Endpoint;
import org.apache.camel.support.DefaultComponent;

/** {@code syslog:tcp?port=5514} and {@code syslog:udp?port=5514}: syslog listeners as Camel consumers. */
@org.apache.camel.spi.annotations.Component("syslog")
public class SyslogComponent extends DefaultComponent {
    @Override
    protected Endpoint createEndpoint(String uri, String remaining, Map<String, Object> parameters) throws Exception {
        SyslogEndpoint endpoint = new SyslogEndpoint(uri, this, SyslogEndpoint.protocol(remaining));
        setProperties(endpoint, parameters);
        endpoint.validate();
        return endpoint;
    }
}
