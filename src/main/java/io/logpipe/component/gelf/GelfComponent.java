package io.logpipe.component.gelf;

import io.logpipe.component.syslog.SyslogEndpoint;
import io.logpipe.component.syslog.SyslogServer;
import java.util.Map;
import org.apache.camel.Endpoint;
import org.apache.camel.support.DefaultComponent;

/**
 * {@code gelf:udp?port=12201} and {@code gelf:tcp?port=12201}: Graylog's GELF inputs. UDP takes
 * whole, gzip, zlib and chunked datagrams; TCP takes NUL-terminated (or newline) JSON. The options
 * are the syslog listener's (ACL, rate limits, TLS on TCP, maxFrameSize as the largest message after
 * decompression); the format is {@code gelf}.
 */
@org.apache.camel.spi.annotations.Component("gelf")
public class GelfComponent extends DefaultComponent {
    public static final int DEFAULT_PORT = 12201;

    @Override
    protected Endpoint createEndpoint(String uri, String remaining, Map<String, Object> parameters) throws Exception {
        SyslogServer.Protocol protocol = SyslogEndpoint.protocol(remaining);
        if (protocol == SyslogServer.Protocol.RELP)
            throw new IllegalArgumentException("gelf listener protocol must be tcp or udp, not '" + remaining + "'");
        SyslogEndpoint endpoint = new SyslogEndpoint(uri, this, protocol, "gelf", DEFAULT_PORT);
        setProperties(endpoint, parameters);
        if (!"gelf".equals(endpoint.getFormat()))
            throw new IllegalArgumentException(
                    "gelf: listeners decode GELF; for another format use syslog:" + remaining);
        endpoint.validate();
        return endpoint;
    }
}
