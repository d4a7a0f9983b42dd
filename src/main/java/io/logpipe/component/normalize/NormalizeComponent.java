package io.logpipe.component.normalize;

import io.logpipe.event.LogEvent;
import io.logpipe.normalize.Normalizer;
import io.logpipe.normalize.Rulebase;
import io.logpipe.normalize.RulebaseDirectory;
import io.logpipe.normalize.Rulebases;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Metrics;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
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
 * {@code to: "normalize:sshd,sudo"}: the rulebases of {@code logpipe.rules.dir} turn the event's
 * message into {@code fields.<capture>}; the first rulebase with a matching rule wins. An event none
 * matches goes on unchanged and is counted as unmatched. The rulebases are looked up per event, so a
 * reload applies at once.
 */
@org.apache.camel.spi.annotations.Component("normalize")
public class NormalizeComponent extends DefaultComponent {
    @Override
    protected Endpoint createEndpoint(String uri, String remaining, Map<String, Object> parameters) {
        List<String> names = Arrays.stream(remaining.split(","))
                .map(String::strip)
                .filter(s -> !s.isEmpty())
                .toList();
        RulebaseDirectory dir = RulebaseDirectory.of(rulesDir());
        if (names.isEmpty())
            throw new IllegalArgumentException("normalize: name one or more rulebases, e.g. normalize:sshd (in "
                    + dir.dir() + ": " + known(dir) + ")");
        for (String n : names) {
            if (dir.rulebases().get(n) == null) {
                throw new IllegalArgumentException(
                        "normalize: no rulebase '" + n + "' in " + dir.dir() + " (there: " + known(dir) + ")"
                                + (dir.lastError() == null ? "" : "; the files were refused: " + dir.lastError()));
            }
        }
        return new NormalizeEndpoint(uri, this, dir, names);
    }

    private Path rulesDir() {
        return Path.of(getCamelContext()
                .getPropertiesComponent()
                .resolveProperty("logpipe.rules.dir")
                .orElse("rules"));
    }

    private static String known(RulebaseDirectory dir) {
        return dir.rulebases().names().isEmpty()
                ? "none"
                : String.join(", ", dir.rulebases().names());
    }

    static final class NormalizeEndpoint extends DefaultEndpoint {
        private final RulebaseDirectory dir;
        private final List<String> names;

        NormalizeEndpoint(String uri, NormalizeComponent component, RulebaseDirectory dir, List<String> names) {
            super(uri, component);
            this.dir = dir;
            this.names = names;
        }

        @Override
        public Producer createProducer() {
            return new NormalizeProducer(this, dir, names);
        }

        @Override
        public Consumer createConsumer(Processor processor) {
            throw new UnsupportedOperationException("normalize: is a step; use it in 'to'");
        }
    }

    /** Counters: {@code logpipe_normalize_events_total{rulebase, result=matched|unmatched}}. */
    static final class NormalizeProducer extends DefaultProducer {
        private final RulebaseDirectory dir;
        private final List<String> names;
        private final Map<String, Counter> matched = new HashMap<>();
        private final Counter unmatched;
        /** the step's rulebases resolved in one set; replaced whole, so concurrent callers see a consistent pair */
        private record Resolved(Rulebases from, List<Rulebase> list) {}

        private volatile Resolved resolved = new Resolved(null, List.of());

        NormalizeProducer(NormalizeEndpoint endpoint, RulebaseDirectory dir, List<String> names) {
            super(endpoint);
            this.dir = dir;
            this.names = names;
            for (String n : names) matched.put(n, counter(n, "matched"));
            unmatched = counter(String.join(",", names), "unmatched");
        }

        private static Counter counter(String rulebase, String result) {
            return Counter.builder("logpipe.normalize.events")
                    .description("events a normalize: step looked at, by rulebase and whether a rule matched")
                    .tag("rulebase", rulebase)
                    .tag("result", result)
                    .register(Metrics.globalRegistry);
        }

        @Override
        public void process(Exchange exchange) {
            if (!(exchange.getMessage().getBody() instanceof LogEvent e)) return;
            Rulebase hit = Normalizer.apply(e, current());
            if (hit == null) unmatched.increment();
            else matched.get(hit.name()).increment();
        }

        /** The step's rulebases in the set now in force (a rulebase removed by a reload is skipped). */
        private List<Rulebase> current() {
            Rulebases now = dir.rulebases();
            Resolved r = resolved;
            if (r.from() != now) {
                List<Rulebase> next = new ArrayList<>();
                for (String n : names) if (now.get(n) != null) next.add(now.get(n));
                r = new Resolved(now, List.copyOf(next));
                resolved = r;
            }
            return r.list();
        }
    }
}
