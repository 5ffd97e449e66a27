package io.emboss.network;

import io.emboss.shared.EmbeddedMode;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.WriteBufferWaterMark;
import io.netty.channel.group.ChannelGroup;
import io.netty.channel.group.DefaultChannelGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.handler.ssl.SslHandler;
import io.netty.handler.timeout.IdleStateHandler;
import io.netty.util.concurrent.GlobalEventExecutor;
import java.net.InetSocketAddress;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.ssl.SslBundles;
import org.springframework.boot.thread.Threading;
import org.springframework.context.SmartLifecycle;
import org.springframework.core.env.Environment;
import org.springframework.stereotype.Component;

/**
 * The TCP listener. Starts after the application is ready to serve (the engine's beans exist) and
 * stops before them; with {@code emboss.iso8583.enabled} false it never binds.
 */
@Component
@EnableConfigurationProperties(Iso8583Settings.class)
public class Iso8583Server implements SmartLifecycle {
    private static final Logger log = LoggerFactory.getLogger(Iso8583Server.class);

    private final Iso8583Settings settings;
    private final boolean enabled;
    private final Environment environment;
    private final ObjectProvider<SslBundles> sslBundles;
    private final NetworkFront front;
    private final ZonePinKey zpk;
    /** Requests in flight over all connections: taken in, answer not yet written to the socket. */
    private final AtomicInteger inFlight = new AtomicInteger();

    private EventLoopGroup acceptors;
    private EventLoopGroup loops;
    private Workers workers;
    private Channel listener;
    private volatile boolean running;

    Iso8583Server(Iso8583Settings settings, @Value("${spring.datasource.url}") String dbUrl, Environment environment,
            ObjectProvider<SslBundles> sslBundles, NetworkFront front, ZonePinKey zpk,
            ObjectProvider<MeterRegistry> meters) {
        this.settings = settings;
        this.enabled = settings.getEnabled() != null ? settings.getEnabled() : EmbeddedMode.isEmbedded(dbUrl);
        this.environment = environment;
        this.sslBundles = sslBundles;
        this.front = front;
        this.zpk = zpk;
        meters.ifAvailable(registry -> Gauge.builder("emboss.iso8583.in.flight", inFlight, AtomicInteger::get)
                .description("ISO 8583 requests taken in whose answer is not yet written to the peer's socket")
                .register(registry));
    }

    @Override
    public void start() {
        if (!enabled) {
            return;
        }
        checkBounds();
        zpk.pinBlocks(); // a missing or malformed key stops start-up here, not at the first PIN
        Iso87A codec = new Iso87A();
        SSLContext tls = settings.getSslBundle() == null || settings.getSslBundle().isBlank() ? null
                : sslBundles.getObject().getBundle(settings.getSslBundle()).createSslContext();
        workers = new Workers(Threading.VIRTUAL.isActive(environment), settings.getWorkers(),
                settings.getMaxConnections() * settings.getMaxInFlight());
        ChannelGroup connections = new DefaultChannelGroup(GlobalEventExecutor.INSTANCE);
        acceptors = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
        loops = new MultiThreadIoEventLoopGroup(NioIoHandler.newFactory());
        ServerBootstrap bootstrap = new ServerBootstrap().group(acceptors, loops)
                .channel(NioServerSocketChannel.class)
                .option(ChannelOption.SO_BACKLOG, 256)
                .childOption(ChannelOption.TCP_NODELAY, true)
                .childOption(ChannelOption.SO_KEEPALIVE, true)
                // answers waiting in memory past the high mark pause reading (see ConnectionHandler)
                .childOption(ChannelOption.WRITE_BUFFER_WATER_MARK, new WriteBufferWaterMark(
                        (int) settings.getWriteBufferLowWaterMark().toBytes(),
                        (int) settings.getWriteBufferHighWaterMark().toBytes()))
                .childHandler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel ch) {
                        if (connections.size() >= settings.getMaxConnections()) {
                            log.warn("ISO 8583 connection from {} refused: {} connections already",
                                    ch.remoteAddress(), settings.getMaxConnections());
                            ch.close();
                            return;
                        }
                        connections.add(ch);
                        if (tls != null) {
                            SSLEngine ssl = tls.createSSLEngine();
                            ssl.setUseClientMode(false);
                            ch.pipeline().addLast(new SslHandler(ssl));
                        }
                        ch.pipeline().addLast(
                                new IdleStateHandler(settings.getIdleTimeout().toMillis(), 0, 0, TimeUnit.MILLISECONDS),
                                new LengthFraming(settings.getMaxMessageBytes(), settings.getReadTimeout().toMillis()),
                                new ConnectionHandler(codec, front, workers, settings.getMaxInFlight(),
                                        settings.getWriteTimeout().toMillis(), inFlight),
                                new ChannelInboundHandlerAdapter() {
                                    @Override
                                    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
                                        ctx.close();
                                    }
                                });
                    }
                });
        InetSocketAddress address = settings.getAddress() == null || settings.getAddress().isBlank()
                ? new InetSocketAddress(settings.getPort()) : new InetSocketAddress(settings.getAddress(),
                        settings.getPort());
        try {
            listener = bootstrap.bind(address).sync().channel();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while binding the ISO 8583 port", e);
        } catch (RuntimeException e) {
            stop();
            throw new IllegalStateException("cannot listen for ISO 8583 on " + address + " (set EMBOSS_ISO8583_PORT, "
                    + "or EMBOSS_ISO8583_ENABLED=false)", e);
        }
        running = true;
        log.info("ISO 8583 listening on port {}{} (ISO87A, 4-digit length header)", port(),
                tls != null ? " with TLS" : "");
    }

    private void checkBounds() {
        if (settings.getMaxMessageBytes() < 20 || settings.getMaxMessageBytes() > 9999) {
            throw new IllegalStateException("emboss.iso8583.max-message-bytes must be between 20 and 9999");
        }
        long low = settings.getWriteBufferLowWaterMark().toBytes();
        long high = settings.getWriteBufferHighWaterMark().toBytes();
        if (low < 1 || low > high || high > Integer.MAX_VALUE) {
            throw new IllegalStateException("emboss.iso8583.write-buffer-low-water-mark must be at least 1 byte and at "
                    + "most write-buffer-high-water-mark");
        }
        if (settings.getMaxInFlight() < 1 || settings.getWriteTimeout().toMillis() < 1) {
            throw new IllegalStateException("emboss.iso8583.max-in-flight and write-timeout must be positive");
        }
    }

    /** The bound port (a random one when configured as 0), or -1 when not listening. */
    public int port() {
        return listener == null ? -1 : ((InetSocketAddress) listener.localAddress()).getPort();
    }

    @Override
    public void stop() {
        running = false;
        // each step waits a bounded time: a node whose event loops had already died once hung its SIGTERM here,
        // forever, on a close that nothing was left to complete
        if (listener != null && !listener.close().awaitUninterruptibly(5, TimeUnit.SECONDS)) {
            log.warn("ISO 8583: the listener did not close within 5 s; stopping anyway");
        }
        if (acceptors != null) {
            boolean stopped = acceptors.shutdownGracefully(0, 2, TimeUnit.SECONDS).awaitUninterruptibly(5, TimeUnit.SECONDS)
                    & loops.shutdownGracefully(0, 2, TimeUnit.SECONDS).awaitUninterruptibly(5, TimeUnit.SECONDS);
            if (!stopped) {
                log.warn("ISO 8583: the event loops did not stop within 5 s; stopping anyway");
            }
        }
        if (workers != null) {
            workers.close();
        }
    }

    @Override
    public boolean isRunning() {
        return running;
    }
}
