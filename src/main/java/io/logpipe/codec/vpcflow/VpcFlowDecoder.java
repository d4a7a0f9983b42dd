package io.logpipe.codec.vpcflow;

import io.logpipe.codec.DecodeContext;
import io.logpipe.codec.Decoder;
import io.logpipe.event.LogEvent;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * AWS VPC Flow Logs: space-separated records, one per line, in the default version-2 layout or in a
 * custom layout named by a header line of field names ({@code version account-id interface-id srcaddr ...},
 * as the S3 delivery writes at the top of every file). One event per record: {@code timestamp} = {@code start},
 * {@code host} = the interface (else the instance), {@code fields.vpcflow} = the record under snake_case
 * names, numbers as numbers, {@code -} (no value) left out; the message a one-line summary.
 */
public final class VpcFlowDecoder implements Decoder {
    /** The default format (version 2). */
    public static final List<String> DEFAULT = List.of(
            "version",
            "account-id",
            "interface-id",
            "srcaddr",
            "dstaddr",
            "srcport",
            "dstport",
            "protocol",
            "packets",
            "bytes",
            "start",
            "end",
            "action",
            "log-status");

    private static final Set<String> NUMBERS = Set.of(
            "version",
            "srcport",
            "dstport",
            "protocol",
            "packets",
            "bytes",
            "start",
            "end",
            "tcp-flags",
            "traffic-path",
            "pkt-src-aws-service-port",
            "ecs-container-instance-count");
    private static final Pattern FIELD_NAME = Pattern.compile("[a-z][a-z0-9-]*");
    private static final Pattern SPACES = Pattern.compile("\\s+");

    @Override
    public String format() {
        return "vpcflow";
    }

    @Override
    public List<LogEvent> decode(String input, DecodeContext ctx) {
        List<String> layout = DEFAULT;
        List<LogEvent> out = new ArrayList<>();
        for (String line : input.split("\\r?\\n")) {
            if (line.isBlank()) continue;
            List<String> header = header(line);
            if (header != null) {
                layout = header;
                continue;
            }
            out.add(decodeRecord(line.strip(), layout, ctx));
        }
        if (out.isEmpty()) out.add(LogEvent.raw(input, "vpcflow: no flow records", ctx.receivedAt(), ctx.source()));
        return out;
    }

    /** A header line's field names; null when the line is a record. */
    public static List<String> header(String line) {
        String[] t = SPACES.split(line.strip());
        boolean names = t.length > 1;
        for (String x : t) if (!FIELD_NAME.matcher(x).matches()) names = false;
        return names
                        && (List.of(t).contains("srcaddr")
                                || List.of(t).contains("version")
                                || List.of(t).contains("interface-id"))
                ? List.of(t)
                : null;
    }

    public static LogEvent decodeRecord(String line, List<String> layout, DecodeContext ctx) {
        String[] t = SPACES.split(line);
        if (t.length != layout.size()) {
            return LogEvent.raw(
                    line,
                    "vpcflow: " + t.length + " values for " + layout.size() + " fields (" + String.join(" ", layout)
                            + ")",
                    ctx.receivedAt(),
                    ctx.source());
        }
        Map<String, Object> flow = new LinkedHashMap<>();
        for (int i = 0; i < t.length; i++) {
            if (t[i].equals("-")) continue;
            String key = layout.get(i).replace('-', '_');
            if (NUMBERS.contains(layout.get(i))) {
                try {
                    flow.put(key, Long.parseLong(t[i]));
                    continue;
                } catch (NumberFormatException notANumber) {
                    return LogEvent.raw(
                            line,
                            "vpcflow: " + layout.get(i) + " is not a number: '" + t[i] + "'",
                            ctx.receivedAt(),
                            ctx.source());
                }
            }
            flow.put(key, t[i]);
        }
        LogEvent e = new LogEvent();
        e.setFormat("vpcflow");
        e.setReceivedAt(ctx.receivedAt());
        e.setSource(ctx.source());
        e.setTimestamp(flow.get("start") instanceof Long start ? Instant.ofEpochSecond(start) : ctx.receivedAt());
        Object host = flow.getOrDefault("interface_id", flow.get("instance_id"));
        e.setHost(host == null ? null : host.toString());
        e.setApp("vpc-flow-logs");
        e.setFacilityCode(16); // local0: no syslog facility says "cloud network"
        e.setSeverityCode("REJECT".equals(flow.get("action")) ? 5 : 6);
        e.setMessage(summary(flow));
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("vpcflow", flow);
        e.setFields(fields);
        return e;
    }

    private static String summary(Map<String, Object> f) {
        StringBuilder sb = new StringBuilder();
        sb.append(f.getOrDefault("action", f.getOrDefault("log_status", "-")));
        if (f.containsKey("protocol")) sb.append(" proto ").append(f.get("protocol"));
        sb.append(' ').append(f.getOrDefault("srcaddr", "-"));
        if (f.containsKey("srcport")) sb.append(':').append(f.get("srcport"));
        sb.append(" -> ").append(f.getOrDefault("dstaddr", "-"));
        if (f.containsKey("dstport")) sb.append(':').append(f.get("dstport"));
        if (f.containsKey("packets")) sb.append(' ').append(f.get("packets")).append(" packets");
        if (f.containsKey("bytes")) sb.append(' ').append(f.get("bytes")).append(" bytes");
        return sb.toString();
    }
}
