package io.logpipe.normalize;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.logpipe.event.LogEvent;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RulebaseParserTest {
    static final String LOGINS = """
            apps: [sshd]
            patterns:
              METHOD: 'password|publickey'
            rules:
              - id: failed
                match: '^Failed %{METHOD:method} for %{USERNAME:user} from %{IP:src_ip}'
                set: { outcome: failure }
                examples:
                  - input: Failed password for root from 10.0.0.1
                    fields: { user: root, outcome: failure }
              - match: '^Accepted %{METHOD:method} for %{USERNAME:user}'
            """;

    @Test
    void rulesMatchInOrderWithConstantFieldsAndAnAppFilter() throws Exception {
        Rulebase rb = RulebaseParser.parse("logins", LOGINS);
        LogEvent e = event("sshd", "Failed password for root from 10.0.0.1 port 22");
        e.setFields(Map.of("kept", "yes")); // immutable, as some decoders leave it
        assertSame(rb, Normalizer.apply(e, List.of(rb)));
        assertEquals(
                Map.of("kept", "yes", "method", "password", "user", "root", "src_ip", "10.0.0.1", "outcome", "failure"),
                e.getFields());
        assertEquals("rule-2", rb.match("Accepted publickey for bob").rule().id());
        LogEvent other = event("cron", "Failed password for root from 10.0.0.1");
        assertNull(Normalizer.apply(other, List.of(rb)), "the app filter keeps cron out");
        assertNull(other.getFields());
        LogEvent none = event("sshd", "Connection closed");
        assertNull(Normalizer.apply(none, List.of(rb)));
        assertNull(none.getFields(), "an unmatched event is unchanged");
    }

    @Test
    void mistakesCarryFileAndLine() {
        String text = """
                rules:
                  - id: a
                    match: '%{NOPE:x}'
                  - id: b
                    match: '^x %{INT:n:int}'
                    colour: red
                    examples:
                      - input: x 5
                        fields: { n: 6 }
                      - y 7
                  - id: b
                    match: 'z'
                """;
        RulebaseParser.RulebaseException e =
                assertThrows(RulebaseParser.RulebaseException.class, () -> RulebaseParser.parse("bad", text));
        String all = e.getMessage();
        assertTrue(all.contains("bad.yaml:3: rule a: unknown pattern %{NOPE}"), all);
        assertTrue(all.contains("bad.yaml:6: rule b: unknown key 'colour'"), all);
        assertTrue(all.contains("bad.yaml:11: rule id 'b' is used twice"), all);
        // examples are checked only when the rules themselves are sound, so fix those and look again
        String examples = text.replace("'%{NOPE:x}'", "'^a'")
                .replace("    colour: red\n", "")
                .replace("  - id: b\n    match: 'z'\n", "");
        all = assertThrows(RulebaseParser.RulebaseException.class, () -> RulebaseParser.parse("bad", examples))
                .getMessage();
        assertTrue(all.contains("bad.yaml:8: rule b: example gives n=5, expected 6"), all);
        assertTrue(all.contains("bad.yaml:9: rule b: example does not match: y 7"), all);
    }

    @Test
    void anExampleAnEarlierRuleTakesIsAMistake() {
        String text = """
                rules:
                  - id: any
                    match: 'x'
                  - id: specific
                    match: '^x=%{INT:n}'
                    examples: [ "x=1" ]
                """;
        String all = assertThrows(RulebaseParser.RulebaseException.class, () -> RulebaseParser.parse("order", text))
                .getMessage();
        assertTrue(all.contains("order.yaml:6: rule specific: example is matched first by rule any (line 2)"), all);
    }

    @Test
    void syntaxAndShapeMistakes() {
        assertTrue(assertThrows(RulebaseParser.RulebaseException.class, () -> RulebaseParser.parse("s", "rules: [\n"))
                .getMessage()
                .contains("s.yaml:"));
        assertTrue(assertThrows(RulebaseParser.RulebaseException.class, () -> RulebaseParser.parse("s", "apps: [a]\n"))
                .getMessage()
                .contains("'rules' must be a list"));
        assertTrue(
                assertThrows(
                                RulebaseParser.RulebaseException.class,
                                () -> RulebaseParser.parse("s", "patterns: { X: '%{Y}' }\nrules: [ { match: a } ]\n"))
                        .getMessage()
                        .contains("s.yaml:1: pattern X: unknown pattern %{Y}"),
                "an unused pattern is checked too");
    }

    @Test
    void aRefusedReloadKeepsThePreviousRulebases(@TempDir Path dir) throws Exception {
        Files.writeString(dir.resolve("logins.yaml"), LOGINS);
        RulebaseDirectory rd = RulebaseDirectory.of(dir);
        assertEquals(Set.of("logins"), rd.rulebases().names());
        Files.writeString(dir.resolve("logins.yaml"), LOGINS.replace("%{IP:src_ip}", "%{IPP:src_ip}"));
        Files.writeString(dir.resolve("more.yaml"), "rules: [ { match: '^more' } ]\n");
        assertTrue(!rd.reload());
        assertEquals(Set.of("logins"), rd.rulebases().names(), "a set with a mistake is refused whole");
        assertTrue(rd.lastError().contains("logins.yaml:6: rule failed: unknown pattern %{IPP}"), rd.lastError());
        Files.writeString(dir.resolve("logins.yaml"), LOGINS);
        assertTrue(rd.reload());
        assertEquals(Set.of("logins", "more"), rd.rulebases().names());
        assertNull(rd.lastError());
    }

    static LogEvent event(String app, String message) {
        LogEvent e = new LogEvent();
        e.setApp(app);
        e.setMessage(message);
        return e;
    }
}
