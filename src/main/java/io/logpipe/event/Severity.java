package io.logpipe.event;

import java.util.Locale;

/** Syslog severities, most severe first (codes 0–7). */
public enum Severity {
    EMERG,
    ALERT,
    CRIT,
    ERR,
    WARNING,
    NOTICE,
    INFO,
    DEBUG;

    private static final Severity[] BY_CODE = values();
    private final String label = name().toLowerCase(Locale.ROOT);

    public int code() {
        return ordinal();
    }

    public String label() {
        return label;
    }

    public static Severity ofCode(int code) {
        return code >= 0 && code < BY_CODE.length ? BY_CODE[code] : null;
    }

    /** Name as written in rsyslog.conf, including the deprecated aliases; null when unknown. */
    public static Severity ofName(String name) {
        String n = name.toLowerCase(Locale.ROOT);
        switch (n) {
            case "panic":
                return EMERG;
            case "error":
                return ERR;
            case "warn":
                return WARNING;
            default:
                for (Severity s : BY_CODE) if (s.label.equals(n)) return s;
                return null;
        }
    }
}
