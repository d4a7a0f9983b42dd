package io.logpipe.store;

import io.logpipe.routing.Selector;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * A class of events kept for its own number of days ({@code logpipe.db.retention.<name>.*}):
 * those an rsyslog selector matches ({@code auth,authpriv.*}; an event without a PRI counts as
 * user.notice, as in routes), and/or whose host matches one of some patterns ({@code lab-*},
 * {@code *} any run of characters, {@code ?} one). Both given: an event must match both.
 */
public record RetentionClass(String name, int days, Selector selector, List<String> hosts) {
    /** Facility and severity codes, {@code -1} for none. */
    private static final int FIRST_CODE = -1;

    public RetentionClass {
        if (days < 1)
            throw new IllegalArgumentException(
                    "logpipe.db.retention." + name + ".days must be a positive number of days");
        if (selector == null && (hosts == null || hosts.isEmpty())) {
            throw new IllegalArgumentException(
                    "logpipe.db.retention." + name + " needs a selector or hosts to say which events it keeps");
        }
        hosts = hosts == null ? List.of() : List.copyOf(hosts);
    }

    /**
     * The severity codes the selector matches, per facility code ({@code -1}: none stored); a
     * facility it does not match is left out. Null when it matches every event.
     */
    public Map<Integer, List<Integer>> codes() {
        if (selector == null) return null;
        Map<Integer, List<Integer>> out = new LinkedHashMap<>();
        boolean all = true;
        for (int f = FIRST_CODE; f < 24; f++) {
            List<Integer> severities = new ArrayList<>();
            for (int s = FIRST_CODE; s <= 7; s++) if (selector.matches(f, s)) severities.add(s);
            all &= severities.size() == 9;
            if (!severities.isEmpty()) out.put(f, severities);
        }
        return all ? null : out;
    }

    /** A host pattern as a regular expression over the whole host name. */
    public static Pattern hostPattern(String glob) {
        StringBuilder re = new StringBuilder();
        for (char c : glob.toCharArray()) {
            if (c == '*') re.append(".*");
            else if (c == '?') re.append('.');
            else re.append(Pattern.quote(String.valueOf(c)));
        }
        return Pattern.compile(re.toString(), Pattern.DOTALL);
    }

    /** What it says in a log line or a test: name, days and what it covers. */
    public String describe() {
        return name + " (" + days + " days" + (selector == null ? "" : ", " + selector)
                + (hosts.isEmpty() ? "" : ", hosts " + String.join(",", hosts)) + ")";
    }
}
