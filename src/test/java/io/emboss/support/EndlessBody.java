package io.emboss.support;

import com.sun.net.httpserver.HttpExchange;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A receiver's answer that does not end by itself: a 200 with its headers at once, then a body
 * sent in chunks, either dripping (a byte at a time, slowly) or streaming as fast as the socket
 * takes it, until the client hangs up (or a cap, so that a client that never does cannot hang the
 * test). It notes how much it wrote and when its write failed: the moment the client closed.
 */
public final class EndlessBody {
    private final byte[] start;
    private final byte[] chunk;
    private final long everyMs;
    private final long capBytes;
    private final Duration capTime;
    private final AtomicLong written = new AtomicLong();
    private volatile long startedAt;
    private volatile long cutAt;

    private EndlessBody(String start, byte[] chunk, long everyMs, long capBytes, Duration capTime) {
        this.start = start.getBytes(StandardCharsets.UTF_8);
        this.chunk = chunk;
        this.everyMs = everyMs;
        this.capBytes = capBytes;
        this.capTime = capTime;
    }

    /** {@code start}, then one more byte every {@code every}, for up to 30 s. */
    public static EndlessBody drip(String start, Duration every) {
        return new EndlessBody(start, new byte[] {' '}, every.toMillis(), Long.MAX_VALUE, Duration.ofSeconds(30));
    }

    /** {@code start}, then 64 KB chunks as fast as they go, up to 256 MB or 30 s. */
    public static EndlessBody flood(String start) {
        byte[] chunk = new byte[64 * 1024];
        Arrays.fill(chunk, (byte) 'x');
        return new EndlessBody(start, chunk, 0, 256L * 1024 * 1024, Duration.ofSeconds(30));
    }

    public void respond(HttpExchange exchange) throws InterruptedException {
        startedAt = System.nanoTime();
        long until = startedAt + capTime.toNanos();
        try {
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(200, 0); // chunked: no length, no end in sight
            OutputStream out = exchange.getResponseBody();
            out.write(start);
            out.flush();
            while (written.get() < capBytes && System.nanoTime() < until) {
                out.write(chunk);
                out.flush();
                written.addAndGet(chunk.length);
                if (everyMs > 0) {
                    Thread.sleep(everyMs);
                }
            }
        } catch (IOException hungUp) {
            cutAt = System.nanoTime();
        }
    }

    /** Bytes of the body written (some may sit unread in the sockets' buffers). */
    public long written() {
        return written.get();
    }

    /** Waits up to {@code within} for the client to hang up; the milliseconds from the headers to then, or -1. */
    public long awaitCut(Duration within) throws InterruptedException {
        long deadline = System.nanoTime() + within.toNanos();
        while (cutAt == 0 && System.nanoTime() < deadline) {
            Thread.sleep(25);
        }
        return cutAt == 0 ? -1 : TimeUnit.NANOSECONDS.toMillis(cutAt - startedAt);
    }
}
