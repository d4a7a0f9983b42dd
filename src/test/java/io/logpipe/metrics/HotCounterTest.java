package io.logpipe.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Metrics;
import org.junit.jupiter.api.Test;

class HotCounterTest {
    @Test
    void theRegistryReadsWhatWasCountedAndARecreatedCounterCountsOn() {
        HotCounter c = HotCounter.of("logpipe.test.hot", "a test counter", "listener", "hot-1", "reason", "x");
        c.increment();
        c.increment(41);
        FunctionCounter exported = Metrics.globalRegistry
                .find("logpipe.test.hot")
                .tag("listener", "hot-1")
                .functionCounter();
        assertEquals(42.0, exported.count());
        // a reloaded route asks again, tags in another order: the same counter
        HotCounter again = HotCounter.of("logpipe.test.hot", "a test counter", "reason", "x", "listener", "hot-1");
        assertSame(c, again);
        again.increment();
        assertEquals(43.0, exported.count());
        assertEquals(43, c.count());
    }
}
