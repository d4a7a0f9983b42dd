package io.logpipe.net;

import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.FixedRecvByteBufAllocator;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.nio.NioEventLoopGroup;
import io.netty.channel.socket.DatagramPacket;
import io.netty.channel.socket.nio.NioDatagramChannel;
import java.net.InetSocketAddress;
import java.net.SocketException;
import java.util.concurrent.TimeUnit;
import org.jboss.logging.Logger;

/**
 * A UDP listener for binary protocols (NetFlow/IPFIX, SNMP traps): each datagram is handed over as
 * bytes with its sender, on the listener's one I/O thread, which may answer it ({@link Reply}). Senders
 * outside the ACL are refused and counted; datagrams the kernel discarded are counted as
 * {@code kernel_buffer}, as for syslog over UDP.
 */
public final class DatagramServer {
    private static final Logger LOG = Logger.getLogger(DatagramServer.class);
    private static final int MAX_DATAGRAM = 65536;

    /** Receives datagrams. */
    public interface Receiver {
        void receive(byte[] datagram, InetSocketAddress sender, Reply reply);

        /** Everything one read gave has been handed over. */
        default void endOfBatch() {}

        void refused(String reason);

        void dropped(String reason, long n);

        /** Called once a second on the I/O thread (to expire held state). */
        default void tick() {}
    }

    /** Sends a datagram back to the sender (an SNMP inform's response). */
    public interface Reply {
        void send(byte[] datagram);
    }

    private final String host;
    private final int port;
    private final String listener;
    private final String what;
    private final SenderAcl acl;
    private final Receiver receiver;
    private EventLoopGroup group;
    private Channel channel;
    private UdpKernelDrops kernelDrops;

    public DatagramServer(String what, String host, int port, String listener, SenderAcl acl, Receiver receiver) {
        this.what = what;
        this.host = host;
        this.port = port;
        this.listener = listener;
        this.acl = acl;
        this.receiver = receiver;
    }

    public void start() throws InterruptedException {
        group = new NioEventLoopGroup(1);
        try {
            channel = new Bootstrap()
                    .group(group)
                    .channel(NioDatagramChannel.class)
                    .option(ChannelOption.SO_REUSEADDR, true)
                    .option(ChannelOption.SO_RCVBUF, 8 << 20)
                    .option(ChannelOption.RCVBUF_ALLOCATOR, new FixedRecvByteBufAllocator(MAX_DATAGRAM))
                    .handler(new Handler())
                    .bind(host, port)
                    .sync()
                    .channel();
        } catch (Exception e) {
            stop();
            for (Throwable t = e; t != null; t = t.getCause()) {
                if (t instanceof SocketException se) {
                    throw new ListenerStartException(
                            listener,
                            String.format(
                                    "listener %s: cannot listen on UDP %s:%d: %s",
                                    listener, host, port, se.getMessage()),
                            se);
                }
            }
            throw e instanceof RuntimeException re ? re : new IllegalStateException(e);
        }
        kernelDrops = UdpKernelDrops.forPort(boundPort());
        group.scheduleAtFixedRate(this::tick, 1, 1, TimeUnit.SECONDS);
        LOG.infof("listener %s: %s over UDP on %s:%d", listener, what, host, boundPort());
    }

    private void tick() {
        try {
            if (kernelDrops != null) {
                long n = kernelDrops.newDrops();
                if (n > 0) receiver.dropped("kernel_buffer", n);
            }
            receiver.tick();
        } catch (RuntimeException e) {
            LOG.warnf("listener %s: %s", listener, e.toString());
        }
    }

    public int boundPort() {
        return ((InetSocketAddress) channel.localAddress()).getPort();
    }

    public void stop() {
        try {
            if (channel != null) channel.close().syncUninterruptibly();
        } finally {
            if (group != null) group.shutdownGracefully(0, 2, TimeUnit.SECONDS).syncUninterruptibly();
        }
    }

    private final class Handler extends SimpleChannelInboundHandler<DatagramPacket> {
        @Override
        protected void channelRead0(ChannelHandlerContext ctx, DatagramPacket packet) {
            InetSocketAddress sender = packet.sender();
            if (!acl.allows(sender.getAddress())) {
                receiver.refused("acl");
                return;
            }
            ByteBuf content = packet.content();
            byte[] bytes = new byte[content.readableBytes()];
            content.getBytes(content.readerIndex(), bytes);
            receiver.receive(
                    bytes,
                    sender,
                    answer -> ctx.writeAndFlush(new DatagramPacket(Unpooled.wrappedBuffer(answer), sender)));
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
