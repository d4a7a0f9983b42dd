package io.logpipe.normalize;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class GrokTest {
    private static Grok grok(String expr) throws GrokException {
        return Grok.compile(expr, GrokLibrary.standard());
    }

    @Test
    void standardLibraryIsLoaded() {
        for (String name : new String[] {
            "IP", "IPV6", "INT", "USERNAME", "SYSLOGTIMESTAMP", "POSTFIX_QUEUEID", "COMBINEDAPACHELOG", "HAPROXYHTTP"
        }) {
            assertTrue(GrokLibrary.standard().containsKey(name), name);
        }
    }

    @Test
    void capturesAreTypedAndOnlyTheNamedOnesAreKept() throws GrokException {
        Grok g = grok(
                "from %{IP:src_ip} port %{INT:src_port:int} took %{NUMBER:secs:double}s %{WORD} ok=%{WORD:ok:boolean}");
        assertEquals(
                Map.of("src_ip", "10.1.2.3", "src_port", 2222L, "secs", 0.25, "ok", true),
                g.match("x from 10.1.2.3 port 2222 took 0.25s fine ok=true"));
        assertEquals(List.of("src_ip", "src_port", "secs", "ok"), g.fieldNames());
    }

    @Test
    void namesInsideLibraryPatternsAreNotCaptures() throws GrokException {
        // SYSLOGPROG names program and pid; only what the expression itself names is kept
        assertEquals(Map.of("prog", "sshd[42]"), grok("%{SYSLOGPROG:prog}:").match("sshd[42]: hi"));
    }

    @Test
    void plainNamedGroupsAreTextCaptures() throws GrokException {
        assertEquals(
                Map.of("dir", "<-", "a", "10.0.0.1"),
                grok("%{IP:a} (?<dir>->|<-) ").match("10.0.0.1 <- 10.0.0.2"));
    }

    @Test
    void aFieldInTwoAlternativesTakesTheOneThatMatched() throws GrokException {
        assertEquals(
                Map.of("who", "bob"),
                grok("(?:user %{WORD:who}|by %{WORD:who})$").match("by bob"));
    }

    @Test
    void aValueThatDoesNotConvertStaysText() throws GrokException {
        assertEquals(Map.of("n", "abc"), grok("n=%{WORD:n:int}").match("n=abc"));
    }

    @Test
    void anchoredAndUnanchored() throws GrokException {
        assertNull(grok("^Failed %{WORD:m}").match("xx Failed password"));
        assertEquals(Map.of("m", "password"), grok("Failed %{WORD:m}").match("xx Failed password"));
        assertNull(grok("^a").match(""));
    }

    @ParameterizedTest
    @CsvSource(
            delimiter = '|',
            value = {
                "%{NOPE:x}|unknown pattern %{NOPE}",
                "%{IP:1x}|capture name '1x'",
                "%{IP:x:integer}|type 'integer' of x",
                "%{LOOP:x}|pattern %{LOOP} refers to itself",
                "%{IP:x}(|not a valid regular expression",
                "(?<lp0>a)|reserved",
            })
    void mistakesAreNamed(String expr, String expected) {
        Map<String, String> defs = new HashMap<>(GrokLibrary.standard());
        defs.put("LOOP", "a%{LOOP}");
        GrokException e = assertThrows(GrokException.class, () -> Grok.compile(expr, defs));
        assertTrue(e.getMessage().contains(expected), e.getMessage());
    }
}
