package io.logpipe.component.rabbitmqevents;

import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.ConfirmListener;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.MessageProperties;
import io.logpipe.event.EventJson;
import io.logpipe.event.LogEvent;
import io.logpipe.queue.BatchSink;
import java.io.IOException;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;

/**
 * Publishes a batch from a durable queue to a RabbitMQ exchange as contract JSON: persistent
 * messages, {@code mandatory}, on a channel in confirm mode. An event counts as done only when the
 * broker confirmed it (for a durable queue, after writing it to disk). A message no queue takes
 * (no consumer group has declared its queue yet) comes back and stays queued here, retried with
 * the queue's backoff, so nothing is published into the void. Broker away, stalled or blocked
 * (disk or memory alarm): the events from the first unconfirmed one on stay queued and are sent
 * again on a new connection (at least once).
 */
public final class RabbitBatchSink implements BatchSink {
    /** Aborts a connection whose publish blocks on a full socket (a broker that stopped reading): waitForConfirms alone cannot end that. */
    private static final ScheduledExecutorService WATCHDOG = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "rabbitmq-sink-watchdog");
        t.setDaemon(true);
        return t;
    });

    private static final AMQP.BasicProperties PERSISTENT_JSON = MessageProperties.PERSISTENT_BASIC
            .builder()
            .contentType("application/json")
            .build();
    private final RabbitSettings settings;
    private final String clientName;
    private final long confirmTimeoutMs;
    private final Function<LogEvent, String> routingKey;
    private Connection connection;
    private volatile Socket socket;
    private Channel channel;
    private volatile String blockedBecause;
    // filled by the connection's thread while a batch is published; read after waitForConfirms
    private volatile long batchFirstSeq;
    private volatile int firstReturned = Integer.MAX_VALUE;
    private volatile String returnedWhy;
    private volatile int firstNacked = Integer.MAX_VALUE;

    public RabbitBatchSink(
            RabbitSettings settings, String clientName, long confirmTimeoutMs, Function<LogEvent, String> routingKey) {
        this.settings = settings;
        this.clientName = clientName;
        this.confirmTimeoutMs = confirmTimeoutMs;
        this.routingKey = routingKey;
    }

    @Override
    public Outcome deliver(List<LogEvent> batch) {
        if (blockedBecause != null) {
            return Outcome.failed(
                    0,
                    Map.of(),
                    new IOException("RabbitMQ is not taking messages from this connection (" + blockedBecause + ")"));
        }
        ScheduledFuture<?> watchdog = null;
        try {
            Channel ch = channel();
            Socket publishing = socket;
            watchdog =
                    WATCHDOG.schedule(() -> closeQuietly(publishing), confirmTimeoutMs + 500L, TimeUnit.MILLISECONDS);
            long start = System.nanoTime();
            firstReturned = Integer.MAX_VALUE;
            firstNacked = Integer.MAX_VALUE;
            batchFirstSeq = ch.getNextPublishSeqNo();
            for (int i = 0; i < batch.size(); i++) {
                LogEvent e = batch.get(i);
                AMQP.BasicProperties props =
                        PERSISTENT_JSON.builder().messageId(Integer.toString(i)).build();
                ch.basicPublish(
                        settings.exchange(),
                        routingKey.apply(e),
                        true,
                        props,
                        EventJson.toJson(e).getBytes(StandardCharsets.UTF_8));
            }
            long left = confirmTimeoutMs - TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
            if (left <= 0) throw new TimeoutException("publishing took the whole confirm timeout");
            ch.waitForConfirms(left); // false when some were nacked: firstNacked says which
            int done = Math.min(batch.size(), Math.min(firstReturned, firstNacked));
            if (done == batch.size()) return Outcome.all(done);
            String why = firstReturned <= firstNacked
                    ? "RabbitMQ routed the event to no queue (" + returnedWhy
                            + "): no consumer group has declared a queue on exchange " + settings.exchange()
                            + " for it yet; it waits here"
                    : "RabbitMQ refused to confirm the event (nack); it is sent again";
            return Outcome.failed(done, Map.of(), new IOException(why));
        } catch (TimeoutException e) {
            reset();
            return Outcome.failed(
                    0,
                    Map.of(),
                    new TimeoutException(
                            "RabbitMQ confirmed nothing within " + confirmTimeoutMs + " ms; reconnecting"));
        } catch (IOException | RuntimeException e) {
            reset();
            if (watchdog != null && watchdog.isDone()) {
                return Outcome.failed(
                        0,
                        Map.of(),
                        new TimeoutException("RabbitMQ stopped taking messages: nothing confirmed within "
                                + confirmTimeoutMs + " ms; reconnecting"));
            }
            return Outcome.failed(0, Map.of(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            reset();
            return Outcome.failed(0, Map.of(), e);
        } finally {
            if (watchdog != null) watchdog.cancel(false);
        }
    }

    private Channel channel() throws IOException, TimeoutException {
        if (channel != null && channel.isOpen()) return channel;
        reset();
        connection = settings.connect(clientName, s -> socket = s);
        connection.addBlockedListener(reason -> blockedBecause = reason, () -> blockedBecause = null);
        Channel ch = connection.createChannel();
        settings.declareExchange(ch);
        ch.confirmSelect();
        ch.addReturnListener(r -> {
            int index = indexOf(r.getProperties().getMessageId());
            if (index < firstReturned) {
                firstReturned = index;
                returnedWhy = r.getReplyCode() + " " + r.getReplyText() + ", routing key '" + r.getRoutingKey() + "'";
            }
        });
        ch.addConfirmListener(new ConfirmListener() {
            @Override
            public void handleAck(long deliveryTag, boolean multiple) {}

            @Override
            public void handleNack(long deliveryTag, boolean multiple) {
                // multiple: every unconfirmed one up to the tag, so possibly the whole batch
                int index = multiple ? 0 : (int) (deliveryTag - batchFirstSeq);
                if (index < firstNacked) firstNacked = Math.max(0, index);
            }
        });
        channel = ch;
        return ch;
    }

    private static int indexOf(String messageId) {
        try {
            return Integer.parseInt(messageId);
        } catch (NumberFormatException | NullPointerException e) {
            return 0;
        }
    }

    private static void closeQuietly(Socket s) {
        try {
            if (s != null) s.close();
        } catch (IOException ignored) {
            // closing is all that is wanted
        }
    }

    /** Drops the connection without waiting for a broker that may not answer. */
    private void reset() {
        closeQuietly(socket); // first: a clean close would wait for a broker that does not answer
        if (connection != null) connection.abort(100);
        connection = null;
        channel = null;
        blockedBecause = null;
    }

    @Override
    public String problem() {
        String b = blockedBecause;
        return b == null ? null : "RabbitMQ blocked publishing: " + b;
    }

    @Override
    public void close() {
        if (connection != null && connection.isOpen()) {
            try {
                connection.close(5000);
            } catch (IOException | RuntimeException e) {
                connection.abort(1000);
            }
        }
        connection = null;
        channel = null;
    }
}
