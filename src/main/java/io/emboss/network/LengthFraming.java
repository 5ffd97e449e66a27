package io.emboss.network;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.ByteToMessageDecoder;
import io.netty.util.concurrent.ScheduledFuture;
import java.util.List;
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
 */
final class LengthFraming extends ByteToMessageDecoder {
    /** The user event that says: no more messages will come on this connection. */
    static final Object BROKEN = new Object();
    private static final Logger log = LoggerFactory.getLogger(LengthFraming.class);
    private final int maxMessageBytes;
    private final long readTimeoutNanos;
    private long partialSince = -1;
    private boolean broken;
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
                // reading is paused by us (too much in flight): the rest of the message cannot arrive, and the
                // peer is not to blame; the clock starts again when reading resumes
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
    protected void handlerRemoved0(ChannelHandlerContext ctx) {
        if (watchdog != null) {
            watchdog.cancel(false);
        }
    }

    @Override
    protected void decode(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) {
        if (broken) {
            in.skipBytes(in.readableBytes());
            return;
        }
        while (in.readableBytes() >= 4) {
            int start = in.readerIndex();
            int length = 0;
            for (int i = 0; i < 4; i++) {
                byte b = in.getByte(start + i);
                if (b < '0' || b > '9') {
                    broken(ctx, in, "length header is not four digits");
                    return;
                }
                length = length * 10 + (b - '0');
            }
            if (length > maxMessageBytes) {
                broken(ctx, in, "length header announces " + length + " bytes, more than " + maxMessageBytes);
                return;
            }
            if (in.readableBytes() < 4 + length) {
                break;
            }
            in.skipBytes(4);
            byte[] frame = new byte[length];
            in.readBytes(frame);
            partialSince = -1;
            if (length > 0) {
                // an empty message is a keep-alive some peers send
                out.add(frame);
            }
        }
        if (in.readableBytes() == 0) {
            partialSince = -1;
        } else if (partialSince < 0) {
            partialSince = System.nanoTime();
        }
    }

    private void broken(ChannelHandlerContext ctx, ByteBuf in, String why) {
        log.info("ISO 8583 connection {} closed: {}", ctx.channel().remoteAddress(), why);
        in.skipBytes(in.readableBytes());
        partialSince = -1;
        broken = true;
        ctx.channel().config().setAutoRead(false);
        // after the messages decoded before the break have gone up the pipeline
        ctx.executor().execute(() -> ctx.fireUserEventTriggered(BROKEN));
    }
}
