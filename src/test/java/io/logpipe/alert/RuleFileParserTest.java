package io.logpipe.alert;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Mistakes in alert files are reported with file and line, and the whole set is refused. */
class RuleFileParserTest {
    static String problems(String yaml) throws Exception {
        Path f = Files.createTempFile("rules", ".yaml");
        Files.writeString(f, yaml);
        RuleFileParser.RuleException e =
                assertThrows(RuleFileParser.RuleException.class, () -> RuleFileParser.parse(List.of(f)));
        assertTrue(e.getMessage().startsWith(f + ":"), e.getMessage());
        return e.getMessage().replace(f.toString(), "F");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(
            delimiter = '|',
            value = {
                "bad regex|- rule:\\n    id: r\\n    type: match\\n    pattern: 'Failed (password'\\n|F:4: r: pattern is not a valid regular expression",
                "unknown type|- rule:\\n    id: r\\n    type: sometimes\\n|F:3: rule r: type must be match, threshold, correlation or silence",
                "threshold without count|- rule:\\n    id: r\\n    type: threshold\\n    window: 2m\\n|F:2: needs 'count' (in r)",
                "bad window|- rule:\\n    id: r\\n    type: threshold\\n    count: 5\\n    window: soon\\n|F:5: rule r: window: cannot read 'soon' as a duration",
                "unknown notifier|- rule:\\n    id: r\\n    type: match\\n    selector: '*.*'\\n    notify: [pager]\\n|F:5: rule r: notify 'pager' is not a notifier (defined: none)",
                "groupBy neither group nor field|- rule:\\n    id: r\\n    type: threshold\\n    pattern: 'from (?<ip>\\S+)'\\n    groupBy: addr\\n    count: 2\\n    window: 1m\\n|F:5: rule r: groupBy 'addr' is neither a named group",
                "duplicate id|- rule: { id: r, type: match }\\n- notifier: { id: r, type: webhook, url: 'http://x' }\\n|F:2: id 'r' is used twice",
                "bad selector|- rule:\\n    id: r\\n    type: match\\n    selector: 'nonsense.stuff'\\n|F:4: r: selector 'nonsense.stuff'",
                "unknown key|- rule:\\n    id: r\\n    type: match\\n    treshold: 5\\n|F:4: rule: unknown key 'treshold'",
                "email without to|- notifier:\\n    id: m\\n    type: email\\n    host: smtp\\n    from: a@b\\n|F:2: notifier m: needs 'to'",
                "yaml syntax|- rule: [\\n|F:2: YAML syntax",
            })
    void reportsFileLineAndCause(String name, String yaml, String expected) throws Exception {
        String got = problems(yaml.replace("\\n", "\n"));
        assertTrue(got.contains(expected), name + ": " + got);
    }

    @org.junit.jupiter.api.Test
    void everyMistakeOfEveryRuleIsReportedInOneRun() throws Exception {
        String text = problems(
                "- rule:\n    id: one\n    type: sometimes\n- rule:\n    id: two\n    type: match\n    selector: 'mial.*'\n    notify: [nobody]\n"
                        + "- notifier:\n    id: hook\n    type: webhook\n- rule:\n    id: three\n    type: match\n    selector: '*.*'\n    notify: [hook]\n");
        assertTrue(text.contains("F:3: rule one: type must be"), text);
        assertTrue(text.contains("F:7: two: selector 'mial.*'"), text);
        assertTrue(
                text.contains("F:8: rule two: notify 'nobody' is not a notifier (defined: hook)"),
                "a rule's notify is checked even when it has other mistakes: " + text);
        assertTrue(text.contains("F:10: needs 'url' (in hook)"), text);
        assertTrue(
                !text.contains("rule three: notify"),
                "a broken notifier is reported once, not by each rule that names it: " + text);
    }

    @org.junit.jupiter.api.Test
    void aGoodFileParses() throws Exception {
        Path f = Files.createTempFile("rules", ".yaml");
        Files.writeString(f, AlertEngineTest.SSH + """
                - notifier: { id: hook, type: webhook, url: "http://127.0.0.1:9/x", header: { Authorization: "Bearer t" } }
                - rule: { id: quiet, type: silence, window: 10m, hosts: [db-1, db-2], notify: hook }
                """);
        RuleSet set = RuleFileParser.parse(List.of(f));
        assertEquals(4, set.rules().size());
        assertEquals("Bearer t", set.notifiers().get("hook").options().get("header.Authorization"));
        AlertRule quiet = set.rules().get(3);
        assertEquals(List.of("db-1", "db-2"), quiet.inventory());
        assertEquals(List.of("hook"), quiet.notifyIds());
        assertEquals("host", quiet.groupBy());
        assertEquals(f + ":" + 26, quiet.where()); // the 24 lines of SSH, the notifier, then this rule
    }
}
