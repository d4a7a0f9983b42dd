package io.logpipe.codec.auditd;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.logpipe.codec.DecodeContext;
import io.logpipe.codec.Decoders;
import io.logpipe.event.LogEvent;
import io.logpipe.event.Source;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class AuditAssemblerTest {
    static LogEvent viaSyslog(String record, int port) {
        DecodeContext ctx = new DecodeContext(
                Instant.now(), new Source("192.0.2.5", port, "syslog-tcp", null), ZoneOffset.UTC, false);
        return Decoders.frameDecoder("auto").decodeOne("<85>Dec  2 12:00:00 web1 audispd: " + record, ctx);
    }

    @Test
    void recordsOfASerialBecomeOneEventAtEoeAtTheNextSerialOrAtTheEndOfTheRead() {
        AuditAssembler a = new AuditAssembler();
        List<LogEvent> out = new ArrayList<>();
        assertTrue(
                a.offer(viaSyslog("type=SYSCALL msg=audit(1.0:10): syscall=2 success=no comm=\"cat\"", 1), out::add));
        assertTrue(a.offer(viaSyslog("type=PATH msg=audit(1.0:10): item=0 name=\"/etc/shadow\"", 1), out::add));
        assertTrue(
                a.offer(viaSyslog("type=SYSCALL msg=audit(1.0:99): syscall=2 success=yes", 2), out::add),
                "another sender's serial stays apart");
        assertTrue(a.offer(viaSyslog("type=EOE msg=audit(1.0:10):", 1), out::add));
        assertEquals(1, out.size());
        assertEquals("SYSCALL+PATH comm=cat success=no", out.get(0).getMessage());
        assertEquals(2, AuditdDecoder.records(out.get(0)).size(), "EOE is not kept");
        assertEquals("notice", out.get(0).getSeverity());
        assertTrue(a.offer(viaSyslog("type=SYSCALL msg=audit(2.0:11): syscall=59 success=yes", 1), out::add));
        assertTrue(
                a.offer(viaSyslog("type=SYSCALL msg=audit(2.0:12): syscall=59 success=yes", 1), out::add),
                "serial 12 ends 11");
        assertEquals(2, out.size());
        assertFalse(a.offer(viaSyslog("not an audit record", 1), out::add));
        a.flush(out::add);
        assertEquals(4, out.size(), "the rest at the end of the read: 99 and 12");
        assertTrue(a.isEmpty());
    }
}
