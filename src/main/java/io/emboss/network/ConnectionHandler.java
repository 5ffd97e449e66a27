package io.emboss.network;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelConfig;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.timeout.IdleStateEvent;
import io.netty.util.concurrent.ScheduledFuture;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One connection: decodes each frame on the event loop, hands the work to the workers (the engine
 * blocks on the database), and writes each response when it is ready, so responses may overtake
 * each other; the peer matches them by STAN and RRN.
 *
 * <p>Back-pressure: a request is in flight from when it is taken in until its answer has been
 * written to the socket (the write's future, not the call to write: a peer that does not read
 * leaves answers waiting in memory). Every answer counts, whatever produced it (the engine, a
 * format error, the workers' refusal). Reading pauses while {@code maxInFlight} requests are in
 * flight or the channel is not writable (above the write buffer's high water mark), and resumes
 * when both clear; TCP then pushes back on the peer. A peer that takes none of the answers waiting
 * for it within {@code writeTimeout} is disconnected.
 */
final class ConnectionHandler extends SimpleChannelInboundHandler<byte[]> {
    private static final Logger log = LoggerFactory.getLogger(ConnectionHandler.class);
    private final Iso87A codec;
    private final NetworkFront front;
    private final Workers workers;
    private final int maxInFlight;
    private final long writeTimeoutNanos;
    /** In flight over all connections (a gauge). */
    private final AtomicInteger allInFlight;
    private final Session session = new Session();
    private final AtomicInteger inFlight = new AtomicInteger();
    /** Answers handed to the channel whose write has not completed. */
    private final AtomicInteger unwritten = new AtomicInteger();
    /** When an answer was last written, or when one started waiting with none waiting before. */
    private volatile long lastProgress = System.nanoTime();
    private volatile boolean closing;
    private ScheduledFuture<?> watchdog;

    ConnectionHandler(Iso87A codec, NetworkFront front, Workers workers, int maxInFlight, long writeTimeoutMs,
            AtomicInteger allInFlight) {
        this.codec = codec;
        this.front = front;
        this.workers = workers;
        this.maxInFlight = maxInFlight;
        this.writeTimeoutNanos = TimeUnit.MILLISECONDS.toNanos(writeTimeoutMs);
        this.allInFlight = allInFlight;
    }

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
        long period = Math.max(10, TimeUnit.NANOSECONDS.toMillis(writeTimeoutNanos) / 4);
        watchdog = ctx.executor().scheduleAtFixedRate(() -> disconnectIfStuck(ctx), period, period,
                TimeUnit.MILLISECONDS);
    }

    @Override
    public void handlerRemoved(ChannelHandlerContext ctx) {
        if (watchdog != null) {
            watchdog.cancel(false);
        }
    }

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, byte[] frame) {
        if (closing) {
            return;
        }
        Iso87A.Decoded d = codec.decode(frame);
        if (d.mti == null) {
            log.info("ISO 8583 connection {} closed: a message without a readable MTI", ctx.channel().remoteAddress());
            closeAfterAnswers(ctx);
            return;
        }
        if (!NetworkFront.expectsAnswer(d.mti)) {
            log.info("ISO 8583 {} from {} ignored: Emboss answers requests and advices only", d.mti,
                    ctx.channel().remoteAddress());
            return;
        }
        inFlight.incrementAndGet();
        allInFlight.incrementAndGet();
        updateReading(ctx);
        if (!d.ok()) {
            log.info("ISO 8583 {} from {} answered 30: {}", d.mti, ctx.channel().remoteAddress(), d.problem);
            // with the matching fields that read well, so that an ISOMux-style peer can pair it with its request
            answer(ctx, () -> NetworkFront.formatError(d.mti, null).echoing(d.matching, Iso87A.MATCHING));
            return;
        }
        if (!workers.submit(() -> answer(ctx, () -> front.handle(d.message, session)))) {
            answer(ctx, () -> d.message.echo(NetworkFront.responseMti(d.mti), 7, 11, 32, 37, 41)
                    .with(39, ResponseCode.ISSUER_UNAVAILABLE.code));
        }
    }

    /** Writes the answer of a request taken in; its in-flight slot frees when the socket has taken it. */
    private void answer(ChannelHandlerContext ctx, Supplier<NetworkMessage> response) {
        ByteBuf out = null;
        try {
            out = framed(ctx, response.get());
        } finally {
            if (out == null) {
                // nothing to write (an unexpected failure, already reported): the slot frees all the same
                ctx.executor().execute(() -> answered(ctx));
            }
        }
        if (unwritten.getAndIncrement() == 0) {
            lastProgress = System.nanoTime();
        }
        // a failed write (the connection closed meanwhile) completes the future too
        ctx.writeAndFlush(out).addListener(f -> {
            unwritten.decrementAndGet();
            lastProgress = System.nanoTime();
            answered(ctx);
        });
    }

    private ByteBuf framed(ChannelHandlerContext ctx, NetworkMessage response) {
        byte[] body = codec.encode(response);
        ByteBuf out = ctx.alloc().buffer(4 + body.length);
        out.writeBytes(String.format("%04d", body.length).getBytes(StandardCharsets.US_ASCII));
        out.writeBytes(body);
        return out;
    }

    /** On the event loop. */
    private void answered(ChannelHandlerContext ctx) {
        allInFlight.decrementAndGet();
        if (inFlight.decrementAndGet() == 0 && closing) {
            ctx.close();
            return;
        }
        updateReading(ctx);
    }

    /** On the event loop: reads while fewer than the bound are in flight and the peer takes its answers. */
    private void updateReading(ChannelHandlerContext ctx) {
        ChannelConfig config = ctx.channel().config();
        boolean read = !closing && inFlight.get() < maxInFlight && ctx.channel().isWritable();
        if (read == config.isAutoRead()) {
            return;
        }
        config.setAutoRead(read);
        if (read) {
            // messages of the last read may wait in the framing; later, not from inside its delivery
            ctx.executor().execute(() -> ctx.pipeline().fireUserEventTriggered(LengthFraming.RESUME));
        }
    }

    @Override
    public void channelWritabilityChanged(ChannelHandlerContext ctx) {
        updateReading(ctx);
        ctx.fireChannelWritabilityChanged();
    }

    /** The peer has not read what is waiting for it (TCP window shut, answers piling up in memory): let it go. */
    private void disconnectIfStuck(ChannelHandlerContext ctx) {
        int waiting = unwritten.get();
        if (waiting > 0 && System.nanoTime() - lastProgress > writeTimeoutNanos && ctx.channel().isActive()) {
            log.info("ISO 8583 connection {} closed: the peer read none of the {} answers waiting for it in {} ms",
                    ctx.channel().remoteAddress(), waiting, TimeUnit.NANOSECONDS.toMillis(writeTimeoutNanos));
            ctx.close();
        }
    }

    /** The stream is out of step: nothing more is read, the requests taken in get their answers, then it closes. */
    private void closeAfterAnswers(ChannelHandlerContext ctx) {
        closing = true;
        ctx.channel().config().setAutoRead(false);
        if (inFlight.get() == 0) {
            ctx.close();
        }
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object event) throws Exception {
        if (event == LengthFraming.BROKEN) {
            closeAfterAnswers(ctx);
            return;
        }
        if (event instanceof IdleStateEvent) {
            log.info("ISO 8583 connection {} closed: idle", ctx.channel().remoteAddress());
            ctx.close();
            return;
        }
        super.userEventTriggered(ctx, event);
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        log.info("ISO 8583 connection {} closed: {}", ctx.channel().remoteAddress(), cause.toString());
        ctx.close();
    }
}
