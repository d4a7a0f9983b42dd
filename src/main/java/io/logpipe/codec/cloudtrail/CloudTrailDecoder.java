package io.logpipe.codec.cloudtrail;

import com.fasterxml.jackson.core.JsonProcessingException;
import io.logpipe.codec.DecodeContext;
import io.logpipe.codec.Decoder;
import io.logpipe.event.LogEvent;
import java.io.IOException;
import java.io.StringReader;
import java.util.ArrayList;
import java.util.List;

/** {@code format=cloudtrail}: a whole CloudTrail log file or one event, as text; one event per record. */
public final class CloudTrailDecoder implements Decoder {
    @Override
    public String format() {
        return "cloudtrail";
    }

    @Override
    public List<LogEvent> decode(String input, DecodeContext ctx) {
        List<LogEvent> out = new ArrayList<>();
        try {
            CloudTrailReader.read(new StringReader(input), ctx, out::add);
            return out;
        } catch (JsonProcessingException e) {
            return List.of(LogEvent.raw(
                    input,
                    "cloudtrail: invalid JSON" + CloudTrailReader.where(e) + ": " + e.getOriginalMessage()
                            + (out.isEmpty() ? "" : " (after " + out.size() + " records)"),
                    ctx.receivedAt(),
                    ctx.source()));
        } catch (CloudTrailReader.NotCloudTrail e) {
            return List.of(LogEvent.raw(input, e.getMessage(), ctx.receivedAt(), ctx.source()));
        } catch (IOException e) {
            return List.of(LogEvent.raw(input, "cloudtrail: " + e.getMessage(), ctx.receivedAt(), ctx.source()));
        }
    }
}
