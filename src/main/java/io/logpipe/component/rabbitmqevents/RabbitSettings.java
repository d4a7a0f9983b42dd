package io.logpipe.component.rabbitmqevents;

import com.rabbitmq.client.Address;
import com.rabbitmq.client.BuiltinExchangeType;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.ConnectionFactory;
import com.rabbitmq.client.SocketConfigurators;
import com.rabbitmq.client.impl.ForgivingExceptionHandler;
import java.io.IOException;
import java.net.Socket;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;
import javax.net.ssl.SSLContext;
import org.jboss.logging.Logger;

/**
 * Where the broker is and how logpipe's events are laid out on it: one durable topic exchange per
 * stream, and one durable queue per consumer group, {@code EXCHANGE.GROUP}, bound to it. Every group
 * gets every event (fan-out); the consumers of one group share its queue (round-robin).
 */
public record RabbitSettings(
        String addresses,
        String username,
        String password,
        String virtualHost,
        boolean tls,
        String exchange,
        int heartbeatSeconds) {
    private static final Logger LOG = Logger.getLogger(RabbitSettings.class);
    /** A lost connection is reported once by whoever used it (sink retry, consumer reconnect), not again by the client's reader thread. */
    private static final ForgivingExceptionHandler QUIET = new ForgivingExceptionHandler() {
        @Override
        public void handleUnexpectedConnectionDriverException(Connection conn, Throwable exception) {
            LOG.debugf("RabbitMQ connection %s: %s", conn.getClientProvidedName(), exception.toString());
        }
    };

    /** Connections are logpipe's own to recover: the client's automatic recovery would redeclare and re-consume behind our back. */
    public Connection connect(String clientName) throws IOException, TimeoutException {
        return connect(clientName, socket -> {});
    }

    /** As {@link #connect(String)}, handing out the socket: closing it is the one way to end a write blocked on a broker that stopped reading. */
    public Connection connect(String clientName, Consumer<Socket> sockets) throws IOException, TimeoutException {
        ConnectionFactory f = new ConnectionFactory();
        f.setSocketConfigurator(socket -> {
            SocketConfigurators.defaultConfigurator().configure(socket);
            sockets.accept(socket);
        });
        f.setUsername(username);
        f.setPassword(password);
        f.setVirtualHost(virtualHost);
        f.setExceptionHandler(QUIET);
        f.setAutomaticRecoveryEnabled(false);
        f.setTopologyRecoveryEnabled(false);
        f.setConnectionTimeout(10_000);
        f.setHandshakeTimeout(10_000);
        f.setRequestedHeartbeat(heartbeatSeconds);
        if (tls) {
            try {
                f.useSslProtocol(SSLContext.getDefault()); // the JVM's trust store (-Djavax.net.ssl.trustStore=...)
            } catch (NoSuchAlgorithmException e) {
                throw new IOException("no TLS in this JVM", e);
            }
            f.enableHostnameVerification();
        }
        return f.newConnection(addressList(), clientName);
    }

    List<Address> addressList() {
        return Arrays.stream(Address.parseAddresses(addresses))
                .map(a -> a.getPort() == -1
                        ? new Address(
                                a.getHost(),
                                tls
                                        ? ConnectionFactory.DEFAULT_AMQP_OVER_SSL_PORT
                                        : ConnectionFactory.DEFAULT_AMQP_PORT)
                        : a)
                .toList();
    }

    public void declareExchange(Channel ch) throws IOException {
        ch.exchangeDeclare(exchange, BuiltinExchangeType.TOPIC, true);
    }

    public String queueName(String group) {
        return exchange + "." + group;
    }

    /** The group's queue, bound with {@code bindingKey}; declared by every consumer of the group (idempotent). */
    public String declareGroupQueue(Channel ch, String group, String bindingKey, String queueType) throws IOException {
        declareExchange(ch);
        String queue = queueName(group);
        ch.queueDeclare(queue, true, false, false, Map.of("x-queue-type", queueType));
        ch.queueBind(queue, exchange, bindingKey);
        return queue;
    }

    /** For logs: where, never the password. */
    @Override
    public String toString() {
        return "amqp" + (tls ? "s" : "") + "://" + username + "@" + addresses + virtualHost + " exchange " + exchange;
    }
}
