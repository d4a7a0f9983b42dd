package io.logpipe.component.syslog;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.logpipe.event.Source;
import io.logpipe.net.MessageReceiver;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.Test;

/** A TCP listener with routeThreads reads on its I/O thread and routes on another, in order, without losing anything at close or under a slow route. */
class StreamHandoffTest {
    static final class Recording implements MessageReceiver {
        final List<String> got = Collections.synchronizedList(new ArrayList<>());
        final Set<String> threads = ConcurrentHashMap.newKeySet();
        final AtomicInteger batches = new AtomicInteger();
        volatile long delayNanos;
        final CountDownLatch done;

        Recording(int expect) {
            done = new CountDownLatch(expect);
        }

        @Override
        public boolean receive(String text, int originalLength, boolean truncated, Source source) {
            threads.add(Thread.currentThread().getName());
            if (delayNanos > 0) LockSupport.parkNanos(delayNanos);
            got.add(text);
            done.countDown();
            return true;
        }

        @Override
        public void endOfBatch() {
            batches.incrementAndGet();
        }
    }

    @Test
    void everyFrameIsRoutedInOrderOnARouteThreadEvenFromASlowRoute() throws Exception {
        int n = 20_000;
        Recording r = new Recording(n);
        r.delayNanos = 20_000; // 20 µs per message: far slower than the sender, so reading must pause
        SyslogServer server =
                new SyslogServer(SyslogServer.Protocol.TCP, "127.0.0.1", 0, 8192, "test-tcp", r).withRouteThreads();
        server.start();
        try (Socket s = new Socket("127.0.0.1", server.boundPort())) {
            OutputStream out = s.getOutputStream();
            StringBuilder sb = new StringBuilder();
            for (int i = 0; i < n; i++)
                sb.append("<13>message ")
                        .append(i)
                        .append(" ")
                        .append("x".repeat(100))
                        .append('\n');
            out.write(sb.toString().getBytes(StandardCharsets.UTF_8));
            out.flush();
        } // closed at once: what was sent is still routed
        assertTrue(r.done.await(60, TimeUnit.SECONDS), "routed " + r.got.size() + " of " + n);
        server.stop();
        for (int i = 0; i < n; i++) assertEquals("<13>message " + i + " " + "x".repeat(100), r.got.get(i));
        assertTrue(r.threads.stream().allMatch(t -> t.startsWith("tcp-test-tcp-route-")), r.threads.toString());
        assertTrue(r.batches.get() > 0);
    }

    @Test
    void whatIsReadBeforeStopIsStillRouted() throws Exception {
        int n = 2_000;
        Recording r = new Recording(n);
        r.delayNanos = 500_000; // a second of routing, most of it still waiting when stop begins
        SyslogServer server =
                new SyslogServer(SyslogServer.Protocol.TCP, "127.0.0.1", 0, 8192, "test-stop", r).withRouteThreads();
        server.start();
        try (Socket s = new Socket("127.0.0.1", server.boundPort())) {
            OutputStream out = s.getOutputStream();
            for (int i = 0; i < n; i++) out.write(("<13>m" + i + "\n").getBytes(StandardCharsets.UTF_8));
            out.flush();
            Thread.sleep(200);
        }
        Thread.sleep(100);
        int before = r.got.size();
        server.stop();
        assertFalse(before == n, "the route was still busy when stop began");
        assertEquals(n, r.got.size(), "stop waited for the route threads to route everything read");
    }
}
