package io.logpipe.net;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.logpipe.component.syslog.SyslogServer;
import io.logpipe.event.Source;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * Datagrams the kernel throws away because the listener is slower than the sender never reach
 * logpipe; the socket's own drop counter makes them visible as dropped{reason=kernel_buffer}, so
 * what was received plus what was dropped is what was sent. A GELF listener routes on its reader
 * thread, so a slow route makes the kernel drop; a plain syslog listener hands datagrams to a route
 * thread, so its reader keeps up and counts what its bounded queue cannot take.
 */
class UdpKernelDropsTest {
    @Test
    void datagramsTheKernelDiscardedAreCountedSoNothingIsLostUnseen() throws Exception {
        Assumptions.assumeTrue(Files.isReadable(Path.of("/proc/net/udp")), "the kernel's UDP counters are Linux only");
        AtomicLong received = new AtomicLong();
        AtomicLong kernelDrops = new AtomicLong();
        MessageReceiver slow = new MessageReceiver() {
            @Override
            public boolean receive(String text, int originalLength, boolean truncated, Source source) {
                received.incrementAndGet();
                try {
                    Thread.sleep(0, 200_000); // a route slower than the sender
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                return true;
            }

            @Override
            public void endOfBatch() {}

            @Override
            public void dropped(String reason, long n) {
                if (reason.equals("kernel_buffer")) kernelDrops.addAndGet(n);
            }
        };
        SyslogServer udp = new SyslogServer(SyslogServer.Protocol.UDP, "127.0.0.1", 0, 2048, "udp-drops", slow)
                .withGelfDatagrams();
        udp.start();
        int sent = 200_000;
        try {
            try (DatagramSocket s = new DatagramSocket()) {
                for (int i = 0; i < sent; i++) {
                    byte[] b = ("{\"version\":\"1.1\",\"host\":\"h\",\"short_message\":\"udp " + i + " "
                                    + "x".repeat(200) + "\"}")
                            .getBytes(StandardCharsets.US_ASCII);
                    s.send(new DatagramPacket(b, b.length, InetAddress.getLoopbackAddress(), udp.boundPort()));
                }
            }
            await().atMost(Duration.ofSeconds(120))
                    .pollInterval(Duration.ofMillis(500))
                    .until(() -> received.get() + kernelDrops.get() >= sent * 0.99);
            Thread.sleep(1500); // the counter is read once a second; the backlog has drained meanwhile
            long total = received.get() + kernelDrops.get();
            System.out.printf(
                    "UDP accounting: sent %d, received %d, dropped by the kernel %d (%.2f%% unaccounted)%n",
                    sent, received.get(), kernelDrops.get(), 100.0 * (sent - total) / sent);
            assertTrue(kernelDrops.get() > 0, "the sender was meant to overrun the socket: received " + received.get());
            assertTrue(
                    Math.abs(sent - total) <= sent / 100,
                    "received " + received.get() + " + dropped " + kernelDrops.get() + " vs sent " + sent);
        } finally {
            udp.stop();
        }
    }

    @Test
    void aBlockedRouteDoesNotStopTheReaderAndWhatItCannotQueueIsCounted() throws Exception {
        AtomicLong received = new AtomicLong();
        AtomicLong queueFull = new AtomicLong();
        AtomicLong kernelDrops = new AtomicLong();
        CountDownLatch routeBlocked = new CountDownLatch(1);
        MessageReceiver blocked = new MessageReceiver() {
            @Override
            public boolean receive(String text, int originalLength, boolean truncated, Source source) {
                try {
                    routeBlocked.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                received.incrementAndGet();
                return true;
            }

            @Override
            public void endOfBatch() {}

            @Override
            public void dropped(String reason, long n) {
                if (reason.equals("receive_queue_full")) queueFull.addAndGet(n);
                if (reason.equals("kernel_buffer")) kernelDrops.addAndGet(n);
            }
        };
        SyslogServer udp = new SyslogServer(SyslogServer.Protocol.UDP, "127.0.0.1", 0, 2048, "udp-handoff", blocked);
        udp.start();
        int sent = 300_000; // about 100 MB with the queue's accounting: more than its 64 MB
        try {
            try (DatagramSocket s = new DatagramSocket()) {
                for (int i = 0; i < sent; i++) {
                    byte[] b = ("<13>Nov 22 10:00:00 h app: udp " + i + " " + "x".repeat(200))
                            .getBytes(StandardCharsets.US_ASCII);
                    s.send(new DatagramPacket(b, b.length, InetAddress.getLoopbackAddress(), udp.boundPort()));
                    if (i % 200 == 199)
                        Thread.sleep(1); // about 150k/s: a pace the reader keeps up with, unlike the route
                }
            }
            // the reader went on reading while the route was blocked: what did not fit was counted
            await().atMost(Duration.ofSeconds(10)).until(() -> queueFull.get() > 0);
            routeBlocked.countDown();
            await().atMost(Duration.ofSeconds(60))
                    .pollInterval(Duration.ofMillis(500))
                    .until(() -> received.get() + queueFull.get() + kernelDrops.get() >= sent * 0.99);
            Thread.sleep(1500); // the kernel's counter is read once a second
            long total = received.get() + queueFull.get() + kernelDrops.get();
            System.out.printf(
                    "UDP hand-off: sent %d, routed %d, queue full %d, kernel %d (%.2f%% unaccounted)%n",
                    sent, received.get(), queueFull.get(), kernelDrops.get(), 100.0 * (sent - total) / sent);
            assertTrue(
                    received.get() > 65_536,
                    "the queue held what the blocked route had not taken (bounded by bytes, not by reads): "
                            + received.get());
            assertTrue(
                    Math.abs(sent - total) <= sent / 100,
                    "routed " + received.get() + " + dropped " + (queueFull.get() + kernelDrops.get()) + " vs sent "
                            + sent);
        } finally {
            routeBlocked.countDown();
            udp.stop();
        }
    }
}
