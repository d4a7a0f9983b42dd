package io.logpipe.codec.syslog;

import io.logpipe.codec.ParseException;
import io.logpipe.event.LogEvent;

/** The {@code <PRI>} that starts both syslog formats. */
final class Pri {
    private Pri() {}

    static boolean present(String s) {
        return !s.isEmpty() && s.charAt(0) == '<';
    }

    /** Reads {@code <0..191>} into the event's facility and severity; returns the index after '>'. */
    static int parse(String s, LogEvent e) throws ParseException {
        if (!present(s)) throw new ParseException("expecting a priority value within angle brackets", 0);
        int i = 1;
        int v = 0;
        while (i < s.length() && i <= 4 && Character.isDigit(s.charAt(i))) {
            v = v * 10 + (s.charAt(i) - '0');
            i++;
        }
        if (i == 1) throw new ParseException("expecting a priority value within angle brackets", 1);
        if (i >= s.length() || s.charAt(i) != '>')
            throw new ParseException("expecting '>' after at most 3 PRI digits", i);
        if (i > 4 || v > 191) throw new ParseException("PRI " + s.substring(1, i) + " is out of range 0-191", 1);
        e.setPri(v);
        return i + 1;
    }
}
