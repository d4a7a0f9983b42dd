package io.logpipe.component.rabbitmqevents;

import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.DefaultConsumer;
import com.rabbitmq.client.Envelope;
import io.logpipe.event.LogEvent;
import io.logpipe.metrics.ListenerMetrics;
import io.logpipe.queue.Flushes;
import io.logpipe.routing.ContractEvents;
import io.logpipe.routing.EventDispatch;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.camel.Processor;
import org.jboss.logging.Logger;

/**
 * Consumes contract-JSON events (as the rabbitmq-events sink publishes them) from the group's queue
 * and runs each through the route. Messages are acknowledged only after the route accepted them
 * and the durable sink queues committed them; a connection lost before that leaves them with the
 * broker, which delivers them again (at least once). A route failure holds the consumer at that
 * message, tried again every second (never sent back to the queue, where a delivery limit could
 * drop it). A message that is not a logpipe event becomes a raw event with parse_error.
 */
public class RabbitEventsConsumer extends org.apache.camel.support.DefaultConsumer {
    private static final Logger LOG = Logger.getLogger(RabbitEventsConsumer.class);
    private static final long MAX_BACKOFF_MS = 30_000;

    private final RabbitEventsEndpoint endpoint;
    private final RabbitSettings settings;
    private final List<Runner> runners = new ArrayList<>();
    private ListenerMetrics metrics;

    public RabbitEventsConsumer(RabbitEventsEndpoint endpoint, Processor processor) {
        super(endpoint, processor);
        this.endpoint = endpoint;
        this.settings = endpoint.settings();
    }

    private String listenerName() {
        return getRouteId() != null ? getRouteId() : "rabbitmq-events";
    }

    @Override
    protected void doStart() throws Exception {
        super.doStart();
        metrics = new ListenerMetrics(listenerName(), "json");
        for (int i = 0; i < endpoint.getConsumers(); i++) {
            Runner r = new Runner(i);
            runners.add(r);
            r.thread.start();
        }
        LOG.infof(
                "listener %s: consuming queue %s (%s, binding '%s') from %s (%d consumers)",
                listenerName(),
                settings.queueName(endpoint.getGroup()),
                endpoint.getQueueType(),
                endpoint.getBindingKey(),
                settings,
                runners.size());
    }

    @Override
    protected void doStop() throws Exception {
        for (Runner r : runners) r.running = false;
        for (Runner r : runners) r.thread.join(15_000);
        runners.clear();
        super.doStop();
    }

    /** A message and the channel it came on: its delivery tag means something on that channel only. */
    private record Delivery(Channel channel, long tag, byte[] body) {}

    private final class Runner implements Runnable {
        final Thread thread;
        final int number;
        volatile boolean running = true;
        /** filled by the client's dispatch thread; at most {@code prefetch} unacknowledged messages */
        final BlockingQueue<Delivery> inbox = new LinkedBlockingQueue<>();

        Connection connection;
        Channel channel;

        Runner(int n) {
            number = n;
            thread = new Thread(this, "rabbitmq-" + listenerName() + "-" + n);
            thread.setDaemon(true);
        }

        @Override
        public void run() {
            long backoff = 1000;
            String lastFailure = null;
            while (running) {
                try {
                    if (channel == null || !channel.isOpen()) {
                        connect();
                        if (lastFailure != null)
                            LOG.infof("listener %s: connected to %s again", listenerName(), settings);
                        lastFailure = null;
                        backoff = 1000;
                    }
                    Delivery first = inbox.poll(500, TimeUnit.MILLISECONDS);
                    if (first == null) continue;
                    List<Delivery> batch = new ArrayList<>();
                    batch.add(first);
                    inbox.drainTo(batch, endpoint.getPrefetch());
                    handle(batch);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    break;
                } catch (IOException | TimeoutException | RuntimeException e) {
                    String why = e.getMessage() != null ? e.getMessage() : e.toString();
                    if (!why.equals(lastFailure))
                        LOG.warnf(
                                "listener %s: %s: %s; unacknowledged messages stay with the broker, retrying in %d ms",
                                listenerName(), settings, why, backoff);
                    lastFailure = why;
                    disconnect();
                    sleep(backoff);
                    backoff = Math.min(MAX_BACKOFF_MS, backoff * 2);
                }
            }
            disconnect();
        }

        private void connect() throws IOException, TimeoutException {
            disconnect();
            inbox.clear(); // deliveries of a closed channel: the broker sends them again
            connection = settings.connect("logpipe " + listenerName() + "-" + number);
            Channel ch = connection.createChannel();
            String queue = settings.declareGroupQueue(
                    ch, endpoint.getGroup(), endpoint.getBindingKey(), endpoint.getQueueType());
            ch.basicQos(endpoint.getPrefetch());
            ch.basicConsume(queue, false, "logpipe-" + listenerName() + "-" + number, new DefaultConsumer(ch) {
                @Override
                public void handleDelivery(
                        String consumerTag, Envelope envelope, AMQP.BasicProperties properties, byte[] body) {
                    inbox.add(new Delivery(ch, envelope.getDeliveryTag(), body));
                }
            });
            channel = ch;
        }

        /** Route every message, commit the sinks, then acknowledge up to the last one. */
        private void handle(List<Delivery> batch) throws IOException, InterruptedException {
            Delivery last = null;
            for (Delivery d : batch) {
                if (d.channel() != channel) continue; // from a channel that is gone: delivered again on this one
                while (!route(d)) {
                    sleep(1000);
                    if (!running || !channel.isOpen()) return; // not acknowledged: the broker has them
                }
                last = d;
            }
            if (last == null) return;
            if (!Flushes.endOfBatch(RabbitEventsConsumer.this::isRunAllowed))
                throw new IOException(
                        "the sinks' storage cannot be written; not acknowledged, the broker delivers them again");
            channel.basicAck(last.tag(), true);
        }

        private boolean route(Delivery d) {
            metrics.received.increment();
            metrics.bytes.increment(d.body().length);
            String value = new String(d.body(), StandardCharsets.UTF_8);
            LogEvent e = ContractEvents.read(
                    value,
                    () -> "RabbitMQ message from " + settings.queueName(endpoint.getGroup()),
                    listenerName(),
                    metrics);
            Exception failure = metrics.routing(EventDispatch.route(RabbitEventsConsumer.this, e));
            if (failure == null) return true;
            LOG.errorf(
                    "listener %s: route failed (%s); holding that message and trying again",
                    listenerName(), failure.toString());
            return false;
        }

        private void disconnect() {
            if (connection != null) connection.abort(2000); // unacknowledged messages go back to the queue
            connection = null;
            channel = null;
        }

        private void sleep(long ms) {
            long until = System.currentTimeMillis() + ms;
            while (running && System.currentTimeMillis() < until) {
                try {
                    Thread.sleep(Math.min(200, ms));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    running = false;
                }
            }
        }
    }
}
