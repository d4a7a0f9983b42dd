package io.logpipe.event;

/**
 * Characters a sender must not be able to put raw into a text file or a terminal: C0 controls
 * (LF would forge a line, ESC a terminal sequence, CR and BS overwrite what is shown), DEL, C1
 * controls (U+0085 is a line break, U+009B a terminal CSI), the Unicode line and paragraph
 * separators, and the bidirectional overrides and isolates that make text read differently from
 * what it is (U+202E). TAB is left alone: it forges nothing and tab-separated lines stay readable.
 */
public final class ControlCharacters {
    private ControlCharacters() {}

    /** True for the characters described above. */
    public static boolean isUnsafe(char c) {
        if (c < 0x20) return c != '\t';
        if (c < 0x7f) return false;
        if (c <= 0x9f) return true; // DEL and C1
        if (c < 0x061c) return false;
        return c == 0x061c
                || c == 0x200e
                || c == 0x200f
                || (c >= 0x2028 && c <= 0x202e)
                || (c >= 0x2066 && c <= 0x2069);
    }

    /**
     * Escapes the unsafe characters the way rsyslog does ({@code #012} for LF, {@code #033} for
     * ESC: '#' and three octal digits), and those beyond U+00FF as {@code #uXXXX}. Returns the
     * same string when nothing needs escaping (the common case, no copy).
     */
    public static String escape(String s) {
        if (s == null) return null;
        int n = s.length();
        int i = 0;
        while (i < n && !isUnsafe(s.charAt(i))) i++;
        if (i == n) return s;
        StringBuilder sb = new StringBuilder(n + 16).append(s, 0, i);
        for (; i < n; i++) {
            char c = s.charAt(i);
            if (!isUnsafe(c)) {
                sb.append(c);
            } else if (c <= 0xff) {
                sb.append('#')
                        .append((char) ('0' + (c >> 6)))
                        .append((char) ('0' + ((c >> 3) & 7)))
                        .append((char) ('0' + (c & 7)));
            } else {
                sb.append("#u")
                        .append(Character.toUpperCase(Character.forDigit(c >> 12, 16)))
                        .append(Character.toUpperCase(Character.forDigit((c >> 8) & 15, 16)))
                        .append(Character.toUpperCase(Character.forDigit((c >> 4) & 15, 16)))
                        .append(Character.toUpperCase(Character.forDigit(c & 15, 16)));
            }
        }
        return sb.toString();
    }
}
