package io.logpipe.codec.formats;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.logpipe.api.DecoderRegistry;
import io.logpipe.codec.ConformanceBaseline;
import io.logpipe.codec.DecodeContext;
import io.logpipe.codec.Decoders;
import io.logpipe.event.ExtractedFields;
import io.logpipe.event.LogEvent;
import io.logpipe.event.Source;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The formats of ARCHITECTURE.md "More formats" (OSSEC, Snare, auditd, VPC Flow Logs, GELF): each mapped
 * as the contract says, found by format=auto where it hides behind a syslog header, and bad input kept raw.
 * Inputs are the layouts of the projects' own documentation (OSSEC csyslogd, AWS VPC Flow Logs guide,
 * the Linux audit documentation, the GELF 1.1 specification) and rsyslog's Snare test lines.
 */
class MoreFormatsTest {
    static final DecodeContext CTX = new DecodeContext(
            Instant.parse("2026-12-02T12:00:00Z"), new Source("192.0.2.50", 514, "test", null), ZoneOffset.UTC, false);
    static final DecoderRegistry REGISTRY = new DecoderRegistry();

    static LogEvent auto(String line) {
        return Decoders.frameDecoder("auto").decodeOne(line, CTX);
    }

    static Object field(LogEvent e, String path) {
        return ExtractedFields.get(e, path);
    }

    // --- OSSEC ------------------------------------------------------------------------------
    static final String OSSEC =
            "<132>Dec  2 11:59:58 ossec-server ossec: Alert Level: 3; Rule: 5715 - SSHD authentication success.; "
                    + "Location: (web1) 10.0.0.7->/var/log/secure; srcip: 10.0.0.5; user: root; Dec  2 11:59:57 web1 sshd[1234]: Accepted password for root from 10.0.0.5 port 42022 ssh2";

    @Test
    void ossecAlertsBehindASyslogHeader() {
        for (LogEvent e :
                List.of(auto(OSSEC), REGISTRY.get("ossec").decode(OSSEC, CTX).get(0))) {
            assertEquals("ossec", e.getFormat(), String.valueOf(e.getParseError()));
            assertEquals("ossec", e.getApp());
            assertEquals("ossec-server", e.getHost());
            assertEquals(
                    "Dec  2 11:59:57 web1 sshd[1234]: Accepted password for root from 10.0.0.5 port 42022 ssh2",
                    e.getMessage());
            assertEquals(
                    Map.of(
                            "level",
                            3L,
                            "rule_id",
                            5715L,
                            "description",
                            "SSHD authentication success.",
                            "location",
                            "(web1) 10.0.0.7->/var/log/secure",
                            "srcip",
                            "10.0.0.5",
                            "user",
                            "root"),
                    e.getFields().get("ossec"));
            assertEquals("info", e.getSeverity(), "levels 0-3 are info");
            assertEquals("local0", e.getFacility(), "the header's facility stays");
        }
        LogEvent high = auto(
                "<132>Dec  2 12:00:00 srv ossec: Alert Level: 12; Rule: 40111 - Multiple authentication failures.; Location: srv->/var/log/auth.log; line");
        assertEquals("crit", high.getSeverity());
        assertNull(field(high, "fields.ossec.srcip"), "absent ones omitted");
        assertEquals("line", high.getMessage());
    }

    @Test
    void ossecJsonFromCsyslogdAndWazuh() {
        LogEvent csyslogd = auto(
                "<132>Dec  2 12:00:00 srv ossec: {\"crit\":10,\"id\":5712,\"component\":\"(web1) 10.0.0.7->/var/log/secure\","
                        + "\"classification\":\" syslog,sshd,authentication_failures,\",\"description\":\"SSHD brute force trying to get access to the system.\","
                        + "\"message\":\"Dec  2 11:59:57 web1 sshd[99]: Failed password for root from 203.0.113.4 port 4000 ssh2\",\"acct\":\"root\",\"src_ip\":\"203.0.113.4\"}");
        assertEquals("ossec", csyslogd.getFormat(), String.valueOf(csyslogd.getParseError()));
        assertEquals(10L, field(csyslogd, "fields.ossec.level"));
        assertEquals(5712L, field(csyslogd, "fields.ossec.rule_id"));
        assertEquals("203.0.113.4", field(csyslogd, "fields.ossec.srcip"));
        assertEquals("root", field(csyslogd, "fields.ossec.user"));
        assertEquals("err", csyslogd.getSeverity());
        assertTrue(csyslogd.getMessage().startsWith("Dec  2 11:59:57 web1 sshd[99]: Failed password"));
        LogEvent wazuh = REGISTRY.get("ossec")
                .decode(
                        "<132>Dec  2 12:00:00 wazuh ossec: {\"rule\":{\"level\":5,\"id\":\"5716\",\"description\":\"sshd: authentication failed.\"},"
                                + "\"agent\":{\"id\":\"001\",\"name\":\"web1\"},\"location\":\"/var/log/auth.log\",\"full_log\":\"Failed password for x\",\"data\":{\"srcip\":\"198.51.100.2\",\"srcuser\":\"x\"}}",
                        CTX)
                .get(0);
        assertEquals(5716L, field(wazuh, "fields.ossec.rule_id"), "a text id becomes a number");
        assertEquals("web1", field(wazuh, "fields.ossec.agent"));
        assertEquals("198.51.100.2", field(wazuh, "fields.ossec.srcip"));
        assertEquals("notice", wazuh.getSeverity());
    }

    @Test
    void ossecMistakesStayRawWithTheHeader() {
        LogEvent e = REGISTRY.get("ossec")
                .decode("<132>Dec  2 12:00:00 srv ossec: Alert Level: x; Rule", CTX)
                .get(0);
        assertEquals("raw", e.getFormat());
        assertTrue(e.getParseError().startsWith("ossec: expected 'Alert Level"), e.getParseError());
        assertEquals("srv", e.getHost());
        assertEquals(
                "raw",
                REGISTRY.get("ossec")
                        .decode("<13>Dec  2 12:00:00 srv sshd: hello", CTX)
                        .get(0)
                        .getFormat());
        assertEquals(
                "rfc3164",
                auto("<13>Dec  2 12:00:00 srv ossec: just chatting").getFormat(),
                "the ossec tag alone is not an alert");
    }

    // --- Snare ------------------------------------------------------------------------------
    static final String SNARE_TAB =
            "<14>Mar 19 15:33:31 WINDOWSSERVER MSWinEventLog\t1\tSecurity\t1167\tFri Mar 19 15:33:30 2010\t540\tSecurity\tSYSTEM\tUser\tSuccess Audit"
                    + "\tWINDOWSSERVER\tLogon/Logoff\t\tSuccessful Network Logon:     User Name: WINDOWSSERVER$     Source Network Address: 10.11.11.3\t733";

    @Test
    void snareTabDelimitedBehindAHeader() {
        for (LogEvent e : List.of(
                auto(SNARE_TAB), REGISTRY.get("snare").decode(SNARE_TAB, CTX).get(0))) {
            assertEquals("snare", e.getFormat(), String.valueOf(e.getParseError()));
            assertEquals("Security", e.getApp());
            assertEquals("WINDOWSSERVER", e.getHost());
            assertEquals(
                    "Successful Network Logon:     User Name: WINDOWSSERVER$     Source Network Address: 10.11.11.3",
                    e.getMessage());
            assertEquals(Instant.parse("2010-03-19T15:33:30Z"), e.getTimestamp(), "the event's own time");
            assertEquals(
                    Map.ofEntries(
                            Map.entry("criticality", 1L),
                            Map.entry("log", "Security"),
                            Map.entry("counter", 1167L),
                            Map.entry("event_id", 540L),
                            Map.entry("source", "Security"),
                            Map.entry("user", "SYSTEM"),
                            Map.entry("sid_type", "User"),
                            Map.entry("event_type", "Success Audit"),
                            Map.entry("computer", "WINDOWSSERVER"),
                            Map.entry("category", "Logon/Logoff"),
                            Map.entry("record", 733L)),
                    e.getFields().get("windows"));
        }
    }

    @Test
    void snareWithRsyslogEscapedTabsAndWithoutAHeader() {
        // rsyslog's testbench line: the tabs arrive as #011 and the tag is a counter
        LogEvent e = auto(
                "<175>Oct 16 23:47:31 #001 MSWinEventLog 0#011Security#01119023582#011Fri Oct 16 16:30:44 2009#011592#011Security#011rgabcde"
                        + "#011User#011Success Audit#011XSXSXSN01#011Detailed Tracking#011#0112572#01119013885");
        assertEquals("snare", e.getFormat(), String.valueOf(e.getParseError()));
        assertEquals(592L, field(e, "fields.windows.event_id"));
        assertEquals("rgabcde", field(e, "fields.windows.user"));
        assertEquals("XSXSXSN01", field(e, "fields.windows.computer"));
        assertEquals("2572", e.getMessage());
        assertEquals(19013885L, field(e, "fields.windows.record"));
        LogEvent bare = REGISTRY.get("snare")
                .decode(
                        "windowsserver\tMSWinEventLog\t1\tApplication\t5\tFri Mar 19 15:33:30 2010\t1000\tApplication Error\tN/A\tN/A\tError"
                                + "\tWS1\tNone\t\tFaulting application x.exe",
                        CTX)
                .get(0);
        assertEquals("snare", bare.getFormat(), String.valueOf(bare.getParseError()));
        assertEquals("err", bare.getSeverity(), "the event type gives the severity when no header does");
        assertNull(field(bare, "fields.windows.user"), "N/A is no value");
        assertEquals("windowsserver", bare.getHost(), "the word before the record");
        assertEquals(
                "raw",
                REGISTRY.get("snare")
                        .decode("<13>Dec  2 12:00:00 h MSWinEventLog\t1\tSecurity", CTX)
                        .get(0)
                        .getFormat());
    }

    /** Every Snare line of the shared corpus (rsyslog's testbench) is found by format=auto and decoded. */
    @Test
    void snareLinesOfTheCorpus() throws Exception {
        Path dir = ConformanceBaseline.corpus("rfc3164");
        ObjectMapper json = new ObjectMapper();
        int rows = 0;
        int snare = 0;
        List<String> failures = new ArrayList<>();
        try (var files = Files.list(dir)) {
            for (Path f :
                    files.filter(p -> p.toString().endsWith(".jsonl")).sorted().toList()) {
                for (String line : Files.readAllLines(f)) {
                    var row = json.readTree(line);
                    if (!row.hasNonNull("input") || !row.get("input").asText().contains("MSWinEventLog")) continue;
                    rows++;
                    LogEvent e = auto(row.get("input").asText());
                    if ("snare".equals(e.getFormat()) && field(e, "fields.windows.event_id") != null) snare++;
                    else failures.add(e.getFormat() + " " + e.getParseError());
                }
            }
        }
        new ConformanceBaseline()
                .report("snare lines in rfc3164/*", snare, rows - snare, "decoded as snare with an event id", failures);
        assertTrue(rows > 0 && snare == rows, snare + "/" + rows + " " + failures);
    }

    // --- auditd -----------------------------------------------------------------------------
    static final String AUDIT = String.join(
            "\n",
            "type=SYSCALL msg=audit(1364481363.243:24287): arch=c000003e syscall=2 success=no exit=-13 a0=7fffd19c5592 a1=0 a2=7fffd19c4b50 a3=a items=1 ppid=2686 pid=3538 auid=500 uid=500 gid=500 euid=500 suid=500 fsuid=500 egid=500 sgid=500 fsgid=500 tty=pts0 ses=1 comm=\"cat\" exe=\"/bin/cat\" key=\"sshd_config\"",
            "type=CWD msg=audit(1364481363.243:24287):  cwd=\"/home/shadowman\"",
            "type=PATH msg=audit(1364481363.243:24287): item=0 name=\"/etc/ssh/sshd_config\" inode=409248 dev=fd:00 mode=0100600 ouid=0 ogid=0 rdev=00:00",
            "type=PROCTITLE msg=audit(1364481363.243:24287): proctitle=636174002F6574632F7373682F737368645F636F6E666967",
            "type=EOE msg=audit(1364481363.243:24287):",
            "type=EXECVE msg=audit(1364481364.001:24288): argc=2 a0=\"ls\" a1=2D6C61",
            "type=USER_AUTH msg=audit(1364481365.5:24289): pid=1 uid=0 auid=4294967295 ses=4294967295 msg='op=PAM:authentication acct=\"root\" exe=\"/usr/sbin/sshd\" hostname=? addr=203.0.113.9 terminal=ssh res=failed'");

    @Test
    void auditRecordsOfOneSerialAreOneEvent() {
        List<LogEvent> events = REGISTRY.get("auditd").decode(AUDIT, CTX);
        assertEquals(3, events.size(), events.toString());
        LogEvent open = events.get(0);
        assertEquals("auditd", open.getFormat());
        assertEquals(Instant.parse("2013-03-28T14:36:03.243Z"), open.getTimestamp());
        assertEquals(24287L, field(open, "fields.audit.serial"));
        List<?> records = (List<?>) field(open, "fields.audit.records");
        assertEquals(4, records.size(), "EOE ends the event and is not kept");
        Map<?, ?> syscall = (Map<?, ?>) records.get(0);
        assertEquals("SYSCALL", syscall.get("type"));
        assertEquals("cat", syscall.get("comm"), "quotes removed");
        assertEquals("7fffd19c5592", syscall.get("a0"), "a SYSCALL's registers stay hex");
        assertEquals(
                "cat /etc/ssh/sshd_config", ((Map<?, ?>) records.get(3)).get("proctitle"), "hex decoded, NUL as space");
        assertEquals(
                "SYSCALL+CWD+PATH+PROCTITLE key=sshd_config exe=/bin/cat comm=cat proctitle=cat /etc/ssh/sshd_config success=no",
                open.getMessage());
        assertEquals("notice", open.getSeverity(), "a failure");
        assertEquals(
                "-la",
                ((Map<?, ?>) ((List<?>) field(events.get(1), "fields.audit.records")).get(0)).get("a1"),
                "EXECVE arguments decoded");
        Map<?, ?> auth = (Map<?, ?>) ((List<?>) field(events.get(2), "fields.audit.records")).get(0);
        assertEquals("root", auth.get("acct"), "a user record's msg='...' pairs join the record");
        assertEquals("failed", auth.get("res"));
        assertEquals(Instant.parse("2013-03-28T14:36:05.500Z"), events.get(2).getTimestamp());
    }

    @Test
    void auditRecordsFromSyslogAndNodes() {
        LogEvent viaSyslog = auto(
                "<85>Dec  2 12:00:00 web1 audispd: node=web1.example.com type=USER_LOGIN msg=audit(1764676800.123:77): pid=9 uid=0 msg='op=login acct=\"alice\" res=success'");
        assertEquals("auditd", viaSyslog.getFormat(), String.valueOf(viaSyslog.getParseError()));
        assertEquals("web1.example.com", viaSyslog.getHost());
        assertEquals("web1.example.com", field(viaSyslog, "fields.audit.node"));
        LogEvent bare =
                auto("type=DAEMON_START msg=audit(1764676800.000:1): op=start ver=3.0.9 format=enriched res=success");
        assertEquals("auditd", bare.getFormat());
        assertEquals("192.0.2.50", bare.getHost(), "no node: the sender");
        LogEvent bad = REGISTRY.get("auditd")
                .decode("type=SYSCALL msg=audit(x): y", CTX)
                .get(0);
        assertEquals("raw", bad.getFormat());
        assertNotNull(bad.getParseError());
    }

    // --- VPC Flow Logs ----------------------------------------------------------------------
    @Test
    void vpcFlowDefaultAndCustomLayouts() {
        List<LogEvent> v2 = REGISTRY.get("vpcflow")
                .decode(
                        "2 123456789010 eni-1235b8ca123456789 172.31.16.139 172.31.16.21 20641 22 6 20 4249 1418530010 1418530070 ACCEPT OK\n"
                                + "2 123456789010 eni-1235b8ca123456789 172.31.9.69 172.31.9.12 49761 3389 6 20 4249 1418530010 1418530070 REJECT OK\n"
                                + "2 123456789010 eni-1235b8ca123456789 - - - - - - - 1431280876 1431280934 - NODATA\n",
                        CTX);
        assertEquals(3, v2.size());
        LogEvent a = v2.get(0);
        assertEquals("vpcflow", a.getFormat());
        assertEquals(Instant.ofEpochSecond(1418530010), a.getTimestamp());
        assertEquals("eni-1235b8ca123456789", a.getHost());
        assertEquals(
                Map.ofEntries(
                        Map.entry("version", 2L),
                        Map.entry("account_id", "123456789010"),
                        Map.entry("interface_id", "eni-1235b8ca123456789"),
                        Map.entry("srcaddr", "172.31.16.139"),
                        Map.entry("dstaddr", "172.31.16.21"),
                        Map.entry("srcport", 20641L),
                        Map.entry("dstport", 22L),
                        Map.entry("protocol", 6L),
                        Map.entry("packets", 20L),
                        Map.entry("bytes", 4249L),
                        Map.entry("start", 1418530010L),
                        Map.entry("end", 1418530070L),
                        Map.entry("action", "ACCEPT"),
                        Map.entry("log_status", "OK")),
                a.getFields().get("vpcflow"));
        assertEquals("ACCEPT proto 6 172.31.16.139:20641 -> 172.31.16.21:22 20 packets 4249 bytes", a.getMessage());
        assertEquals("notice", v2.get(1).getSeverity(), "a reject");
        assertEquals(
                Map.of(
                        "version",
                        2L,
                        "account_id",
                        "123456789010",
                        "interface_id",
                        "eni-1235b8ca123456789",
                        "start",
                        1431280876L,
                        "end",
                        1431280934L,
                        "log_status",
                        "NODATA"),
                v2.get(2).getFields().get("vpcflow"),
                "'-' left out");
        List<LogEvent> custom = REGISTRY.get("vpcflow")
                .decode(
                        "version vpc-id subnet-id instance-id interface-id srcaddr dstaddr pkt-srcaddr pkt-dstaddr tcp-flags type\n"
                                + "3 vpc-abcdefab012345678 subnet-aaaaaaaa012345678 i-01234567890123456 eni-1111aaaa2222bbbb3 10.0.1.5 10.0.0.220 10.0.1.5 203.0.113.5 3 IPv4\n",
                        CTX);
        assertEquals(1, custom.size());
        assertEquals("vpc-abcdefab012345678", field(custom.get(0), "fields.vpcflow.vpc_id"));
        assertEquals(3L, field(custom.get(0), "fields.vpcflow.tcp_flags"));
        assertEquals("203.0.113.5", field(custom.get(0), "fields.vpcflow.pkt_dstaddr"));
        LogEvent short1 =
                REGISTRY.get("vpcflow").decode("2 1 eni-1 10.0.0.1", CTX).get(0);
        assertEquals("raw", short1.getFormat());
        assertTrue(short1.getParseError().contains("4 values for 14 fields"), short1.getParseError());
    }

    // --- GELF -------------------------------------------------------------------------------
    @Test
    void gelfFromTheSpecification() {
        String spec =
                "{\"version\":\"1.1\",\"host\":\"example.org\",\"short_message\":\"A short message that helps you identify what is going on\","
                        + "\"full_message\":\"Backtrace here\\n\\nmore stuff\",\"timestamp\":1385053862.3072,\"level\":1,\"_user_id\":9001,\"_some_info\":\"foo\",\"_some_env_var\":\"bar\"}";
        for (LogEvent e :
                List.of(auto(spec), REGISTRY.get("gelf").decode(spec, CTX).get(0))) {
            assertEquals("gelf", e.getFormat(), String.valueOf(e.getParseError()));
            assertEquals("example.org", e.getHost());
            assertEquals("A short message that helps you identify what is going on", e.getMessage());
            assertEquals(Instant.parse("2013-11-21T17:11:02.307200Z"), e.getTimestamp());
            assertEquals("alert", e.getSeverity());
            assertEquals(
                    Map.of(
                            "full_message",
                            "Backtrace here\n\nmore stuff",
                            "user_id",
                            9001L,
                            "some_info",
                            "foo",
                            "some_env_var",
                            "bar"),
                    e.getFields().get("gelf"));
        }
        LogEvent minimal = REGISTRY.get("gelf")
                .decode(
                        "{\"version\":\"1.1\",\"host\":\"h\",\"short_message\":\"m\",\"_id\":\"x\",\"facility\":\"billing\"}",
                        CTX)
                .get(0);
        assertEquals(CTX.receivedAt(), minimal.getTimestamp());
        assertEquals("alert", minimal.getSeverity(), "level 1 when absent");
        assertEquals("billing", minimal.getApp());
        assertEquals(Map.of(), minimal.getFields().get("gelf"), "_id is reserved");
        assertEquals(
                "raw",
                REGISTRY.get("gelf").decode("{\"host\":\"h\"}", CTX).get(0).getFormat());
        assertTrue(REGISTRY.get("gelf")
                .decode("{\"short_message\":\"m\",\"level\":12}", CTX)
                .get(0)
                .getParseError()
                .contains("level"));
    }

    @Test
    void mozlogBodiesOfSeveralLinesStillGiveSeveralEvents() {
        // the parse API's decoders are guarded; the guard must keep a decoder's own multi-line decode
        assertEquals(
                2,
                REGISTRY.get("mozlog")
                        .decode("{\"EnvVersion\":2,\"Type\":\"a\"}\n{\"EnvVersion\":2,\"Type\":\"b\"}\n", CTX)
                        .size());
    }
}
