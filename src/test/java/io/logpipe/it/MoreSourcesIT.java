package io.logpipe.it;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.logpipe.codec.gelf.GelfDatagramsTest;
import java.io.File;
import java.io.OutputStream;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The sources of issue 20 end to end, each through its listener into the event database, from real
 * senders where Debian has one: softflowd (NetFlow v5, v9, IPFIX), net-snmp's snmptrap and snmpinform,
 * util-linux logger (OSSEC, Snare and audit lines behind a syslog header); GELF datagrams and TCP frames
 * are built here as the GELF specification lays them out.
 */
class MoreSourcesIT {
    static PackagedApp app;
    static int netflowPort;
    static int snmpPort;
    static int gelfPort;

    @BeforeAll
    static void start() throws Exception {
        netflowPort = PackagedApp.freePort();
        snmpPort = PackagedApp.freePort();
        gelfPort = PackagedApp.freePort();
        Path routes = Files.createTempDirectory("more-sources");
        Files.writeString(routes.resolve("sources.yaml"), """
                - route:
                    id: netflow
                    from:
                      uri: "netflow:udp"
                      parameters: { port: "{{it.netflow.port}}", templateWaitMs: 5000 }
                      steps:
                        - to: "db:events"
                - route:
                    id: traps
                    from:
                      uri: "snmptrap:udp"
                      parameters: { port: "{{it.snmp.port}}", communities: "public,ops" }
                      steps:
                        - to: "db:events"
                - route:
                    id: gelf-udp
                    from:
                      uri: "gelf:udp"
                      parameters: { port: "{{it.gelf.port}}" }
                      steps:
                        - to: "db:events"
                - route:
                    id: gelf-tcp
                    from:
                      uri: "gelf:tcp"
                      parameters: { port: "{{it.gelf.port}}" }
                      steps:
                        - to: "db:events"
                - route:
                    id: audit-files
                    from:
                      uri: "ingest:audit"
                      parameters: { format: auditd }
                      steps:
                        - to: "db:events"
                - route:
                    id: syslog-tcp
                    from:
                      uri: "syslog:tcp"
                      parameters: { port: "{{logpipe.syslog.port}}" }
                      steps:
                        - to: "db:events"
                """);
        app = new PackagedApp(
                routes, "-Dit.netflow.port=" + netflowPort, "-Dit.snmp.port=" + snmpPort, "-Dit.gelf.port=" + gelfPort);
    }

    @AfterAll
    static void stop() throws Exception {
        app.close();
    }

    static PackagedApp.Run run(String... cmd) throws Exception {
        return PackagedApp.run(List.of(cmd), app.work);
    }

    static String events(String query) throws Exception {
        return app.http("GET", "/api/v1/events?limit=1000&" + query, null).body();
    }

    static void awaitCount(String query, int n) {
        await().atMost(Duration.ofSeconds(20)).until(() -> events(query).matches("(?s).*\"count\":" + n + "[,}].*"));
    }

    @Test
    void softflowdExportsV5V9AndIpfix() throws Exception {
        long t = 1_764_676_800L;
        Path pcap = new Pcap()
                .packet(t, new int[] {10, 9, 0, 1}, new int[] {10, 9, 0, 2}, 40000, 443, 6, 100)
                .packet(t + 1, new int[] {10, 9, 0, 1}, new int[] {10, 9, 0, 2}, 40000, 443, 6, 100)
                .packet(t + 2, new int[] {10, 9, 0, 1}, new int[] {10, 9, 0, 2}, 40000, 443, 6, 100)
                .packet(t + 3, new int[] {10, 9, 0, 3}, new int[] {10, 9, 0, 4}, 5353, 53, 17, 30)
                .write(app.work.resolve("flows.pcap"));
        for (String version : List.of("5", "9", "10")) {
            // softflowd 1.1.0 never finishes a capture file (nor exports it) when its control socket's path is
            // longer than 12 characters (measured: /tmp/a1234.c works, /tmp/abcd.ctl hangs). It is stopped anyway once
            // its flows are in.
            Path ctl = Path.of("/tmp/lp"
                    + Long.toString(10_000_000L + new Random().nextInt(50_000_000), 36)
                            .substring(0, 5));
            // -a: softflowd's clock follows the capture's (else its export header mixes today's clock with 2025's
            // packets)
            Process sf = new ProcessBuilder(
                            "softflowd",
                            "-a",
                            "-r",
                            pcap.toString(),
                            "-n",
                            "127.0.0.1:" + netflowPort,
                            "-v",
                            version,
                            "-d",
                            "-p",
                            app.work.resolve("sf" + version + ".pid").toString(),
                            "-c",
                            ctl.toString())
                    .redirectErrorStream(true)
                    .redirectOutput(
                            app.work.resolve("softflowd-v" + version + ".out").toFile())
                    .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
                    .start();
            try {
                awaitCount("format=netflow&fields.netflow.version=" + version, 2);
            } finally {
                sf.destroyForcibly().waitFor();
                Files.deleteIfExists(ctl);
            }
        }
        String v9 = events("format=netflow&fields.netflow.version=9&fields.netflow.protocol=6");
        assertTrue(v9.matches("(?s).*\"count\":1[,}].*"), v9);
        assertTrue(
                v9.contains("\"src_addr\":\"10.9.0.1\"")
                        && v9.contains("\"dst_port\":443")
                        && v9.contains("\"packets\":3"),
                v9);
        assertTrue(
                v9.contains("\"host\":\"127.0.0.1\"")
                        && v9.contains("\"message\":\"TCP 10.9.0.1:40000 -> 10.9.0.2:443 3 packets"),
                v9);
        // with -a softflowd's clocks are the capture's, so the flow's times are those of its first and last packet
        assertTrue(
                v9.contains("\"timestamp\":\"2025-12-02T12:00:00Z\"")
                        && v9.contains("\"start\":1764676800000,\"end\":1764676802000"),
                v9);
        String metrics = app.http("GET", "/q/metrics", null).body();
        assertTrue(
                metrics.contains("logpipe_decoder_parsed_total{format=\"netflow\",listener=\"netflow\"")
                        || metrics.contains("listener=\"netflow\""),
                "metrics name the listener");
    }

    @Test
    void snmpTrapsV1V2cAndInformsFromNetSnmp() throws Exception {
        String tag = UUID.randomUUID().toString().substring(0, 8);
        String target = "127.0.0.1:" + snmpPort;
        // v2c linkDown with the interface's index and states
        PackagedApp.Run v2 = run(
                "snmptrap",
                "-v",
                "2c",
                "-c",
                "public",
                target,
                "",
                "1.3.6.1.6.3.1.1.5.3",
                "1.3.6.1.2.1.2.2.1.1.2",
                "i",
                "2",
                "1.3.6.1.2.1.2.2.1.7.2",
                "i",
                "1",
                "1.3.6.1.2.1.2.2.1.8.2",
                "i",
                "2",
                "1.3.6.1.2.1.1.5.0",
                "s",
                "edge-" + tag);
        assertEquals(0, v2.exit(), v2.out());
        // v1 enterprise-specific trap 17
        PackagedApp.Run v1 = run(
                "snmptrap",
                "-v",
                "1",
                "-c",
                "ops",
                target,
                "1.3.6.1.4.1.8072.2.3",
                "192.0.2.77",
                "6",
                "17",
                "",
                "1.3.6.1.2.1.1.5.0",
                "s",
                "v1-" + tag);
        assertEquals(0, v1.exit(), v1.out());
        // an inform waits for logpipe's Response: exit 0 only if it came
        PackagedApp.Run inform = run(
                "snmpinform",
                "-v",
                "2c",
                "-c",
                "public",
                "-t",
                "3",
                "-r",
                "1",
                target,
                "",
                "1.3.6.1.6.3.1.1.5.1",
                "1.3.6.1.2.1.1.5.0",
                "s",
                "inform-" + tag);
        assertEquals(0, inform.exit(), "the inform was answered: " + inform.out());
        // a community not in the list is refused and counted
        assertEquals(
                0,
                run("snmptrap", "-v", "2c", "-c", "guess", target, "", "1.3.6.1.6.3.1.1.5.5")
                        .exit());
        awaitCount("format=snmptrap&q=" + tag, 3);
        String down = events("format=snmptrap&fields.snmp.trap_name=linkDown&q=edge-" + tag);
        assertTrue(down.matches("(?s).*\"count\":1[,}].*"), down);
        assertTrue(
                down.contains("\"version\":\"2c\"")
                        && down.contains("\"community\":\"public\"")
                        && down.contains("\"trap_oid\":\"1.3.6.1.6.3.1.1.5.3\""),
                down);
        assertTrue(
                down.contains("\"1.3.6.1.2.1.2.2.1.1.2\":2")
                        && down.contains("\"ifIndex.2\":2")
                        && down.contains("\"ifOperStatus.2\":2"),
                down);
        assertTrue(
                down.contains("\"severity\":\"warning\"")
                        && down.contains(
                                "\"message\":\"linkDown ifIndex.2=2 ifAdminStatus.2=1 ifOperStatus.2=2 sysName.0=edge-"
                                        + tag),
                down);
        String old = events("format=snmptrap&q=v1-" + tag);
        assertTrue(
                old.contains("\"host\":\"192.0.2.77\"")
                        && old.contains("\"generic_trap\":6")
                        && old.contains("\"specific_trap\":17")
                        && old.contains("\"trap_oid\":\"1.3.6.1.4.1.8072.2.3.0.17\""),
                old);
        assertTrue(events("format=snmptrap&q=inform-" + tag).contains("\"trap_name\":\"coldStart\""));
        await().atMost(Duration.ofSeconds(10))
                .until(
                        () -> app.http("GET", "/q/metrics", null)
                                .body()
                                .matches(
                                        "(?s).*logpipe_listener_refused_total\\{listener=\"traps\",reason=\"community\",?} [1-9].*"));
    }

    @Test
    void gelfOverUdpChunkedAndCompressedAndOverTcpNulFramed() throws Exception {
        String tag = UUID.randomUUID().toString().substring(0, 8);
        byte[] big = ("{\"version\":\"1.1\",\"host\":\"app-" + tag + "\",\"short_message\":\"big " + tag
                        + "\",\"full_message\":\"" + noise(6000) + "\",\"level\":3,\"_request_id\":\"r-" + tag
                        + "\",\"_took_ms\":12}")
                .getBytes(StandardCharsets.UTF_8);
        try (DatagramSocket udp = new DatagramSocket()) {
            InetAddress lo = InetAddress.getLoopbackAddress();
            List<byte[]> chunks = new ArrayList<>(
                    GelfDatagramsTest.chunks(GelfDatagramsTest.gzip(big), 0x1234_5678_9abc_def0L, 1000));
            Collections.reverse(chunks); // arrival order does not matter
            assertTrue(chunks.size() > 1);
            for (byte[] c : chunks) udp.send(new DatagramPacket(c, c.length, lo, gelfPort));
            byte[] small = GelfDatagramsTest.zlib(
                    ("{\"version\":\"1.1\",\"host\":\"app-" + tag + "\",\"short_message\":\"zlib " + tag + "\"}")
                            .getBytes(StandardCharsets.UTF_8));
            udp.send(new DatagramPacket(small, small.length, lo, gelfPort));
            byte[] plain = ("{\"version\":\"1.1\",\"host\":\"app-" + tag + "\",\"short_message\":\"plain " + tag
                            + "\",\"timestamp\":1764676800.5}")
                    .getBytes(StandardCharsets.UTF_8);
            udp.send(new DatagramPacket(plain, plain.length, lo, gelfPort));
        }
        try (Socket tcp = new Socket("127.0.0.1", gelfPort);
                OutputStream out = tcp.getOutputStream()) {
            out.write(("{\"version\":\"1.1\",\"host\":\"app-" + tag + "\",\"short_message\":\"tcp one " + tag + "\"}\0"
                            + "{\"version\":\"1.1\",\"host\":\"app-" + tag + "\",\"short_message\":\"tcp two " + tag
                            + "\"}\0")
                    .getBytes(StandardCharsets.UTF_8));
        }
        awaitCount("format=gelf&host=app-" + tag, 5);
        String bigOne = events("format=gelf&fields.gelf.request_id=r-" + tag);
        assertTrue(
                bigOne.matches("(?s).*\"count\":1[,}].*")
                        && bigOne.contains("\"severity\":\"err\"")
                        && bigOne.contains("\"took_ms\":12"),
                bigOne);
        assertTrue(bigOne.contains(noise(6000)), "all chunks, in order");
        assertTrue(events("format=gelf&q=plain%20" + tag).contains("\"timestamp\":\"2025-12-02T12:00:00.500Z\""));
        assertTrue(events("format=gelf&listener=gelf-tcp&host=app-" + tag).matches("(?s).*\"count\":2[,}].*"));
    }

    @Test
    void ossecSnareAndAuditLinesBehindSyslogHeadersFromLogger() throws Exception {
        String tag = UUID.randomUUID().toString().substring(0, 8);
        String port = String.valueOf(app.syslogPort);
        assertEquals(
                0,
                run(
                                "logger",
                                "--tcp",
                                "-n",
                                "127.0.0.1",
                                "-P",
                                port,
                                "-t",
                                "ossec",
                                "-p",
                                "local0.alert",
                                "Alert Level: 10; Rule: 5712 - SSHD brute force trying to get access to the system.; Location: (web1) 10.0.0.7->/var/log/secure; srcip: 203.0.113.8; "
                                        + "Dec  2 11:59:57 web1 sshd[99]: Failed password for root from 203.0.113.8 port 4000 ssh2 "
                                        + tag)
                        .exit());
        assertEquals(
                0,
                run(
                                "logger",
                                "--tcp",
                                "-n",
                                "127.0.0.1",
                                "-P",
                                port,
                                "-t",
                                "snare",
                                "-p",
                                "auth.notice",
                                "MSWinEventLog\t1\tSecurity\t77\tWed Dec 02 10:00:00 2026\t4625\tMicrosoft-Windows-Security-Auditing\talice\tN/A\tFailure Audit\tDC1\tLogon\t\tAn account failed to log on "
                                        + tag + "\t991")
                        .exit());
        assertEquals(
                0,
                run(
                                "logger",
                                "--tcp",
                                "-n",
                                "127.0.0.1",
                                "-P",
                                port,
                                "-t",
                                "audispd",
                                "-p",
                                "authpriv.info",
                                "node=web1.example.com type=USER_AUTH msg=audit(1764676800.123:501): pid=4242 uid=0 auid=4294967295 ses=4294967295 msg='op=PAM:authentication acct=\""
                                        + tag
                                        + "\" exe=\"/usr/sbin/sshd\" hostname=? addr=203.0.113.8 terminal=ssh res=failed'")
                        .exit());
        awaitCount("format=ossec&fields.ossec.srcip=203.0.113.8&q=" + tag, 1);
        String ossec = events("format=ossec&q=" + tag);
        assertTrue(
                ossec.contains("\"rule_id\":5712")
                        && ossec.contains("\"severity\":\"err\"")
                        && ossec.contains("\"app\":\"ossec\""),
                ossec);
        awaitCount("format=snare&fields.windows.event_id=4625&q=" + tag, 1);
        String snare = events("format=snare&q=" + tag);
        assertTrue(
                snare.contains("\"app\":\"Microsoft-Windows-Security-Auditing\"")
                        && snare.contains("\"user\":\"alice\"")
                        && snare.contains("\"record\":991"),
                snare);
        awaitCount("format=auditd&host=web1.example.com", 1);
        String audit = events("format=auditd&host=web1.example.com");
        assertTrue(
                audit.contains("\"acct\":\"" + tag + "\"")
                        && audit.contains("\"res\":\"failed\"")
                        && audit.contains("\"serial\":501"),
                audit);
    }

    /** audisp's syslog plugin sends a record per message; the records of a serial that arrive together are one event. */
    @Test
    void auditRecordsSentOnePerSyslogMessageAreMergedBySerial() throws Exception {
        long serial = 100_000 + new Random().nextInt(800_000);
        String h = "<85>Dec  2 12:00:00 node7 audispd: node=node7.example.com ";
        String burst = h + "type=SYSCALL msg=audit(1764676800.200:" + serial
                + "): syscall=2 success=no exit=-13 comm=\"cat\" key=\"shadow\"\n"
                + h + "type=PATH msg=audit(1764676800.200:" + serial + "): item=0 name=\"/etc/shadow\"\n"
                + h + "type=EOE msg=audit(1764676800.200:" + serial + "):\n";
        try (Socket s = new Socket("127.0.0.1", app.syslogPort);
                OutputStream out = s.getOutputStream()) {
            out.write(burst.getBytes(StandardCharsets.UTF_8)); // one write: one read on the listener's side
        }
        awaitCount("format=auditd&fields.audit.serial=" + serial, 1);
        String one = events("format=auditd&fields.audit.serial=" + serial);
        assertTrue(
                one.contains("\"message\":\"SYSCALL+PATH key=shadow comm=cat success=no\"")
                        && one.contains("\"host\":\"node7.example.com\""),
                one);
    }

    /** An audit.log posted whole: the records of one serial become one event. */
    @Test
    void auditLogFilesPostedToIngest() throws Exception {
        long serial = 100_000 + new Random().nextInt(800_000);
        String log = String.join(
                        "\n",
                        "type=SYSCALL msg=audit(1764676800.100:" + serial
                                + "): arch=c000003e syscall=59 success=yes exit=0 comm=\"id\" exe=\"/usr/bin/id\" key=\"exec\"",
                        "type=EXECVE msg=audit(1764676800.100:" + serial + "): argc=2 a0=\"id\" a1=2D75",
                        "type=PROCTITLE msg=audit(1764676800.100:" + serial + "): proctitle=6964002D75",
                        "type=EOE msg=audit(1764676800.100:" + serial + "):",
                        "type=USER_END msg=audit(1764676801.000:" + (serial + 1)
                                + "): pid=1 uid=0 msg='op=PAM:session_close acct=\"root\" res=success'",
                        "not an audit record")
                + "\n";
        PackagedApp.Reply r = app.http("POST", "/api/v1/ingest/audit", log);
        assertEquals(400, r.status(), r.body());
        assertTrue(r.body().contains("\"accepted\":2") && r.body().contains("record: auditd: expected"), r.body());
        awaitCount("format=auditd&fields.audit.serial=" + serial, 1);
        String one = events("format=auditd&fields.audit.serial=" + serial);
        assertTrue(
                one.contains("\"proctitle\":\"id -u\"")
                        && one.contains("\"a1\":\"-u\"")
                        && one.contains("\"message\":\"SYSCALL+EXECVE+PROCTITLE key=exec exe=/usr/bin/id"),
                one);
    }

    static String noise(int n) {
        Random r = new Random(9);
        StringBuilder sb = new StringBuilder();
        while (sb.length() < n) sb.append(Long.toHexString(r.nextLong()));
        return sb.substring(0, n);
    }
}
