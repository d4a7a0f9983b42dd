package io.logpipe.codec;

import com.fasterxml.jackson.databind.JsonNode;
import io.logpipe.event.LogEvent;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Iterator;
import java.util.Map;
import java.util.Objects;

/** Maps each corpus source's field names onto the event contract and reports the first difference. */
final class CorpusExpectations {
    private CorpusExpectations() {}

    static String mismatch(String file, JsonNode expect, LogEvent e) {
        if (expect == null || expect.isNull()) return null;
        if (file.startsWith("rsyslog")) expect = expect.path("fields");
        for (Iterator<Map.Entry<String, JsonNode>> it = expect.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> f = it.next();
            String problem = check(file, f.getKey(), f.getValue(), e, expect);
            if (problem != null) return problem;
        }
        return null;
    }

    private static String text(JsonNode v) {
        return v == null || v.isNull() ? null : v.asText();
    }

    private static String cmp(String what, Object want, Object got) {
        return Objects.equals(want, got) ? null : what + ": want " + want + " got " + got;
    }

    private static String emptyToNull(String s) {
        return s == null || s.isEmpty() ? null : s;
    }

    private static String nilToNull(String s) {
        return "-".equals(s) ? null : s;
    }

    private static String check(String file, String key, JsonNode v, LogEvent e, JsonNode all) {
        int pri = e.getFacilityCode() * 8 + e.getSeverityCode();
        switch (key) {
            // go-syslog / leodido / easypost
            case "priority":
            case "pri":
            case "PRI":
                return v.isNull() ? null : cmp(key, v.asInt(), pri);
            case "facility":
            case "facility_value":
                if (v.isNull()) return null;
                return v.isNumber() ? cmp(key, v.asInt(), e.getFacilityCode()) : cmp(key, v.asText(), e.getFacility());
            case "severity":
            case "severity_value":
                if (v.isNull()) return null;
                return v.isNumber() ? cmp(key, v.asInt(), e.getSeverityCode()) : cmp(key, v.asText(), e.getSeverity());
            case "syslogfacility-text":
                return cmp(key, v.asText(), e.getFacility());
            case "syslogseverity-text":
                return cmp(key, v.asText(), e.getSeverity());
            case "hostname":
            case "host":
            case "HOST":
                // the contract falls back to the sender's address where the message has no host
                if (v.isNull()
                        || "-".equals(v.asText())
                        || "__LOCAL_HOSTNAME__".equals(v.asText())
                        || v.asText().isEmpty()) return null;
                return cmp(key, nilToNull(v.asText()), e.getHost());
            case "appname":
            case "program":
            case "PROGRAM":
            case "programname":
                return cmp(key, emptyToNull(nilToNull(text(v))), e.getApp());
            case "procid":
            case "pid":
            case "PID": {
                String want = nilToNull(text(v));
                return cmp(key, want == null || want.isEmpty() ? null : want, e.getProcid());
            }
            case "msgid":
            case "MSGID":
                return cmp(key, emptyToNull(nilToNull(text(v))), e.getMsgid());
            case "message":
            case "msg":
            case "MSG": {
                String want = text(v);
                String got = e.getMessage();
                if (file.startsWith("rsyslog")
                        || file.startsWith("loghub")) { // rsyslog keeps the space after "tag:"; loghub trims
                    want = want == null ? null : want.strip();
                    got = got == null ? null : got.strip();
                }
                if (want != null && want.isEmpty() && got == null) return null;
                return cmp(key, want, got);
            }
            case "timestamp": {
                String t = text(v);
                if (t == null || "-".equals(t) || t.startsWith("now")) return null;
                if (t.startsWith("0000-")) { // go-syslog's year-less: compare month..fraction in UTC
                    String got = DateTimeFormatter.ISO_LOCAL_DATE_TIME.format(
                            e.getTimestamp().atOffset(ZoneOffset.UTC));
                    return cmp(key, t.substring(5, t.length() - 1), got.substring(5));
                }
                if (!Character.isDigit(t.charAt(0))) return null; // rsyslog's "Mar  6 16:57:54" rendering
                try {
                    return cmp(key, OffsetDateTime.parse(t).toInstant(), e.getTimestamp());
                } catch (RuntimeException ex) {
                    return null;
                }
            }
            case "timestamp_unix_sec": {
                long usec = all.path("timestamp_usec").asLong(0);
                return cmp(key, Instant.ofEpochSecond(v.asLong(), usec * 1000), e.getTimestamp());
            }
            case "structured_data":
            case "sd": {
                if (v.isNull() || (v.isObject() && v.isEmpty()))
                    return e.getStructuredData() == null
                                    || e.getStructuredData().isEmpty()
                            ? null
                            : key + ": want none";
                Map<?, ?> want = CorpusConformanceTest.JSON.convertValue(v, Map.class);
                return cmp(key, want, e.getStructuredData());
            }
            case "sdata_pairs": {
                for (Iterator<Map.Entry<String, JsonNode>> it = v.fields(); it.hasNext(); ) {
                    Map.Entry<String, JsonNode> p = it.next();
                    String[] parts = p.getKey().split("\\.", 4); // "", "SDATA", id, param
                    if (parts.length < 4) continue;
                    var sd = e.getStructuredData();
                    Object got = sd == null || sd.get(parts[2]) == null
                            ? null
                            : sd.get(parts[2]).get(parts[3]);
                    String problem = cmp(p.getKey(), p.getValue().asText(), got);
                    if (problem != null) return problem;
                }
                return null;
            }
            default:
                return null; // fields with no counterpart in the contract are not asserted
        }
    }
}
