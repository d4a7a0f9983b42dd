package io.logpipe.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.ConnectionFactory;
import io.logpipe.event.EventJson;
import io.logpipe.event.EventJsonReader;
import io.logpipe.event.LogEvent;
import io.logpipe.s3.S3Clients;
import io.logpipe.s3.S3ProxyServer;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.BitSet;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.CreateBucketRequest;

/**
 * rabbitmq-events: against the RabbitMQ server on this machine (bin/start-rabbitmq): publisher
 * confirms, a message no queue takes kept by the sink until a group's queue exists, fan-out across
 * consumer groups, round-robin within one, a foreign message as a raw event, and two-tier mode over
 * RabbitMQ with the broker restarted mid-stream and nothing lost.
 */
class RabbitEventsIT {
    static final String BROKER = "127.0.0.1:5672";
    final String exchange = "it-" + UUID.randomUUID().toString().substring(0, 8);

    @Test
    void fanOutAcrossGroupsAndRoundRobinWithinOne() throws Exception {
        Path collectorRoutes = Files.createTempDirectory("collector");
        Files.writeString(collectorRoutes.resolve("in.yaml"), """
                - route:
                    id: publish
                    from:
                      uri: "syslog:tcp"
                      parameters: { port: "{{logpipe.syslog.port}}" }
                      steps:
                        - to: "rabbitmq-events:EXCHANGE?addresses=BROKER&batchSize=200"
                """.replace("EXCHANGE", exchange)
                .replace("BROKER", BROKER));
        Path processorRoutes = Files.createTempDirectory("processor");
        Files.writeString(processorRoutes.resolve("out.yaml"), """
                - route:
                    id: archive
                    from:
                      uri: "rabbitmq-events:EXCHANGE?addresses=BROKER&group=archive"
                      steps:
                        - to: "logfile:archive.log?template=json"
                - route:
                    id: sort-a
                    from:
                      uri: "rabbitmq-events:EXCHANGE?addresses=BROKER&group=sort&prefetch=100"
                      steps:
                        - to: "logfile:sort-a.log?template=json"
                - route:
                    id: sort-b
                    from:
                      uri: "rabbitmq-events:EXCHANGE?addresses=BROKER&group=sort&prefetch=101"
                      steps:
                        - to: "logfile:sort-b.log?template=json"
                """.replace("EXCHANGE", exchange)
                .replace("BROKER", BROKER));
        String early = "early" + UUID.randomUUID().toString().substring(0, 6);
        String main = "main" + UUID.randomUUID().toString().substring(0, 6);
        try (PackagedApp collector = new PackagedApp(collectorRoutes)) {
            // no group has a queue yet: the broker returns the messages, the sink keeps them queued
            DatabaseIT.send(collector, early, 0, 100);
            String sink = "rabbitmq-events:" + exchange;
            TwoTierIT.awaitOrExplain(
                    collector,
                    Duration.ofSeconds(30),
                    () -> TwoTierIT.sink(collector, sink)
                            .map(s -> s.get("last_error").asText().contains("no consumer group has declared a queue"))
                            .orElse(false));
            assertEquals(
                    100,
                    TwoTierIT.sink(collector, sink).orElseThrow().get("queued").asLong());

            try (PackagedApp processor = new PackagedApp(processorRoutes)) {
                Path archive = processor.data.resolve("archive.log");
                TwoTierIT.awaitOrExplain(
                        processor,
                        Duration.ofSeconds(60),
                        () -> numbers(archive, early).cardinality() == 100);
                DatabaseIT.send(collector, main, 0, 2000);
                Path a = processor.data.resolve("sort-a.log");
                Path b = processor.data.resolve("sort-b.log");
                TwoTierIT.awaitOrExplain(
                        processor,
                        Duration.ofSeconds(60),
                        () -> numbers(archive, main).cardinality() == 2000
                                && numbers(a, main).cardinality()
                                                + numbers(b, main).cardinality()
                                        == 2000);
                // fan-out: the archive group has every event once; round-robin: the sort group's two consumers share
                // them
                assertEquals(2000, count(archive, main), "each event once in the archive group");
                BitSet inA = numbers(a, main), inB = numbers(b, main);
                assertTrue(
                        inA.cardinality() > 0 && inB.cardinality() > 0,
                        "both consumers of group sort got events: " + inA.cardinality() + " / " + inB.cardinality());
                assertTrue(
                        !inA.intersects(inB) && count(a, main) + count(b, main) == 2000,
                        "each event to one consumer of the group");
                JsonNode out = TwoTierIT.sink(collector, sink).orElseThrow();
                assertTrue(out.get("balanced").asBoolean() && out.get("retried").asLong() > 0, out.toString());
                assertEquals(0, out.get("queued").asLong(), out.toString());

                // something on the exchange that is not a logpipe event: a raw event with parse_error, not a stuck
                // consumer
                try (Connection c = connection();
                        Channel ch = c.createChannel()) {
                    ch.basicPublish(exchange, "user.info", null, "not an event {".getBytes(StandardCharsets.UTF_8));
                }
                TwoTierIT.awaitOrExplain(
                        processor,
                        Duration.ofSeconds(20),
                        () -> PackagedApp.read(archive).contains("is not a logpipe event"));
                LogEvent raw = PackagedApp.read(archive)
                        .lines()
                        .map(EventJsonReader::read)
                        .filter(e -> e.getParseError() != null)
                        .findFirst()
                        .orElseThrow();
                assertEquals("not an event {", raw.getMessage());
                System.out.printf(
                        "rabbitmq-events: 2,100 published; archive group %d, sort group %d + %d; the early 100 waited %d retries for a queue%n",
                        count(archive, main) + count(archive, early),
                        inA.cardinality(),
                        inB.cardinality(),
                        out.get("retried").asLong());
            }
        }
    }

    @Test
    void twoTierOverRabbitMqLosesNothingWhenTheBrokerRestarts() throws Exception {
        Path repo = Path.of(System.getProperty("logpipe.repo.dir", ".")).toAbsolutePath();
        try (S3ProxyServer s3 = new S3ProxyServer()) {
            S3Client client =
                    S3Clients.build("us-east-1", s3.endpoint, true, S3ProxyServer.ACCESS, S3ProxyServer.SECRET);
            client.createBucket(CreateBucketRequest.builder().bucket("archive").build());
            String[] link = {
                "-Dlogpipe.link=rabbitmq",
                "-Dlogpipe.rabbitmq.addresses=" + BROKER,
                "-Dlogpipe.rabbitmq.exchange=" + exchange
            };
            String tag = "rtier" + UUID.randomUUID().toString().substring(0, 6);
            int perPart = 3000;
            // the processor first, so its group's queue exists when the collector publishes
            try (PackagedApp processor = new PackagedApp(
                            repo.resolve("routes/processor-rabbitmq"),
                            TwoTierIT.concat(
                                    link,
                                    "-Dlogpipe.s3.endpoint=" + s3.endpoint,
                                    "-Dlogpipe.s3.path-style=true",
                                    "-Dlogpipe.s3.bucket=archive",
                                    "-Dlogpipe.s3.access-key=" + S3ProxyServer.ACCESS,
                                    "-Dlogpipe.s3.secret-key=" + S3ProxyServer.SECRET,
                                    "-Dlogpipe.s3.max-age-seconds=2"));
                    PackagedApp collector = new PackagedApp(repo.resolve("routes/collector-rabbitmq"), link)) {
                String sink = "rabbitmq-events:" + exchange;
                DatabaseIT.send(collector, tag, 0, perPart);
                rabbitmqctl("stop_app"); // the broker goes away mid-stream
                try {
                    DatabaseIT.send(collector, tag, perPart, 2 * perPart);
                    TwoTierIT.awaitOrExplain(
                            collector,
                            Duration.ofSeconds(60),
                            () -> TwoTierIT.sink(collector, sink)
                                    .map(s -> !s.get("last_error").isNull())
                                    .orElse(false));
                    JsonNode waiting = TwoTierIT.sink(collector, sink).orElseThrow();
                    assertTrue(waiting.get("queued").asLong() > 0, "events wait in the collector's queue: " + waiting);
                } finally {
                    rabbitmqctl("start_app");
                }
                DatabaseIT.send(collector, tag, 2 * perPart, 3 * perPart);
                int total = 3 * perPart;
                TwoTierIT.awaitOrExplain(
                        processor,
                        Duration.ofSeconds(120),
                        () -> TwoTierIT.archived(client, tag).cardinality() == total);
                BitSet seen = TwoTierIT.archived(client, tag);
                assertEquals(total, seen.nextClearBit(0), "numbers 0.." + (total - 1));
                JsonNode out = TwoTierIT.sink(collector, sink).orElseThrow();
                assertTrue(out.get("balanced").asBoolean() && out.get("retried").asLong() > 0, out.toString());
                assertTrue(
                        processor
                                .log()
                                .contains("connected to amqp://guest@" + BROKER + "/ exchange " + exchange + " again"),
                        "the processor reconnected");
                assertTrue(
                        !processor.log().contains("password=guest")
                                && !collector.log().contains("password=guest"),
                        "no password in the logs");
                System.out.printf(
                        "two-tier over RabbitMQ: %d sent, %d archived (distinct), collector retried %d times while the broker was stopped%n",
                        total, seen.cardinality(), out.get("retried").asLong());
            }
        }
    }

    @Test
    void aRouteFailureHoldsTheMessageUntilTheRouteTakesIt() throws Exception {
        Path routes = Files.createTempDirectory("held");
        Files.writeString(
                routes.resolve("in.yaml"), """
                - route:
                    id: consume
                    from:
                      uri: "rabbitmq-events:EXCHANGE?addresses=BROKER&group=held"
                      steps:
                        - to: "direct:store"
                """.replace("EXCHANGE", exchange).replace("BROKER", BROKER));
        String tag = "held" + UUID.randomUUID().toString().substring(0, 6);
        try (PackagedApp app = new PackagedApp(routes)) {
            TwoTierIT.awaitOrExplain(
                    app,
                    Duration.ofSeconds(20),
                    () -> queueExists(exchange + ".held")); // the consumer connects on its own thread
            try (Connection c = connection();
                    Channel ch = c.createChannel()) {
                ch.confirmSelect();
                for (int i = 0; i < 50; i++) {
                    LogEvent e = new LogEvent();
                    e.setTimestamp(Instant.parse("2026-01-15T12:00:00Z").plusSeconds(i));
                    e.setReceivedAt(e.getTimestamp());
                    e.setApp(tag);
                    e.setMessage("number " + i + " of " + tag);
                    ch.basicPublish(
                            exchange, "user.info", null, EventJson.toJson(e).getBytes(StandardCharsets.UTF_8));
                }
                ch.waitForConfirmsOrDie(10_000);
            }
            // nothing consumes direct:store yet: the route fails, the consumer holds the first message
            TwoTierIT.awaitOrExplain(
                    app,
                    Duration.ofSeconds(20),
                    () -> app.log().contains("route failed") && app.log().contains("holding that message"));
            Path out = app.data.resolve("held.log");
            Files.writeString(routes.resolve("store.yaml"), """
                    - route:
                        id: store
                        from:
                          uri: "direct:store"
                          steps:
                            - to: "logfile:held.log?template=json"
                    """);
            TwoTierIT.awaitOrExplain(app, Duration.ofSeconds(30), () -> count(out, tag) >= 50);
            List<String> numbers = messages(out, tag);
            assertEquals(50, numbers.size(), "each once: " + numbers);
            for (int i = 0; i < 50; i++)
                assertEquals("number " + i + " of " + tag, numbers.get(i), "in publication order");
        }
    }

    @AfterEach
    void deleteExchangeAndQueues() throws Exception {
        try (Connection c = connection();
                Channel ch = c.createChannel()) {
            for (String group : List.of("archive", "sort", "logpipe-processor", "held"))
                ch.queueDelete(exchange + "." + group);
            ch.exchangeDelete(exchange);
        }
    }

    static boolean queueExists(String queue) throws Exception {
        try (Connection c = connection();
                Channel ch = c.createChannel()) {
            ch.queueDeclarePassive(queue);
            return true;
        } catch (IOException absent) {
            return false;
        }
    }

    static Connection connection() throws Exception {
        ConnectionFactory f = new ConnectionFactory();
        f.setHost("127.0.0.1");
        return f.newConnection();
    }

    static void rabbitmqctl(String command) throws Exception {
        PackagedApp.Run r = PackagedApp.run(
                List.of(
                        Files.isExecutable(Path.of("/usr/sbin/rabbitmqctl")) ? "/usr/sbin/rabbitmqctl" : "rabbitmqctl",
                        "-q",
                        command),
                Path.of("."));
        assertEquals(0, r.exit(), "rabbitmqctl " + command + ": " + r.out());
    }

    /** The message numbers of {@code tag} in a JSON-lines file. */
    static BitSet numbers(Path file, String tag) {
        BitSet seen = new BitSet();
        for (String m : messages(file, tag))
            seen.set(Integer.parseInt(m.substring("number ".length(), m.indexOf(" of "))));
        return seen;
    }

    static long count(Path file, String tag) {
        return messages(file, tag).size();
    }

    private static List<String> messages(Path file, String tag) {
        return PackagedApp.read(file)
                .lines()
                .filter(l -> l.contains(tag) && l.endsWith("}"))
                .map(EventJsonReader::read) // a line being written is left for the next look
                .filter(e -> tag.equals(e.getApp()))
                .map(LogEvent::getMessage)
                .toList();
    }
}
