package io.logpipe.codec.cloudtrail;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.logpipe.codec.ConformanceBaseline;
import io.logpipe.codec.DecodeContext;
import io.logpipe.event.LogEvent;
import io.logpipe.event.Source;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.Test;

/**
 * ../shared/corpus/cloudtrail: AWS's documented log files and events (record counts and event
 * names from the index), trailscraper's real gzip log file and its S3 key cases, foxsec's single
 * events. Printed per file and held to the committed baseline.
 */
class CloudTrailCorpusTest {
    static final ObjectMapper JSON = new ObjectMapper();
    static final DecodeContext CTX = new DecodeContext(
            Instant.parse("2026-11-22T10:00:00Z"), new Source(null, 0, "corpus", null), ZoneId.of("UTC"), false);

    record Tally(String file, int pass, int fail, List<String> failures) {}

    @Test
    void cloudTrailCorpusMeetsBaseline() throws IOException {
        Path dir = ConformanceBaseline.corpus("cloudtrail");
        ConformanceBaseline baseline = new ConformanceBaseline();
        for (Tally t : List.of(awsdocs(dir), trailscraper(dir), foxsec(dir))) {
            baseline.report("cloudtrail/" + t.file(), t.pass(), t.fail(), "", t.failures());
        }
        baseline.assertMet();
    }

    static List<LogEvent> decode(Path file) throws IOException {
        return new CloudTrailDecoder().decode(Files.readString(file), CTX);
    }

    static Tally awsdocs(Path dir) throws IOException {
        int pass = 0, fail = 0;
        List<String> failures = new ArrayList<>();
        for (String line : Files.readAllLines(dir.resolve("awsdocs-index.jsonl"))) {
            JsonNode row = JSON.readTree(line);
            List<LogEvent> events = decode(dir.resolve(row.get("file").asText()));
            String problem = switch (row.get("kind").asText()) {
                case "log_file" -> {
                    List<String> names = new ArrayList<>();
                    row.get("eventNames").forEach(n -> names.add(n.isNull() ? null : n.asText()));
                    List<String> ours =
                            events.stream().map(LogEvent::getMessage).toList();
                    boolean same = ours.size() == names.size();
                    // the index has null for Insights records, which logpipe names by insightDetails.eventName
                    for (int i = 0; same && i < names.size(); i++)
                        same = names.get(i) == null
                                ? ours.get(i) != null
                                : names.get(i).equals(ours.get(i));
                    yield events.size() == row.get("records").asInt()
                                    && same
                                    && events.stream().allMatch(e -> "cloudtrail".equals(e.getFormat()))
                            ? null
                            : "records " + ours + " "
                                    + (events.isEmpty() ? "" : events.get(0).getParseError()) + ", expected " + names;
                }
                // the index has no eventName for an Insights event (logpipe takes insightDetails.eventName) and for a
                // userIdentity fragment without eventTime (refused)
                case "single_event" ->
                    events.size() == 1
                                    && (row.get("eventName").isNull()
                                            ? "raw".equals(events.get(0).getFormat())
                                                    ? events.get(0)
                                                            .getParseError()
                                                            .contains("neither")
                                                    : events.get(0).getMessage() != null
                                            : row.get("eventName")
                                                    .asText()
                                                    .equals(events.get(0).getMessage()))
                            ? null
                            : "event " + events.get(0).getMessage() + " "
                                    + events.get(0).getParseError() + " (" + events.size() + " events)";
                case "digest_file" ->
                    events.size() == 1
                                    && "raw".equals(events.get(0).getFormat())
                                    && events.get(0).getParseError().contains("digest")
                            ? null
                            : "digest not refused";
                // lookup-events output holds events as JSON strings: not a log file, so refused, not guessed at
                default ->
                    events.size() == 1 && "raw".equals(events.get(0).getFormat())
                            ? null
                            : "accepted " + row.get("kind");
            };
            if (problem == null) pass++;
            else {
                fail++;
                failures.add(problem + " <- " + row.get("file").asText());
            }
        }
        return new Tally("awsdocs-index.jsonl", pass, fail, failures);
    }

    static Tally trailscraper(Path dir) throws IOException {
        int pass = 0, fail = 0;
        List<String> failures = new ArrayList<>();
        for (String line : Files.readAllLines(dir.resolve("trailscraper.jsonl"))) {
            JsonNode row = JSON.readTree(line);
            String problem;
            if (row.has("input_file")) {
                String name = row.get("input_file").asText();
                if (!name.endsWith(".gz")) continue; // trailscraper reads only gzip files; logpipe reads both
                List<LogEvent> events = new ArrayList<>();
                try (InputStream in = new GZIPInputStream(Files.newInputStream(dir.resolve(name)))) {
                    CloudTrailReader.read(in, CTX, events::add);
                } catch (CloudTrailReader.NotCloudTrail e) {
                    events.add(LogEvent.raw("", e.getMessage(), CTX.receivedAt(), null));
                }
                JsonNode expected = row.path("expect").path("records");
                List<String> diffs = new ArrayList<>();
                if (events.size() != expected.size())
                    diffs.add(events.size() + " records, expected " + expected.size());
                for (int i = 0; i < Math.min(events.size(), expected.size()); i++) {
                    JsonNode x = expected.get(i);
                    LogEvent e = events.get(i);
                    if (!x.get("eventSource").asText().equals(e.getApp())) diffs.add("app " + e.getApp());
                    if (!x.get("eventName").asText().equals(e.getMessage())) diffs.add("message " + e.getMessage());
                    if (!Instant.parse(x.get("eventTime").asText()).equals(e.getTimestamp()))
                        diffs.add("timestamp " + e.getTimestamp());
                }
                problem = diffs.isEmpty() ? null : String.join("; ", diffs);
            } else {
                String key = row.get("input").asText();
                boolean valid = row.get("valid").asBoolean();
                JsonNode when = row.path("expect").get("delivery_timestamp");
                problem = CloudTrailKeys.isLogFile(key) != valid
                        ? "isLogFile " + !valid
                        : when != null && !Instant.parse(when.asText()).equals(CloudTrailKeys.deliveredAt(key))
                                ? "delivered " + CloudTrailKeys.deliveredAt(key)
                                : null;
            }
            if (problem == null) pass++;
            else {
                fail++;
                failures.add(problem + " <- " + line.substring(0, Math.min(120, line.length())));
            }
        }
        return new Tally("trailscraper.jsonl", pass, fail, failures);
    }

    static Tally foxsec(Path dir) throws IOException {
        int pass = 0, fail = 0;
        List<String> failures = new ArrayList<>();
        Pattern ts = Pattern.compile("assertEquals\\(\"([^\"]+)\", e\\.getTimestamp\\(\\)\\.toString\\(\\)\\)");
        for (String line : Files.readAllLines(dir.resolve("foxsec-pipeline-parsertest.jsonl"))) {
            JsonNode row = JSON.readTree(line);
            String input = row.get("input").asText();
            JsonNode doc = JSON.readTree(input);
            // GCP-exported events carry the CloudTrail event in jsonPayload
            String text = doc.has("jsonPayload") ? doc.get("jsonPayload").toString() : input;
            List<LogEvent> events = new CloudTrailDecoder().decode(text, CTX);
            String problem =
                    events.size() == 1 && "cloudtrail".equals(events.get(0).getFormat())
                            ? null
                            : "decoded " + events.get(0).getParseError();
            if (problem == null) {
                // foxsec dates GCP-exported events by the export's timestamp, logpipe by eventTime
                for (JsonNode a : doc.has("jsonPayload")
                        ? JSON.createArrayNode()
                        : row.path("expect").path("java_assertions")) {
                    var m = ts.matcher(a.asText());
                    if (m.find()
                            && !Instant.parse(m.group(1)).equals(events.get(0).getTimestamp()))
                        problem = "timestamp " + events.get(0).getTimestamp() + " expected " + m.group(1);
                }
            }
            if (problem == null) pass++;
            else {
                fail++;
                failures.add(problem + " <- " + input.substring(0, Math.min(100, input.length())));
            }
        }
        return new Tally("foxsec-pipeline-parsertest.jsonl", pass, fail, failures);
    }

    @Test
    void recordsMapToTheContract() throws IOException {
        String doc =
                "{\"Records\":[{\"eventVersion\":\"1.08\",\"eventTime\":\"2026-11-22T08:00:01Z\",\"eventSource\":\"iam.amazonaws.com\",\"eventName\":\"CreateUser\","
                        + "\"recipientAccountId\":\"123456789012\",\"eventID\":\"e1\"},{\"eventTime\":\"2026-11-22T08:00:02Z\",\"eventSource\":\"s3.amazonaws.com\","
                        + "\"eventName\":\"GetObject\",\"errorCode\":\"AccessDenied\",\"userIdentity\":{\"accountId\":\"210987654321\"}}]}";
        List<LogEvent> events = new CloudTrailDecoder().decode(doc, CTX);
        assertEquals(2, events.size());
        LogEvent a = events.get(0);
        assertEquals(Instant.parse("2026-11-22T08:00:01Z"), a.getTimestamp());
        assertEquals("iam.amazonaws.com", a.getApp());
        assertEquals("CreateUser", a.getMessage());
        assertEquals("123456789012", a.getHost());
        assertEquals("e1", a.getProcid());
        assertEquals(6, a.getSeverityCode());
        assertEquals(4, events.get(1).getSeverityCode(), "a failed call is a warning");
        assertEquals("210987654321", events.get(1).getHost());
        LogEvent broken = new CloudTrailDecoder()
                .decode("{\"Records\":[{\"eventName\":", CTX)
                .get(0);
        assertEquals("raw", broken.getFormat());
        assertTrue(broken.getParseError().startsWith("cloudtrail: invalid JSON at line 1"), broken.getParseError());
    }
}
