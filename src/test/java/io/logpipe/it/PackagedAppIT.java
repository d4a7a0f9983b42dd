package io.logpipe.it;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.UUID;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The packaged app with the shipped routes/ (Debian-like sorting), fed by real clients:
 * util-linux logger in every mode, raw sockets for framing edge cases, rsyslog forwarding.
 */
class PackagedAppIT {
    static PackagedApp app;

    @BeforeAll
    static void start() throws Exception {
        app = new PackagedApp(PackagedApp.shippedRoutes());
    }

    @AfterAll
    static void stop() throws Exception {
        app.close();
    }

    static String tag() {
        return "it" + UUID.randomUUID().toString().substring(0, 8);
    }

    static void run(String... cmd) throws Exception {
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(0, p.waitFor(), String.join(" ", cmd) + ": " + out);
    }

    void logger(String... args) throws Exception {
        List<String> cmd = new ArrayList<>(List.of("logger", "-n", "127.0.0.1", "-P", String.valueOf(app.syslogPort)));
        cmd.addAll(List.of(args));
        run(cmd.toArray(new String[0]));
    }

    /** remote/HOST/APP.log for whatever host the client used. */
    static Path remoteFile(String app) throws Exception {
        try (Stream<Path> s = Files.walk(PackagedAppIT.app.data.resolve("remote"))) {
            return s.filter(p -> p.getFileName().toString().equals(app + ".log"))
                    .findFirst()
                    .orElse(Path.of("/nonexistent"));
        }
    }

    void awaitLine(Path file, String text) {
        await().atMost(Duration.ofSeconds(10))
                .until(() -> PackagedApp.read(file).contains(text));
    }

    @Test
    void loggerOverUdpRfc3164LandsInAuthLogAndPerHostFile() throws Exception {
        String t = tag();
        logger("--udp", "--rfc3164", "-t", t, "-p", "authpriv.notice", "udp bsd " + t);
        awaitLine(app.data.resolve("auth.log"), t + ": udp bsd " + t);
        await().atMost(Duration.ofSeconds(5))
                .until(() -> PackagedApp.read(remoteFile(t)).contains("udp bsd " + t));
        assertTrue(
                !PackagedApp.read(app.data.resolve("syslog")).contains("udp bsd " + t),
                "auth,authpriv.none keeps it out of syslog");
    }

    @Test
    void loggerOverTcpRfc5424WithPidAndStructuredData() throws Exception {
        String t = tag();
        logger(
                "--tcp",
                "--rfc5424",
                "-i",
                "--sd-id",
                "origin@32473",
                "--sd-param",
                "ip=\"10.0.0.1\"",
                "-t",
                t,
                "-p",
                "mail.err",
                "tcp ietf " + t);
        awaitLine(app.data.resolve("mail.log"), "tcp ietf " + t);
        String line = PackagedApp.read(app.data.resolve("mail.log"))
                .lines()
                .filter(l -> l.contains(t))
                .findFirst()
                .orElseThrow();
        assertTrue(
                line.matches(
                        "\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d(\\.\\d+)?Z \\S+ " + t + "\\[\\d+\\]: tcp ietf " + t),
                line);
        awaitLine(app.data.resolve("syslog"), "tcp ietf " + t);
    }

    @Test
    void loggerWithOctetCountingAndRfc3164OverTcp() throws Exception {
        String t = tag();
        logger("--tcp", "--octet-count", "-t", t, "-p", "cron.info", "octet " + t);
        logger("--tcp", "--rfc3164", "-t", t, "-p", "user.warning", "lf bsd " + t);
        awaitLine(app.data.resolve("cron.log"), "octet " + t);
        awaitLine(app.data.resolve("user.log"), "lf bsd " + t);
    }

    @Test
    void oversizeFrameIsCutAndTheNextFrameOnTheSameConnectionParses() throws Exception {
        String t = tag();
        String big = "<13>1 2026-03-01T08:00:00Z bighost " + t + " - - - " + "x".repeat(70_000);
        String good = "<13>1 2026-03-01T08:00:01Z goodhost " + t + " - - - after the big one";
        try (Socket s = new Socket("127.0.0.1", app.syslogPort)) {
            OutputStream out = s.getOutputStream();
            out.write((big.length() + " " + big).getBytes(StandardCharsets.UTF_8));
            out.write((good + "\n").getBytes(StandardCharsets.UTF_8));
            String bigLine = "<13>1 2026-03-01T08:00:02Z bigline " + t + " - - - " + "y".repeat(70_000);
            out.write((bigLine + "\n<13>1 2026-03-01T08:00:02Z goodhost " + t + " - - - after the big line\n")
                    .getBytes(StandardCharsets.UTF_8));
            out.flush();
        }
        awaitLine(app.data.resolve("user.log"), "after the big one");
        awaitLine(app.data.resolve("user.log"), "after the big line");
        String cut = PackagedApp.read(app.data.resolve("user.log"))
                .lines()
                .filter(l -> l.contains("bighost"))
                .findFirst()
                .orElseThrow();
        assertTrue(cut.length() < 65_600 && cut.endsWith("x"), "truncated to the 64 KiB frame limit: " + cut.length());
        assertEquals(2.0, metric("logpipe_listener_oversize_total", "listener=\"syslog-tcp\""));
        // both say how long they really were (the LF-framed one too, not the limit plus one)
        await().atMost(Duration.ofSeconds(20))
                .until(() -> app.http("GET", "/api/v1/events?app=" + t + "&host=bighost,bigline", null)
                        .body()
                        .contains("\"count\":2"));
        String events = app.http("GET", "/api/v1/events?app=" + t + "&host=bighost,bigline", null)
                .body();
        int headerOctet = ("<13>1 2026-03-01T08:00:00Z bighost " + t + " - - - ").length();
        int headerLine = ("<13>1 2026-03-01T08:00:02Z bigline " + t + " - - - ").length();
        assertTrue(
                events.contains("\"original_length\":" + (headerOctet + 70_000)),
                events.substring(0, Math.min(events.length(), 400)));
        assertTrue(
                events.contains("\"original_length\":" + (headerLine + 70_000)), "the LF-framed line's whole length");
    }

    @Test
    void everyMetricHasAHelpText() throws Exception {
        logger("--tcp", "-t", tag(), "metrics need traffic");
        String metrics = app.http("GET", "/q/metrics", null).body();
        List<String> empty = metrics.lines()
                .filter(l ->
                        l.startsWith("# HELP logpipe_") && (l.split(" ", 4).length < 4 || l.split(" ", 4)[3].isBlank()))
                .toList();
        assertTrue(metrics.contains("# HELP logpipe_listener_received_total"), "logpipe's metrics are there");
        assertTrue(empty.isEmpty(), "metrics without help: " + empty);
    }

    @Test
    void multiLineMessageInOctetFrameStaysOneEvent() throws Exception {
        String t = tag();
        String msg =
                "<11>1 2026-03-01T08:00:00Z apphost " + t + " - - - Exception in thread main\n\tat Foo.bar(Foo.java:1)";
        try (Socket s = new Socket("127.0.0.1", app.syslogPort)) {
            s.getOutputStream()
                    .write((msg.getBytes(StandardCharsets.UTF_8).length + " " + msg).getBytes(StandardCharsets.UTF_8));
        }
        // one event, one line: the LF is escaped as rsyslog does (#012), the TAB kept
        awaitLine(app.data.resolve("user.log"), t + ": Exception in thread main#012\tat Foo.bar(Foo.java:1)\n");
    }

    @Test
    void hostileTagCannotEscapeTheDataDirectory() throws Exception {
        String t = tag();
        logger("--tcp", "-t", "../../../../tmp/" + t, "-p", "user.info", "escape " + t);
        awaitLine(app.data.resolve("user.log"), "escape " + t);
        await().atMost(Duration.ofSeconds(5)).until(() -> {
            try (Stream<Path> s = Files.walk(app.data.resolve("remote"))) {
                return s.anyMatch(p -> p.getFileName().toString().endsWith(t + ".log"));
            }
        });
        assertTrue(!Files.exists(Path.of("/tmp/" + t + ".log")));
    }

    @Test
    void rsyslogForwardingArrivesIntact() throws Exception {
        Path work = Files.createTempDirectory("rsyslog-fwd");
        int in = PackagedApp.freePort();
        Process rsyslog = Rsyslog.start(
                work,
                "global(workDirectory=\"" + work + "\")",
                "module(load=\"imudp\")",
                "input(type=\"imudp\" address=\"127.0.0.1\" port=\"" + in + "\")",
                "action(type=\"omfwd\" target=\"127.0.0.1\" port=\"" + app.syslogPort
                        + "\" protocol=\"tcp\" TCP_Framing=\"octet-counted\" template=\"RSYSLOG_SyslogProtocol23Format\")");
        try {
            Thread.sleep(1000);
            String t = tag();
            for (int i = 0; i < 50; i++) {
                run(
                        "logger",
                        "-n",
                        "127.0.0.1",
                        "-P",
                        String.valueOf(in),
                        "--udp",
                        "-t",
                        t,
                        "-p",
                        "local3.info",
                        "forwarded " + i + " grüße " + t);
            }
            awaitLine(app.data.resolve("syslog"), "forwarded 49 grüße " + t);
            await().atMost(Duration.ofSeconds(10))
                    .until(() -> PackagedApp.read(remoteFile(t)).lines().count() == 50);
            List<String> lines = PackagedApp.read(remoteFile(t)).lines().toList();
            for (int i = 0; i < 50; i++)
                assertTrue(lines.get(i).endsWith(t + ": forwarded " + i + " grüße " + t), lines.get(i));
        } finally {
            rsyslog.destroy();
            rsyslog.waitFor();
        }
    }

    @Test
    void parseApiAnswersContractJsonAnd400s() throws Exception {
        PackagedApp.Reply ok =
                app.http("POST", "/api/v1/parse?format=auto", "<13>Feb  5 17:32:18 10.0.0.99 sshd[42]: Use the BFG!\n");
        assertEquals(200, ok.status());
        assertTrue(
                ok.body().startsWith("[{")
                        && ok.body().contains("\"format\":\"rfc3164\"")
                        && ok.body().contains("\"app\":\"sshd\"")
                        && ok.body().contains("\"procid\":\"42\"")
                        && ok.body().contains("\"message\":\"Use the BFG!\""),
                ok.body());
        PackagedApp.Reply raw = app.http("POST", "/api/v1/parse?format=rfc5424", "not syslog at all");
        assertTrue(
                raw.body().contains("\"format\":\"raw\"") && raw.body().contains("\"parse_error\":\"rfc5424: "),
                raw.body());
        PackagedApp.Reply bad = app.http("POST", "/api/v1/parse?format=nosuch", "x");
        assertEquals(400, bad.status());
        assertTrue(
                bad.body().contains("unknown format 'nosuch'")
                        && bad.body()
                                .contains(
                                        "auditd, auto, cef, cloudtrail, gelf, json, leef, mozlog, ossec, rfc3164, rfc5424, snare, vpcflow"),
                bad.body());
        // one request, several records: auditd groups them by serial, vpcflow gives one event per line
        PackagedApp.Reply audit = app.http(
                "POST",
                "/api/v1/parse?format=auditd",
                "type=SYSCALL msg=audit(1364481363.243:24287): syscall=2 success=no comm=\"cat\"\n"
                        + "type=PROCTITLE msg=audit(1364481363.243:24287): proctitle=636174002F6574632F736861646F77\ntype=EOE msg=audit(1364481363.243:24287):\n");
        assertTrue(
                audit.body()
                        .contains(
                                "\"records\":[{\"type\":\"SYSCALL\",\"syscall\":\"2\",\"success\":\"no\",\"comm\":\"cat\"},{\"type\":\"PROCTITLE\",\"proctitle\":\"cat /etc/shadow\"}]"),
                audit.body());
        PackagedApp.Reply flows = app.http(
                "POST",
                "/api/v1/parse?format=vpcflow",
                "2 123456789010 eni-1 10.0.0.1 10.0.0.2 443 50000 6 10 840 1418530010 1418530070 ACCEPT OK\n"
                        + "2 123456789010 eni-1 10.0.0.2 10.0.0.1 50000 443 6 12 9000 1418530010 1418530070 ACCEPT OK\n");
        assertEquals(2, flows.body().split("\"format\":\"vpcflow\"", -1).length - 1, flows.body());
        Path trail = Path.of(
                System.getProperty("logpipe.corpus.dir", "../shared/corpus"),
                "cloudtrail",
                "awsdocs",
                "cloudtrail-log-file-examples__02.json");
        if (Files.exists(trail)) {
            PackagedApp.Reply ct = app.http("POST", "/api/v1/parse?format=cloudtrail", Files.readString(trail));
            assertEquals(200, ct.status(), ct.body());
            assertTrue(
                    ct.body().contains("\"format\":\"cloudtrail\"")
                            && ct.body().contains("\"fields\":{\"cloudtrail\":{"),
                    ct.body());
        }
        PackagedApp.Reply cef = app.http("POST", "/api/v1/parse", "CEF:0|V|P|1|sig|name|High|src=10.0.0.1");
        assertTrue(
                cef.body().contains("\"format\":\"cef\"") && cef.body().contains("\"severity\":\"err\""), cef.body());
    }

    /** Sum of a Prometheus metric's samples whose labels contain {@code labels}; -1 when absent. */
    static double metric(String name, String labels) throws Exception {
        return app.metric(name, labels);
    }

    @Test
    void metricsAndHealth() throws Exception {
        logger("--tcp", "-t", tag(), "-p", "user.info", "metrics");
        await().atMost(Duration.ofSeconds(5))
                .until(() -> metric("logpipe_listener_received_total", "listener=\"syslog-tcp\"") > 0);
        assertTrue(metric("logpipe_listener_bytes_total", "listener=\"syslog-tcp\"") > 0);
        assertTrue(metric("logpipe_decoder_parsed_total", "format=\"rfc5424\"") > 0);
        assertTrue(metric("logpipe_route_events_total", "route=\"sort\"") > 0);
        assertTrue(metric("logpipe_sink_delivered_total", "sink=\"logfile:syslog\"") > 0);
        assertEquals(0.0, metric("logpipe_sink_dropped_total", "reason=\"path_escape\",sink=\"logfile:syslog\""));
        assertTrue(metric("logpipe_decoder_failed_total", "decoder=\"auto\"") >= 0);
        assertTrue(app.http("GET", "/q/health", null).body().contains("\"UP\""));
    }

    @Test
    void cefAfterASyslogHeaderAndBareMozlogAreDetectedAndStored() throws Exception {
        String t = tag();
        logger(
                "--tcp",
                "--rfc3164",
                "-t",
                "ids",
                "-p",
                "local4.warning",
                "CEF:0|Security|IDS " + t + "|2.1|100|port scan|9|src=198.51.100.7 dpt=22");
        String moz = "{\"EnvVersion\":2,\"Logger\":\"" + t
                + "\",\"Hostname\":\"app7\",\"Severity\":3,\"Type\":\"app.error\",\"Timestamp\":1763805600123456789}\n";
        try (Socket s = new Socket("127.0.0.1", app.syslogPort);
                OutputStream out = s.getOutputStream()) {
            out.write(moz.getBytes(StandardCharsets.UTF_8));
        }
        await().atMost(Duration.ofSeconds(10))
                .until(() -> app.http("GET", "/api/v1/events?format=cef&q=port%20scan&limit=1000", null)
                        .body()
                        .contains("IDS " + t));
        String cef = app.http("GET", "/api/v1/events?format=cef&app=IDS%20" + t, null)
                .body();
        assertTrue(
                cef.contains("\"facility\":\"local4\"")
                        && cef.contains("\"severity\":\"warning\"")
                        && cef.contains("\"dpt\":\"22\""),
                cef);
        await().atMost(Duration.ofSeconds(10))
                .until(() -> app.http("GET", "/api/v1/events?format=mozlog&app=" + t, null)
                        .body()
                        .contains("\"count\":1"));
        String m =
                app.http("GET", "/api/v1/events?format=mozlog&app=" + t, null).body();
        assertTrue(
                m.contains("\"timestamp\":\"2025-11-22T10:00:00.123456789Z\"")
                        && m.contains("\"host\":\"app7\"")
                        && m.contains("\"severity\":\"err\""),
                m);
    }

    @Test
    void httpIngestStoresGoodLinesAndNamesTheBadOnes() throws Exception {
        String t = tag();
        String ndjson = "{\"timestamp\":\"2026-11-22T08:00:00Z\",\"host\":\"api1\",\"app\":\"" + t
                + "\",\"message\":\"first\",\"severity\":\"error\"}\n"
                + "{\"timestamp\": 1763805600, \"app\":\"" + t + "\", \"message\":\"second\"}\n"
                + "{\"app\":\"" + t + "\", \"message\": oops}\n";
        PackagedApp.Reply r = app.http("POST", "/api/v1/ingest", ndjson);
        assertEquals(400, r.status(), r.body());
        assertTrue(r.body().contains("\"accepted\":2") && r.body().contains("line 3: json: invalid JSON"), r.body());
        await().atMost(Duration.ofSeconds(10))
                .until(() -> app.http("GET", "/api/v1/events?format=json&app=" + t, null)
                        .body()
                        .contains("\"count\":2"));
        String stored =
                app.http("GET", "/api/v1/events?app=" + t + "&order=asc", null).body();
        assertTrue(
                stored.contains("\"host\":\"api1\"")
                        && stored.contains("\"severity\":\"err\"")
                        && stored.contains("\"timestamp\":\"2025-11-22T10:00:00Z\""),
                stored);
        // the bad line is not lost: it is a raw event with the reason
        await().atMost(Duration.ofSeconds(10))
                .until(() -> app.http("GET", "/api/v1/events?format=raw&q=oops", null)
                        .body()
                        .contains("parse_error"));

        PackagedApp.Reply moz = app.http(
                "POST",
                "/api/v1/ingest/mozlog",
                "{\"EnvVersion\":2,\"Logger\":\"" + t + "m\",\"Type\":\"a\"}\n{\"EnvVersion\":2,\"Logger\":\"" + t
                        + "m\",\"Type\":\"b\"}\n");
        assertEquals(200, moz.status(), moz.body());
        assertTrue(moz.body().contains("\"accepted\":2"), moz.body());
        await().atMost(Duration.ofSeconds(10))
                .until(() -> app.http("GET", "/api/v1/events?format=mozlog&app=" + t + "m", null)
                        .body()
                        .contains("\"count\":2"));
        PackagedApp.Reply unknown = app.http("POST", "/api/v1/ingest/gelf", "{}");
        assertEquals(404, unknown.status());
        assertTrue(unknown.body().contains("no route starts from ingest:gelf (running: json, mozlog)"), unknown.body());
    }

    /** "Failed ssh logins by source IP, last hour" is one request: the shipped sort route runs normalize:sshd before the database. */
    @Test
    void sshdLoginsAreNormalizedIntoFieldsThatOneRequestCounts() throws Exception {
        int n = 1 + new Random().nextInt(250);
        String attacker = "198.51.100." + n;
        String other = "203.0.113." + n;
        for (int i = 0; i < 3; i++)
            logger(
                    "--tcp",
                    "--rfc3164",
                    "-t",
                    "sshd",
                    "-p",
                    "authpriv.info",
                    "Failed password for invalid user admin from " + attacker + " port " + (40000 + i) + " ssh2");
        logger(
                "--tcp",
                "--rfc3164",
                "-t",
                "sshd",
                "-p",
                "authpriv.info",
                "Failed password for root from " + other + " port 40100 ssh2");
        logger(
                "--tcp",
                "--rfc3164",
                "-t",
                "sshd",
                "-p",
                "authpriv.info",
                "Accepted publickey for alice from " + attacker + " port 40200 ssh2");
        String byIp = "/api/v1/stats?from=-1h&app=sshd&fields.outcome=failure&fields.src_ip=" + attacker + "," + other
                + "&group_by=fields.src_ip";
        await().atMost(Duration.ofSeconds(20))
                .until(() ->
                        app.http("GET", byIp, null).body().contains("{\"value\":\"" + attacker + "\",\"count\":3}"));
        String stats = app.http("GET", byIp, null).body();
        assertTrue(stats.contains("{\"value\":\"" + other + "\",\"count\":1}"), stats);
        String accepted = app.http(
                        "GET", "/api/v1/events?app=sshd&fields.outcome=success&fields.src_ip=" + attacker, null)
                .body();
        assertTrue(
                accepted.contains("\"count\":1")
                        && accepted.contains("\"user\":\"alice\"")
                        && accepted.contains("\"method\":\"publickey\""),
                accepted);
        PackagedApp.Reply parsed = app.http(
                "POST",
                "/api/v1/parse?normalize=sudo,sshd",
                "<86>Dec  2 10:00:00 bastion sshd[7]: Failed password for root from 10.9.9.9 port 22 ssh2");
        assertEquals(200, parsed.status(), parsed.body());
        assertTrue(
                parsed.body()
                        .contains(
                                "\"fields\":{\"method\":\"password\",\"user\":\"root\",\"src_ip\":\"10.9.9.9\",\"src_port\":22,\"event\":\"login\",\"outcome\":\"failure\"}"),
                parsed.body());
        PackagedApp.Reply unknown = app.http("POST", "/api/v1/parse?normalize=nope", "x");
        assertEquals(400, unknown.status());
        assertTrue(
                unknown.body()
                        .contains(
                                "no rulebase 'nope'; known rulebases: filterlog, iptables, metaflows, postfix, sshd, sudo"),
                unknown.body());
        String metrics = app.http("GET", "/q/metrics", null).body();
        String counters = metrics.lines()
                .filter(l -> l.startsWith("logpipe_normalize_events_total"))
                .collect(Collectors.joining("\n"));
        assertTrue(
                counters.matches(
                        "(?s).*logpipe_normalize_events_total\\{result=\"matched\",rulebase=\"sshd\",?} [1-9].*"),
                counters);
    }

    @Test
    void validateChecksRulebasesAndTheRouteStepsThatNameThem() throws Exception {
        Path rules = Files.createTempDirectory("bad-rules");
        Files.writeString(rules.resolve("mine.yaml"), "rules:\n  - id: one\n    match: 'from %{IPV9:ip}'\n");
        Path routes = Files.createTempDirectory("normalize-routes");
        Files.writeString(
                routes.resolve("r.yaml"),
                "- route:\n    id: r\n    from:\n      uri: direct:r\n      steps:\n        - to: \"normalize:sshd,mine\"\n");
        List<String> cmd = app.command();
        cmd.addAll(List.of(
                "validate", routes.toString(), app.repo.resolve("alerts").toString(), rules.toString()));
        PackagedApp.Run bad = PackagedApp.run(cmd, app.work);
        assertEquals(1, bad.exit(), bad.out());
        assertTrue(bad.out().contains(rules.resolve("mine.yaml") + ":3: rule one: unknown pattern %{IPV9}"), bad.out());
        assertTrue(bad.out().contains("r.yaml:6") && bad.out().contains("no rulebase 'sshd'"), bad.out());
    }

    /** {@code java -jar ... validate DIR} with the app's settings, run in its working directory. */
    static PackagedApp.Run validate(Path routes) throws Exception {
        List<String> cmd = app.command();
        cmd.addAll(List.of("validate", routes.toString()));
        return PackagedApp.run(cmd, app.work);
    }

    @Test
    void validateModeReportsFileLineAndCause() throws Exception {
        Path dir = Files.createTempDirectory("bad-routes");
        Files.writeString(
                dir.resolve("broken.yaml"),
                "- route:\n    id: broken\n    from:\n      uri: direct:x\n      steps:\n        - filter:\n            language: { language: selector, expression: \"mial.*\" }\n            steps:\n              - to: \"logfile:x.log\"\n");
        PackagedApp.Run ok = validate(app.repo.resolve("routes"));
        assertEquals(0, ok.exit(), ok.out());
        PackagedApp.Run bad = validate(dir);
        String out = bad.out();
        assertEquals(1, bad.exit(), out);
        assertTrue(out.contains(dir.resolve("broken.yaml") + ":7: selector 'mial.*': unknown facility 'mial'"), out);
    }

    @Test
    void validateModeRefusesWhatStartUpWouldRefuseAllInOneRun() throws Exception {
        Path dir = Files.createTempDirectory("clash-routes");
        Files.writeString(dir.resolve("a.yaml"), """
                - route:
                    id: tcp-one
                    from:
                      uri: "syslog:tcp"
                      parameters: { port: 6514 }
                      steps:
                        - to: "direct:sort"
                - route:
                    id: sort
                    from:
                      uri: "direct:sort"
                      steps:
                        - to: "direct:nowhere"
                """);
        Files.writeString(dir.resolve("b.yaml"), """
                - route:
                    id: relp-same-port
                    from:
                      uri: "syslog:relp"
                      parameters: { port: 6514 }
                      steps:
                        - script:
                            python: "body.upper()"
                        - to: "direct:sort"
                """);
        PackagedApp.Run run = validate(dir);
        String out = run.out();
        assertEquals(1, run.exit(), out);
        assertTrue(
                out.contains(dir.resolve("b.yaml") + ":4: 'syslog:relp' listens on TCP port 6514, which "
                        + dir.resolve("a.yaml") + ":4 already takes"),
                out);
        assertTrue(
                out.contains(dir.resolve("a.yaml") + ":13: 'direct:nowhere': no route has 'from: direct:nowhere'"),
                out);
        assertTrue(out.contains(dir.resolve("b.yaml") + ":8: language 'python' is not available in logpipe"), out);
        assertTrue(out.contains("3 problem(s)"), out);
    }

    @Test
    void validateModeChecksDatabaseSinkOptionsAndSettingsWithoutTouchingADatabase() throws Exception {
        Path dir = Files.createTempDirectory("db-routes");
        Files.writeString(
                dir.resolve("store.yaml"),
                "- route:\n    id: store\n    from:\n      uri: direct:x\n      steps:\n        - to: \"db:events?whenFull=maybe\"\n");
        Path work = Files.createTempDirectory("db-validate");
        Files.writeString(
                work.resolve("application.properties"),
                "logpipe.db.url=jdbc:oracle:thin:@db\nlogpipe.db.text-index=yes\n");
        List<String> cmd = new ArrayList<>(List.of(
                "java",
                "-Dlogpipe.config=" + work.resolve("application.properties"),
                "-Dlogpipe.data.dir=" + work.resolve("data"),
                "-jar",
                app.jar.toString(),
                "validate",
                dir.toString()));
        Process b = new ProcessBuilder(cmd)
                .directory(work.toFile())
                .redirectErrorStream(true)
                .start();
        String out = new String(b.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(1, b.waitFor(), out);
        assertTrue(
                out.contains(
                        dir.resolve("store.yaml")
                                + ":6: endpoint 'db:events?whenFull=maybe': db: whenFull must be auto, block or drop, not 'maybe'"),
                out);
        assertTrue(out.contains("application.properties:1: logpipe.db.url 'jdbc:oracle:thin:@db': use jdbc:h2:"), out);
        assertTrue(out.contains("application.properties:2: logpipe.db.text-index must be true or false"), out);
        assertTrue(!Files.exists(work.resolve("data")), "validation created no database");
    }
}
