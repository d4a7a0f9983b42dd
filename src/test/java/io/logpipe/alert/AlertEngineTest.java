package io.logpipe.alert;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.logpipe.codec.DecodeContext;
import io.logpipe.codec.Decoders;
import io.logpipe.event.LogEvent;
import io.logpipe.event.Source;
import io.logpipe.normalize.Normalizer;
import io.logpipe.normalize.Rulebase;
import io.logpipe.normalize.RulebaseParser;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Every rule type, suppression and silence with a clock the test moves: no sleeping. */
class AlertEngineTest {
    final MutableClock clock = new MutableClock(Instant.parse("2026-11-22T10:00:00Z"));

    static RuleSet rules(String yaml) throws Exception {
        Path f = Files.createTempFile("alerts", ".yaml");
        Files.writeString(f, yaml);
        return RuleFileParser.parse(List.of(f));
    }

    static LogEvent syslog(String line) {
        return Decoders.frameDecoder("auto")
                .decodeOne(
                        line,
                        new DecodeContext(
                                Instant.now(), new Source("10.0.0.9", 514, "syslog-tcp", null), ZoneOffset.UTC, false));
    }

    List<Alert> feed(AlertEngine engine, String line) {
        return engine.onEvent(syslog(line));
    }

    static final String SSH = """
            - rule:
                id: ssh-bruteforce
                type: threshold
                selector: "auth,authpriv.*"
                where: { app: sshd }
                pattern: 'Failed password for (invalid user )?\\S+ from (?<ip>\\S+)'
                groupBy: ip
                count: 5
                window: 2m
                suppress: 10m
                message: "{count} failed SSH logins from {ip} within {window} on {host}"
            - rule:
                id: root-login
                type: match
                selector: "authpriv.*"
                pattern: 'Accepted \\w+ for root from (?<ip>\\S+)'
                groupBy: ip
            - rule:
                id: break-in
                type: correlation
                when: { selector: "authpriv.*", pattern: 'Failed password .* from (?<ip>\\S+)' }
                then: { selector: "authpriv.*", pattern: 'Accepted \\w+ for \\S+ from (?<ip>\\S+)' }
                groupBy: ip
                window: 5m
            """;

    static String failed(String ip) {
        return "<86>Nov 22 10:00:00 bastion sshd[42]: Failed password for invalid user admin from " + ip
                + " port 4242 ssh2";
    }

    @Test
    void thresholdFiresOnTheFifthFailureFromOneAddressWithinTheWindow() throws Exception {
        AlertEngine engine = new AlertEngine(rules(SSH), clock);
        for (int i = 0; i < 4; i++) {
            assertTrue(feed(engine, failed("203.0.113.7")).stream()
                    .noneMatch(a -> a.rule().equals("ssh-bruteforce")));
            clock.advance(Duration.ofSeconds(20));
        }
        assertTrue(
                feed(engine, failed("198.51.100.1")).stream()
                        .noneMatch(a -> a.rule().equals("ssh-bruteforce")),
                "another address counts apart");
        List<Alert> fired = feed(engine, failed("203.0.113.7"));
        Alert a = fired.stream()
                .filter(x -> x.rule().equals("ssh-bruteforce"))
                .findFirst()
                .orElseThrow();
        assertEquals("5 failed SSH logins from 203.0.113.7 within 2m on bastion", a.message());
        assertEquals("203.0.113.7", a.group());
        assertFalse(a.repeat());
    }

    /** The same threshold on what normalize:sshd extracted, without a regex in the rule. */
    @Test
    void rulesWhereAndGroupByOnExtractedFields() throws Exception {
        RuleSet set = rules("""
                - rule:
                    id: ssh-failures
                    type: threshold
                    where: { app: sshd, fields.outcome: failure }
                    groupBy: fields.src_ip
                    count: 3
                    window: 1m
                    message: "{count} failures from {group} as {fields.user}"
                """);
        Rulebase sshd =
                RulebaseParser.parse(RulebaseParser.files(Path.of("rules"))).get("sshd");
        AlertEngine engine = new AlertEngine(set, clock);
        List<Alert> fired = new ArrayList<>();
        for (String line : List.of(
                failed("203.0.113.7"),
                failed("198.51.100.1"),
                failed("203.0.113.7"),
                "<86>Nov 22 10:00:00 bastion sshd[42]: Accepted password for admin from 203.0.113.7 port 4242 ssh2",
                failed("203.0.113.7"))) {
            LogEvent e = syslog(line);
            Normalizer.apply(e, List.of(sshd));
            fired.addAll(engine.onEvent(e));
        }
        assertEquals(1, fired.size(), fired.toString());
        assertEquals("203.0.113.7", fired.get(0).group());
        assertEquals("3 failures from 203.0.113.7 as admin", fired.get(0).message());
    }

    @Test
    void failuresSpreadWiderThanTheWindowDoNotFire() throws Exception {
        AlertEngine engine = new AlertEngine(rules(SSH), clock);
        for (int i = 0; i < 10; i++) {
            assertTrue(
                    feed(engine, failed("203.0.113.7")).stream()
                            .noneMatch(a -> a.rule().equals("ssh-bruteforce")),
                    "failure " + i);
            clock.advance(Duration.ofSeconds(31)); // 4 per 2 minutes at most
        }
    }

    @Test
    void oneIncidentIsOneAlertWithACountUntilTheSuppressionWindowEnds() throws Exception {
        AlertEngine engine = new AlertEngine(rules(SSH), clock);
        List<Alert> all = new ArrayList<>();
        for (int i = 0; i < 25; i++) {
            all.addAll(feed(engine, failed("203.0.113.7")));
            clock.advance(Duration.ofSeconds(1));
        }
        List<Alert> brute =
                all.stream().filter(a -> a.rule().equals("ssh-bruteforce")).toList();
        assertEquals(5, brute.size(), "fires every 5 failures");
        assertEquals(1, brute.stream().filter(a -> !a.repeat()).count(), "but only the first is sent");
        assertEquals(5, brute.get(4).count(), "the incident counts every firing");
        clock.advance(Duration.ofMinutes(11));
        for (int i = 0; i < 4; i++) feed(engine, failed("203.0.113.7"));
        Alert next = feed(engine, failed("203.0.113.7")).stream()
                .filter(a -> a.rule().equals("ssh-bruteforce"))
                .findFirst()
                .orElseThrow();
        assertFalse(next.repeat(), "after the suppression window a new incident is sent");
        assertEquals(1, next.count());
    }

    @Test
    void matchAndCorrelation() throws Exception {
        AlertEngine engine = new AlertEngine(rules(SSH), clock);
        feed(engine, failed("192.0.2.55"));
        clock.advance(Duration.ofMinutes(3));
        List<Alert> after = feed(
                engine,
                "<86>Nov 22 10:03:00 bastion sshd[43]: Accepted password for root from 192.0.2.55 port 5555 ssh2");
        assertEquals(
                List.of("root-login", "break-in"),
                after.stream().map(Alert::rule).toList());
        assertEquals("192.0.2.55", after.get(1).group());
        // a success long after the failures is no break-in
        feed(engine, failed("192.0.2.66"));
        clock.advance(Duration.ofMinutes(6));
        List<Alert> late = feed(
                engine,
                "<86>Nov 22 10:10:00 bastion sshd[44]: Accepted publickey for alice from 192.0.2.66 port 5555 ssh2");
        assertTrue(late.isEmpty(), late.toString());
    }

    @Test
    void aQuietHostFiresOnceAndRecoversWhenItSpeaksAgain() throws Exception {
        AlertEngine engine = new AlertEngine(rules("""
                - rule:
                    id: host-silent
                    type: silence
                    groupBy: host
                    window: 10m
                    hosts: [db-1]
                """), clock);
        feed(engine, "<13>Nov 22 10:00:00 web-1 app: hello");
        clock.advance(Duration.ofMinutes(9));
        assertTrue(engine.tick().isEmpty());
        feed(engine, "<13>Nov 22 10:09:00 web-1 app: still here");
        clock.advance(Duration.ofMinutes(2));
        List<Alert> fired = engine.tick();
        assertEquals(1, fired.size(), "db-1 (inventory, never seen) is silent since start; web-1 spoke 2 minutes ago");
        assertEquals("db-1", fired.get(0).group());
        assertEquals("host-silent: no events from db-1 for 10m", fired.get(0).message());
        clock.advance(Duration.ofMinutes(9));
        List<Alert> second = engine.tick();
        assertEquals(List.of("web-1"), second.stream().map(Alert::group).toList());
        assertTrue(engine.tick().isEmpty(), "a silence fires once");
        clock.advance(Duration.ofMinutes(5));
        List<Alert> back = feed(engine, "<13>Nov 22 10:25:00 web-1 app: back");
        assertEquals(1, back.size());
        assertEquals("recovered", back.get(0).state());
        assertTrue(
                back.get(0).message().contains("web-1 is sending again after 16m"),
                back.get(0).message());
    }

    @Test
    void silenceStateSurvivesARestart() throws Exception {
        RuleSet rules = rules("""
                - rule: { id: quiet, type: silence, groupBy: host, window: 10m }
                """);
        AlertEngine before = new AlertEngine(rules, clock);
        feed(before, "<13>Nov 22 10:00:00 web-9 app: hello");
        clock.advance(Duration.ofMinutes(11));
        assertEquals(1, before.tick().size());
        // a new engine (after a restart) restored from what the first one saved
        AlertEngine after = new AlertEngine(rules, clock);
        after.restore(before.lastSeen(), before.silent());
        assertTrue(after.tick().isEmpty(), "already alerted: not again");
        assertEquals(
                "recovered",
                feed(after, "<13>Nov 22 10:12:00 web-9 app: back").get(0).state());
    }
}
