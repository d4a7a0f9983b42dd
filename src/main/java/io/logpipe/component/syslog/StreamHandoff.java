package io.logpipe.component.syslog;

import io.logpipe.event.Source;
import io.logpipe.net.MessageReceiver;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.jboss.logging.Logger;

/**
 * Between a TCP connection's reader and the route: the I/O thread reads, decrypts and frames, and
 * hands each read's frames to a route thread of the listener's pool, which decodes and routes them
 * in order (one batch of a connection at a time). So one busy connection uses two cores, as
 * rsyslog's input thread and main-queue worker do. Nothing is dropped: past
 * {@link #HIGH_WATER} bytes waiting, the connection stops reading (the sender's TCP window closes)
 * until the route has caught up to {@link #LOW_WATER}.
 */
final class StreamHandoff extends ChannelInboundHandlerAdapter implements FrameListener {
    private static final Logger LOG = Logger.getLogger(StreamHandoff.class);
    static final long HIGH_WATER = 256 << 10;
    static final long LOW_WATER = 64 << 10;
    /** batches one turn routes before letting other connections' batches run */
    private static final int TURN = 16;

    private record Frame(String text, int originalLength, boolean truncated) {}

    private record Batch(List<Frame> frames, long bytes) {}

    private final MessageReceiver receiver;
    private final Source source;
    private final Executor routeThreads;
    private final ConcurrentLinkedQueue<Batch> queue = new ConcurrentLinkedQueue<>();
    private final AtomicLong queuedBytes = new AtomicLong();
    private final AtomicBoolean scheduled = new AtomicBoolean();
    private Channel channel;
    // the I/O thread's side
    private List<Frame> frames = new ArrayList<>();
    private long bytes;
    private volatile boolean paused; // set on the I/O thread, read by the route thread

    StreamHandoff(MessageReceiver receiver, Source source, Executor routeThreads) {
        this.receiver = receiver;
        this.source = source;
        this.routeThreads = routeThreads;
    }

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
        channel = ctx.channel();
    }

    /** On the I/O thread, from the framer. */
    @Override
    public void onFrame(String text, int originalLength, boolean truncated) {
        frames.add(new Frame(text, originalLength, truncated));
        bytes += originalLength + 1;
    }

    @Override
    public void channelReadComplete(ChannelHandlerContext ctx) {
        handOff();
        ctx.fireChannelReadComplete();
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) throws Exception {
        handOff(); // what the framer delivered at the end of the stream
        super.channelInactive(ctx);
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        LOG.debugf("connection %s closed: %s", ctx.channel().remoteAddress(), cause.toString());
        ctx.close();
    }

    private void handOff() {
        if (frames.isEmpty()) return;
        queue.add(new Batch(frames, bytes));
        long waiting = queuedBytes.addAndGet(bytes);
        frames = new ArrayList<>(Math.max(16, frames.size()));
        bytes = 0;
        if (waiting > HIGH_WATER && !paused) {
            paused = true;
            channel.config().setAutoRead(false);
        }
        schedule();
    }

    private void schedule() {
        if (!scheduled.compareAndSet(false, true)) return;
        try {
            routeThreads.execute(this::route);
        } catch (RejectedExecutionException stopping) {
            route(); // the listener is stopping: route what is left here
        }
    }

    /** On a route thread: the waiting batches in order, one turn's worth. */
    private void route() {
        try {
            for (int turn = 0; turn < TURN; turn++) {
                Batch b = queue.poll();
                if (b == null) break;
                for (Frame f : b.frames()) {
                    try {
                        receiver.receive(f.text(), f.originalLength(), f.truncated(), source);
                    } catch (RuntimeException e) {
                        LOG.warnf(
                                "connection %s:%d: %s",
                                source.ip(),
                                source.port(),
                                e.toString()); // the receiver counts its own failures; this is a bug
                    }
                }
                try {
                    receiver.endOfBatch();
                } catch (RuntimeException e) {
                    LOG.warnf("connection %s:%d: %s", source.ip(), source.port(), e.toString());
                }
                if (queuedBytes.addAndGet(-b.bytes()) < LOW_WATER && paused) resumeLater();
            }
        } finally {
            scheduled.set(false);
        }
        if (!queue.isEmpty()) schedule();
    }

    private void resumeLater() {
        try {
            channel.eventLoop().execute(this::resume);
        } catch (RejectedExecutionException closed) {
            // the connection's I/O thread has stopped: there is no reading to resume, only the rest to route
        }
    }

    /** On the I/O thread. */
    private void resume() {
        if (!paused || queuedBytes.get() >= LOW_WATER) return;
        paused = false;
        if (channel.isActive()) {
            channel.config().setAutoRead(true);
            channel.read();
        }
    }
}
