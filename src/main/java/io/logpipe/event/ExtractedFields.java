package io.logpipe.event;

import java.util.Map;
import java.util.regex.Pattern;

/**
 * Addressing an event's {@code fields} by path, as queries and alert rules write it:
 * {@code fields.src_ip}, or {@code fields.cef.src} for a decoder's nested map.
 */
public final class ExtractedFields {
    /** Keys of letters, digits, {@code _} and {@code -}, one or more, joined by dots. */
    private static final Pattern PATH = Pattern.compile("fields(?:\\.[A-Za-z0-9_-]+)+");

    private ExtractedFields() {}

    public static boolean isPath(String name) {
        return name != null && PATH.matcher(name).matches();
    }

    /** The keys after {@code fields.}. */
    public static String[] keys(String path) {
        return path.substring("fields.".length()).split("\\.");
    }

    /** The value at {@code path} (a scalar, a list or a map), or null. */
    public static Object get(LogEvent e, String path) {
        Object at = e.getFields();
        for (String k : keys(path)) {
            if (!(at instanceof Map<?, ?> m)) return null;
            at = m.get(k);
        }
        return at;
    }
}
