package io.logpipe.normalize;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The standard grok pattern library (Logstash's patterns as shipped in java-grok's jar:
 * {@code IP}, {@code INT}, {@code USERNAME}, {@code SYSLOGTIMESTAMP}, {@code POSTFIX_QUEUEID} ...),
 * read once. Each line of a pattern file is {@code NAME regex}; {@code #} starts a comment.
 */
public final class GrokLibrary {
    private static final List<String> FILES =
            List.of("patterns", "firewalls", "linux-syslog", "postfix", "haproxy", "java", "ruby", "nagios");
    private static final Map<String, String> STANDARD = load();

    private GrokLibrary() {}

    /** Pattern name to its grok expression. */
    public static Map<String, String> standard() {
        return STANDARD;
    }

    private static Map<String, String> load() {
        Map<String, String> defs = new TreeMap<>();
        for (String file : FILES) {
            try (InputStream in = GrokLibrary.class.getClassLoader().getResourceAsStream("patterns/" + file)) {
                if (in == null)
                    throw new IllegalStateException(
                            "grok pattern library patterns/" + file + " is not on the class path");
                read(new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8)), defs);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return Map.copyOf(defs);
    }

    static void read(BufferedReader r, Map<String, String> defs) throws IOException {
        for (String line; (line = r.readLine()) != null; ) {
            String t = line.strip();
            if (t.isEmpty() || t.startsWith("#")) continue;
            int space = t.indexOf(' ');
            if (space > 0)
                defs.put(t.substring(0, space), t.substring(space + 1).strip());
        }
    }
}
