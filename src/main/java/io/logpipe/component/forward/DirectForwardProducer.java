package io.logpipe.component.forward;

import io.logpipe.codec.encode.EventEncoder;
import io.logpipe.event.LogEvent;
import io.logpipe.metrics.SinkMetrics;
import java.io.IOException;
import org.apache.camel.Exchange;
import org.apache.camel.support.DefaultProducer;

/** {@code queue=none}: sends each event before the route goes on; a failed send fails the exchange. */
final class DirectForwardProducer extends DefaultProducer {
    private final SinkMetrics metrics;
    private final SyslogSender sender;
    private final EventEncoder encoder;

    DirectForwardProducer(ForwardComponent.ForwardEndpoint endpoint, SinkMetrics metrics) throws IOException {
        super(endpoint);
        this.metrics = metrics;
        this.sender = endpoint.newSender();
        this.encoder = EventEncoder.of(endpoint.getFormat());
    }

    @Override
    public void process(Exchange exchange) throws IOException {
        if (!(exchange.getMessage().getBody() instanceof LogEvent e)) {
            metrics.dropped("not_an_event").increment();
            throw new IllegalArgumentException("forward: body is not a LogEvent");
        }
        try {
            sender.send(encoder.encode(e));
            metrics.delivered.increment();
        } catch (IOException ex) {
            metrics.dropped("io_error").increment();
            throw ex;
        }
    }

    @Override
    protected void doStop() throws Exception {
        sender.close();
        super.doStop();
    }
}
