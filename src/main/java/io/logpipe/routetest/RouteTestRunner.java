package io.logpipe.routetest;

import io.logpipe.alert.EventMatcher;
import io.logpipe.codec.DecodeContext;
import io.logpipe.codec.Decoders;
import io.logpipe.codec.FrameDecoder;
import io.logpipe.codec.Guarded;
import io.logpipe.codec.json.JsonDecoder;
import io.logpipe.component.ingest.IngestEndpoint;
import io.logpipe.component.kafkaevents.KafkaEventsEndpoint;
import io.logpipe.component.rabbitmqevents.RabbitEventsEndpoint;
import io.logpipe.component.syslog.SyslogEndpoint;
import io.logpipe.config.Problem;
import io.logpipe.config.RouteValidator;
import io.logpipe.event.EventJson;
import io.logpipe.event.EventJsonReader;
import io.logpipe.event.LogEvent;
import io.logpipe.event.Source;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;
import org.apache.camel.CamelContext;
import org.apache.camel.Endpoint;
import org.apache.camel.Exchange;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.RoutesBuilder;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.model.ModelCamelContext;
import org.apache.camel.model.RouteDefinition;
import org.apache.camel.spi.Resource;
import org.apache.camel.support.PluginHelper;
import org.apache.camel.support.ResourceHelper;

/**
 * Runs route test cases against a directory of route files in a Camel context of their own: the
 * routes are loaded as written except that listeners and sinks are stood in for
 * ({@link RouteRewriter}), each input line is decoded the way the route's listener would decode it, and
 * what reached which sink is compared with the case's expectations.
 */
public final class RouteTestRunner {
    /** A case's outcome: no failures means it passed. */
    public record Outcome(RouteTestCase test, List<String> failures) {
        public boolean passed() {
            return failures.isEmpty();
        }
    }

    private final CamelContext camel;
    private final SinkRecorder recorder = new SinkRecorder();
    /** route id -> the URI its from had, for the decoder */
    private final Map<String, String> entries = new LinkedHashMap<>();

    private ProducerTemplate producer;

    public RouteTestRunner(CamelContext camel) {
        this.camel = camel;
        camel.addComponent(RecordingComponent.SCHEME, new RecordingComponent(recorder));
    }

    /** Loads and starts the route files under test; the route check ran before, so loading failures are rare and reported as such. */
    public List<Problem> load(List<Path> routeFiles) {
        List<Problem> problems = new ArrayList<>();
        RouteRewriter rewriter = new RouteRewriter(camel, recorder);
        List<RouteDefinition> routes = new ArrayList<>();
        for (Path file : routeFiles) {
            try {
                Resource resource = ResourceHelper.resolveMandatoryResource(camel, "file:" + file.toAbsolutePath());
                for (RoutesBuilder b : PluginHelper.getRoutesLoader(camel).findRoutesBuilders(resource)) {
                    if (!(b instanceof RouteBuilder rb)) continue;
                    rb.setCamelContext(camel);
                    rb.configure();
                    for (RouteDefinition r : rb.getRouteCollection().getRoutes()) {
                        entries.put(r.getRouteId(), rewriter.rewrite(r));
                        routes.add(r);
                    }
                }
            } catch (Exception e) {
                problems.add(new Problem(file.toString(), 0, "cannot load for testing: " + e.getMessage()));
            }
        }
        if (!problems.isEmpty()) return problems;
        try {
            ((ModelCamelContext) camel).addRouteDefinitions(routes);
        } catch (Exception e) {
            problems.add(new Problem(
                    routeFiles.isEmpty()
                            ? "routes"
                            : routeFiles.get(0).getParent().toString(),
                    0,
                    "routes under test did not start: " + e.getMessage()));
        }
        producer = camel.createProducerTemplate();
        return problems;
    }

    public Outcome run(RouteTestCase test) {
        List<String> failures = new ArrayList<>();
        String entryUri = entries.get(test.route());
        if (entryUri == null) {
            failures.add("no route '" + test.route() + "' in the routes under test (they are: "
                    + String.join(", ", entries.keySet()) + ")");
            return new Outcome(test, failures);
        }
        Function<String, LogEvent> decode;
        try {
            decode = decoderFor(test, entryUri);
        } catch (IllegalArgumentException e) {
            failures.add(e.getMessage());
            return new Outcome(test, failures);
        }
        String sendTo = RouteRewriter.scheme(entryUri).equals("direct")
                ? entryUri
                : RouteRewriter.scheme(entryUri).equals("seda")
                        ? camel.getRoute(test.route()).getEndpoint().getEndpointUri()
                        : RouteRewriter.ENTRY + test.route();
        recorder.takeAll();
        for (int i = 0; i < test.inputs().size(); i++) {
            String input = test.inputs().get(i);
            String which = test.inputs().size() > 1 ? "input " + (i + 1) + ": " : "";
            LogEvent event = decode.apply(input);
            Exchange done = producer.send(sendTo, ex -> ex.getIn().setBody(event));
            List<SinkRecorder.Sent> sent = recorder.takeAll();
            if (done.getException() != null) {
                failures.add(which + "the route failed: " + RouteValidator.rootCause(done.getException()));
                continue;
            }
            for (String f : check(test, sent)) failures.add(which + f);
        }
        return new Outcome(test, failures);
    }

    private Function<String, LogEvent> decoderFor(RouteTestCase test, String entryUri) {
        Source source = new Source("127.0.0.1", 0, test.route(), null);
        Instant received = test.receivedAt() != null ? test.receivedAt() : Instant.now();
        String format = test.format();
        if (format == null) {
            Endpoint listener = RouteRewriter.scheme(entryUri).equals("direct")
                            || RouteRewriter.scheme(entryUri).equals("seda")
                    ? null
                    : camel.getEndpoint(entryUri);
            if (listener instanceof SyslogEndpoint s)
                return lines(s.decoder(), s.zone(), s.isKeepRaw(), received, source);
            if (listener instanceof IngestEndpoint i)
                return lines(i.decoder(), ZoneId.systemDefault(), i.isKeepRaw(), received, source);
            if (listener instanceof KafkaEventsEndpoint || listener instanceof RabbitEventsEndpoint) format = "event";
            else if (listener == null) format = "auto";
            else
                throw new IllegalArgumentException("route '" + test.route() + "' listens on " + entryUri
                        + ", whose input is not text lines: give the test a format (event, json, "
                        + String.join(", ", Decoders.NAMES) + ")");
        }
        if (format.equals("event")) return EventJsonReader::read;
        FrameDecoder d = format.equals("json")
                ? Guarded.of(new JsonDecoder(JsonDecoder.Mapping.DEFAULT))
                : Decoders.frameDecoder(format);
        return lines(d, ZoneId.systemDefault(), false, received, source);
    }

    private static Function<String, LogEvent> lines(
            FrameDecoder d, ZoneId zone, boolean keepRaw, Instant received, Source source) {
        return line -> d.decodeOne(line, new DecodeContext(received, source, zone, keepRaw));
    }

    private static List<String> check(RouteTestCase test, List<SinkRecorder.Sent> sent) {
        List<String> failures = new ArrayList<>();
        List<String> reached =
                sent.stream().map(SinkRecorder.Sent::sink).distinct().toList();
        String reachedText = reached.isEmpty() ? "no sink" : String.join(", ", reached);
        if (test.dropped() && !sent.isEmpty())
            failures.add("expected the event to be dropped; it reached " + reachedText);
        for (String sink : test.reaches()) {
            if (sent.stream().noneMatch(s -> sameSink(sink, s.sink())))
                failures.add("expected it to reach " + sink + "; it reached " + reachedText);
        }
        for (String sink : test.avoids()) {
            if (sent.stream().anyMatch(s -> sameSink(sink, s.sink())))
                failures.add("expected it not to reach " + sink + "; it did");
        }
        if (!test.fields().isEmpty()) {
            List<SinkRecorder.Sent> checked = test.reaches().isEmpty()
                    ? sent
                    : sent.stream()
                            .filter(s -> sameSink(test.reaches().get(0), s.sink()))
                            .limit(1)
                            .toList();
            if (checked.isEmpty() && test.reaches().isEmpty())
                failures.add("it reached no sink, so there are no fields to check");
            for (SinkRecorder.Sent s : checked) {
                if (s.event() == null) {
                    failures.add(s.sink() + " was sent '" + s.body() + "', not an event");
                    continue;
                }
                boolean mismatch = false;
                for (Map.Entry<String, String> f : test.fields().entrySet()) {
                    String actual = value(s.event(), f.getKey());
                    if (!Objects.equals(f.getValue(), actual)) {
                        failures.add("at " + s.sink() + ": " + f.getKey() + " is " + quoted(actual) + ", expected "
                                + quoted(f.getValue()));
                        mismatch = true;
                    }
                }
                // the whole event once, so the fix is visible without a debugger
                if (mismatch) failures.add("the event at " + s.sink() + " was " + EventJson.toJson(s.event()));
            }
        }
        return failures;
    }

    /** {@code kafka-events:logs} names {@code kafka-events:logs?brokers=...} too: options are not part of a sink's name. */
    static boolean sameSink(String expected, String actual) {
        if (expected.equals(actual)) return true;
        int q = actual.indexOf('?');
        return q >= 0 && expected.equals(actual.substring(0, q));
    }

    /** An event's value by the names of the query API and alert rules, plus parse_error, timestamp and raw. */
    static String value(LogEvent e, String name) {
        return switch (name) {
            case "parse_error" -> e.getParseError();
            case "raw" -> e.getRaw();
            case "timestamp" ->
                e.getTimestamp() == null ? null : e.getTimestamp().toString();
            default -> EventMatcher.field(e, name);
        };
    }

    private static String quoted(String v) {
        return v == null ? "absent" : "'" + v + "'";
    }

    /** For processors from source: bind the compiled instances under their names before the routes load. */
    public void bind(Map<String, Object> beans) {
        beans.forEach((name, bean) -> camel.getRegistry().bind(name, bean));
    }
}
