package io.logpipe.extend;

import io.logpipe.codec.DecodeContext;
import io.logpipe.codec.Decoders;
import io.logpipe.event.EventJsonReader;
import io.logpipe.event.LogEvent;
import io.logpipe.event.Source;
import java.time.Instant;
import java.time.ZoneOffset;
import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.support.DefaultExchange;

/**
 * Unit tests for custom processors (public API, like {@link LogEvent}): an event in, the event out,
 * the way a route hands it over, without starting logpipe.
 *
 * <pre>{@code
 * try (ProcessorHarness h = new ProcessorHarness()) {
 *     ProcessorHarness.Result r = h.run(new TagSite(), ProcessorHarness.syslog("<14>Oct 11 22:14:15 web1 nginx: up"));
 *     assertEquals("ams", r.event().getFields().get("site"));
 *     assertFalse(r.dropped());
 * }
 * }</pre>
 */
public final class ProcessorHarness implements AutoCloseable {
    /** The receive time {@link #syslog(String)} gives events, so tests do not depend on the date. */
    public static final Instant RECEIVED = Instant.parse("2026-01-15T12:00:00Z");

    private final CamelContext camel = new DefaultCamelContext();

    public ProcessorHarness() {
        camel.start();
    }

    /**
     * What the processor did with the event: {@code event} is the body afterwards (the same object
     * changed, or a new one); {@code dropped} when it stopped the route ({@code exchange.setRouteStop(true)});
     * {@code failure} when it threw or set an exception; {@code exchange} for headers and properties.
     */
    public record Result(LogEvent event, boolean dropped, Exception failure, Exchange exchange) {}

    /** Runs {@code processor} on {@code event} in an exchange of this harness's Camel context. */
    public Result run(Processor processor, LogEvent event) {
        Exchange exchange = new DefaultExchange(camel);
        exchange.getIn().setBody(event);
        try {
            processor.process(exchange);
        } catch (Exception e) {
            exchange.setException(e);
        }
        return new Result(
                exchange.getMessage().getBody(LogEvent.class),
                exchange.isRouteStop(),
                exchange.getException(),
                exchange);
    }

    /** Beans a processor looks up ({@code exchange.getContext().getRegistry()}), as a route file's {@code beans:} would bind them. */
    public ProcessorHarness bind(String name, Object bean) {
        camel.getRegistry().bind(name, bean);
        return this;
    }

    public CamelContext camelContext() {
        return camel;
    }

    /** A syslog line decoded as the {@code syslog:} listener does by default (RFC5424 or RFC3164, detected), received at {@link #RECEIVED} from 192.0.2.1 (zone UTC). */
    public static LogEvent syslog(String line) {
        return Decoders.frameDecoder("auto")
                .decodeOne(
                        line,
                        new DecodeContext(RECEIVED, new Source("192.0.2.1", 514, "test", null), ZoneOffset.UTC, false));
    }

    /** An event from its contract JSON (as the query API and {@code logfile:...?template=json} write it). */
    public static LogEvent event(String json) {
        return EventJsonReader.read(json);
    }

    @Override
    public void close() {
        camel.stop();
    }
}
