package com.example.logpipe;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.logpipe.event.LogEvent;
import io.logpipe.extend.ProcessorHarness;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/** The example processors, event in, event out, with logpipe's ProcessorHarness: no logpipe running. */
class ProcessorsTest {
    static final ProcessorHarness HARNESS = new ProcessorHarness();

    @AfterAll
    static void close() {
        HARNESS.close();
    }

    @Test
    void tagSiteAddsTheSiteOfTheSendersAddress() {
        LogEvent in = ProcessorHarness.event("""
                {"received_at":"2026-01-15T12:00:00Z","host":"web1","app":"nginx","severity":"info","facility":"daemon",
                 "message":"up","source":{"ip":"10.2.0.7","port":514,"listener":"syslog-tcp"},"fields":{"status":"200"}}""");
        ProcessorHarness.Result r = HARNESS.run(new TagSite(), in);
        assertNull(r.failure());
        assertFalse(r.dropped());
        assertEquals(Map.of("status", "200", "site", "fra"), r.event().getFields(), "the decoder's fields are kept");
    }

    @Test
    void tagSiteWorksOnADecodedSyslogLine() {
        ProcessorHarness.Result r = HARNESS.run(new TagSite(), ProcessorHarness.syslog("<14>Oct 11 22:14:15 web1 nginx[42]: up"));
        assertEquals("web1", r.event().getHost());
        assertEquals("nginx", r.event().getApp());
        assertEquals("remote", r.event().getFields().get("site"), "192.0.2.1, the harness's sender, is in no site");
    }

    @Test
    void dropNoiseDropsDebugFromTheChattyHostOnly() {
        assertTrue(HARNESS.run(new DropNoise(), ProcessorHarness.syslog("<15>Oct 11 22:14:15 printer-3 lpd: toner 41%")).dropped(), "user.debug from printer-3");
        assertFalse(HARNESS.run(new DropNoise(), ProcessorHarness.syslog("<11>Oct 11 22:14:15 printer-3 lpd: jammed")).dropped(), "user.err from printer-3");
        assertFalse(HARNESS.run(new DropNoise(), ProcessorHarness.syslog("<15>Oct 11 22:14:15 web1 nginx: debug")).dropped(), "debug from another host");
    }
}
