package io.logpipe.component.syslog;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.logpipe.codec.ConformanceBaseline;
import io.logpipe.codec.DecodeContext;
import io.logpipe.codec.syslog.SyslogDecoder;
import io.logpipe.event.LogEvent;
import io.logpipe.event.Source;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * go-syslog's RFC6587 streams (../shared/corpus/framing) through the real frame decoder and the
 * RFC5424 decoder. A stream passes when the messages go-syslog parses without error come out of
 * ours too, in order, with the same PRI, and nothing throws. Baseline as for the syslog corpus.
 */
class FramingCorpusTest {
    @Test
    void framingCorpusMeetsBaseline() throws Exception {
        Path dir = ConformanceBaseline.corpus("framing");
        ConformanceBaseline baseline = new ConformanceBaseline();
        ObjectMapper json = new ObjectMapper();
        for (String name :
                List.of("influxdata-go-syslog-octetcounting.jsonl", "influxdata-go-syslog-nontransparent.jsonl")) {
            int pass = 0, fail = 0;
            for (String line : Files.readAllLines(dir.resolve(name))) {
                JsonNode row = json.readTree(line);
                List<Integer> want = new ArrayList<>();
                for (JsonNode r : row.path("expect")) {
                    if (r.path("error").isNull() && r.hasNonNull("message"))
                        want.add(r.path("message").path("priority").asInt());
                }
                List<Integer> got = new ArrayList<>();
                SyslogDecoder decoder = new SyslogDecoder(SyslogDecoder.Mode.RFC5424);
                DecodeContext ctx = DecodeContext.now(new Source("192.0.2.1", 1, "corpus", null));
                int max = row.path("max_message_length").asInt(8192);
                EmbeddedChannel ch = new EmbeddedChannel(new SyslogFrameDecoder(max, (text, len, truncated) -> {
                    LogEvent e = decoder.decodeOne(text, ctx);
                    if (e.getParseError() == null) got.add(e.getFacilityCode() * 8 + e.getSeverityCode());
                }));
                try {
                    ch.writeInbound(Unpooled.copiedBuffer(row.path("input").asText(), StandardCharsets.UTF_8));
                    ch.finish();
                } catch (RuntimeException e) {
                    got.add(-1);
                }
                if (got.equals(want)) pass++;
                else fail++;
            }
            baseline.report("framing/" + name, pass, fail, "", List.of());
        }
        baseline.assertMet();
    }
}
