package io.logpipe.codec.cloudtrail;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.json.JsonReadFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.logpipe.codec.DecodeContext;
import io.logpipe.codec.Text;
import io.logpipe.event.LogEvent;
import java.io.IOException;
import java.io.InputStream;
import java.io.Reader;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Streams a CloudTrail log file ({@code {"Records":[...]}}, as S3 delivers it) one record at a
 * time, so a 50 MB file never sits in memory whole; a single event object works too. Each record
 * becomes an event: {@code timestamp} = eventTime, {@code app} = eventSource, {@code message} =
 * eventName (Insights events: insightDetails.eventName, else eventType), {@code host} = the account (recipientAccountId, else userIdentity.accountId),
 * {@code procid} = eventID, severity warning when the call failed (errorCode), else info; the
 * record itself is {@code fields.cloudtrail}.
 */
public final class CloudTrailReader {
    private static final JsonFactory FACTORY = JsonFactory.builder()
            // AWS's own documentation has a log file with a raw newline inside a string; accept it
            .enable(JsonReadFeature.ALLOW_UNESCAPED_CONTROL_CHARS)
            .build();
    private static final ObjectMapper JSON = new ObjectMapper(FACTORY);

    private CloudTrailReader() {}

    /** Thrown for input that is no CloudTrail log file or event (a digest file, say). */
    public static final class NotCloudTrail extends Exception {
        public NotCloudTrail(String why) {
            super(why, null, false, false);
        }
    }

    /** Reads every record and hands each event to {@code sink}; returns how many. */
    public static int read(InputStream in, DecodeContext ctx, Consumer<LogEvent> sink)
            throws IOException, NotCloudTrail {
        try (JsonParser p = FACTORY.createParser(in)) {
            return read(p, ctx, sink);
        }
    }

    public static int read(Reader in, DecodeContext ctx, Consumer<LogEvent> sink) throws IOException, NotCloudTrail {
        try (JsonParser p = FACTORY.createParser(in)) {
            return read(p, ctx, sink);
        }
    }

    private static int read(JsonParser p, DecodeContext ctx, Consumer<LogEvent> sink)
            throws IOException, NotCloudTrail {
        p.setCodec(JSON);
        if (p.nextToken() != JsonToken.START_OBJECT) throw new NotCloudTrail("cloudtrail: not a JSON object");
        int n = 0;
        Map<String, JsonNode> single = new LinkedHashMap<>();
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String field = p.currentName();
            JsonToken value = p.nextToken();
            if (field.equals("Records") && value == JsonToken.START_ARRAY) {
                while (p.nextToken() == JsonToken.START_OBJECT) {
                    JsonNode record = p.readValueAsTree();
                    sink.accept(event(record, ctx));
                    n++;
                }
            } else {
                single.put(field, p.readValueAsTree());
            }
        }
        if (n > 0 || single.containsKey("Records")) return n;
        // an event: API calls have eventName; Insights events only eventType and insightDetails
        if (single.containsKey("eventTime") && (single.containsKey("eventName") || single.containsKey("eventType"))) {
            sink.accept(event(JSON.valueToTree(single), ctx));
            return 1;
        }
        if (single.containsKey("digestStartTime") || single.containsKey("logFiles"))
            throw new NotCloudTrail("cloudtrail: a digest file, not a log file (digests are skipped)");
        throw new NotCloudTrail(
                "cloudtrail: neither a log file ({\"Records\":[...]}) nor an event (eventTime, eventName)");
    }

    static LogEvent event(JsonNode r, DecodeContext ctx) {
        LogEvent e = new LogEvent();
        e.setFormat("cloudtrail");
        e.setReceivedAt(ctx.receivedAt());
        e.setSource(ctx.source());
        Instant t = time(r.path("eventTime").asText(null));
        e.setTimestamp(t != null ? t : ctx.receivedAt());
        String source = text(r.get("eventSource"));
        e.setApp(source != null ? source : text(r.path("insightDetails").get("eventSource")));
        String name = text(r.get("eventName"));
        if (name == null) name = text(r.path("insightDetails").get("eventName"));
        e.setMessage(name != null ? name : text(r.get("eventType")));
        String account = text(r.get("recipientAccountId"));
        e.setHost(account != null ? account : text(r.path("userIdentity").get("accountId")));
        e.setProcid(text(r.get("eventID")));
        e.setSeverityCode(r.hasNonNull("errorCode") ? 4 : 6);
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("cloudtrail", JSON.convertValue(r, Object.class));
        e.setFields(fields);
        return e;
    }

    private static String text(JsonNode n) {
        return n == null || n.isNull() || n.isMissingNode() ? null : n.asText();
    }

    private static Instant time(String s) {
        if (s == null) return null;
        try {
            return OffsetDateTime.parse(s).toInstant();
        } catch (DateTimeParseException e) {
            return null;
        }
    }

    /** Jackson's location of a syntax error, for parse_error. */
    static String where(JsonProcessingException e) {
        return Text.where(e);
    }
}
