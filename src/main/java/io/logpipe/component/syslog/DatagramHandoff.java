package io.logpipe.component.syslog;

import io.logpipe.codec.syslog.SyslogFrameText;
import io.logpipe.event.Source;
import io.logpipe.net.MessageReceiver;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.jboss.logging.Logger;

/**
 * Between a UDP socket's reader and the route: the reader only copies each datagram into the
 * current batch and hands whole batches to this worker thread, which decodes and routes them. So
 * the socket is read again at once, however slow the route, and the kernel's buffer drains
 * (rsyslog does the same with its input thread and main queue). The batches waiting are bounded in
 * bytes; a datagram that finds them full is dropped and counted ({@code receive_queue_full}), as
 * the kernel would have dropped it, but said.
 */
final class DatagramHandoff {
    private static final Logger LOG = Logger.getLogger(DatagramHandoff.class);
    static final int MAX_BATCH = 1024;
    static final long MAX_QUEUED_BYTES = 64L << 20;

    record Datagram(byte[] bytes, Source source) {
        /** what it holds in memory, for the queue's bound: the bytes and about 64 for the objects around them */
        long cost() {
            return bytes.length + 64L;
        }
    }

    private final MessageReceiver receiver;
    private final int maxFrame;
    /** bounded by {@link #MAX_QUEUED_BYTES}, not by the number of batches (a read may give a handful of datagrams) */
    private final BlockingQueue<List<Datagram>> queue = new LinkedBlockingQueue<>();

    private final AtomicLong queuedBytes = new AtomicLong();
    private final Thread worker;
    private volatile boolean running = true;
    // the reader's side: touched by the socket's I/O thread only
    private List<Datagram> batch = new ArrayList<>();
    private long batchBytes;

    DatagramHandoff(String name, MessageReceiver receiver, int maxFrame) {
        this.receiver = receiver;
        this.maxFrame = maxFrame;
        worker = new Thread(this::work, name);
        worker.setDaemon(true);
        worker.start();
    }

    /** On the reader thread. */
    void add(byte[] datagram, Source source) {
        Datagram d = new Datagram(datagram, source);
        batch.add(d);
        batchBytes += d.cost();
        if (batch.size() >= MAX_BATCH) handOff();
    }

    /** On the reader thread, at the end of each read (and when a batch is full). */
    void handOff() {
        if (batch.isEmpty()) return;
        List<Datagram> full = batch;
        long bytes = batchBytes;
        batch = new ArrayList<>(Math.min(MAX_BATCH, full.size() * 2));
        batchBytes = 0;
        if (queuedBytes.get() + bytes > MAX_QUEUED_BYTES) {
            receiver.dropped("receive_queue_full", full.size());
            return;
        }
        queuedBytes.addAndGet(bytes);
        queue.add(full);
    }

    private void work() {
        while (running || !queue.isEmpty()) {
            List<Datagram> b;
            try {
                b = queue.poll(100, TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
            if (b == null) continue;
            long bytes = 0;
            for (Datagram d : b) {
                bytes += d.cost();
                int len = d.bytes().length;
                try {
                    receiver.receive(
                            SyslogFrameText.decode(d.bytes(), 0, Math.min(len, maxFrame)),
                            len,
                            len > maxFrame,
                            d.source());
                } catch (RuntimeException e) {
                    LOG.warnf(
                            "UDP datagram from %s: %s",
                            d.source().ip(), e.toString()); // the receiver counts its own failures; this is a bug
                }
            }
            queuedBytes.addAndGet(-bytes);
            receiver.endOfBatch();
        }
    }

    /** After the socket is closed: what is queued is still routed, for at most {@code waitMs}. */
    void stop(long waitMs) {
        running = false;
        try {
            worker.join(waitMs);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (worker.isAlive()) {
            worker.interrupt();
            int left = queue.stream().mapToInt(List::size).sum();
            if (left > 0) receiver.dropped("shutdown", left);
        }
    }
}
