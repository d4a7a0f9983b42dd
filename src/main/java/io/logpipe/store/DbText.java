package io.logpipe.store;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Makes text storable on every database: NUL (which PostgreSQL's text and jsonb refuse) becomes
 * U+FFFD, and bounded columns are cut to their length without splitting a surrogate pair.
 */
final class DbText {
    static final char REPLACEMENT = '\uFFFD';

    private DbText() {}

    static String fit(String s, int maxChars) {
        if (s == null) return null;
        String clean = s.indexOf('\0') < 0 ? s : s.replace('\0', REPLACEMENT);
        if (clean.length() <= maxChars) return clean;
        int end = maxChars;
        if (Character.isHighSurrogate(clean.charAt(end - 1))) end--;
        return clean.substring(0, end);
    }

    static String clean(String s) {
        return s == null || s.indexOf('\0') < 0 ? s : s.replace('\0', REPLACEMENT);
    }

    /** A copy of a JSON-bound value with NUL replaced in every key and string; the common case returns it as is. */
    @SuppressWarnings("unchecked")
    static Object cleanDeep(Object v) {
        if (v instanceof String s) return clean(s);
        if (v instanceof Map<?, ?> m) {
            Map<String, Object> copy = new LinkedHashMap<>();
            m.forEach((k, val) -> copy.put(clean(String.valueOf(k)), cleanDeep(val)));
            return copy;
        }
        if (v instanceof List<?> l) return l.stream().map(DbText::cleanDeep).toList();
        return v;
    }
}
