package io.logpipe.relp;

import io.logpipe.event.Source;
import io.logpipe.net.ListenerLimits;
import io.logpipe.net.MessageReceiver;
import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.DecoderException;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import org.jboss.logging.Logger;

/**
 * The server side of one RELP session. {@code open} is answered with our offers; each
 * {@code syslog} goes through the route synchronously and is answered {@code 200 OK} only after
 * the route accepted it and the listener's sinks have flushed (responses are written at the end
 * of each read, after {@link MessageReceiver#endOfBatch()}); a failed route gets {@code 500}, and
 * the client keeps the message. {@code close} is answered and ends the session; on shutdown the
 * server sends {@code serverclose} and ignores whatever the client still sends, which it resends
 * to the next server because none of it was acknowledged.
 */
public final class RelpSession extends ChannelInboundHandlerAdapter {
    private static final Logger LOG = Logger.getLogger(RelpSession.class);
    static final String OFFERS = "200 OK\nrelp_version=0\nrelp_software=logpipe\ncommands=syslog";

    private final MessageReceiver receiver;
    private final Source source;
    private final String listener;
    private final ListenerLimits limits;
    private boolean open;
    private boolean closing;
    private boolean paused;
    private boolean pending; // responses written but not flushed

    public RelpSession(MessageReceiver receiver, Source source, String listener, ListenerLimits limits) {
        this.receiver = receiver;
        this.source = source;
        this.listener = listener;
        this.limits = limits;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (!(msg instanceof RelpFrame frame)) {
            ctx.fireChannelRead(msg);
            return;
        }
        if (closing) return; // after serverclose or close: unacknowledged, so the client sends it again elsewhere
        switch (frame.command()) {
            case "open" -> open(ctx, frame);
            case "syslog" -> syslog(ctx, frame);
            case "close" -> {
                closing = true;
                respond(ctx, frame.txnr(), "");
                flush(ctx).addListener(ChannelFutureListener.CLOSE);
            }
            default -> respond(ctx, frame.txnr(), "500 command '" + frame.command() + "' not supported");
        }
    }

    private void open(ChannelHandlerContext ctx, RelpFrame frame) {
        if (open) {
            respond(ctx, frame.txnr(), "500 session already open");
            return;
        }
        if (!offersSyslog(frame.data())) {
            refuse(
                    ctx,
                    frame.txnr(),
                    "500 required command not supported by client",
                    "client does not offer commands=syslog");
            return;
        }
        open = true;
        respond(ctx, frame.txnr(), OFFERS);
    }

    /** The client's offers are lines of name=value; it must offer the syslog command. */
    static boolean offersSyslog(String offers) {
        for (String line : offers.split("\n")) {
            String l = line.strip();
            if (!l.startsWith("commands=")) continue;
            for (String c : l.substring("commands=".length()).split(","))
                if (c.strip().equals("syslog")) return true;
        }
        return false;
    }

    private void syslog(ChannelHandlerContext ctx, RelpFrame frame) {
        if (!open) {
            refuse(ctx, frame.txnr(), "500 session not open", "syslog command before open");
            return;
        }
        String text = frame.data();
        int length = frame.dataLength();
        boolean accepted = receiver.receive(text, length, frame.truncated(), source);
        respond(ctx, frame.txnr(), accepted ? "200 OK" : "500 the route failed for this message");
        if (limits.limited()) slowDown(ctx.channel());
    }

    /** Over the rate limit a RELP sender is slowed down by not reading its socket; RELP never drops. */
    private void slowDown(Channel ch) {
        long pause = limits.passAndPause(source.ip());
        if (pause <= 0 || paused) return;
        paused = true;
        ch.config().setAutoRead(false);
        ch.eventLoop()
                .schedule(
                        () -> {
                            paused = false;
                            ch.config().setAutoRead(true);
                            ch.read();
                        },
                        pause,
                        TimeUnit.NANOSECONDS);
    }

    private void refuse(ChannelHandlerContext ctx, long txnr, String response, String why) {
        closing = true;
        receiver.refused("relp_protocol");
        LOG.warnf("listener %s: RELP session from %s:%d ended: %s", listener, source.ip(), source.port(), why);
        respond(ctx, txnr, response);
        flush(ctx).addListener(ChannelFutureListener.CLOSE);
    }

    private void respond(ChannelHandlerContext ctx, long txnr, String data) {
        ctx.write(frame(ctx, txnr, "rsp", data));
        pending = true;
    }

    static ByteBuf frame(ChannelHandlerContext ctx, long txnr, String command, String data) {
        byte[] body = data.getBytes(StandardCharsets.UTF_8);
        String header = txnr + " " + command + " " + body.length + (body.length > 0 ? " " : "");
        ByteBuf buf = ctx.alloc().buffer(header.length() + body.length + 1);
        buf.writeCharSequence(header, StandardCharsets.US_ASCII);
        buf.writeBytes(body);
        buf.writeByte('\n');
        return buf;
    }

    private ChannelFuture flush(ChannelHandlerContext ctx) {
        pending = false;
        return ctx.writeAndFlush(ctx.alloc().buffer(0));
    }

    @Override
    public void channelReadComplete(ChannelHandlerContext ctx) {
        // sinks first, then the acknowledgements: a 200 never leaves before its event is written
        if (!receiver.endOfBatchDurable()) {
            // storage failed and logpipe is stopping: the answers go unsent, the client sends again
            LOG.warnf(
                    "listener %s: RELP session from %s:%d closed without acknowledgements: the sinks' storage cannot be written",
                    listener, source.ip(), source.port());
            closing = true;
            ctx.close();
            return;
        }
        if (pending) {
            pending = false;
            ctx.flush();
        }
        ctx.fireChannelReadComplete();
    }

    /** Shutdown: tells the client to go, then closes. Runs on the channel's event loop. */
    public void serverClose(ChannelHandlerContext ctx) {
        if (closing) return;
        closing = true;
        receiver.endOfBatch();
        ctx.write(frame(ctx, 0, "serverclose", ""));
        flush(ctx).addListener(ChannelFutureListener.CLOSE);
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        Throwable c = cause instanceof DecoderException && cause.getCause() != null ? cause.getCause() : cause;
        if (c instanceof RelpProtocolException) {
            receiver.refused("relp_protocol");
            LOG.warnf(
                    "listener %s: RELP session from %s:%d ended: %s",
                    listener, source.ip(), source.port(), c.getMessage());
        } else {
            LOG.debugf(
                    "listener %s: RELP connection from %s:%d closed: %s",
                    listener, source.ip(), source.port(), c.toString());
        }
        closing = true;
        ctx.close();
    }
}
