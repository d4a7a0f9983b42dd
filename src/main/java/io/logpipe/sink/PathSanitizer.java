package io.logpipe.sink;

import java.util.function.UnaryOperator;

/**
 * Makes an event value safe as one path segment: a host or app such as {@code ../../etc/passwd}
 * becomes {@code .._.._etc_passwd}, never a way out of the data directory.
 */
final class PathSanitizer implements UnaryOperator<String> {
    static final PathSanitizer INSTANCE = new PathSanitizer();
    private static final int MAX_SEGMENT = 200;

    @Override
    public String apply(String v) {
        if (v == null || v.isEmpty()) return "-";
        if (v.equals(".") || v.equals("..")) return "_";
        StringBuilder sb = null;
        int n = Math.min(v.length(), MAX_SEGMENT);
        for (int i = 0; i < n; i++) {
            char c = v.charAt(i);
            boolean bad = c == '/' || c == '\\' || c < 0x20 || c == 0x7f || c == ':';
            if (bad && sb == null) sb = new StringBuilder(v.substring(0, i));
            if (sb != null) sb.append(bad ? '_' : c);
        }
        String out = sb != null ? sb.toString() : v.length() > MAX_SEGMENT ? v.substring(0, MAX_SEGMENT) : v;
        return out.startsWith(".") ? "_" + out.substring(1) : out; // no hidden files, no ".." prefix games
    }
}
