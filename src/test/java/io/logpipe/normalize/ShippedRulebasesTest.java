package io.logpipe.normalize;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.logpipe.codec.ConformanceBaseline;
import io.logpipe.event.LogEvent;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/** The rulebases shipped in rules/: they load (so every example in them matches), and sshd's on 2,000 real OpenSSH lines. */
class ShippedRulebasesTest {
    static Rulebases shipped() throws Exception {
        return RulebaseParser.parse(RulebaseParser.files(Path.of("rules")));
    }

    @Test
    void allLoadWithTheirExamples() throws Exception {
        assertEquals(
                Set.of("sshd", "sudo", "postfix", "filterlog", "iptables", "metaflows"),
                shipped().names());
    }

    /** "failed ssh logins by source IP" needs these fields on every failed and accepted login. */
    @Test
    void sshdOnTheLoghubOpenSshCorpus() throws Exception {
        Rulebase sshd = shipped().get("sshd");
        Path file = ConformanceBaseline.corpus("rfc3164").resolve("loghub-openssh-2k.jsonl");
        ObjectMapper json = new ObjectMapper();
        int lines = 0;
        int matched = 0;
        int logins = 0;
        int loginsComplete = 0;
        Map<String, Integer> byRule = new TreeMap<>();
        List<String> unmatched = new ArrayList<>();
        for (String line : Files.readAllLines(file)) {
            JsonNode row = json.readTree(line);
            String message = row.get("expect").get("message").asText();
            lines++;
            LogEvent e = new LogEvent();
            e.setApp("sshd");
            e.setMessage(message);
            boolean isLogin = message.startsWith("Failed ") || message.startsWith("Accepted ");
            if (isLogin) logins++;
            if (Normalizer.apply(e, List.of(sshd)) == null) {
                if (unmatched.size() < 3) unmatched.add(message);
                continue;
            }
            matched++;
            byRule.merge(String.valueOf(e.getFields().get("event")), 1, Integer::sum);
            if (isLogin
                    && e.getFields().keySet().containsAll(List.of("user", "src_ip", "src_port", "outcome", "method")))
                loginsComplete++;
        }
        System.out.printf(
                "CONFORMANCE %-45s pass %4d fail %4d  (normalize:sshd matched; logins with user, src_ip, src_port, outcome, method %d/%d; by event %s)%n",
                "rules/sshd on loghub-openssh-2k", matched, lines - matched, loginsComplete, logins, byRule);
        unmatched.forEach(m -> System.out.println("    e.g. unmatched: " + m));
        assertEquals(logins, loginsComplete, "every Failed/Accepted line yields all five login fields");
        assertTrue(matched >= 1980, "matched " + matched + " (was 1984 of 2000 when written)");
    }
}
