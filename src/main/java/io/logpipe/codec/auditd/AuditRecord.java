package io.logpipe.codec.auditd;

import io.logpipe.codec.ParseException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One Linux audit record: {@code [node=N ]type=T msg=audit(EPOCH.MS:SERIAL): key=value ...}. Quoted values
 * are unquoted; the values the kernel hex-encodes when they hold spaces or odd bytes (proctitle, EXECVE
 * arguments, name, cwd, comm, exe, path) are decoded, a NUL shown as a space; the key=value pairs inside a
 * user-space record's {@code msg='...'} join the record's own.
 */
public record AuditRecord(String node, String type, long epochMillis, long serial, Map<String, String> values) {
    private static final Pattern HEAD =
            Pattern.compile("^(?:node=(\\S+) )?type=(\\S+) msg=audit\\((\\d+)\\.(\\d{1,3}):(\\d+)\\): ?");
    private static final Pattern EXECVE_ARG = Pattern.compile("a\\d+");
    private static final Set<String> HEX_KEYS =
            Set.of("proctitle", "name", "cwd", "comm", "exe", "path", "cmd", "data");

    public static AuditRecord parse(String line) throws ParseException {
        String s = line.replace('\u001d', ' ').strip(); // libaudit's enriched fields follow a GS byte
        if (s.startsWith("audit: ")) s = s.substring(7); // the kernel's own prefix, as in dmesg or kern.log
        Matcher m = HEAD.matcher(s);
        if (!m.find()) throw new ParseException("auditd: expected 'type=T msg=audit(EPOCH.MS:SERIAL): ...'", 0);
        String type = m.group(2);
        long millis = Long.parseLong(m.group(3)) * 1000 + Long.parseLong((m.group(4) + "00").substring(0, 3));
        Map<String, String> values = new LinkedHashMap<>();
        pairs(s.substring(m.end()), type, values, 0);
        return new AuditRecord(m.group(1), type, millis, Long.parseLong(m.group(5)), values);
    }

    /** key=value pairs separated by spaces; values plain, "double quoted" or 'single quoted' (a nested list of pairs). */
    private static void pairs(String s, String type, Map<String, String> out, int depth) throws ParseException {
        int i = 0;
        int n = s.length();
        while (i < n) {
            while (i < n && s.charAt(i) == ' ') i++;
            if (i >= n) break;
            int eq = s.indexOf('=', i);
            int space = s.indexOf(' ', i);
            if (eq < 0
                    || (space >= 0 && space < eq)) { // a word without a value (seen in some records): keep it as a flag
                String word = s.substring(i, space < 0 ? n : space);
                out.putIfAbsent(word, "");
                i = space < 0 ? n : space;
                continue;
            }
            String key = s.substring(i, eq);
            i = eq + 1;
            String value;
            if (i < n && (s.charAt(i) == '"' || s.charAt(i) == '\'')) {
                char q = s.charAt(i);
                int end = s.indexOf(q, i + 1);
                if (end < 0) throw new ParseException("auditd: unterminated " + q + " in " + key, i);
                value = s.substring(i + 1, end);
                i = end + 1;
                if (q == '\'' && depth == 0 && key.equals("msg")) {
                    pairs(value, type, out, 1);
                    continue;
                }
            } else {
                int end = s.indexOf(' ', i);
                if (end < 0) end = n;
                value = s.substring(i, end);
                i = end;
                if (isHexKey(key, type)) value = unhex(value);
            }
            out.put(key, value);
        }
    }

    private static boolean isHexKey(String key, String type) {
        return HEX_KEYS.contains(key)
                || (type.equals("EXECVE") && EXECVE_ARG.matcher(key).matches());
    }

    /** An even run of hex digits decoded as UTF-8 (NUL as space); anything else as it was. */
    static String unhex(String v) {
        if (v.length() < 2 || v.length() % 2 != 0 || v.equals("(null)")) return v;
        for (int i = 0; i < v.length(); i++) if (Character.digit(v.charAt(i), 16) < 0) return v;
        byte[] b = new byte[v.length() / 2];
        for (int i = 0; i < b.length; i++) {
            b[i] = (byte) Integer.parseInt(v.substring(2 * i, 2 * i + 2), 16);
            if (b[i] == 0) b[i] = ' ';
        }
        return new String(b, StandardCharsets.UTF_8).strip();
    }
}
