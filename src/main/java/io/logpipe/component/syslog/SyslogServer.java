package io.logpipe.component.syslog;

import io.logpipe.codec.gelf.GelfDatagrams;
import io.logpipe.event.Source;
import io.logpipe.net.HandshakeFailure;
import io.logpipe.net.ListenerLimits;
import io.logpipe.net.ListenerStartException;
import io.logpipe.net.MessageReceiver;
import io.logpipe.net.PeerCheck;
import io.logpipe.net.TlsContexts;
import io.logpipe.net.TlsSettings;
import io.logpipe.net.UdpKernelDrops;
import io.logpipe.relp.RelpFrameDecoder;
import io.logpipe.relp.RelpSession;
import io.netty.bootstrap.Bootstrap;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.FixedRecvByteBufAllocator;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollChannelOption;
import io.netty.channel.epoll.EpollDatagramChannel;
import io.netty.channel.epoll.EpollEventLoopGroup;
import io.netty.channel.group.ChannelGroup;
import io.netty.channel.group.DefaultChannelGroup;
import io.netty.channel.nio.NioEventLoopGroup;
import io.netty.channel.socket.DatagramChannelConfig;
import io.netty.channel.socket.DatagramPacket;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioDatagramChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.handler.ssl.SslHandler;
import io.netty.handler.ssl.SslHandshakeCompletionEvent;
import io.netty.handler.timeout.IdleStateEvent;
import io.netty.handler.timeout.IdleStateHandler;
import io.netty.util.concurrent.GlobalEventExecutor;
import java.io.IOException;
import java.net.BindException;
import java.net.InetSocketAddress;
import java.net.SocketException;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import javax.net.ssl.SSLPeerUnverifiedException;
import org.jboss.logging.Logger;

/**
 * Binds a syslog listener on TCP, UDP or RELP (over TCP) with Netty, optionally with TLS. Knows
 * bytes and frames, not formats: every frame goes to the {@link MessageReceiver} with the sender
 * as a {@link Source}.
 */
public final class SyslogServer {
    private static final Logger LOG = Logger.getLogger(SyslogServer.class);
    /** Largest UDP payload there is; the buffer always fits it, so the kernel never cuts a datagram. */
    private static final int MAX_DATAGRAM = 65536;

    public enum Protocol {
        TCP,
        UDP,
        RELP
    }

    private final Protocol protocol;
    private final String host;
    private final int port;
    private final int maxFrame;
    private final String listener;
    private final MessageReceiver receiver;
    private final ListenerLimits limits;
    private TlsSettings tlsSettings;
    private TlsContexts tls;
    private EventLoopGroup boss;
    private EventLoopGroup workers;
    private Channel channel;
    private ConnectionLimits connectionLimits = ConnectionLimits.DEFAULT;
    private final AtomicInteger openConnections = new AtomicInteger();
    private volatile long lastMaxConnectionsWarning;
    /** open RELP sessions, told {@code serverclose} on stop */
    private final ChannelGroup relpSessions = new DefaultChannelGroup(GlobalEventExecutor.INSTANCE);

    public SyslogServer(
            Protocol protocol, String host, int port, int maxFrame, String listener, MessageReceiver receiver) {
        this(protocol, host, port, maxFrame, listener, receiver, ListenerLimits.NONE);
    }

    public SyslogServer(
            Protocol protocol,
            String host,
            int port,
            int maxFrame,
            String listener,
            MessageReceiver receiver,
            ListenerLimits limits) {
        this.limits = limits;
        this.protocol = protocol;
        this.host = host;
        this.port = port;
        this.maxFrame = maxFrame;
        this.listener = listener;
        this.receiver = receiver;
    }

    /** Bounds the number of open connections and closes idle ones; call before start(). */
    public SyslogServer withConnectionLimits(ConnectionLimits limits) {
        this.connectionLimits = limits;
        return this;
    }

    private GelfDatagrams gelf;

    /** Makes this UDP listener take GELF datagrams (gzip, zlib, chunked) instead of plain text; call before start(). */
    public SyslogServer withGelfDatagrams() {
        if (protocol != Protocol.UDP)
            throw new IllegalArgumentException("GELF datagrams need UDP; GELF over TCP is NUL-framed text");
        this.gelf = new GelfDatagrams(maxFrame);
        return this;
    }

    /** Makes this TCP listener a TLS one (RFC5425); call before start(). */
    public SyslogServer withTls(TlsSettings settings) throws IOException {
        if (protocol == Protocol.UDP) throw new IllegalArgumentException("TLS needs TCP or RELP");
        this.tlsSettings = settings;
        this.tls = new TlsContexts(settings, listener);
        return this;
    }

    public void start() throws InterruptedException {
        try {
            if (protocol == Protocol.UDP) startUdp();
            else startTcp();
        } catch (InterruptedException e) {
            stop();
            throw e;
        } catch (Exception e) { // Netty's sync() rethrows the bind's checked exception as it is
            for (Throwable t = e; t != null; t = t.getCause())
                if (t instanceof SocketException se) throw cannotListen(se);
            stop();
            throw e instanceof RuntimeException re ? re : new IllegalStateException(e);
        }
        LOG.infof(
                "listener %s: syslog over %s%s on %s:%d (max frame %d bytes)",
                listener, protocol, tls == null ? "" : "+TLS", host, port, maxFrame);
    }

    /** One line that names the listener, the transport, the address and the port. */
    private ListenerStartException cannotListen(Throwable cause) {
        stop();
        String why = cause instanceof BindException
                        && String.valueOf(cause.getMessage()).contains("in use")
                ? "the port is in use (by another process, or another route of this one)"
                : String.valueOf(cause.getMessage());
        return new ListenerStartException(
                listener,
                String.format(
                        "listener %s: cannot listen on %s %s:%d: %s",
                        listener, protocol == Protocol.UDP ? "UDP" : "TCP", host, port, why),
                cause);
    }

    private void startTcp() throws InterruptedException {
        if (protocol == Protocol.TCP && useRouteThreads) routeThreads = routeThreadPool();
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
                        if (!admit(ch, remote)) return;
                        if (connectionLimits.idleTimeoutMs() > 0) {
                            ch.pipeline()
                                    .addLast(
                                            "idle",
                                            new IdleStateHandler(
                                                    0, 0, connectionLimits.idleTimeoutMs(), TimeUnit.MILLISECONDS));
                            ch.pipeline().addLast("idle-close", new IdleCloser());
                        }
                        if (tls != null) {
                            SslHandler ssl = tls.current().newHandler(ch.alloc());
                            ch.pipeline().addLast("tls", ssl);
                            ch.pipeline().addLast("handshake", new HandshakeHandler(ch, ssl, remote));
                            return;
                        }
                        addFraming(
                                ch, new Source(remote.getAddress().getHostAddress(), remote.getPort(), listener, null));
                    }
                });
        channel = b.bind(host, port).sync().channel();
    }

    /** Route threads of a TCP listener's connections ({@link StreamHandoff}): one per core, each connection on one at a time. */
    private ExecutorService routeThreads;

    private boolean useRouteThreads;

    /** TCP: route each connection on a route thread of the listener rather than on the thread that reads it; call before start(). */
    public SyslogServer withRouteThreads() {
        this.useRouteThreads = true;
        return this;
    }

    private ExecutorService routeThreadPool() {
        AtomicInteger n = new AtomicInteger();
        return Executors.newFixedThreadPool(Math.max(1, Runtime.getRuntime().availableProcessors()), r -> {
            Thread t = new Thread(r, "tcp-" + listener + "-route-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
    }

    /** Counts the connection, or refuses it when the listener already has maxConnections open. */
    private boolean admit(SocketChannel ch, InetSocketAddress remote) {
        int max = connectionLimits.maxConnections();
        if (max > 0 && openConnections.incrementAndGet() > max) {
            openConnections.decrementAndGet();
            receiver.refused("max_connections");
            long now = System.nanoTime();
            if (now - lastMaxConnectionsWarning > TimeUnit.SECONDS.toNanos(10)) {
                lastMaxConnectionsWarning = now;
                LOG.warnf(
                        "listener %s: connection from %s refused: %d connections open, maxConnections is %d (counted in logpipe_listener_refused_total{reason=max_connections})",
                        listener, remote, max, max);
            }
            ch.close();
            return false;
        }
        if (max > 0) ch.closeFuture().addListener(f -> openConnections.decrementAndGet());
        return true;
    }

    /** Closes a connection that sent nothing for idleTimeoutMs; everything it sent was handed over at the end of its last read. */
    private final class IdleCloser extends ChannelInboundHandlerAdapter {
        @Override
        public void userEventTriggered(ChannelHandlerContext ctx, Object evt) throws Exception {
            if (evt instanceof IdleStateEvent) {
                receiver.closed("idle_timeout");
                LOG.debugf(
                        "listener %s: connection %s closed after %d ms without data",
                        listener, ctx.channel().remoteAddress(), connectionLimits.idleTimeoutMs());
                ctx.close();
                return;
            }
            super.userEventTriggered(ctx, evt);
        }
    }

    /** Datagrams the kernel discarded because the receive buffer was full: dropped{reason=kernel_buffer}. */
    private void countKernelDrops() {
        long n = 0;
        for (UdpKernelDrops d : udpKernelDrops) n += d.newDrops();
        if (n > 0) receiver.dropped("kernel_buffer", n);
    }

    private void addFraming(SocketChannel ch, Source source) {
        if (protocol == Protocol.RELP) {
            ch.pipeline().addLast("relp-framer", new RelpFrameDecoder(maxFrame));
            ch.pipeline().addLast("relp", new RelpSession(receiver, source, listener, limits));
            relpSessions.add(ch);
            return;
        }
        if (limits.limited() || routeThreads == null) {
            // rate limits pause reading themselves; these connections route on their I/O thread
            FrameListener deliver = (text, len, truncated) -> receiver.receive(text, len, truncated, source);
            ch.pipeline().addLast("framer", limitedFramer(ch, source, deliver));
            ch.pipeline().addLast("batch", new BatchEndHandler(receiver));
            return;
        }
        StreamHandoff handoff = new StreamHandoff(receiver, source, routeThreads);
        ch.pipeline().addLast("framer", new SyslogFrameDecoder(maxFrame, handoff));
        ch.pipeline().addLast("handoff", handoff);
    }

    /** Waits for the TLS handshake, checks the peer, then puts the framing in place (with the peer in the source). */
    private final class HandshakeHandler extends ChannelInboundHandlerAdapter {
        private final SocketChannel ch;
        private final SslHandler ssl;
        private final InetSocketAddress remote;

        HandshakeHandler(SocketChannel ch, SslHandler ssl, InetSocketAddress remote) {
            this.ch = ch;
            this.ssl = ssl;
            this.remote = remote;
        }

        @Override
        public void userEventTriggered(ChannelHandlerContext ctx, Object evt) throws Exception {
            if (!(evt instanceof SslHandshakeCompletionEvent done)) {
                super.userEventTriggered(ctx, evt);
                return;
            }
            if (!done.isSuccess()) {
                refuse(HandshakeFailure.reason(done.cause()), rootMessage(done.cause()));
                return;
            }
            X509Certificate cert = null;
            try {
                Certificate[] chain = ssl.engine().getSession().getPeerCertificates();
                if (chain.length > 0 && chain[0] instanceof X509Certificate x) cert = x;
            } catch (SSLPeerUnverifiedException none) {
                // no client certificate (clientAuth optional or none)
            }
            if (cert != null && !PeerCheck.permitted(cert, tlsSettings.permittedPeers())) {
                refuse(
                        "peer_not_permitted",
                        "certificate " + PeerCheck.names(cert) + " " + PeerCheck.fingerprint(cert)
                                + " is not in permittedPeers");
                return;
            }
            if (cert == null && !tlsSettings.permittedPeers().isEmpty()) {
                refuse("peer_not_permitted", "no client certificate, and permittedPeers is set");
                return;
            }
            ch.pipeline().remove(this);
            addFraming(
                    ch,
                    new Source(
                            remote.getAddress().getHostAddress(),
                            remote.getPort(),
                            listener,
                            cert == null ? null : PeerCheck.identity(cert)));
        }

        private void refuse(String reason, String why) {
            receiver.refused(reason);
            LOG.warnf("listener %s: TLS connection from %s refused: %s", listener, remote, why);
            ch.close();
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            // handshake failures arrive as the completion event too; this only keeps them out of Netty's own log
            ctx.close();
        }
    }

    private static String rootMessage(Throwable t) {
        String last = t.toString();
        for (Throwable c = t; c != null; c = c.getCause()) if (c.getMessage() != null) last = c.getMessage();
        return last;
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
                ch.eventLoop().schedule(() -> resume(ch, framer[0]), pause, TimeUnit.NANOSECONDS);
            }
        });
        return framer[0];
    }

    private static void resume(SocketChannel ch, SyslogFrameDecoder framer) {
        if (!ch.isActive()) return; // closed meanwhile: the framer delivered the rest when the peer went
        framer.resume();
        // decode what waited in the buffer; it may pause again, and then it resumes itself later
        ch.pipeline().fireChannelRead(Unpooled.EMPTY_BUFFER);
        ch.pipeline().fireChannelReadComplete();
        if (!framer.isPaused()) {
            ch.config().setAutoRead(true);
            ch.read();
        }
    }

    /** What the UDP listener asks of the kernel for each socket's receive buffer. */
    static final int UDP_RECEIVE_BUFFER = 8 << 20;
    /** Datagrams one epoll read takes with recvmmsg. */
    private static final int DATAGRAMS_PER_READ = 16;

    private int udpReaders = 1;
    private final List<Channel> udpChannels = new ArrayList<>();
    private final List<UdpKernelDrops> udpKernelDrops = new ArrayList<>();
    private final List<DatagramHandoff> handoffs = new ArrayList<>();

    /** UDP: this many sockets on the port (SO_REUSEPORT, Linux), each read by its own thread; call before start(). */
    public SyslogServer withUdpReaders(int readers) {
        if (readers < 1 || readers > 64) throw new IllegalArgumentException("udpReaders must be 1..64");
        this.udpReaders = readers;
        return this;
    }

    /**
     * Plain syslog datagrams: one socket per reader (several with SO_REUSEPORT on Linux), Netty's
     * native epoll transport reading up to 16 datagrams per system call (recvmmsg) where it is
     * available, NIO elsewhere; each reader hands batches to its own route thread
     * ({@link DatagramHandoff}). GELF datagrams keep one reader that routes them itself (their
     * chunks are reassembled in its state).
     */
    private void startUdp() throws InterruptedException {
        boolean epoll = Epoll.isAvailable();
        int readers = gelf == null && epoll ? udpReaders : 1;
        if (udpReaders > 1 && readers == 1)
            LOG.warnf(
                    "listener %s: udpReaders=%d needs Linux's epoll transport%s; reading with one socket",
                    listener, udpReaders, gelf != null ? " and plain syslog (not GELF)" : "");
        workers = epoll ? new EpollEventLoopGroup(readers) : new NioEventLoopGroup(1);
        int bound = port;
        for (int i = 0; i < readers; i++) {
            Bootstrap b = new Bootstrap()
                    .group(workers)
                    .channel(epoll ? EpollDatagramChannel.class : NioDatagramChannel.class)
                    .option(ChannelOption.SO_REUSEADDR, true)
                    .option(ChannelOption.SO_RCVBUF, UDP_RECEIVE_BUFFER);
            if (epoll) {
                if (readers > 1) b.option(EpollChannelOption.SO_REUSEPORT, true);
                b.option(EpollChannelOption.MAX_DATAGRAM_PAYLOAD_SIZE, MAX_DATAGRAM);
                b.option(
                        ChannelOption.RCVBUF_ALLOCATOR,
                        new FixedRecvByteBufAllocator(MAX_DATAGRAM * DATAGRAMS_PER_READ));
            } else {
                b.option(ChannelOption.RCVBUF_ALLOCATOR, new FixedRecvByteBufAllocator(MAX_DATAGRAM));
            }
            DatagramHandoff handoff = null;
            if (gelf == null) {
                handoff = new DatagramHandoff("udp-" + listener + "-" + i, receiver, maxFrame);
                handoffs.add(handoff);
            }
            b.handler(new DatagramHandler(handoff));
            Channel ch = b.bind(host, bound).sync().channel();
            udpChannels.add(ch);
            if (i == 0) {
                channel = ch;
                bound = boundPort();
            }
        }
        int granted = ((DatagramChannelConfig) channel.config()).getReceiveBufferSize();
        if (granted < UDP_RECEIVE_BUFFER) {
            LOG.infof(
                    "listener %s: the kernel gave each UDP socket a %d KiB receive buffer, not the %d KiB asked for (net.core.rmem_max caps it); "
                            + "for bursts, raise it: sysctl -w net.core.rmem_max=%d",
                    listener, granted / 1024, UDP_RECEIVE_BUFFER / 1024, UDP_RECEIVE_BUFFER);
        }
        udpKernelDrops.addAll(UdpKernelDrops.allForPort(bound));
        if (udpKernelDrops.isEmpty())
            LOG.debugf(
                    "listener %s: the kernel's UDP drop counter cannot be read here; datagrams it discards are not counted",
                    listener);
        else workers.scheduleAtFixedRate(this::countKernelDrops, 1, 1, TimeUnit.SECONDS);
        if (gelf != null) workers.scheduleAtFixedRate(this::expireGelfChunks, 1, 1, TimeUnit.SECONDS);
        if (readers > 1 || epoll)
            LOG.infof(
                    "listener %s: %d UDP socket%s on %s:%d, %s",
                    listener, readers, readers > 1 ? "s" : "", host, bound, epoll ? "epoll with recvmmsg" : "NIO");
    }

    /** On the listener's I/O thread, like every use of {@link #gelf}. */
    private void expireGelfChunks() {
        gelf.expire(System.nanoTime());
        long n = gelf.takeExpired();
        if (n > 0) receiver.dropped("gelf_incomplete", n);
    }

    public void stop() {
        try {
            if (!udpKernelDrops.isEmpty()) countKernelDrops(); // the last ones before the socket goes
            for (Channel ch : udpChannels) if (ch != channel) ch.close().syncUninterruptibly();
            if (channel != null) channel.close().syncUninterruptibly();
            for (DatagramHandoff h : handoffs) h.stop(2000); // what was read is still routed
            closeRelpSessions();
        } finally {
            if (boss != null) boss.shutdownGracefully(0, 2, TimeUnit.SECONDS).syncUninterruptibly();
            if (workers != null)
                workers.shutdownGracefully(0, 2, TimeUnit.SECONDS).syncUninterruptibly();
            if (routeThreads != null)
                stopRouteThreads(); // after the connections closed: what they read is still routed
        }
    }

    private void stopRouteThreads() {
        routeThreads.shutdown();
        try {
            if (!routeThreads.awaitTermination(5, TimeUnit.SECONDS)) {
                LOG.warnf(
                        "listener %s: routing what its connections sent took longer than 5 s at stop; the rest is not routed",
                        listener);
                routeThreads.shutdownNow();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** RELP's orderly shutdown: each session gets {@code serverclose}, so its client resends what we did not acknowledge. */
    private void closeRelpSessions() {
        for (Channel ch : relpSessions) {
            ch.eventLoop().execute(() -> {
                ChannelHandlerContext ctx = ch.pipeline().context(RelpSession.class);
                if (ctx != null) ((RelpSession) ctx.handler()).serverClose(ctx);
                else ch.close();
            });
        }
        relpSessions.newCloseFuture().awaitUninterruptibly(5, TimeUnit.SECONDS);
    }

    /** Port actually bound (useful with port 0 in tests). */
    public int boundPort() {
        return ((InetSocketAddress) channel.localAddress()).getPort();
    }

    /** Tells the receiver when Netty has delivered all it read, and never lets an exception kill the connection silently. */
    private static final class BatchEndHandler extends ChannelInboundHandlerAdapter {
        private final MessageReceiver receiver;

        BatchEndHandler(MessageReceiver receiver) {
            this.receiver = receiver;
        }

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
        /** null: route on this thread (GELF) */
        private final DatagramHandoff handoff;

        DatagramHandler(DatagramHandoff handoff) {
            this.handoff = handoff;
        }

        @Override
        protected void channelRead0(ChannelHandlerContext ctx, DatagramPacket packet) {
            InetSocketAddress sender = packet.sender();
            if (!limits.acl().allows(sender.getAddress())) {
                receiver.refused("acl");
                return;
            }
            if (limits.limited() && !limits.tryPass(sender.getAddress().getHostAddress())) {
                receiver.dropped("rate_limit");
                return;
            }
            Source source = lastSource;
            if (source == null
                    || source.port() != sender.getPort()
                    || !source.ip().equals(sender.getAddress().getHostAddress())) {
                source =
                        lastSource = new Source(sender.getAddress().getHostAddress(), sender.getPort(), listener, null);
            }
            ByteBuf content = packet.content();
            if (gelf != null) {
                byte[] bytes = new byte[content.readableBytes()];
                content.getBytes(content.readerIndex(), bytes);
                GelfDatagrams.Result r = gelf.accept(source.ip() + ":" + source.port(), bytes, System.nanoTime());
                long expired = gelf.takeExpired();
                if (expired > 0) receiver.dropped("gelf_incomplete", expired);
                if (r.dropReason() != null) receiver.dropped(r.dropReason());
                else if (r.text() != null) receiver.receive(r.text(), r.originalLength(), r.truncated(), source);
                return;
            }
            byte[] bytes = new byte[content.readableBytes()];
            content.getBytes(content.readerIndex(), bytes);
            handoff.add(bytes, source);
        }

        @Override
        public void channelReadComplete(ChannelHandlerContext ctx) {
            if (handoff != null) handoff.handOff();
            else receiver.endOfBatch();
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            LOG.warnf("listener %s: %s", listener, cause.toString());
        }
    }
}
