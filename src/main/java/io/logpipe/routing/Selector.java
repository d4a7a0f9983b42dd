package io.logpipe.routing;

import io.logpipe.event.Facility;
import io.logpipe.event.LogEvent;
import io.logpipe.event.Severity;

/**
 * An rsyslog.conf selector such as {@code *.info;mail.none;authpriv.none} compiled to one
 * severity bit mask per facility, with sysklogd's semantics: pairs apply left to right, each
 * changing the masks of the facilities it lists. {@code fac.sev} adds sev and everything more
 * severe; {@code =sev} only sev; {@code !} removes instead of adds; {@code none} clears;
 * {@code *} means every facility or every severity; numeric codes work in both places.
 * Events without a PRI (raw input) are matched as user.notice, the RFC3164 default.
 */
public final class Selector {
    private static final int FACILITIES = 24;
    private static final int ALL = 0xFF;
    private static final int DEFAULT_FACILITY = Facility.USER.code();
    private static final int DEFAULT_SEVERITY = Severity.NOTICE.code();

    private final String text;
    private final int[] masks = new int[FACILITIES];

    private Selector(String text) {
        this.text = text;
    }

    public static Selector parse(String text) {
        if (text == null || text.isBlank()) throw new IllegalArgumentException("empty selector");
        Selector s = new Selector(text.trim());
        for (String pair : s.text.split(";")) s.apply(pair.trim());
        return s;
    }

    public boolean matches(int facility, int severity) {
        if (facility < 0 || facility >= FACILITIES) facility = DEFAULT_FACILITY;
        if (severity < 0 || severity > 7) severity = DEFAULT_SEVERITY;
        return (masks[facility] >> severity & 1) != 0;
    }

    public boolean matches(LogEvent e) {
        return matches(e.getFacilityCode(), e.getSeverityCode());
    }

    private void apply(String pair) {
        int dot = pair.lastIndexOf('.');
        if (dot <= 0 || dot == pair.length() - 1) {
            throw new IllegalArgumentException("selector '" + text + "': '" + pair + "' is not facility.severity");
        }
        String sev = pair.substring(dot + 1).trim();
        boolean negate = sev.startsWith("!");
        if (negate) sev = sev.substring(1);
        boolean exact = sev.startsWith("=");
        if (exact) sev = sev.substring(1);
        int bits;
        if (sev.equals("*")) {
            bits = ALL;
        } else if (sev.equals("none")) {
            bits = -1; // marker: clear everything (or, negated, set everything)
        } else {
            int code = severityCode(sev, pair);
            bits = exact ? 1 << code : (1 << (code + 1)) - 1; // code and every more severe one
        }
        for (String fac : pair.substring(0, dot).split(",")) {
            fac = fac.trim();
            if (fac.equals("*")) {
                for (int f = 0; f < FACILITIES; f++) update(f, bits, negate);
            } else {
                update(facilityCode(fac, pair), bits, negate);
            }
        }
    }

    private void update(int facility, int bits, boolean negate) {
        if (bits == -1) masks[facility] = negate ? ALL : 0;
        else if (negate) masks[facility] &= ~bits;
        else masks[facility] |= bits;
    }

    private int severityCode(String name, String pair) {
        if (isNumber(name)) {
            int code = Integer.parseInt(name);
            if (code <= 7) return code;
        } else {
            Severity s = Severity.ofName(name);
            if (s != null) return s.code();
        }
        throw new IllegalArgumentException("selector '" + text + "': unknown severity '" + name + "' in '" + pair
                + "' (use emerg, alert, crit, err, warning, notice, info, debug, 0-7, * or none)");
    }

    private int facilityCode(String name, String pair) {
        if (isNumber(name)) {
            int code = Integer.parseInt(name);
            if (code < FACILITIES) return code;
        } else {
            Facility f = Facility.ofName(name);
            if (f != null) return f.code();
        }
        throw new IllegalArgumentException(
                "selector '" + text + "': unknown facility '" + name + "' in '" + pair
                        + "' (use kern, user, mail, daemon, auth, syslog, lpr, news, uucp, cron, authpriv, ftp, ntp, audit, alert, clock, local0-7, 0-23 or *)");
    }

    private static boolean isNumber(String s) {
        if (s.isEmpty() || s.length() > 2) return false;
        for (int i = 0; i < s.length(); i++) if (!Character.isDigit(s.charAt(i))) return false;
        return true;
    }

    @Override
    public String toString() {
        return text;
    }
}
