package io.logpipe.component.rabbitmqevents;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.ConnectionFactory;
import com.rabbitmq.client.GetResponse;
import io.logpipe.event.EventJsonReader;
import io.logpipe.event.LogEvent;
import io.logpipe.queue.BatchSink;
import io.logpipe.queue.DispatcherRetry;
import io.logpipe.store.TcpProxy;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The RabbitMQ sink against the machine's broker (bin/start-rabbitmq), directly and behind a proxy
 * that can hang: an unroutable message is kept, not lost; a broker that stops answering is a failure
 * within the confirm timeout every time, never a deliver() that waits for ever; once it answers
 * again, what was not confirmed is sent again and everything arrives.
 */
class RabbitBatchSinkTest {
    static final int CONFIRM_TIMEOUT_MS = 2000;
    final String exchange = "sink-test-" + UUID.randomUUID().toString().substring(0, 8);
    final String queue = exchange + ".check";

    @Test
    void anEventNoQueueTakesStaysWithTheSink() throws Exception {
        RabbitBatchSink sink =
                new RabbitBatchSink(settings("127.0.0.1:5672"), "test", CONFIRM_TIMEOUT_MS, e -> "user.info");
        try {
            BatchSink.Outcome o = sink.deliver(events(0, 10));
            assertEquals(0, o.done(), "nothing counts as delivered while no queue is bound");
            assertTrue(
                    o.failure().getMessage().contains("routed the event to no queue (312 NO_ROUTE"),
                    o.failure().getMessage());
            declareQueue();
            assertNull(sink.deliver(events(0, 10)).failure(), "delivered once a queue takes it");
        } finally {
            sink.close();
        }
        assertEquals(10, drain().cardinality());
    }

    @Test
    void aHangingBrokerIsReportedWithinTheConfirmTimeoutAndNothingIsLost() throws Exception {
        declareQueue();
        try (TcpProxy proxy = new TcpProxy("127.0.0.1", 5672)) {
            proxy.up();
            RabbitBatchSink sink = new RabbitBatchSink(
                    settings("127.0.0.1:" + proxy.port()), "test", CONFIRM_TIMEOUT_MS, e -> "user.info");
            try {
                assertNull(sink.deliver(events(0, 500)).failure(), "delivered while the broker answers");
                proxy.hold();
                for (int attempt = 0; attempt < 3; attempt++) {
                    int from = 500 + attempt * 2000;
                    BatchSink.Outcome o = assertTimeoutPreemptively(
                            Duration.ofMillis(CONFIRM_TIMEOUT_MS * 4L),
                            () -> sink.deliver(events(from, from + 2000, 600)),
                            "attempt " + attempt + " while the broker hangs");
                    assertNotNull(o.failure(), "a hanging broker is a failure, attempt " + attempt);
                    assertEquals(0, o.done());
                    // ~10 MB per attempt: more than the socket buffers hold, so publishing itself blocks until the
                    // connection is cut
                    assertTrue(
                            o.failure().getMessage().contains("within " + CONFIRM_TIMEOUT_MS + " ms"),
                            o.failure().toString());
                }
                proxy.release();
                DispatcherRetry.deliverAll(sink, events(500, 6500), Duration.ofSeconds(60));
            } finally {
                sink.close();
            }
        }
        BitSet seen = drain();
        assertEquals(6500, seen.nextClearBit(0), "every number 0..6499 in the queue (at least once)");
    }

    RabbitSettings settings(String addresses) {
        return new RabbitSettings(addresses, "guest", "guest", "/", false, exchange, 30);
    }

    private void declareQueue() throws Exception {
        try (Connection c = connection();
                Channel ch = c.createChannel()) {
            settings("127.0.0.1:5672").declareGroupQueue(ch, "check", "#", "classic");
        }
    }

    private BitSet drain() throws Exception {
        BitSet seen = new BitSet();
        try (Connection c = connection();
                Channel ch = c.createChannel()) {
            GetResponse r;
            while ((r = ch.basicGet(queue, true)) != null) {
                String m = EventJsonReader.read(new String(r.getBody(), StandardCharsets.UTF_8))
                        .getMessage();
                seen.set(Integer.parseInt(m.substring("number ".length(), m.indexOf(' ', "number ".length()))));
            }
        }
        return seen;
    }

    @AfterEach
    void cleanUp() throws Exception {
        try (Connection c = connection();
                Channel ch = c.createChannel()) {
            ch.queueDelete(queue);
            ch.exchangeDelete(exchange);
        }
    }

    static Connection connection() throws Exception {
        ConnectionFactory f = new ConnectionFactory();
        f.setHost("127.0.0.1");
        return f.newConnection();
    }

    static List<LogEvent> events(int from, int to) {
        return events(from, to, 100);
    }

    static List<LogEvent> events(int from, int to, int padding) {
        List<LogEvent> batch = new ArrayList<>();
        for (int i = from; i < to; i++) {
            LogEvent e = new LogEvent();
            e.setReceivedAt(Instant.now());
            e.setHost("h" + (i % 3));
            e.setMessage("number " + i + " " + "padding ".repeat(padding));
            batch.add(e);
        }
        return batch;
    }
}
