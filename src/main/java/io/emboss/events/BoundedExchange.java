package io.emboss.events;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Flow;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * One HTTP exchange with a receiver Emboss does not control, bounded in time and in memory: the
 * status, headers and at most {@code maxBytes} of the body must arrive within the deadline. Past the
 * byte bound the rest of the body is not read; past the deadline the exchange is abandoned. Either
 * way the connection is closed (so a receiver that drips or streams without end holds neither a
 * thread nor memory), and what had arrived is returned.
 */
final class BoundedExchange {
    /** How reading the body ended. */
    enum Ending {
        /** The whole body arrived, within both bounds. */
        COMPLETE,
        /** The body was longer than the byte bound: only its first bytes were read. */
        TRUNCATED,
        /** The deadline passed first: the status (if the headers had come) and the bytes read until then. */
        TIMED_OUT
    }

    /** What the receiver answered; {@code status} is null when its headers did not arrive in time. */
    record Reply(Integer status, byte[] body, Ending ending) {
    }

    private BoundedExchange() {
    }

    /**
     * Sends the request and waits for the reply until the deadline. Connection failures (refused,
     * reset, TLS) throw as the HTTP client reports them.
     */
    static Reply send(HttpClient http, HttpRequest request, int maxBytes, Duration deadline)
            throws IOException, InterruptedException {
        Collector collector = new Collector(maxBytes);
        CompletableFuture<HttpResponse<Reply>> future = http.sendAsync(request, collector::start);
        try {
            return future.get(deadline.toNanos(), TimeUnit.NANOSECONDS).body();
        } catch (TimeoutException late) {
            abandon(future, collector);
            return collector.sofar(Ending.TIMED_OUT);
        } catch (InterruptedException e) {
            abandon(future, collector);
            throw e;
        } catch (ExecutionException e) {
            if (e.getCause() instanceof IOException io) {
                throw io;
            }
            throw new IOException(e.getCause());
        }
    }

    private static void abandon(CompletableFuture<?> future, Collector collector) {
        // the client aborts the exchange (and closes its connection); a body already under way is cancelled too
        future.cancel(true);
        collector.cancel();
    }

    /** Keeps the first {@code maxBytes} of the body; asks for one piece at a time so nothing piles up. */
    private static final class Collector implements HttpResponse.BodySubscriber<Reply> {
        private final int maxBytes;
        private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        private final CompletableFuture<Reply> result = new CompletableFuture<>();
        private volatile Integer status;
        private volatile Flow.Subscription subscription;
        private volatile boolean cancelled;

        Collector(int maxBytes) {
            this.maxBytes = maxBytes;
        }

        HttpResponse.BodySubscriber<Reply> start(HttpResponse.ResponseInfo info) {
            status = info.statusCode();
            return this;
        }

        @Override
        public void onSubscribe(Flow.Subscription s) {
            subscription = s;
            if (cancelled) {
                s.cancel();
            } else {
                s.request(1);
            }
        }

        @Override
        public void onNext(List<ByteBuffer> items) {
            boolean full = false;
            synchronized (bytes) {
                for (ByteBuffer b : items) {
                    int take = Math.min(b.remaining(), maxBytes - bytes.size());
                    byte[] chunk = new byte[take];
                    b.get(chunk);
                    bytes.write(chunk, 0, take);
                    full |= b.hasRemaining();
                }
            }
            if (full) {
                cancel();
                result.complete(sofar(Ending.TRUNCATED));
            } else {
                subscription.request(1);
            }
        }

        @Override
        public void onError(Throwable t) {
            result.completeExceptionally(t);
        }

        @Override
        public void onComplete() {
            result.complete(sofar(Ending.COMPLETE));
        }

        @Override
        public CompletionStage<Reply> getBody() {
            return result;
        }

        void cancel() {
            cancelled = true;
            Flow.Subscription s = subscription;
            if (s != null) {
                s.cancel();
            }
        }

        Reply sofar(Ending ending) {
            synchronized (bytes) {
                return new Reply(status, bytes.toByteArray(), ending);
            }
        }
    }
}
