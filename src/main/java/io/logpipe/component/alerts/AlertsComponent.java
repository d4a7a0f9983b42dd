package io.logpipe.component.alerts;

import io.logpipe.event.LogEvent;
import io.logpipe.queue.SinkQueues;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;
import org.apache.camel.Consumer;
import org.apache.camel.Endpoint;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;
import org.apache.camel.Producer;
import org.apache.camel.support.DefaultComponent;
import org.apache.camel.support.DefaultEndpoint;
import org.apache.camel.support.DefaultProducer;
import org.jboss.logging.Logger;

/**
 * {@code to: "alerts:rules"}: every event that reaches this step is evaluated by the alert rules
 * of {@code logpipe.alerts.dir} (one {@link AlertService} per application). The step never fails
 * the route: alerting trouble is logged, the event goes on.
 */
@org.apache.camel.spi.annotations.Component("alerts")
public class AlertsComponent extends DefaultComponent {
    private static final Logger LOG = Logger.getLogger(AlertsComponent.class);
    private AlertService service;

    @Override
    protected Endpoint createEndpoint(String uri, String remaining, Map<String, Object> parameters) throws Exception {
        Endpoint e = new DefaultEndpoint(uri, this) {
            @Override
            public Producer createProducer() {
                return new DefaultProducer(this) {
                    @Override
                    protected void doStart() throws Exception {
                        super.doStart();
                        service();
                    }

                    @Override
                    public void process(Exchange exchange) {
                        if (!(exchange.getMessage().getBody() instanceof LogEvent event)) return;
                        try {
                            service.onEvent(event);
                        } catch (RuntimeException ex) {
                            LOG.errorf(ex, "alerts: rule evaluation failed for an event");
                        }
                    }
                };
            }

            @Override
            public Consumer createConsumer(Processor processor) {
                throw new UnsupportedOperationException(
                        "alerts: is a step in 'to'; alerts go to the notifiers of the rule files");
            }
        };
        setProperties(e, parameters);
        return e;
    }

    private synchronized void service() throws IOException {
        if (service != null) return;
        var props = getCamelContext().getPropertiesComponent();
        Path dir = Path.of(props.resolveProperty("logpipe.alerts.dir").orElse("alerts"));
        service = new AlertService(getCamelContext(), dir, SinkQueues.dataDir(getCamelContext()), Clock.systemUTC());
    }

    @Override
    protected synchronized void doStop() throws Exception {
        if (service != null) service.close();
        service = null;
        super.doStop();
    }
}
