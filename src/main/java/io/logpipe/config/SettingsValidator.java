package io.logpipe.config;

import io.logpipe.auth.TokenRegistry;
import io.logpipe.auth.TokenSettings;
import io.logpipe.store.Dialect;
import io.logpipe.store.RetentionRules;
import io.logpipe.template.EventTemplate;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/** Checks the user's application.properties: known logpipe.* keys, ports and numbers in range, a writable data directory. */
public final class SettingsValidator {
    public static final Set<String> KNOWN = Set.of(
            "logpipe.syslog.port",
            "logpipe.relp.port",
            "logpipe.syslog.host",
            "logpipe.data.dir",
            "logpipe.routes.dir",
            "logpipe.file.flush-interval-ms",
            "logpipe.config",
            "logpipe.routes.reload-interval-ms",
            "logpipe.db.url",
            "logpipe.db.user",
            "logpipe.db.password",
            "logpipe.db.pool-size",
            "logpipe.db.retention-days",
            "logpipe.db.maintenance-interval-minutes",
            "logpipe.db.text-index",
            "logpipe.store",
            "logpipe.store.lucene.dir",
            "logpipe.store.lucene.max-field-names",
            "logpipe.store.archive.bucket",
            "logpipe.store.archive.prefix",
            "logpipe.store.archive.storage-class",
            "logpipe.store.archive.restore-hold-days",
            "logpipe.queue.fsync",
            "logpipe.queue.sync-interval-ms",
            "logpipe.role",
            "logpipe.kafka.brokers",
            "logpipe.kafka.topic",
            "logpipe.kafka.group",
            "logpipe.kafka.compression",
            "logpipe.link",
            "logpipe.rabbitmq.addresses",
            "logpipe.rabbitmq.username",
            "logpipe.rabbitmq.password",
            "logpipe.rabbitmq.virtual-host",
            "logpipe.rabbitmq.tls",
            "logpipe.rabbitmq.exchange",
            "logpipe.rabbitmq.group",
            "logpipe.s3.bucket",
            "logpipe.s3.region",
            "logpipe.s3.endpoint",
            "logpipe.s3.path-style",
            "logpipe.s3.access-key",
            "logpipe.s3.secret-key",
            "logpipe.s3.max-age-seconds",
            "logpipe.alerts.dir",
            "logpipe.rules.dir",
            "logpipe.processors.dir",
            "logpipe.lib.dir",
            "logpipe.tests.dir",
            "logpipe.health.sink-down-after-seconds",
            "logpipe.auth.metrics-open",
            "logpipe.auth.max-failures",
            "logpipe.auth.client-certificate");
    static final String TEMPLATE_PREFIX = "logpipe.template.";
    /** S3 storage classes an archived day may be written in (those a GET reads at once, and the archive tiers). */
    static final List<String> ARCHIVE_CLASSES = List.of(
            "STANDARD", "STANDARD_IA", "ONEZONE_IA", "INTELLIGENT_TIERING", "GLACIER_IR", "GLACIER", "DEEP_ARCHIVE");

    public List<Problem> validate(Path file) throws IOException {
        List<Problem> problems = new ArrayList<>();
        if (!Files.isRegularFile(file)) return problems; // optional: packaged defaults apply
        List<String> lines = Files.readAllLines(file);
        Map<String, Integer> retentionClasses = new LinkedHashMap<>(); // name -> first line
        Map<String, Set<String>> retentionParts = new HashMap<>();
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i).strip();
            if (line.isEmpty() || line.startsWith("#") || line.startsWith("!")) continue;
            int eq = indexOfSeparator(line);
            String key = (eq < 0 ? line : line.substring(0, eq)).strip();
            String value = eq < 0 ? "" : line.substring(eq + 1).strip();
            String where = file.toString();
            int n = i + 1;
            boolean token = key.startsWith(TokenSettings.PREFIX);
            boolean retentionClass = key.startsWith(RetentionRules.PREFIX);
            if (key.startsWith("logpipe.")
                    && !KNOWN.contains(key)
                    && !key.startsWith(TEMPLATE_PREFIX)
                    && !token
                    && !retentionClass) {
                problems.add(
                        new Problem(
                                where,
                                n,
                                "unknown setting '" + key + "' (known: " + String.join(", ", new TreeSet<>(KNOWN))
                                        + ", logpipe.template.NAME, logpipe.auth.token.NAME, logpipe.db.retention.NAME.days/.selector/.hosts)"));
            }
            if (retentionClass) {
                String problem = RetentionRules.problem(key, value);
                if (problem != null) problems.add(new Problem(where, n, problem));
                String name = RetentionRules.className(key);
                if (name != null) {
                    retentionClasses.putIfAbsent(name, n);
                    retentionParts.computeIfAbsent(name, k -> new HashSet<>()).add(RetentionRules.part(key));
                }
            }
            if (token) {
                try {
                    TokenRegistry.fromSetting(key.substring(TokenSettings.PREFIX.length()), value);
                } catch (IllegalArgumentException e) {
                    problems.add(new Problem(where, n, e.getMessage())); // names the setting, never the secret
                }
            }
            if ((key.equals("logpipe.health.sink-down-after-seconds") || key.equals("logpipe.auth.max-failures"))
                    && !positiveLong(value)) {
                problems.add(new Problem(where, n, key + " must be a positive number, not '" + value + "'"));
            }
            if (key.equals("logpipe.auth.client-certificate")
                    && !value.equals("optional")
                    && !value.equals("required")) {
                problems.add(new Problem(where, n, key + " must be optional or required, not '" + value + "'"));
            }
            if (key.equals("logpipe.auth.metrics-open") && !value.equals("true") && !value.equals("false")) {
                problems.add(new Problem(where, n, key + " must be true or false, not '" + value + "'"));
            }
            if (key.equals("logpipe.syslog.port")
                    || key.equals("logpipe.relp.port")
                    || key.equals("quarkus.http.port")) {
                port(value, where, n, key, problems);
            }
            if (key.equals("logpipe.role")
                    && !List.of("single", "collector", "processor").contains(value)) {
                problems.add(
                        new Problem(where, n, key + " must be single, collector or processor, not '" + value + "'"));
            }
            if (key.equals("logpipe.link") && !List.of("kafka", "rabbitmq").contains(value)) {
                problems.add(new Problem(where, n, key + " must be kafka or rabbitmq, not '" + value + "'"));
            }
            if (key.equals("logpipe.queue.fsync") && !value.equals("interval") && !value.equals("batch")) {
                problems.add(new Problem(where, n, key + " must be interval or batch, not '" + value + "'"));
            }
            if ((key.equals("logpipe.file.flush-interval-ms") || key.equals("logpipe.queue.sync-interval-ms"))
                    && !positiveLong(value)) {
                problems.add(
                        new Problem(where, n, key + " must be a positive number of milliseconds, not '" + value + "'"));
            }
            if ((key.equals("logpipe.db.pool-size") || key.equals("logpipe.db.maintenance-interval-minutes"))
                    && !positiveLong(value)) {
                problems.add(new Problem(where, n, key + " must be a positive number, not '" + value + "'"));
            }
            if (key.equals("logpipe.db.retention-days") && !(value.equals("0") || positiveLong(value))) {
                problems.add(new Problem(
                        where, n, key + " must be a number of days (0 keeps events forever), not '" + value + "'"));
            }
            if (key.equals("logpipe.db.text-index") && !value.equals("true") && !value.equals("false")) {
                problems.add(new Problem(where, n, key + " must be true or false, not '" + value + "'"));
            }
            if (key.equals("logpipe.store") && !value.equals("lucene") && !value.equals("jdbc")) {
                problems.add(new Problem(
                        where,
                        n,
                        key + " must be lucene (the embedded index) or jdbc (logpipe.db.url), not '" + value + "'"));
            }
            if (key.equals("logpipe.store.archive.storage-class") && !ARCHIVE_CLASSES.contains(value)) {
                problems.add(new Problem(
                        where,
                        n,
                        key + " must be one of " + String.join(", ", ARCHIVE_CLASSES) + ", not '" + value + "'"));
            }
            if (key.equals("logpipe.store.archive.restore-hold-days") && !positiveLong(value)) {
                problems.add(new Problem(where, n, key + " must be a positive number of days, not '" + value + "'"));
            }
            if (key.equals("logpipe.store.lucene.max-field-names") && !positiveLong(value)) {
                problems.add(new Problem(where, n, key + " must be a positive number, not '" + value + "'"));
            }
            if (key.equals("logpipe.db.url") && !value.isEmpty()) {
                try {
                    Dialect.of(value);
                } catch (IllegalArgumentException e) {
                    problems.add(new Problem(where, n, e.getMessage()));
                }
            }
            if (key.startsWith(TEMPLATE_PREFIX)) {
                try {
                    EventTemplate.compile(value);
                } catch (IllegalArgumentException e) {
                    problems.add(new Problem(where, n, e.getMessage()));
                }
            }
            if (key.equals("logpipe.data.dir")) {
                Path dir = Path.of(value);
                Path existing = dir.toAbsolutePath();
                while (existing != null && !Files.exists(existing)) existing = existing.getParent();
                if (existing == null || !Files.isWritable(existing))
                    problems.add(new Problem(where, n, "data directory '" + value + "' is not writable"));
            }
        }
        for (var c : retentionClasses.entrySet()) {
            for (String lacking : RetentionRules.missing(c.getKey(), retentionParts.get(c.getKey())))
                problems.add(new Problem(file.toString(), c.getValue(), lacking));
        }
        return problems;
    }

    private static int indexOfSeparator(String line) {
        int eq = line.indexOf('=');
        int colon = line.indexOf(':');
        if (eq < 0) return colon;
        return colon < 0 ? eq : Math.min(eq, colon);
    }

    private static void port(String value, String where, int line, String key, List<Problem> problems) {
        try {
            int p = Integer.parseInt(value);
            if (p < 0 || p > 65535) throw new NumberFormatException();
        } catch (NumberFormatException e) {
            problems.add(new Problem(where, line, key + " must be a port number 0-65535, not '" + value + "'"));
        }
    }

    private static boolean positiveLong(String v) {
        try {
            return Long.parseLong(v) > 0;
        } catch (NumberFormatException e) {
            return false;
        }
    }
}
