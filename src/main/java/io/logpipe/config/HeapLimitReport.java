package io.logpipe.config;

import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.lang.management.ManagementFactory;
import java.util.List;
import org.jboss.logging.Logger;

/**
 * Says at start how much heap logpipe may use, and when nobody chose it: the JVM's default is a
 * quarter of the machine's memory (6 GB on a 24 GB host), which the heap then grows into under
 * load although logpipe's working set is small (docs/operations.md#memory).
 */
@ApplicationScoped
public class HeapLimitReport {
    private static final Logger LOG = Logger.getLogger(HeapLimitReport.class);
    private static final List<String> HEAP_FLAGS =
            List.of("-Xmx", "-XX:MaxHeapSize=", "-XX:MaxRAM=", "-XX:MaxRAMPercentage=", "-XX:MaxRAMFraction=");

    void report(@Observes StartupEvent start) {
        long mb = Runtime.getRuntime().maxMemory() >> 20;
        if (chosen(ManagementFactory.getRuntimeMXBean().getInputArguments())) {
            LOG.infof("heap limit %d MB", mb);
        } else {
            LOG.infof(
                    "heap limit %d MB, the JVM's default (a quarter of this machine's memory): logpipe's default"
                            + " pipeline runs in -Xmx192m (java -Xmx192m -jar ...; docs/operations.md#memory)",
                    mb);
        }
    }

    /** Whether the command line (or JDK_JAVA_OPTIONS / JAVA_TOOL_OPTIONS) sets the heap's size. */
    static boolean chosen(List<String> jvmArguments) {
        return jvmArguments.stream().anyMatch(a -> HEAP_FLAGS.stream().anyMatch(a::startsWith));
    }
}
