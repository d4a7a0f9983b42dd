package io.logpipe.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.logpipe.config.SettingsValidator;
import io.logpipe.event.LogEvent;
import java.io.StringReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Retention per class of events (auth for a year, debug for a day, lab hosts for three days) on every store. */
class RetentionClassesTest {
    static final Instant NOW = Instant.parse("2026-06-20T12:00:00Z");
    static final RetentionRules RULES = RetentionRules.from(
            30,
            Map.of(
                    "logpipe.db.retention.auth.selector",
                    "auth,authpriv.*",
                    "logpipe.db.retention.auth.days",
                    "365",
                    "logpipe.db.retention.debug.selector",
                    "*.=debug",
                    "logpipe.db.retention.debug.days",
                    "1",
                    "logpipe.db.retention.lab.hosts",
                    "lab-*, test-?",
                    "logpipe.db.retention.lab.days",
                    "3"));
    /** kind: facility, severity, host */
    static final Object[][] KINDS = {
        {"auth-info", 4, 6, "web1"},
        {"authpriv-debug", 10, 7, "web1"},
        {"user-debug", 1, 7, "web1"},
        {"lab-info", 1, 6, "lab-7"},
        {"user-info", 1, 6, "web1"},
        {"lab-auth", 4, 6, "lab-1"},
        {"no-pri", -1, -1, "web1"},
        {"no-host", 1, 6, null},
        {"test-x", 3, 6, "test-x"}
    };

    static final int[] DAYS_AGO = {0, 2, 5, 40, 400};

    static List<LogEvent> events() {
        List<LogEvent> out = new ArrayList<>();
        for (int ago : DAYS_AGO) {
            for (Object[] k : KINDS) {
                LogEvent e = new LogEvent();
                Instant received = NOW.minus(Duration.ofDays(ago)).minus(Duration.ofHours(ago == 0 ? 1 : 0));
                e.setTimestamp(received);
                e.setReceivedAt(received);
                e.setFormat("rfc5424");
                e.setFacilityCode((Integer) k[1]);
                e.setSeverityCode((Integer) k[2]);
                e.setHost((String) k[3]);
                e.setMessage(ago + "/" + k[0]);
                out.add(e);
            }
        }
        return out;
    }

    static TreeSet<String> left(TestStores.Loaded store) throws Exception {
        TreeSet<String> out = new TreeSet<>();
        for (StoredEvent e :
                store.queries().find(EventFilter.all(), true, null, 1000).events())
            out.add(e.event().getMessage());
        return out;
    }

    static TreeSet<String> expected() {
        TreeSet<String> out = new TreeSet<>();
        for (Object[] k : KINDS) out.add("0/" + k[0]);
        for (String k : List.of(
                "auth-info", "authpriv-debug", "lab-info", "user-info", "lab-auth", "no-pri", "no-host", "test-x"))
            out.add("2/" + k);
        for (String k : List.of("auth-info", "authpriv-debug", "user-info", "lab-auth", "no-pri", "no-host"))
            out.add("5/" + k);
        for (String k : List.of("auth-info", "authpriv-debug", "lab-auth")) out.add("40/" + k);
        return out;
    }

    @ParameterizedTest
    @ValueSource(strings = {"h2", "postgresql", "mariadb", "lucene"})
    void eachClassGoesAfterItsOwnDays(String kind) throws Exception {
        try (TestStores.Loaded store = TestStores.loaded(kind, events())) {
            EventFilter all = EventFilter.all().withRange(NOW.minus(Duration.ofDays(500)), NOW);
            assertEquals(
                    events().size(),
                    store.queries().stats(all, NOW, 86400, 10).total(),
                    "counted (and, on the index, the counts kept) before retention");
            store.retain(RULES, NOW);
            assertEquals(
                    expected(),
                    left(store),
                    "an event several classes match stays for the longest; one no class matches for 30 days");
            store.retain(RULES, NOW);
            assertEquals(expected(), left(store), "a second round changes nothing");
            EventStats.Result stats = store.queries().stats(all, NOW, 86400, 10);
            assertEquals(expected().size(), stats.total(), "counts follow the deletions");
            // two days later the day received 2 days ago is past 3 days, today past 1: lab and debug events go
            store.retain(RULES, NOW.plus(Duration.ofDays(2)));
            TreeSet<String> later = expected();
            later.removeAll(List.of("2/lab-info", "2/test-x", "0/user-debug"));
            assertEquals(later, left(store));
        }
    }

    @Test
    void theRulesSayWhatGoesFromADay() {
        assertNull(RULES.removal(LocalDate.of(2026, 6, 20), NOW), "today: nothing");
        assertNull(RULES.removal(LocalDate.of(2026, 6, 19), NOW), "yesterday is not a whole day old yet");
        var twoDays = assertInstanceOf(RetentionRules.SomeEvents.class, RULES.removal(LocalDate.of(2026, 6, 18), NOW));
        assertEquals(1, twoDays.daysOld());
        assertEquals(
                List.of("debug"),
                twoDays.goes().stream().map(RetentionClass::name).toList());
        assertEquals(
                List.of("auth", "lab"),
                twoDays.stays().stream().map(RetentionClass::name).toList());
        var month = assertInstanceOf(RetentionRules.SomeEvents.class, RULES.removal(LocalDate.of(2026, 5, 10), NOW));
        assertTrue(month.unmatchedGo());
        assertInstanceOf(RetentionRules.WholeDay.class, RULES.removal(LocalDate.of(2025, 6, 1), NOW));
        assertEquals(NOW.minus(Duration.ofDays(365)), RULES.wholeCutoff(NOW));
        assertEquals(NOW.minus(Duration.ofDays(1)), RULES.earliestRemoval(NOW));
        RetentionRules forever = RetentionRules.from(
                0, Map.of("logpipe.db.retention.debug.selector", "*.=debug", "logpipe.db.retention.debug.days", "1"));
        assertNull(forever.wholeCutoff(NOW), "retention-days=0 keeps the rest for ever");
        assertInstanceOf(RetentionRules.SomeEvents.class, forever.removal(LocalDate.of(2020, 1, 1), NOW));
        assertTrue(!RULES.fingerprint().equals(forever.fingerprint()));
    }

    @Test
    void theDocumentedExampleIsValid() throws Exception {
        String readme = Files.readString(Path.of("docs/storage.md"));
        int section = readme.indexOf("## Retention per class");
        int start = readme.indexOf("```properties\n", section) + "```properties\n".length();
        String block = readme.substring(start, readme.indexOf("```", start));
        Path f = Files.createTempFile("settings", ".properties");
        Files.writeString(f, block);
        assertEquals(List.of(), new SettingsValidator().validate(f));
        Properties p = new Properties();
        p.load(new StringReader(block));
        Map<String, String> settings = new HashMap<>();
        p.forEach((k, v) -> settings.put((String) k, (String) v));
        RetentionRules rules =
                RetentionRules.from(Integer.parseInt(settings.get("logpipe.db.retention-days")), settings);
        assertEquals(
                List.of("auth", "debug", "lab"),
                rules.classes().stream().map(RetentionClass::name).toList());
        assertEquals(RULES.fingerprint(), rules.fingerprint(), "the documented classes are the ones tested here");
    }

    @Test
    void aBrokenClassIsRefusedWithTheSettingAndLine() throws Exception {
        assertThrows(
                IllegalArgumentException.class,
                () -> RetentionRules.from(30, Map.of("logpipe.db.retention.x.selector", "auth.*")));
        assertTrue(assertThrows(
                        IllegalArgumentException.class,
                        () -> RetentionRules.from(
                                30,
                                Map.of("logpipe.db.retention.x.selector", "auth", "logpipe.db.retention.x.days", "7")))
                .getMessage()
                .startsWith("logpipe.db.retention.x.selector:"));
        Path f = Files.createTempFile("settings", ".properties");
        Files.writeString(
                f,
                "logpipe.db.retention.auth.selector=auth.*\nlogpipe.db.retention.auth.days=a year\nlogpipe.db.retention.lab.days=3\n"
                        + "logpipe.db.retention.lab.keep=yes\nlogpipe.db.retention.dbg.selector=debug\n");
        var problems = new SettingsValidator()
                .validate(f).stream().map(Object::toString).toList();
        assertEquals(5, problems.size(), problems.toString());
        assertTrue(
                problems.get(0).contains(":2:")
                        && problems.get(0).contains("logpipe.db.retention.auth.days must be a positive number of days"),
                problems.toString());
        assertTrue(
                problems.get(1).contains(":4:")
                        && problems.get(1).contains("unknown setting 'logpipe.db.retention.lab.keep'"),
                problems.toString());
        assertTrue(
                problems.get(2).contains(":5:")
                        && problems.get(2).contains("logpipe.db.retention.dbg.selector: selector"),
                problems.toString());
        assertTrue(
                problems.get(3).contains(":3:")
                        && problems.get(3).contains("logpipe.db.retention.lab needs a selector or hosts"),
                problems.toString());
        assertTrue(
                problems.get(4).contains(":5:") && problems.get(4).contains("logpipe.db.retention.dbg.days is missing"),
                problems.toString());
    }
}
