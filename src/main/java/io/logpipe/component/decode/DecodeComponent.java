package io.logpipe.component.decode;

import io.logpipe.codec.DecodeContext;
import io.logpipe.codec.Decoders;
import io.logpipe.codec.FrameDecoder;
import io.logpipe.event.LogEvent;
import io.logpipe.event.Source;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;
import org.apache.camel.Consumer;
import org.apache.camel.Endpoint;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;
import org.apache.camel.Producer;
import org.apache.camel.support.DefaultComponent;
import org.apache.camel.support.DefaultEndpoint;
import org.apache.camel.support.DefaultProducer;

/**
 * {@code to: "decode:mozlog"}: turns a text body (String or bytes, e.g. a Kafka record's value)
 * into a {@link LogEvent} with one of the listener formats, for sources that are not logpipe's own
 * listeners. Input that does not decode becomes a raw event with parse_error, as everywhere.
 */
@org.apache.camel.spi.annotations.Component("decode")
public class DecodeComponent extends DefaultComponent {
    @Override
    protected Endpoint createEndpoint(String uri, String remaining, Map<String, Object> parameters) {
        if (Decoders.frameDecoder(remaining) == null) {
            throw new IllegalArgumentException(
                    "decode: format must be one of " + String.join(", ", Decoders.NAMES) + ", not '" + remaining + "'");
        }
        return new DecodeEndpoint(uri, this, remaining);
    }

    static final class DecodeEndpoint extends DefaultEndpoint {
        private final String format;

        DecodeEndpoint(String uri, DecodeComponent component, String format) {
            super(uri, component);
            this.format = format;
        }

        @Override
        public Producer createProducer() {
            FrameDecoder decoder = Decoders.frameDecoder(format);
            return new DefaultProducer(this) {
                @Override
                public void process(Exchange exchange) {
                    Object body = exchange.getMessage().getBody();
                    String text = body instanceof byte[] b
                            ? new String(b, StandardCharsets.UTF_8)
                            : body == null ? "" : body.toString();
                    String route = exchange.getFromRouteId();
                    DecodeContext ctx =
                            new DecodeContext(Instant.now(), new Source(null, 0, route, null), ZoneOffset.UTC, false);
                    exchange.getMessage().setBody(decoder.decodeOne(text, ctx));
                }
            };
        }

        @Override
        public Consumer createConsumer(Processor processor) {
            throw new UnsupportedOperationException("decode: is a step; use it in 'to'");
        }
    }
}
