package io.logpipe.routetest;

import java.util.Map;
import org.apache.camel.Consumer;
import org.apache.camel.Endpoint;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;
import org.apache.camel.Producer;
import org.apache.camel.support.DefaultComponent;
import org.apache.camel.support.DefaultEndpoint;
import org.apache.camel.support.DefaultProducer;

/** {@code logpipe-test:N}: stands in for the N-th sink of the routes under test and records what it is sent. */
final class RecordingComponent extends DefaultComponent {
    static final String SCHEME = "logpipe-test";
    private final SinkRecorder recorder;

    RecordingComponent(SinkRecorder recorder) {
        this.recorder = recorder;
    }

    @Override
    protected Endpoint createEndpoint(String uri, String remaining, Map<String, Object> parameters) {
        int sink = Integer.parseInt(remaining);
        return new DefaultEndpoint(uri, this) {
            @Override
            public Producer createProducer() {
                return new DefaultProducer(this) {
                    @Override
                    public void process(Exchange exchange) {
                        recorder.record(sink, exchange.getIn().getBody());
                    }
                };
            }

            @Override
            public Consumer createConsumer(Processor processor) {
                throw new UnsupportedOperationException("a recorded sink has no consumer");
            }
        };
    }
}
