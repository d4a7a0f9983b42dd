package io.logpipe.codec.vpcflow;

import io.logpipe.codec.DecodeContext;
import io.logpipe.event.LogEvent;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.function.Consumer;

/**
 * A VPC Flow Logs file as S3 delivery writes it (a header line naming the fields, then one record per
 * line, gzipped by the caller's stream), read a line at a time: a file of any size is never held whole.
 */
public final class VpcFlowReader {
    private VpcFlowReader() {}

    /** Each record to {@code sink}; returns how many. A line that does not fit the layout is a raw event, as everywhere. */
    public static int read(InputStream in, DecodeContext ctx, Consumer<LogEvent> sink) throws IOException {
        BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8), 64 * 1024);
        List<String> layout = VpcFlowDecoder.DEFAULT;
        int n = 0;
        for (String line; (line = r.readLine()) != null; ) {
            if (line.isBlank()) continue;
            List<String> header = VpcFlowDecoder.header(line);
            if (header != null) {
                layout = header;
                continue;
            }
            sink.accept(VpcFlowDecoder.decodeRecord(line.strip(), layout, ctx));
            n++;
        }
        return n;
    }

    /** S3 delivery's object keys: {@code AWSLogs/<account>/vpcflowlogs/<region>/<y>/<m>/<d>/<account>_vpcflowlogs_..._<hash>.log.gz}. */
    public static boolean isLogFile(String key) {
        return key.contains("_vpcflowlogs_") && (key.endsWith(".log.gz") || key.endsWith(".log"));
    }
}
