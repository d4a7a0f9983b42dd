package io.logpipe.alert;

import io.logpipe.event.EventJson;
import java.util.Locale;
import java.util.Map;

/** An alert as the JSON the API lists, webhooks receive and the event's fields.alert carries. */
public final class AlertJson {
    private AlertJson() {}

    public static String write(long id, Alert a) {
        StringBuilder sb = new StringBuilder(256);
        sb.append("{\"id\":").append(id);
        sb.append(",\"rule\":");
        nullable(sb, a.rule());
        sb.append(",\"type\":\"")
                .append(a.type().name().toLowerCase(Locale.ROOT))
                .append('"');
        sb.append(",\"state\":");
        nullable(sb, a.state());
        sb.append(",\"group\":");
        nullable(sb, a.group());
        sb.append(",\"at\":\"").append(a.at()).append('"');
        sb.append(",\"message\":");
        nullable(sb, a.message());
        sb.append(",\"count\":").append(a.count());
        sb.append(",\"vars\":").append(EventJson.valueJson(a.vars() == null ? Map.of() : a.vars()));
        return sb.append('}').toString();
    }

    /** The same alert JSON with a new count (the count is written once, by {@link #write}). */
    static String withCount(String json, long count) {
        return json.replaceFirst("\"count\":\\d+", "\"count\":" + count);
    }

    static String quote(String s) {
        StringBuilder sb = new StringBuilder();
        nullable(sb, s);
        return sb.toString();
    }

    /** A JSON string, or null. */
    public static void nullable(StringBuilder sb, String s) {
        if (s == null) sb.append("null");
        else EventJson.quote(sb, s);
    }
}
