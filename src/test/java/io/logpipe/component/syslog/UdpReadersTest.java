package io.logpipe.component.syslog;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.logpipe.event.Source;
import io.logpipe.net.MessageReceiver;
import io.netty.channel.epoll.Epoll;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/** udpReaders=2: two SO_REUSEPORT sockets on one port, senders spread over both, each read and routed on its own threads. */
class UdpReadersTest {
    @Test
    void sendersAreSpreadOverTheSocketsAndEveryDatagramArrives() throws Exception {
        Assumptions.assumeTrue(Epoll.isAvailable(), "SO_REUSEPORT sockets need Linux's epoll transport");
        AtomicLong received = new AtomicLong();
        Set<String> routeThreads = ConcurrentHashMap.newKeySet();
        MessageReceiver r = new MessageReceiver() {
            @Override
            public boolean receive(String text, int originalLength, boolean truncated, Source source) {
                routeThreads.add(Thread.currentThread().getName());
                received.incrementAndGet();
                return true;
            }

            @Override
            public void endOfBatch() {}
        };
        SyslogServer udp =
                new SyslogServer(SyslogServer.Protocol.UDP, "127.0.0.1", 0, 2048, "udp-readers", r).withUdpReaders(2);
        udp.start();
        try {
            // 32 senders, 100 datagrams each: the kernel picks a socket per sender address and port
            for (int s = 0; s < 32; s++) {
                try (DatagramSocket socket = new DatagramSocket()) {
                    for (int i = 0; i < 100; i++) {
                        byte[] b = ("<13>Nov 22 10:00:00 h app: sender " + s + " n " + i)
                                .getBytes(StandardCharsets.US_ASCII);
                        socket.send(new DatagramPacket(b, b.length, InetAddress.getLoopbackAddress(), udp.boundPort()));
                    }
                }
                Thread.sleep(5);
            }
            await().atMost(Duration.ofSeconds(10)).until(() -> received.get() == 3200);
            assertEquals(Set.of("udp-udp-readers-0", "udp-udp-readers-1"), routeThreads, "both sockets took senders");
        } finally {
            udp.stop();
        }
    }
}
