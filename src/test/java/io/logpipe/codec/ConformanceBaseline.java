package io.logpipe.codec;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import org.junit.jupiter.api.Assumptions;

/**
 * What every corpus conformance test shares: where ../shared/corpus is (the test is skipped,
 * saying so, when it is absent), the printed line per file, and the committed pass counts
 * (src/test/resources/conformance-baseline.properties) that a file may not fall below.
 */
public final class ConformanceBaseline {
    private final Properties baseline = new Properties();
    private final List<String> regressions = new ArrayList<>();

    public ConformanceBaseline() {
        try (InputStream in = ConformanceBaseline.class.getResourceAsStream("/conformance-baseline.properties")) {
            if (in != null) baseline.load(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** {@code ../shared/corpus/SUB} (or -Dlogpipe.corpus.dir); aborts the test, saying so, when it is not there. */
    public static Path corpus(String sub) {
        Path dir = Path.of(System.getProperty("logpipe.corpus.dir", "../shared/corpus"))
                .resolve(sub);
        if (!Files.isDirectory(dir)) {
            System.out.println(
                    "CONFORMANCE: corpus not found at " + dir.toAbsolutePath() + " -- " + sub + " conformance skipped");
            Assumptions.abort("corpus not found at " + dir.toAbsolutePath());
        }
        return dir;
    }

    /** Prints the file's result and a few failures (-Dcorpus.examples=N for more), and notes a fall below its baseline. */
    public void report(String key, int pass, int fail, String detail, List<String> failures) {
        System.out.printf(
                "CONFORMANCE %-45s pass %4d fail %4d%s%n",
                key, pass, fail, detail.isEmpty() ? "" : "  (" + detail + ")");
        for (String m : failures.subList(0, Math.min(Integer.getInteger("corpus.examples", 3), failures.size())))
            System.out.println("    e.g. " + m);
        int min = Integer.parseInt(baseline.getProperty(key, "0"));
        if (pass < min) regressions.add(key + ": " + pass + " < baseline " + min);
    }

    public void assertMet() {
        assertTrue(regressions.isEmpty(), "conformance fell below baseline: " + regressions);
    }
}
