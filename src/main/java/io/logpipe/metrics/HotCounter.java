package io.logpipe.metrics;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Metrics;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/**
 * A counter incremented for every event: a {@link LongAdder} the registry reads when it is
 * scraped ({@link FunctionCounter}, exported as {@code *_total} like a Counter). A registered
 * Counter in Micrometer's global composite registry walks its children on every increment, which
 * JFR showed as a tenth of W1's CPU. One instance per name and tags for the life of the process,
 * so a route reloaded keeps counting on.
 */
public final class HotCounter {
    private static final Map<String, HotCounter> ALL = new ConcurrentHashMap<>();

    private final LongAdder adder = new LongAdder();

    private HotCounter() {}

    /** @param tags name, value, name, value... */
    public static HotCounter of(String name, String description, String... tags) {
        Map<String, String> sorted = new TreeMap<>();
        for (int i = 0; i + 1 < tags.length; i += 2) sorted.put(tags[i], tags[i + 1]);
        return ALL.computeIfAbsent(name + sorted, k -> {
            HotCounter c = new HotCounter();
            FunctionCounter.builder(name, c.adder, LongAdder::doubleValue)
                    .description(description)
                    .tags(tags)
                    .register(Metrics.globalRegistry);
            return c;
        });
    }

    public void increment() {
        adder.increment();
    }

    public void increment(long n) {
        adder.add(n);
    }

    public long count() {
        return adder.sum();
    }
}
