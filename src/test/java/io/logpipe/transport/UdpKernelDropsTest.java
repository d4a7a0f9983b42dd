package io.logpipe.transport;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.logpipe.event.Source;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * Datagrams the kernel throws away because the listener is slower than the sender never reach
 * logpipe; the socket's own drop counter makes them visible as dropped{reason=kernel_buffer}, so
 * what was received plus what was dropped is what was sent.
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

            @Override public void endOfBatch() { }

            @Override
            public void dropped(String reason, long n) {
                if (reason.equals("kernel_buffer")) kernelDrops.addAndGet(n);
            }
        };
        SyslogServer udp = new SyslogServer(SyslogServer.Protocol.UDP, "127.0.0.1", 0, 2048, "udp-drops", slow);
        udp.start();
        int sent = 200_000;
        try {
            try (DatagramSocket s = new DatagramSocket()) {
                byte[] pad = "x".repeat(200).getBytes(StandardCharsets.US_ASCII);
                for (int i = 0; i < sent; i++) {
                    byte[] head = ("<13>Nov 22 10:00:00 h app: udp " + i + " ").getBytes(StandardCharsets.US_ASCII);
                    byte[] b = new byte[head.length + pad.length];
                    System.arraycopy(head, 0, b, 0, head.length);
                    System.arraycopy(pad, 0, b, head.length, pad.length);
                    s.send(new DatagramPacket(b, b.length, InetAddress.getLoopbackAddress(), udp.boundPort()));
                }
            }
            await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(500)).until(() -> received.get() + kernelDrops.get() >= sent * 0.99);
            Thread.sleep(1500); // the counter is read once a second; the backlog has drained meanwhile
            long total = received.get() + kernelDrops.get();
            System.out.printf("UDP accounting: sent %d, received %d, dropped by the kernel %d (%.2f%% unaccounted)%n",
                    sent, received.get(), kernelDrops.get(), 100.0 * (sent - total) / sent);
            assertTrue(kernelDrops.get() > 0, "the sender was meant to overrun the socket: received " + received.get());
            assertTrue(Math.abs(sent - total) <= sent / 100, "received " + received.get() + " + dropped " + kernelDrops.get() + " vs sent " + sent);
        } finally {
            udp.stop();
        }
    }
}
