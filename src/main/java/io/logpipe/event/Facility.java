package io.logpipe.event;

import java.util.Locale;

/** Syslog facilities with the names rsyslog uses in selectors (codes 0–23). */
public enum Facility {
    KERN,
    USER,
    MAIL,
    DAEMON,
    AUTH,
    SYSLOG,
    LPR,
    NEWS,
    UUCP,
    CRON,
    AUTHPRIV,
    FTP,
    NTP,
    AUDIT,
    ALERT,
    CLOCK,
    LOCAL0,
    LOCAL1,
    LOCAL2,
    LOCAL3,
    LOCAL4,
    LOCAL5,
    LOCAL6,
    LOCAL7;

    private static final Facility[] BY_CODE = values();
    private final String label = name().toLowerCase(Locale.ROOT);

    public int code() {
        return ordinal();
    }

    public String label() {
        return label;
    }

    public static Facility ofCode(int code) {
        return code >= 0 && code < BY_CODE.length ? BY_CODE[code] : null;
    }

    /** Name as written in rsyslog.conf, including the aliases rsyslog accepts; null when unknown. */
    public static Facility ofName(String name) {
        String n = name.toLowerCase(Locale.ROOT);
        switch (n) {
            case "security":
                return AUTH;
            case "console":
                return ALERT;
            case "cron2":
                return CLOCK;
            default:
                for (Facility f : BY_CODE) if (f.label.equals(n)) return f;
                return null;
        }
    }
}
