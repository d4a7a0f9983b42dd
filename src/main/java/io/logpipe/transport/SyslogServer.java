package io.logpipe.transport;

import io.logpipe.event.Source;
import io.netty.bootstrap.Bootstrap;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.FixedRecvByteBufAllocator;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.nio.NioEventLoopGroup;
import io.netty.channel.socket.DatagramPacket;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioDatagramChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import org.jboss.logging.Logger;

/**
 * Binds a syslog listener on TCP or UDP with Netty. Knows bytes and frames, not formats: every
 * frame goes to the {@link MessageReceiver} with the sender as a {@link Source}.
 */
public final class SyslogServer {
    private static final Logger LOG = Logger.getLogger(SyslogServer.class);
    /** Largest UDP payload there is; the buffer always fits it, so the kernel never cuts a datagram. */
    private static final int MAX_DATAGRAM = 65536;

    public enum Protocol { TCP, UDP }

    private final Protocol protocol;
    private final String host;
    private final int port;
    private final int maxFrame;
    private final String listener;
    private final MessageReceiver receiver;
    private final ListenerLimits limits;
    private EventLoopGroup boss;
    private EventLoopGroup workers;
    private Channel channel;

    public SyslogServer(Protocol protocol, String host, int port, int maxFrame, String listener, MessageReceiver receiver) {
        this(protocol, host, port, maxFrame, listener, receiver, ListenerLimits.NONE);
    }

    public SyslogServer(Protocol protocol, String host, int port, int maxFrame, String listener, MessageReceiver receiver, ListenerLimits limits) {
        this.limits = limits;
        this.protocol = protocol;
        this.host = host;
        this.port = port;
        this.maxFrame = maxFrame;
        this.listener = listener;
        this.receiver = receiver;
    }

    public void start() throws InterruptedException {
        if (protocol == Protocol.TCP) startTcp();
        else startUdp();
        LOG.infof("listener %s: syslog over %s on %s:%d (max frame %d bytes)", listener, protocol, host, port, maxFrame);
    }

    private void startTcp() throws InterruptedException {
        boss = new NioEventLoopGroup(1);
        workers = new NioEventLoopGroup(Math.max(1, Runtime.getRuntime().availableProcessors()));
        ServerBootstrap b = new ServerBootstrap()
                .group(boss, workers)
                .channel(NioServerSocketChannel.class)
                .option(ChannelOption.SO_BACKLOG, 1024)
                .option(ChannelOption.SO_REUSEADDR, true)
                .childOption(ChannelOption.SO_RCVBUF, 1 << 20)
                .childOption(ChannelOption.TCP_NODELAY, true)
                .childHandler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel ch) {
                        InetSocketAddress remote = ch.remoteAddress();
                        if (!limits.acl().allows(remote.getAddress())) {
                            receiver.refused("acl");
                            LOG.debugf("listener %s: connection from %s refused by allowedSenders", listener, remote);
                            ch.close();
                            return;
                        }
                        Source source = new Source(remote.getAddress().getHostAddress(), remote.getPort(), listener, null);
                        FrameListener deliver = (text, len, truncated) -> receiver.receive(text, len, truncated, source);
                        ch.pipeline().addLast("framer", limits.limited() ? limitedFramer(ch, source, deliver) : new SyslogFrameDecoder(maxFrame, deliver));
                        ch.pipeline().addLast("batch", new BatchEndHandler(receiver));
                    }
                });
        channel = b.bind(host, port).sync().channel();
    }

    /**
     * A framer under rate limits: over the limit it drops (drop mode) or, with backpressure, holds
     * the rest of what was read and stops reading until the buckets have refilled, so the sender's
     * TCP window closes instead of anything being lost.
     */
    private SyslogFrameDecoder limitedFramer(SocketChannel ch, Source source, FrameListener deliver) {
        SyslogFrameDecoder[] framer = new SyslogFrameDecoder[1];
        framer[0] = new SyslogFrameDecoder(maxFrame, (text, len, truncated) -> {
            if (!limits.backpressure()) {
                if (limits.tryPass(source.ip())) deliver.onFrame(text, len, truncated);
                else receiver.dropped("rate_limit");
                return;
            }
            deliver.onFrame(text, len, truncated);
            long pause = limits.passAndPause(source.ip());
            if (pause > 0 && !framer[0].isPaused()) {
                framer[0].pause();
                ch.config().setAutoRead(false);
                ch.eventLoop().schedule(() -> resume(ch, framer[0]), pause, java.util.concurrent.TimeUnit.NANOSECONDS);
            }
        });
        return framer[0];
    }

    private static void resume(SocketChannel ch, SyslogFrameDecoder framer) {
        if (!ch.isActive()) return; // closed meanwhile: the framer delivered the rest when the peer went
        framer.resume();
        // decode what waited in the buffer; it may pause again, and then it resumes itself later
        ch.pipeline().fireChannelRead(io.netty.buffer.Unpooled.EMPTY_BUFFER);
        ch.pipeline().fireChannelReadComplete();
        if (!framer.isPaused()) {
            ch.config().setAutoRead(true);
            ch.read();
        }
    }

    private void startUdp() throws InterruptedException {
        workers = new NioEventLoopGroup(1);
        Bootstrap b = new Bootstrap()
                .group(workers)
                .channel(NioDatagramChannel.class)
                .option(ChannelOption.SO_REUSEADDR, true)
                .option(ChannelOption.SO_RCVBUF, 8 << 20)
                .option(ChannelOption.RCVBUF_ALLOCATOR, new FixedRecvByteBufAllocator(MAX_DATAGRAM))
                .handler(new DatagramHandler());
        channel = b.bind(host, port).sync().channel();
    }

    public void stop() {
        try {
            if (channel != null) channel.close().syncUninterruptibly();
        } finally {
            if (boss != null) boss.shutdownGracefully(0, 2, java.util.concurrent.TimeUnit.SECONDS).syncUninterruptibly();
            if (workers != null) workers.shutdownGracefully(0, 2, java.util.concurrent.TimeUnit.SECONDS).syncUninterruptibly();
        }
    }

    /** Port actually bound (useful with port 0 in tests). */
    public int boundPort() {
        return ((InetSocketAddress) channel.localAddress()).getPort();
    }

    /** Tells the receiver when Netty has delivered all it read, and never lets an exception kill the connection silently. */
    private static final class BatchEndHandler extends ChannelInboundHandlerAdapter {
        private final MessageReceiver receiver;

        BatchEndHandler(MessageReceiver receiver) { this.receiver = receiver; }

        @Override
        public void channelReadComplete(ChannelHandlerContext ctx) {
            receiver.endOfBatch();
            ctx.fireChannelReadComplete();
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            LOG.debugf("connection %s closed: %s", ctx.channel().remoteAddress(), cause.toString());
            ctx.close();
        }
    }

    private final class DatagramHandler extends SimpleChannelInboundHandler<DatagramPacket> {
        private Source lastSource;

        @Override
        protected void channelRead0(ChannelHandlerContext ctx, DatagramPacket packet) {
            InetSocketAddress sender = packet.sender();
            if (!limits.acl().allowsAll() && !limits.acl().allows(sender.getAddress())) {
                receiver.refused("acl");
                return;
            }
            if (limits.limited() && !limits.tryPass(sender.getAddress().getHostAddress())) {
                receiver.dropped("rate_limit");
                return;
            }
            Source source = lastSource;
            if (source == null || source.port() != sender.getPort() || !source.ip().equals(sender.getAddress().getHostAddress())) {
                source = lastSource = new Source(sender.getAddress().getHostAddress(), sender.getPort(), listener, null);
            }
            ByteBuf content = packet.content();
            int len = content.readableBytes();
            int keep = Math.min(len, maxFrame);
            String text = content.toString(content.readerIndex(), keep, StandardCharsets.UTF_8);
            receiver.receive(text, len, len > maxFrame, source);
        }

        @Override
        public void channelReadComplete(ChannelHandlerContext ctx) {
            receiver.endOfBatch();
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            LOG.warnf("listener %s: %s", listener, cause.toString());
        }
    }
}
