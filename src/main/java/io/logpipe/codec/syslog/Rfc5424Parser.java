package io.logpipe.codec.syslog;

import io.logpipe.codec.DecodeContext;
import io.logpipe.codec.ParseException;
import io.logpipe.codec.Text;
import io.logpipe.event.LogEvent;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * RFC5424: {@code <PRI>VERSION SP TIMESTAMP SP HOSTNAME SP APP-NAME SP PROCID SP MSGID SP SD [SP MSG]}.
 * Strict about the header (field lengths, printable ASCII, RFC3339 time), because a header that
 * breaks the grammar usually means the sender is not speaking RFC5424 at all.
 */
public final class Rfc5424Parser {
    private Rfc5424Parser() {}

    /** RFC5424 allows 6; rsyslog and .NET senders emit 7, so accept up to 9 and keep nanoseconds. */
    static final int MAX_FRACTION_DIGITS = 9;
    /** RFC5424 says 32; syslog-ng and real senders (enterprise IDs) go longer, so be generous. */
    private static final int MAX_SD_NAME = 255;

    /** Parses {@code s} (trailing newlines already removed) into {@code e}; throws on the first violation. */
    public static void parse(String s, DecodeContext ctx, LogEvent e) throws ParseException {
        int i = Pri.parse(s, e);
        int vStart = i;
        if (i >= s.length() || s.charAt(i) < '1' || s.charAt(i) > '9')
            throw new ParseException("expecting a version value in the range 1-999", i);
        while (i < s.length() && Character.isDigit(s.charAt(i)) && i - vStart < 3) i++;
        i = sp(s, i, "after VERSION");
        if (s.charAt(i) == '-' && (i + 1 == s.length() || s.charAt(i + 1) == ' ')) {
            e.setTimestamp(ctx.receivedAt());
            i++;
        } else {
            Timestamps.Read ts = Timestamps.rfc3339(s, i, MAX_FRACTION_DIGITS, true, ctx.defaultZone());
            e.setTimestamp(ts.instant());
            i = ts.end();
        }
        i = sp(s, i, "after TIMESTAMP");
        int end = token(s, i, 255, "HOSTNAME");
        String host = nil(s, i, end);
        e.setHost(
                host != null ? host : ctx.source() == null ? null : ctx.source().ip());
        i = sp(s, end, "after HOSTNAME");
        end = token(s, i, 48, "APP-NAME");
        e.setApp(nil(s, i, end));
        i = sp(s, end, "after APP-NAME");
        end = token(s, i, 128, "PROCID");
        e.setProcid(nil(s, i, end));
        i = sp(s, end, "after PROCID");
        end = token(s, i, 32, "MSGID");
        e.setMsgid(nil(s, i, end));
        i = sp(s, end, "after MSGID");
        i = structuredData(s, i, e);
        if (i < s.length()) {
            if (s.charAt(i) != ' ') throw new ParseException("expecting a space before MSG", i);
            String msg = Text.stripBom(s.substring(i + 1));
            e.setMessage(msg.isEmpty() ? null : msg);
        }
    }

    private static int sp(String s, int i, String where) throws ParseException {
        if (i >= s.length() || s.charAt(i) != ' ') throw new ParseException("expecting a space " + where, i);
        if (i + 1 >= s.length()) throw new ParseException("unexpected end of message " + where, i + 1);
        return i + 1;
    }

    /** Index past a header field of 1..max printable US-ASCII characters. */
    private static int token(String s, int i, int max, String what) throws ParseException {
        int start = i;
        while (i < s.length() && s.charAt(i) != ' ') {
            char c = s.charAt(i);
            if (c < 33 || c > 126) throw new ParseException("expecting printable US-ASCII in " + what, i);
            if (i - start >= max) throw new ParseException(what + " longer than " + max + " characters", i);
            i++;
        }
        if (i == start) throw new ParseException("expecting " + what + " or a nil value", i);
        return i;
    }

    private static String nil(String s, int start, int end) {
        return end - start == 1 && s.charAt(start) == '-' ? null : s.substring(start, end);
    }

    private static int structuredData(String s, int i, LogEvent e) throws ParseException {
        if (s.charAt(i) == '-') return i + 1;
        if (s.charAt(i) != '[') throw new ParseException("expecting structured data or a nil value", i);
        Map<String, Map<String, String>> sd = new LinkedHashMap<>();
        StringBuilder value = new StringBuilder();
        while (i < s.length() && s.charAt(i) == '[') {
            int idStart = ++i;
            i = sdName(s, i, "SD-ID");
            String id = s.substring(idStart, i);
            if (sd.containsKey(id)) throw new ParseException("duplicate SD-ID " + id, idStart);
            Map<String, String> params = new LinkedHashMap<>();
            while (i < s.length() && s.charAt(i) == ' ') {
                int nameStart = ++i;
                i = sdName(s, i, "PARAM-NAME");
                String name = s.substring(nameStart, i);
                Timestamps.expect(s, i, '=', "SD-PARAM");
                i++;
                while (i < s.length() && s.charAt(i) == ' ') i++; // rsyslog accepts 'name= "v"'
                value.setLength(0);
                if (i < s.length() && s.charAt(i) != '"') { // VMware ESXi sends unquoted values
                    int start = i;
                    while (i < s.length() && s.charAt(i) != ' ' && s.charAt(i) != ']') i++;
                    if (i == start) throw new ParseException("expecting a PARAM-VALUE", i);
                    params.put(name, s.substring(start, i));
                    continue;
                }
                Timestamps.expect(s, i, '"', "SD-PARAM value");
                i++;
                while (true) {
                    if (i >= s.length()) throw new ParseException("unterminated PARAM-VALUE", i);
                    char c = s.charAt(i);
                    if (c == '"') break;
                    if (c == '\\' && i + 1 < s.length()) {
                        char n = s.charAt(i + 1);
                        // only \" \\ \] are escapes (RFC5424 6.3.3); any other backslash stays as written
                        if (n == '"' || n == '\\' || n == ']') {
                            value.append(n);
                            i += 2;
                            continue;
                        }
                    } else if (c == ']') {
                        throw new ParseException("unescaped ']' in PARAM-VALUE", i);
                    }
                    value.append(c);
                    i++;
                }
                params.put(name, value.toString());
                i++;
            }
            Timestamps.expect(s, i, ']', "SD-ELEMENT");
            sd.put(id, params);
            i++;
        }
        e.setStructuredData(sd);
        return i;
    }

    private static int sdName(String s, int i, String what) throws ParseException {
        int start = i;
        while (i < s.length()) {
            char c = s.charAt(i);
            if (c == '=' || c == ' ' || c == ']' || c == '"') break;
            if (c < 33 || c > 126) throw new ParseException("expecting printable US-ASCII in " + what, i);
            i++;
        }
        if (i == start) throw new ParseException("expecting " + what, i);
        if (i - start > MAX_SD_NAME)
            throw new ParseException(what + " longer than " + MAX_SD_NAME + " characters", start);
        return i;
    }
}
