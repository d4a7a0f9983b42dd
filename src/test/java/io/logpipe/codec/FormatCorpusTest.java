package io.logpipe.codec;

import com.fasterxml.jackson.databind.JsonNode;
import io.logpipe.event.LogEvent;
import io.logpipe.event.Source;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The format-auto decoder over ../shared/corpus/{cef,mozlog}: per file, rows that decode as the
 * source expects (its field names mapped to ours here) or invalid rows kept raw. Printed, and held
 * to the committed baseline like the syslog corpus.
 */
class FormatCorpusTest {
    /** ArcSight's full extension names (Logstash, Beats with full names) for the short keys logpipe keeps. */
    static final Map<String, String> FULL_NAMES = Map.ofEntries(
            Map.entry("sourceAddress", "src"),
            Map.entry("destinationAddress", "dst"),
            Map.entry("sourcePort", "spt"),
            Map.entry("destinationPort", "dpt"),
            Map.entry("deviceCustomString1", "cs1"),
            Map.entry("deviceCustomString1Label", "cs1Label"),
            Map.entry("deviceCustomString4", "cs4"),
            Map.entry("deviceCustomString4Label", "cs4Label"),
            Map.entry("deviceCustomNumber7", "cn7"),
            Map.entry("deviceCustomNumber7Label", "cn7Label"),
            Map.entry("deviceCustomFloatingPoint15", "cfp15"),
            Map.entry("deviceCustomFloatingPoint15Label", "cfp15Label"),
            Map.entry("deviceCustomIPv6Address12", "c6a12"),
            Map.entry("deviceCustomIPv6Address12Label", "c6a12Label"),
            Map.entry("destinationHostName", "dhost"),
            Map.entry("sourceHostName", "shost"),
            Map.entry("deviceHostName", "dvchost"),
            Map.entry("requestUrl", "request"),
            Map.entry("sourceUserName", "suser"),
            Map.entry("transportProtocol", "proto"),
            Map.entry("deviceEventCategory", "cat"),
            Map.entry("eventOutcome", "outcome"),
            Map.entry("startTime", "start"),
            Map.entry("deviceReceiptTime", "rt"),
            Map.entry("deviceTimeZone", "dtz"),
            Map.entry("destinationProcessName", "dproc"),
            Map.entry("agentMacAddress", "amac"),
            Map.entry("sourceLatitude", "slat"),
            Map.entry("sourceLongitude", "slong"),
            Map.entry("destinationLatitude", "dlat"),
            Map.entry("destinationLongitude", "dlong"),
            Map.entry("bytesIn", "in"),
            Map.entry("bytesOut", "out"));
    /** Logstash keys that are about its own event, not the CEF record. */
    static final List<String> NOT_CEF = List.of(
            "syslog",
            "message",
            "tags",
            "ecs_v1_expectation",
            "events",
            "target",
            "final",
            "go",
            "moo",
            "query_string",
            "new_key_by_device");

    @Test
    void cefAndMozlogCorporaMeetBaseline() throws IOException {
        ConformanceBaseline baseline = new ConformanceBaseline();
        for (String sub : List.of("cef", "mozlog")) {
            List<Path> files;
            try (Stream<Path> s = Files.list(ConformanceBaseline.corpus(sub))) {
                files = s.filter(p -> p.toString().endsWith(".jsonl")).sorted().toList();
            }
            for (Path f : files) {
                CorpusConformanceTest.Tally t = run(f);
                baseline.report(
                        sub + "/" + f.getFileName(),
                        t.pass,
                        t.fail,
                        String.format(
                                "valid rows as expected %d/%d; invalid rows kept raw %d/%d",
                                t.validOk, t.valid, t.invalidRaw, t.invalid),
                        t.failures);
            }
        }
        baseline.assertMet();
    }

    static CorpusConformanceTest.Tally run(Path file) throws IOException {
        CorpusConformanceTest.Tally t = new CorpusConformanceTest.Tally();
        String name = file.getFileName().toString();
        // the cef files are decoded as format=cef (bare or after a syslog header); mozlog through auto-detection
        FrameDecoder decoder = file.getParent().getFileName().toString().equals("cef")
                ? Decoders.frameDecoder("cef")
                : new AutoDecoder();
        for (String line : Files.readAllLines(file)) {
            if (line.isBlank()) continue;
            JsonNode row = CorpusConformanceTest.JSON.readTree(line);
            if (!row.hasNonNull("input")) continue;
            String input = row.get("input").asText();
            DecodeContext ctx = new DecodeContext(
                    Instant.parse("2026-06-15T12:00:00Z"),
                    new Source("192.0.2.9", 514, "corpus", null),
                    ZoneId.of("UTC"),
                    true);
            LogEvent e;
            try {
                e = decoder.decodeOne(input, ctx);
            } catch (RuntimeException ex) {
                t.fail++;
                t.failures.add("threw " + ex + " on " + input);
                continue;
            }
            JsonNode valid = row.get("valid");
            String problem;
            if (valid != null && valid.isBoolean() && !valid.asBoolean()) {
                t.invalid++;
                problem = "raw".equals(e.getFormat())
                        ? null
                        : "accepted an input the source rejects ("
                                + row.path("error").asText("") + ")";
                if (problem == null) t.invalidRaw++;
            } else {
                t.valid++;
                problem = "raw".equals(e.getFormat()) ? "rejected: " + e.getParseError() : mismatch(name, row, e);
                if (problem == null) t.validOk++;
            }
            if (problem == null) t.pass++;
            else {
                t.fail++;
                t.failures.add(problem + " <- " + input.substring(0, Math.min(120, input.length())));
            }
        }
        return t;
    }

    @SuppressWarnings("unchecked")
    static String mismatch(String file, JsonNode row, LogEvent e) {
        JsonNode x = row.get("expect");
        if (file.endsWith("mozlog-snapshot.jsonl")) return mozlog(x, e);
        if (file.startsWith("foxsec-pipeline")) return foxsec(row, e);
        Map<String, Object> cef = e.getFields() == null
                ? null
                : (Map<String, Object>) e.getFields().get("cef");
        if (cef == null) return "no fields.cef (format " + e.getFormat() + ")";
        Map<String, String> ext = (Map<String, String>) cef.get("extensions");
        List<String> diffs = new ArrayList<>();
        if (file.startsWith("liblognorm")) {
            same(diffs, "vendor", x.get("DeviceVendor"), cef.get("device_vendor"));
            same(diffs, "product", x.get("DeviceProduct"), cef.get("device_product"));
            same(diffs, "version", x.get("DeviceVersion"), cef.get("device_version"));
            same(diffs, "signature", x.get("SignatureID"), cef.get("signature_id"));
            same(diffs, "name", x.get("Name"), cef.get("name"));
            same(diffs, "severity", x.get("Severity"), cef.get("severity"));
            extensions(diffs, x.get("Extensions"), ext, false);
        } else if (file.equals("elastic-beats-cef-unpack.jsonl")) {
            boolean fullNames = row.has("options");
            if (x.has("version")) same(diffs, "version", x.get("version"), cef.get("version"));
            same(diffs, "vendor", x.get("device_vendor"), cef.get("device_vendor"));
            same(diffs, "product", x.get("device_product"), cef.get("device_product"));
            same(diffs, "dversion", x.get("device_version"), cef.get("device_version"));
            same(diffs, "signature", x.get("device_event_class_id"), cef.get("signature_id"));
            same(diffs, "name", x.get("name"), cef.get("name"));
            same(diffs, "severity", x.get("severity"), cef.get("severity"));
            extensions(diffs, x.get("extensions"), ext, fullNames);
        } else if (file.equals("elastic-beats-decode_cef-samples.jsonl")) {
            JsonNode d = x.path("device");
            same(diffs, "vendor", d.get("vendor"), cef.get("device_vendor"));
            same(diffs, "product", d.get("product"), cef.get("device_product"));
            same(diffs, "dversion", d.get("version"), cef.get("device_version"));
            same(diffs, "signature", d.get("event_class_id"), cef.get("signature_id"));
            same(diffs, "name", x.get("name"), cef.get("name"));
            same(diffs, "severity", x.get("severity"), cef.get("severity"));
        } else if (file.startsWith("logstash")) {
            for (Iterator<Map.Entry<String, JsonNode>> it = x.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> f = it.next();
                String k = f.getKey();
                if (NOT_CEF.contains(k)) continue;
                Object ours = switch (k) {
                    case "cefVersion" -> cef.get("version");
                    case "deviceVendor" -> cef.get("device_vendor");
                    case "deviceProduct" -> cef.get("device_product");
                    case "deviceVersion" -> cef.get("device_version");
                    case "deviceEventClassId" -> cef.get("signature_id");
                    case "name" -> cef.get("name");
                    case "severity" -> cef.get("severity");
                    default -> ext.containsKey(k) ? ext.get(k) : ext.get(FULL_NAMES.getOrDefault(k, k));
                };
                same(diffs, k, f.getValue(), ours);
            }
        }
        return diffs.isEmpty() ? null : String.join("; ", diffs);
    }

    static void extensions(List<String> diffs, JsonNode expected, Map<String, String> ours, boolean fullNames) {
        if (expected == null) return;
        for (Iterator<Map.Entry<String, JsonNode>> it = expected.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> f = it.next();
            String k = fullNames ? FULL_NAMES.getOrDefault(f.getKey(), f.getKey()) : f.getKey();
            same(diffs, "ext " + k, f.getValue(), ours.get(k));
        }
    }

    static void same(List<String> diffs, String what, JsonNode expected, Object ours) {
        if (expected == null || expected.isNull()) return;
        String want = expected.isTextual() ? expected.asText() : expected.toString();
        if (!Objects.equals(want, ours == null ? null : String.valueOf(ours)))
            diffs.add(what + ": expected '" + want + "' got '" + ours + "'");
    }

    @SuppressWarnings("unchecked")
    static String mozlog(JsonNode x, LogEvent e) {
        List<String> diffs = new ArrayList<>();
        if (!"mozlog".equals(e.getFormat())) return "format " + e.getFormat();
        same(diffs, "host", x.get("Hostname"), e.getHost());
        same(diffs, "app", x.get("Logger"), e.getApp());
        same(diffs, "procid", x.get("Pid"), e.getProcid());
        same(diffs, "severity", x.get("Severity"), e.getSeverityCode() < 0 ? null : e.getSeverityCode());
        JsonNode msg = x.path("Fields").get("msg");
        same(diffs, "message", msg != null ? msg : x.get("Type"), e.getMessage());
        if (x.has("Timestamp")) {
            String ns = x.get("Timestamp").asText();
            Instant t = e.getTimestamp();
            String ours = t.getEpochSecond() + String.format("%09d", t.getNano());
            if (!ours.equals(ns)) diffs.add("timestamp: expected " + ns + " ns got " + ours);
        }
        return diffs.isEmpty() ? null : String.join("; ", diffs);
    }

    static final Pattern ASSERT = Pattern.compile("assertEquals\\(\"([^\"]*)\", m\\.get(Hostname|Logger)\\(\\)\\)");

    /** foxsec: mozlog rows must decode as mozlog; where the test asserts hostname or logger, they must match. */
    static String foxsec(JsonNode row, LogEvent e) {
        if (!"mozlog".equals(e.getFormat())) return "format " + e.getFormat();
        List<String> diffs = new ArrayList<>();
        for (JsonNode a : row.path("expect").path("java_assertions")) {
            Matcher m = ASSERT.matcher(a.asText());
            if (!m.find()) continue;
            String ours = m.group(2).equals("Hostname") ? e.getHost() : e.getApp();
            if (!m.group(1).equals(ours)) diffs.add(m.group(2) + ": expected '" + m.group(1) + "' got '" + ours + "'");
        }
        return diffs.isEmpty() ? null : String.join("; ", diffs);
    }
}
