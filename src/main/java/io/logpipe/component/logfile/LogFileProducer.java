package io.logpipe.component.logfile;

import io.logpipe.event.LogEvent;
import io.logpipe.metrics.SinkMetrics;
import io.logpipe.template.EventTemplate;
import io.logpipe.template.PathSanitizer;
import io.micrometer.core.instrument.Counter;
import java.io.IOException;
import java.util.function.UnaryOperator;
import org.apache.camel.Exchange;
import org.apache.camel.support.DefaultProducer;

/**
 * Renders each event's path and line and appends it. A line that cannot be written (disk full, a
 * path that leaves the data directory) is counted by reason and reported, but not raised: the
 * event may already be in other sinks, and a route failure would make the sender send it again to
 * all of them. Control characters are escaped unless the sink says otherwise.
 */
class LogFileProducer extends DefaultProducer {
    private static final ThreadLocal<StringBuilder> LINE = ThreadLocal.withInitial(() -> new StringBuilder(512));

    private final FileSinkWriter writer;
    private final EventTemplate path;
    private final String staticPath;
    private final EventTemplate line;
    private final UnaryOperator<String> values;
    private final SinkMetrics metrics;
    private final Counter escaped;
    private final Counter ioErrors;
    private final Counter notEvents;
    private final SizeRotation rotation;

    LogFileProducer(
            LogFileEndpoint endpoint,
            FileSinkWriter writer,
            EventTemplate path,
            EventTemplate line,
            SinkMetrics metrics) {
        super(endpoint);
        this.values = endpoint.isEscapeControlCharacters() ? EventTemplate.ESCAPED : EventTemplate.AS_IS;
        this.writer = writer;
        this.path = path;
        this.staticPath = path.isConstant() ? path.render(null, EventTemplate.AS_IS) : null;
        this.line = line;
        this.metrics = metrics;
        this.escaped = metrics.dropped("path_escape");
        this.ioErrors = metrics.dropped("io_error");
        this.notEvents = metrics.dropped("not_an_event");
        this.rotation = endpoint.rotation();
    }

    @Override
    public void process(Exchange exchange) throws Exception {
        Object body = exchange.getMessage().getBody();
        if (!(body instanceof LogEvent e)) {
            notEvents.increment();
            throw new IllegalArgumentException("logfile: body is "
                    + (body == null ? "null" : body.getClass().getName()) + ", not a LogEvent");
        }
        String file =
                staticPath != null ? staticPath : PathSanitizer.limitSegments(path.render(e, PathSanitizer.INSTANCE));
        StringBuilder sb = LINE.get();
        sb.setLength(0);
        line.render(e, sb, values);
        try {
            writer.append(file, sb, rotation);
        } catch (FileSinkWriter.EscapeException ex) {
            escaped.increment();
            return;
        } catch (IOException ex) {
            ioErrors.increment(); // FileSinkWriter reported it to Problems (readiness, one warning)
            return;
        }
        metrics.delivered.increment();
    }
}
