package io.logpipe.template;

import io.logpipe.event.ControlCharacters;
import java.util.function.UnaryOperator;

/**
 * Makes an event value safe as one path segment: a host or app such as {@code ../../etc/passwd}
 * becomes {@code .._.._etc_passwd}, never a way out of the data directory. Control and bidi
 * characters become '_' too, and a segment is cut to what file systems allow of a name: 255 bytes
 * of UTF-8 (not characters: 150 'ü' are 300 bytes), on a character boundary, with room left for
 * the extension the path template adds after it.
 */
public final class PathSanitizer implements UnaryOperator<String> {
    public static final PathSanitizer INSTANCE = new PathSanitizer();
    /** bytes of UTF-8; 255 is the name limit of ext4, xfs, btrfs and tmpfs, and 55 stay for suffixes such as ".log" */
    public static final int MAX_SEGMENT_BYTES = 200;

    @Override
    public String apply(String v) {
        if (v == null || v.isEmpty()) return "-";
        if (v.equals(".") || v.equals("..")) return "_";
        StringBuilder sb = new StringBuilder(Math.min(v.length(), MAX_SEGMENT_BYTES));
        int bytes = 0;
        for (int i = 0; i < v.length(); ) {
            int cp = v.codePointAt(i);
            int len = Character.charCount(cp);
            boolean bad = cp == '/'
                    || cp == '\\'
                    || cp == ':'
                    || cp == '\t'
                    || (len == 1 && ControlCharacters.isUnsafe((char) cp))
                    || (len == 1 && Character.isSurrogate((char) cp));
            int size = bad ? 1 : utf8Length(cp);
            if (bytes + size > MAX_SEGMENT_BYTES) break;
            if (bad) sb.append('_');
            else sb.appendCodePoint(cp);
            bytes += size;
            i += len;
        }
        String out = sb.toString();
        return out.startsWith(".") ? "_" + out.substring(1) : out; // no hidden files, no ".." prefix games
    }

    /** Bytes a file name may have (ext4, xfs, btrfs, tmpfs). */
    static final int MAX_NAME_BYTES = 255;

    /**
     * Cuts every segment of a rendered path to {@link #MAX_NAME_BYTES} bytes of UTF-8, on a
     * character boundary, keeping a short extension (".log") at its end: a template that puts two
     * long values in one name ({@code ${host}-${app}.log}) still names a file that can be created.
     */
    public static String limitSegments(String path) {
        if (path.length() * 3 <= MAX_NAME_BYTES) return path; // cannot be over: the common case
        String[] parts = path.split("/", -1);
        boolean changed = false;
        for (int i = 0; i < parts.length; i++) {
            String cut = limitName(parts[i]);
            if (cut != parts[i]) {
                parts[i] = cut;
                changed = true;
            }
        }
        return changed ? String.join("/", parts) : path;
    }

    private static String limitName(String name) {
        if (utf8Length(name) <= MAX_NAME_BYTES) return name;
        int dot = name.lastIndexOf('.');
        String ext = dot > 0 && name.length() - dot <= 16 ? name.substring(dot) : "";
        String stem = ext.isEmpty() ? name : name.substring(0, dot);
        return prefixWithin(stem, MAX_NAME_BYTES - utf8Length(ext)) + ext;
    }

    private static String prefixWithin(String s, int maxBytes) {
        int bytes = 0;
        int i = 0;
        while (i < s.length()) {
            int cp = s.codePointAt(i);
            int size = utf8Length(cp);
            if (bytes + size > maxBytes) break;
            bytes += size;
            i += Character.charCount(cp);
        }
        return s.substring(0, i);
    }

    static int utf8Length(String s) {
        int bytes = 0;
        for (int i = 0; i < s.length(); ) {
            int cp = s.codePointAt(i);
            bytes += utf8Length(cp);
            i += Character.charCount(cp);
        }
        return bytes;
    }

    static int utf8Length(int cp) {
        if (cp < 0x80) return 1;
        if (cp < 0x800) return 2;
        if (cp < 0x10000) return 3;
        return 4;
    }
}
