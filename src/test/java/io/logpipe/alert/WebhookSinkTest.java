package io.logpipe.alert;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpServer;
import io.logpipe.event.LogEvent;
import io.logpipe.queue.BatchSink;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Test;

/** The webhook against a real HTTP receiver: delivered, refused for good (4xx), retried (5xx, timeouts). */
class WebhookSinkTest {
    static LogEvent alert(String rule) {
        return AlertEvents.toEvent(
                7,
                new Alert(
                        rule,
                        AlertRule.Type.MATCH,
                        "firing",
                        "g",
                        Instant.parse("2026-11-22T10:00:00Z"),
                        rule + " fired",
                        1,
                        false,
                        Map.of("ip", "192.0.2.1")),
                "host-1");
    }

    @Test
    void statusDecidesDeliveredRejectedOrRetried() throws Exception {
        List<String> bodies = new CopyOnWriteArrayList<>();
        List<String> auth = new CopyOnWriteArrayList<>();
        AtomicInteger status = new AtomicInteger(200);
        HttpServer http = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        http.createContext("/hook", ex -> {
            bodies.add(new String(ex.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
            auth.add(ex.getRequestHeaders().getFirst("Authorization"));
            int s = ex.getRequestURI().getQuery() != null ? 200 : status.get();
            byte[] reply = ("status " + s).getBytes(StandardCharsets.UTF_8);
            ex.sendResponseHeaders(s, reply.length);
            ex.getResponseBody().write(reply);
            ex.close();
        });
        http.start();
        try {
            WebhookSink sink = new WebhookSink(
                    "http://127.0.0.1:" + http.getAddress().getPort() + "/hook",
                    Duration.ofSeconds(2),
                    Map.of("Authorization", "Bearer t"));
            BatchSink.Outcome ok = sink.deliver(List.of(alert("a"), alert("b")));
            assertEquals(BatchSink.Outcome.all(2), ok);
            assertTrue(
                    bodies.get(0).contains("\"rule\":\"a\"") && bodies.get(0).contains("\"ip\":\"192.0.2.1\""),
                    bodies.get(0));
            assertEquals("Bearer t", auth.get(0));

            status.set(422);
            BatchSink.Outcome refused = sink.deliver(List.of(alert("c")));
            assertEquals(1, refused.done());
            assertTrue(refused.rejected().get(0).contains("422"), refused.toString());
            assertNull(refused.failure());

            status.set(503);
            BatchSink.Outcome later = sink.deliver(List.of(alert("d")));
            assertEquals(0, later.done());
            assertNotNull(later.failure(), "a 503 is retried");
        } finally {
            http.stop(0);
        }
        BatchSink.Outcome down = new WebhookSink("http://127.0.0.1:9/none", Duration.ofMillis(500), Map.of())
                .deliver(List.of(alert("e")));
        assertEquals(0, down.done());
        assertNotNull(down.failure(), "no receiver: retried");
    }

    @Test
    void aReceiverThatAcceptsButNeverAnswersIsRetriedAfterTheTimeout() throws Exception {
        try (ServerSocket silent = new ServerSocket(0)) {
            Thread acceptor = new Thread(() -> {
                List<Socket> open = new CopyOnWriteArrayList<>(); // kept open, never read or answered
                try {
                    while (true) open.add(silent.accept());
                } catch (IOException closed) {
                    // test over
                }
            });
            acceptor.setDaemon(true);
            acceptor.start();
            WebhookSink sink = new WebhookSink(
                    "http://127.0.0.1:" + silent.getLocalPort() + "/hook", Duration.ofSeconds(1), Map.of());
            BatchSink.Outcome hung = Assertions.assertTimeoutPreemptively(
                    Duration.ofSeconds(10), () -> sink.deliver(List.of(alert("f"))));
            assertEquals(0, hung.done());
            assertNotNull(hung.failure(), "a hanging receiver is retried, not waited for");
        }
    }
}
