package io.logpipe.codec;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;

/** Small string helpers shared by the decoders. */
public final class Text {
    private Text() {}

    /** Removes a trailing LF, CRLF or any run of them, and NUL padding some senders add. */
    public static String stripTrailingNewlines(String s) {
        int end = s.length();
        while (end > 0) {
            char c = s.charAt(end - 1);
            if (c == '\n' || c == '\r' || c == 0) end--;
            else break;
        }
        return end == s.length() ? s : s.substring(0, end);
    }

    /** Removes a leading UTF-8 byte-order mark (U+FEFF once decoded). */
    public static String stripBom(String s) {
        return !s.isEmpty() && s.charAt(0) == '\uFEFF' ? s.substring(1) : s;
    }

    /**
     * Where Jackson found a problem, as " at line L column C", or "" when it has no location:
     * its nesting-depth and size limits (StreamConstraintsException) carry none.
     */
    public static String where(JsonProcessingException e) {
        JsonLocation at = e.getLocation();
        return at == null ? "" : " at line " + at.getLineNr() + " column " + at.getColumnNr();
    }

    /** Whether {@code s} starts (after white space) a JSON object and names {@code "key"} somewhere: how auto-detection tells JSON formats apart. */
    public static boolean jsonObjectNaming(String s, String key) {
        int i = 0;
        while (i < s.length() && Character.isWhitespace(s.charAt(i))) i++;
        return i < s.length() && s.charAt(i) == '{' && s.contains("\"" + key + "\"");
    }
}
