package io.emboss.network;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.timeout.IdleStateEvent;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One connection: decodes each frame on the event loop, hands the work to the workers (the engine
 * blocks on the database), and writes each response when it is ready, so responses may overtake
 * each other; the peer matches them by STAN and RRN. While {@code maxInFlight} requests are being
 * processed, reading pauses (TCP pushes back on the peer) until one is answered.
 */
final class ConnectionHandler extends SimpleChannelInboundHandler<byte[]> {
    private static final Logger log = LoggerFactory.getLogger(ConnectionHandler.class);
    private final Iso87A codec;
    private final NetworkFront front;
    private final Workers workers;
    private final int maxInFlight;
    private final Session session = new Session();
    private final AtomicInteger inFlight = new AtomicInteger();
    private volatile boolean closing;

    ConnectionHandler(Iso87A codec, NetworkFront front, Workers workers, int maxInFlight) {
        this.codec = codec;
        this.front = front;
        this.workers = workers;
        this.maxInFlight = maxInFlight;
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
        if (!d.ok()) {
            log.info("ISO 8583 {} from {} answered 30: {}", d.mti, ctx.channel().remoteAddress(), d.problem);
            // with the matching fields that read well, so that an ISOMux-style peer can pair it with its request
            write(ctx, NetworkFront.formatError(d.mti, null).echoing(d.matching, Iso87A.MATCHING));
            return;
        }
        if (inFlight.incrementAndGet() >= maxInFlight) {
            ctx.channel().config().setAutoRead(false);
        }
        boolean accepted = workers.submit(() -> {
            try {
                write(ctx, front.handle(d.message, session));
            } finally {
                done(ctx);
            }
        });
        if (!accepted) {
            done(ctx);
            write(ctx, d.message.echo(NetworkFront.responseMti(d.mti), 7, 11, 32, 37, 41)
                    .with(39, ResponseCode.ISSUER_UNAVAILABLE.code));
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

    private void done(ChannelHandlerContext ctx) {
        int left = inFlight.decrementAndGet();
        if (closing) {
            if (left == 0) {
                // queued behind the response just written, so it goes out first
                ctx.close();
            }
        } else if (left < maxInFlight && !ctx.channel().config().isAutoRead()) {
            ctx.channel().config().setAutoRead(true);
        }
    }

    private void write(ChannelHandlerContext ctx, NetworkMessage response) {
        byte[] body = codec.encode(response);
        ByteBuf out = ctx.alloc().buffer(4 + body.length);
        out.writeBytes(String.format("%04d", body.length).getBytes(StandardCharsets.US_ASCII));
        out.writeBytes(body);
        ctx.writeAndFlush(out);
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
