package io.logpipe.component.alerts;

import io.logpipe.alert.Alert;
import io.logpipe.alert.AlertEngine;
import io.logpipe.alert.AlertEvents;
import io.logpipe.alert.AlertRule;
import io.logpipe.alert.AlertStore;
import io.logpipe.alert.EmailSink;
import io.logpipe.alert.NotifierConfig;
import io.logpipe.alert.RuleFileParser;
import io.logpipe.alert.RuleSet;
import io.logpipe.alert.WebhookSink;
import io.logpipe.codec.encode.EventEncoder;
import io.logpipe.component.forward.ForwardBatchSink;
import io.logpipe.component.forward.SyslogSender;
import io.logpipe.component.kafkaevents.KafkaBatchSink;
import io.logpipe.component.syslog.SyslogServer;
import io.logpipe.event.LogEvent;
import io.logpipe.metrics.SinkMetrics;
import io.logpipe.queue.BatchSink;
import io.logpipe.queue.QueueSettings;
import io.logpipe.queue.SinkQueue;
import io.logpipe.queue.SinkQueues;
import java.io.IOException;
import java.net.InetAddress;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.apache.camel.CamelContext;
import org.apache.camel.ProducerTemplate;
import org.jboss.logging.Logger;

/**
 * The running alerting: rules from {@code logpipe.alerts.dir} (re-read when the files change; a
 * file with a mistake is refused with file and line and the previous rules stay), the engine, the
 * alert store, and one durable queue per notifier (alerts are retried like any sink's events).
 * A timer checks the silences every second and saves their state every ten.
 */
public final class AlertService implements AutoCloseable {
    private static final Logger LOG = Logger.getLogger(AlertService.class);
    private static volatile AlertService current;

    private final CamelContext ctx;
    private final Path dir;
    private final AlertEngine engine;
    private final AlertStore store;
    private final String host;
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "alerts");
        t.setDaemon(true);
        return t;
    });
    private final Map<String, SinkQueue> notifiers = new HashMap<>();
    private final Map<String, NotifierConfig> notifierConfigs = new HashMap<>();
    private ProducerTemplate mail;
    private String stamp = "";
    private volatile String lastReloadError;

    AlertService(CamelContext ctx, Path dir, Path dataDir, Clock clock) throws IOException {
        this.ctx = ctx;
        this.dir = dir;
        this.store = new AlertStore(dataDir.resolve("alerts").resolve("alerts.mv.db"));
        this.engine = new AlertEngine(RuleSet.EMPTY, clock);
        engine.restore(store.lastSeen(), store.silent());
        this.host = hostName();
        reload();
        timer.scheduleWithFixedDelay(this::tick, 1, 1, TimeUnit.SECONDS);
        timer.scheduleWithFixedDelay(this::reload, 2, 2, TimeUnit.SECONDS);
        timer.scheduleWithFixedDelay(
                () -> store.saveSilence(engine.lastSeen(), engine.silent()), 10, 10, TimeUnit.SECONDS);
        current = this;
    }

    /** The running service, for the alerts API; null before the first alerts: step starts. */
    public static AlertService current() {
        return current;
    }

    public AlertStore store() {
        return store;
    }

    /** The rules in force. */
    public List<AlertRule> rules() {
        return engine.rules().rules();
    }

    /** Rule id -> the groups (hosts, apps or listeners) each silence rule holds silent now. */
    public Map<String, Set<String>> silentByRule() {
        Map<String, Set<String>> out = new TreeMap<>();
        for (String key : engine.silent()) { // the engine's keys are "rule|group"
            int bar = key.indexOf('|');
            if (bar > 0)
                out.computeIfAbsent(key.substring(0, bar), k -> new TreeSet<>()).add(key.substring(bar + 1));
        }
        return out;
    }

    public String lastReloadError() {
        return lastReloadError;
    }

    void onEvent(LogEvent e) {
        handle(engine.onEvent(e));
    }

    private void tick() {
        try {
            handle(engine.tick());
        } catch (RuntimeException e) {
            LOG.errorf(e, "alerts: silence check failed");
        }
    }

    private void handle(List<Alert> alerts) {
        for (Alert a : alerts) {
            long id = store.record(a);
            if (a.repeat()) continue;
            LOG.warnf("alert %d %s [%s] %s", id, a.rule(), a.state(), a.message());
            AlertRule rule = engine.rules().rules().stream()
                    .filter(r -> r.id().equals(a.rule()))
                    .findFirst()
                    .orElse(null);
            if (rule == null) continue;
            LogEvent event = AlertEvents.toEvent(id, a, host);
            for (String n : rule.notifyIds()) {
                SinkQueue q;
                synchronized (this) {
                    q = notifiers.get(n);
                }
                if (q == null) continue;
                try {
                    q.enqueue(event, false);
                    q.commit();
                } catch (InterruptedException ie) {
                    Thread.currentThread().interrupt();
                } catch (RuntimeException stopping) {
                    LOG.errorf("alert %d not queued for %s: %s", id, n, stopping.getMessage());
                }
            }
        }
    }

    /** Re-reads the rule files when they changed; a set with mistakes is refused as a whole. */
    synchronized void reload() {
        try {
            List<Path> files = RuleFileParser.files(dir);
            String now = stampOf(files);
            if (now.equals(stamp)) return;
            stamp = now;
            RuleSet next;
            try {
                next = RuleFileParser.parse(files);
            } catch (RuleFileParser.RuleException e) {
                lastReloadError = e.getMessage();
                for (var p : e.problems) LOG.errorf("alert rules not loaded: %s", p);
                LOG.errorf(
                        "alert rules: %s",
                        engine.rules().rules().isEmpty()
                                ? "none are active"
                                : "the previous " + engine.rules().rules().size() + " rules stay active");
                return;
            }
            lastReloadError = null;
            applyNotifiers(next);
            engine.setRules(next);
            LOG.infof(
                    "alert rules: %d rules and %d notifiers from %s",
                    next.rules().size(), next.notifiers().size(), dir);
        } catch (IOException | RuntimeException e) {
            LOG.errorf("alert rules in %s cannot be read: %s", dir, e.toString());
        }
    }

    private static String stampOf(List<Path> files) throws IOException {
        StringBuilder sb = new StringBuilder();
        for (Path f : files)
            sb.append(f)
                    .append(Files.getLastModifiedTime(f).toMillis())
                    .append(Files.size(f))
                    .append(';');
        return sb.toString();
    }

    /** Opens queues for new or changed notifiers, closes those no longer defined. */
    private void applyNotifiers(RuleSet next) throws IOException {
        for (String id : List.copyOf(notifiers.keySet())) {
            NotifierConfig now = next.notifiers().get(id);
            if (now == null || !now.equals(notifierConfigs.get(id))) {
                notifiers.remove(id).close();
                notifierConfigs.remove(id);
            }
        }
        for (NotifierConfig n : next.notifiers().values()) {
            if (notifiers.containsKey(n.id())) continue;
            String name = "alert:" + n.id();
            QueueSettings settings = SinkQueues.settings(ctx, 100_000, 10, 0, QueueSettings.WhenFull.DROP, 5_000);
            notifiers.put(n.id(), SinkQueues.open(ctx, name, sink(n), settings, new SinkMetrics(name)));
            notifierConfigs.put(n.id(), n);
        }
    }

    private BatchSink sink(NotifierConfig n) throws IOException {
        return switch (n.type()) {
            case "webhook" -> {
                Map<String, String> headers = new HashMap<>();
                n.options().forEach((k, v) -> {
                    if (k.startsWith("header.")) headers.put(k.substring("header.".length()), v);
                });
                yield new WebhookSink(
                        n.options().get("url"),
                        Duration.ofMillis(Long.parseLong(n.option("timeoutMs", "10000"))),
                        headers);
            }
            case "email" ->
                new EmailSink(
                        n.options().get("subject"),
                        (subject, body) -> mail().sendBodyAndHeader(smtpUri(n), body, "Subject", subject));
            case "syslog" -> {
                SyslogServer.Protocol p = switch (n.option("transport", "tcp")) {
                    case "udp" -> SyslogServer.Protocol.UDP;
                    case "relp" -> SyslogServer.Protocol.RELP;
                    default -> SyslogServer.Protocol.TCP;
                };
                yield new ForwardBatchSink(
                        new SyslogSender(
                                p,
                                n.options().get("host"),
                                Integer.parseInt(n.option("port", "514")),
                                SyslogSender.Framing.OCTET_COUNTED),
                        EventEncoder.of(n.option("format", "rfc5424")));
            }
            case "kafka" ->
                new KafkaBatchSink(
                        n.options().get("brokers"),
                        "lz4",
                        30_000,
                        Map.of(),
                        e -> n.options().get("topic"),
                        e -> e.getMsgid());
            default -> throw new IllegalArgumentException("notifier type " + n.type());
        };
    }

    private synchronized ProducerTemplate mail() {
        if (mail == null) mail = ctx.createProducerTemplate();
        return mail;
    }

    static String smtpUri(NotifierConfig n) {
        StringBuilder uri = new StringBuilder("smtp://")
                .append(n.options().get("host"))
                .append(':')
                .append(n.option("port", "25"))
                .append("?from=")
                .append(enc(n.options().get("from")))
                .append("&to=")
                .append(enc(String.join(",", n.to())));
        if (n.options().get("username") != null)
            uri.append("&username=").append(enc(n.options().get("username")));
        if (n.options().get("password") != null)
            uri.append("&password=RAW(").append(n.options().get("password")).append(')');
        return uri.toString();
    }

    private static String enc(String v) {
        return URLEncoder.encode(v, StandardCharsets.UTF_8);
    }

    private static String hostName() {
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (IOException e) {
            return "logpipe";
        }
    }

    @Override
    public synchronized void close() {
        timer.shutdown(); // no interrupt: it may be writing the store
        try {
            timer.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        store.saveSilence(engine.lastSeen(), engine.silent());
        for (SinkQueue q : notifiers.values()) q.close();
        notifiers.clear();
        store.close();
        if (current == this) current = null;
    }
}
