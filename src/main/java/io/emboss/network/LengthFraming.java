package io.emboss.network;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Cuts the stream into messages at ASCIIChannel's 4-ASCII-digit length header. A header that is
 * not four digits or announces more than the size bound breaks the framing: nothing after it can
 * be trusted, so reading stops and {@link #BROKEN} tells the connection to close once what it
 * already took in is answered. A message begun but not complete within the read timeout (a
 * truncated frame, a header that promises more than comes) closes the connection at once; time
 * while reading is paused by back-pressure does not count.
 *
 * <p>Messages go up one at a time, and none while reading is paused (auto-read off): one socket
 * read can carry thousands of small messages, and handing them all up would overrun the
 * connection's in-flight bound. What is held back waits here (at most what the last read brought)
 * until {@link #RESUME}. Netty's ByteToMessageDecoder is not used because it decodes the whole
 * read at once and asks the socket for more whenever it produced nothing while auto-read is off.
 */
final class LengthFraming extends ChannelInboundHandlerAdapter {
    /** The user event that says: no more messages will come on this connection. */
    static final Object BROKEN = new Object();
    /** The user event that says: reading goes on, hand up what is held back. */
    static final Object RESUME = new Object();
    private static final Logger log = LoggerFactory.getLogger(LengthFraming.class);
    private final int maxMessageBytes;
    private final long readTimeoutNanos;
    private ByteBuf held;
    private long partialSince = -1;
    private boolean broken;
    private boolean delivering;
    private ScheduledFuture<?> watchdog;

    LengthFraming(int maxMessageBytes, long readTimeoutMs) {
        this.maxMessageBytes = maxMessageBytes;
        this.readTimeoutNanos = TimeUnit.MILLISECONDS.toNanos(readTimeoutMs);
    }

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
        long period = Math.max(10, TimeUnit.NANOSECONDS.toMillis(readTimeoutNanos) / 4);
        watchdog = ctx.executor().scheduleAtFixedRate(() -> {
            if (partialSince >= 0 && !ctx.channel().config().isAutoRead()) {
                // reading is paused by us (too much in flight, or the peer not reading its answers): the rest
                // of the message cannot arrive, and the peer is not to blame; the clock starts again on resume
                partialSince = System.nanoTime();
                return;
            }
            if (partialSince >= 0 && System.nanoTime() - partialSince > readTimeoutNanos && ctx.channel().isActive()) {
                log.info("ISO 8583 connection {} closed: a message did not arrive whole within the read timeout",
                        ctx.channel().remoteAddress());
                ctx.close();
            }
        }, period, period, TimeUnit.MILLISECONDS);
    }

    @Override
    public void handlerRemoved(ChannelHandlerContext ctx) {
        if (watchdog != null) {
            watchdog.cancel(false);
        }
        release();
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        release();
        ctx.fireChannelInactive();
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (!(msg instanceof ByteBuf in)) {
            ctx.fireChannelRead(msg);
            return;
        }
        if (broken) {
            in.release();
            return;
        }
        if (held == null || !held.isReadable()) {
            release();
            held = in;
        } else {
            ByteBuf joined = ctx.alloc().buffer(held.readableBytes() + in.readableBytes());
            joined.writeBytes(held).writeBytes(in);
            in.release();
            release();
            held = joined;
        }
        deliver(ctx);
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object event) {
        if (event == RESUME) {
            deliver(ctx);
            return;
        }
        ctx.fireUserEventTriggered(event);
    }

    /** Hands up whole messages, one at a time, while reading is not paused. */
    private void deliver(ChannelHandlerContext ctx) {
        if (delivering) {
            return; // a message handed up led back here: the loop below goes on by itself
        }
        delivering = true;
        try {
            while (!broken && held != null && ctx.channel().config().isAutoRead() && held.readableBytes() >= 4) {
                int length = header(ctx);
                if (length < 0 || held.readableBytes() < 4 + length) {
                    break;
                }
                held.skipBytes(4);
                byte[] frame = new byte[length];
                held.readBytes(frame);
                partialSince = -1;
                if (length > 0) {
                    // an empty message is a keep-alive some peers send
                    ctx.fireChannelRead(frame);
                }
            }
        } finally {
            delivering = false;
        }
        if (held == null || !held.isReadable()) {
            release();
            partialSince = -1;
        } else if (partialSince < 0) {
            partialSince = System.nanoTime();
        }
    }

    /** The body length the next header announces, or -1 when the header breaks the framing. */
    private int header(ChannelHandlerContext ctx) {
        int start = held.readerIndex();
        int length = 0;
        for (int i = 0; i < 4; i++) {
            byte b = held.getByte(start + i);
            if (b < '0' || b > '9') {
                broken(ctx, "length header is not four digits");
                return -1;
            }
            length = length * 10 + (b - '0');
        }
        if (length > maxMessageBytes) {
            broken(ctx, "length header announces " + length + " bytes, more than " + maxMessageBytes);
            return -1;
        }
        return length;
    }

    private void broken(ChannelHandlerContext ctx, String why) {
        log.info("ISO 8583 connection {} closed: {}", ctx.channel().remoteAddress(), why);
        release();
        partialSince = -1;
        broken = true;
        ctx.channel().config().setAutoRead(false);
        // the messages before the break have gone up already, one by one
        ctx.fireUserEventTriggered(BROKEN);
    }

    private void release() {
        if (held != null) {
            held.release();
            held = null;
        }
    }
}
