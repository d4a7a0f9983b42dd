package io.logpipe.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * Retention classes on a database: for each day of receipt old enough for some classes but not for
 * all, deletes that day's events of the classes whose days are past (see {@link RetentionRules}),
 * once per step (recorded in {@code retention_done}). On PostgreSQL the day's pre-aggregated
 * counts are recounted after. Whole days past every class are left to {@link Retention}.
 */
final class ClassRetention {
    private static final int CHUNK = 10_000;

    private ClassRetention() {}

    /**
     * @param limit only days that end by then (the archive's and restore holds' limit)
     * @return the events deleted
     */
    static long run(Connection c, Dialect dialect, RetentionRules rules, Instant now, Instant limit)
            throws SQLException {
        String fingerprint = rules.fingerprint();
        long deleted = 0;
        for (LocalDate day : days(c, dialect, now)) {
            RetentionRules.SomeEvents some = rules.byClass(day, now, limit);
            if (some == null || done(c, day, some.daysOld(), fingerprint)) continue;
            long n = delete(c, dialect, day, some);
            if (n > 0 && dialect == Dialect.POSTGRESQL) EventCounts.rebuild(c, day);
            markDone(c, day, some.daysOld(), fingerprint);
            deleted += n;
        }
        return deleted;
    }

    /** The days of receipt that have events, oldest first, up to yesterday. */
    private static List<LocalDate> days(Connection c, Dialect dialect, Instant now) throws SQLException {
        LocalDate today = LocalDate.ofInstant(now, ZoneOffset.UTC);
        TreeSet<LocalDate> days = new TreeSet<>();
        if (dialect == Dialect.POSTGRESQL) {
            days.addAll(Partitions.days(c)); // the default partition holds few rows: read them
            try (Statement s = c.createStatement();
                    ResultSet rs = s.executeQuery(
                            "SELECT DISTINCT (received_at AT TIME ZONE 'UTC')::date FROM events_default")) {
                while (rs.next()) days.add(rs.getObject(1, LocalDate.class));
            }
        } else {
            try (Statement s = c.createStatement();
                    ResultSet rs = s.executeQuery("SELECT MIN(received_at) AS oldest FROM events")) {
                rs.next();
                Instant oldest = dialect.getInstant(rs, "oldest");
                if (oldest != null)
                    for (LocalDate d = LocalDate.ofInstant(oldest, ZoneOffset.UTC);
                            d.isBefore(today);
                            d = d.plusDays(1)) days.add(d);
            }
        }
        return List.copyOf(days.headSet(today));
    }

    private static long delete(Connection c, Dialect dialect, LocalDate day, RetentionRules.SomeEvents some)
            throws SQLException {
        List<String> hosts = new ArrayList<>();
        String removed = removedSql(some, hosts);
        String sql = "DELETE FROM events WHERE received_at >= ? AND received_at < ?"
                + (removed.isEmpty() ? "" : " AND " + removed)
                + switch (dialect) {
                    case POSTGRESQL -> "";
                    case MARIADB -> " LIMIT " + CHUNK;
                    case H2 -> " FETCH FIRST " + CHUNK + " ROWS ONLY";
                };
        long total = 0;
        int n;
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            dialect.setInstant(ps, 1, day.atStartOfDay(ZoneOffset.UTC).toInstant());
            dialect.setInstant(
                    ps, 2, day.plusDays(1).atStartOfDay(ZoneOffset.UTC).toInstant());
            for (int i = 0; i < hosts.size(); i++) ps.setString(3 + i, hosts.get(i));
            do {
                n = ps.executeUpdate();
                total += n;
            } while (dialect != Dialect.POSTGRESQL && n >= CHUNK);
        }
        return total;
    }

    /** The condition for the events that go (empty: all of the day); host patterns are added to {@code hosts} in placeholder order. */
    static String removedSql(RetentionRules.SomeEvents some, List<String> hosts) {
        List<String> parts = new ArrayList<>();
        for (RetentionClass stays : some.stays()) parts.add("NOT " + classSql(stays, hosts));
        if (!some.unmatchedGo()) {
            List<String> goes = new ArrayList<>();
            for (RetentionClass g : some.goes()) goes.add(classSql(g, hosts));
            parts.add("(" + String.join(" OR ", goes) + ")");
        }
        return String.join(" AND ", parts);
    }

    /** True or false for every row (never NULL, so NOT works on rows without a host or a code). */
    private static String classSql(RetentionClass rc, List<String> hosts) {
        List<String> all = new ArrayList<>();
        Map<Integer, List<Integer>> codes = rc.codes();
        if (codes != null) {
            List<String> facilities = new ArrayList<>();
            codes.forEach((f, severities) -> {
                String facility = f < 0 ? "facility_code IS NULL" : "facility_code = " + f;
                String severity = severitySql(severities);
                facilities.add(severity == null ? facility : "(" + facility + " AND " + severity + ")");
            });
            all.add(facilities.isEmpty() ? "1 = 0" : "(" + String.join(" OR ", facilities) + ")");
        }
        if (!rc.hosts().isEmpty()) {
            List<String> likes = new ArrayList<>();
            for (String h : rc.hosts()) {
                likes.add("host LIKE ? ESCAPE '!'");
                hosts.add(like(h));
            }
            all.add("(host IS NOT NULL AND (" + String.join(" OR ", likes) + "))");
        }
        return "COALESCE((" + String.join(" AND ", all) + "), 1 = 0)";
    }

    /** Null when every severity (and none) matches. */
    private static String severitySql(List<Integer> severities) {
        if (severities.size() == 9) return null;
        List<String> codes =
                severities.stream().filter(s -> s >= 0).map(String::valueOf).toList();
        boolean none = severities.contains(-1);
        String in = codes.isEmpty() ? null : "severity_code IN (" + String.join(", ", codes) + ")";
        if (in == null) return "severity_code IS NULL";
        return none ? "(" + in + " OR severity_code IS NULL)" : in;
    }

    /** A host pattern as LIKE: {@code *} any run, {@code ?} one character, the rest literal. */
    static String like(String glob) {
        return SqlWhere.escapeLike(glob).replace('*', '%').replace('?', '_');
    }

    private static boolean done(Connection c, LocalDate day, int daysOld, String fingerprint) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(
                "SELECT 1 FROM retention_done WHERE received_day = ? AND keep_days = ? AND rules = ?")) {
            ps.setObject(1, day);
            ps.setInt(2, daysOld);
            ps.setString(3, fingerprint);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next();
            }
        }
    }

    private static void markDone(Connection c, LocalDate day, int daysOld, String fingerprint) throws SQLException {
        try (PreparedStatement ps =
                c.prepareStatement("INSERT INTO retention_done (received_day, keep_days, rules) VALUES (?, ?, ?)")) {
            ps.setObject(1, day);
            ps.setInt(2, daysOld);
            ps.setString(3, fingerprint);
            ps.executeUpdate();
        }
    }
}
