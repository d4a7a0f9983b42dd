package io.logpipe.config;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class HeapLimitReportTest {
    @Test
    void aHeapFlagCountsAsChosen() {
        assertTrue(HeapLimitReport.chosen(List.of("-Dx=y", "-Xmx256m")));
        assertTrue(HeapLimitReport.chosen(List.of("-XX:MaxRAMPercentage=75")));
        assertTrue(HeapLimitReport.chosen(List.of("-XX:MaxHeapSize=268435456")));
    }

    @Test
    void otherFlagsLeaveTheJvmDefault() {
        assertFalse(HeapLimitReport.chosen(List.of()));
        assertFalse(HeapLimitReport.chosen(List.of("-Xms256m", "-XX:+UseParallelGC", "-Dlogpipe.data.dir=x")));
    }
}
