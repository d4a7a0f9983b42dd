package io.logpipe.routetest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.logpipe.config.Problem;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class RouteTestParserTest {
    @Test
    void readsCasesWithTheirLines() {
        List<Problem> problems = new ArrayList<>();
        List<RouteTestCase> cases = RouteTestParser.parse("t.yaml", """
                - test: one
                  route: r
                  input: [ "a", "b" ]
                  received: 2026-03-01T12:00:00Z
                  expect:
                    to: logfile:x.log
                    fields: { app: sshd, fields.user: ~, port: "22" }
                - test: two
                  route: r
                  format: rfc5424
                  input: c
                  expect: { dropped: true }
                """, problems);
        assertEquals(List.of(), problems);
        assertEquals(2, cases.size());
        RouteTestCase one = cases.get(0);
        assertEquals(1, one.line());
        assertEquals(List.of("a", "b"), one.inputs());
        assertEquals(List.of("logfile:x.log"), one.reaches());
        assertEquals("sshd", one.fields().get("app"));
        assertTrue(one.fields().containsKey("fields.user"));
        assertNull(one.fields().get("fields.user"));
        assertEquals("22", one.fields().get("port"));
        assertEquals("2026-03-01T12:00:00Z", one.receivedAt().toString());
        assertEquals(8, cases.get(1).line());
        assertTrue(cases.get(1).dropped());
    }

    @Test
    void mistakesAreNamedWithFileAndLine() {
        List<Problem> problems = new ArrayList<>();
        List<RouteTestCase> cases = RouteTestParser.parse("t.yaml", """
                - test: no input
                  route: r
                  expect: { to: a:b }
                - test: bad
                  route: r
                  input: x
                  format: nope
                  received: yesterday
                  expect: { dropped: true, to: [ "a:b" ] }
                - test: silent
                  route: r
                  input: x
                  expect: {}
                """, problems);
        assertEquals(List.of(), cases);
        List<String> text = problems.stream().map(Problem::toString).toList();
        assertTrue(
                text.contains("t.yaml:1: test 'no input': needs 'input' (a line, or a list of lines)"),
                text.toString());
        assertTrue(
                text.stream()
                        .anyMatch(t -> t.startsWith("t.yaml:7: test 'bad': format must be event, json or one of auto")),
                text.toString());
        assertTrue(
                text.stream().anyMatch(t -> t.startsWith("t.yaml:8: test 'bad': received must be an ISO-8601 instant")),
                text.toString());
        assertTrue(
                text.contains(
                        "t.yaml:9: test 'bad': an event that is dropped reaches no sink; give 'dropped' or 'to', not both"),
                text.toString());
        assertTrue(
                text.contains("t.yaml:13: test 'silent': expect says nothing (give to, not_to, dropped or fields)"),
                text.toString());
    }

    @Test
    void aSinkNamedWithoutItsOptionsMatches() {
        assertTrue(RouteTestRunner.sameSink("kafka-events:logs", "kafka-events:logs?brokers=a:9092"));
        assertTrue(RouteTestRunner.sameSink("logfile:a.log", "logfile:a.log"));
        assertTrue(!RouteTestRunner.sameSink("logfile:a", "logfile:a.log"));
    }
}
