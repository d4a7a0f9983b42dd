package io.logpipe.codec;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.logpipe.codec.syslog.SyslogDecoder;
import io.logpipe.event.LogEvent;
import io.logpipe.event.Source;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Runs the decoders over ../shared/corpus/{rfc3164,rfc5424} and prints pass/fail per file. A file
 * may not fall below its committed baseline (src/test/resources/conformance-baseline.properties).
 * Each source names fields its own way; {@link CorpusExpectations} maps them to ours.
 */
class CorpusConformanceTest {
    static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void syslogCorpusMeetsBaseline() throws IOException {
        ConformanceBaseline baseline = new ConformanceBaseline();
        for (String sub : List.of("rfc3164", "rfc5424")) {
            List<Path> files;
            try (Stream<Path> s = Files.list(ConformanceBaseline.corpus(sub))) {
                files = s.filter(p -> p.toString().endsWith(".jsonl")).sorted().toList();
            }
            for (Path f : files) {
                Tally t = run(f);
                baseline.report(
                        sub + "/" + f.getFileName(),
                        t.pass,
                        t.fail,
                        String.format(
                                "valid rows parsed %d/%d; invalid rows kept raw %d/%d",
                                t.validOk, t.valid, t.invalidRaw, t.invalid),
                        t.failures);
            }
        }
        baseline.assertMet();
    }

    static final class Tally {
        int pass, fail, valid, validOk, invalid, invalidRaw;
        final List<String> failures = new ArrayList<>();
    }

    static Tally run(Path file) throws IOException {
        Tally t = new Tally();
        boolean syslogNg = file.getFileName().toString().startsWith("syslog-ng-msgparse");
        // syslog-ng's tables run under TZ=MET-1METDST with a fake "now" of 2019-02-08T08:37:49Z
        ZoneId zone = syslogNg ? ZoneId.of("CET") : ZoneId.of("UTC");
        Instant now =
                syslogNg ? Instant.ofEpochSecond(1549615069L, 123_000_000) : Instant.parse("2026-06-15T12:00:00Z");
        SyslogDecoder decoder = new SyslogDecoder(SyslogDecoder.Mode.AUTO);
        for (String line : Files.readAllLines(file)) {
            if (line.isBlank()) continue;
            JsonNode row = JSON.readTree(line);
            if (!row.hasNonNull("input")
                    || "sd_only".equals(row.path("input_kind").asText(null))) continue;
            String input = row.get("input").asText();
            JsonNode valid = row.get("valid");
            DecodeContext ctx = new DecodeContext(now, new Source("192.0.2.9", 514, "corpus", null), zone, true);
            LogEvent e;
            try {
                e = decoder.decodeOne(input, ctx);
            } catch (RuntimeException ex) {
                t.fail++;
                t.failures.add("threw " + ex + " on " + input);
                continue;
            }
            String problem;
            if (valid != null && valid.isBoolean() && !valid.asBoolean()) {
                t.invalid++;
                boolean raw = "raw".equals(e.getFormat());
                if (raw) t.invalidRaw++;
                problem = input.equals(e.getRaw()) ? null : "raw text not kept";
            } else if (valid != null && valid.isBoolean()) {
                t.valid++;
                problem = "raw".equals(e.getFormat())
                        ? "rejected: " + e.getParseError()
                        : CorpusExpectations.mismatch(file.getFileName().toString(), row.get("expect"), e);
                if (problem == null) t.validOk++;
            } else {
                problem = null; // no verdict from the source: it must only not throw
            }
            if (problem == null) t.pass++;
            else {
                t.fail++;
                t.failures.add(problem + " <- " + input.substring(0, Math.min(120, input.length())));
            }
        }
        return t;
    }
}
