package io.emboss.client;

import java.io.IOException;
import java.io.InputStream;
import java.net.Authenticator;
import java.net.CookieHandler;
import java.net.ProxySelector;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.ThreadLocalRandom;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;

/**
 * The HttpClient the generated API classes send through: it repeats a request that may safely be repeated
 * when Emboss answers 429, 5xx, or 409 with {@code Retry-After} (a request with the same Idempotency-Key still
 * running), or when no answer came at all. It waits what {@code Retry-After} says, else an exponential back-off
 * with jitter. Safe to repeat: GET, HEAD, PUT, DELETE and any request carrying an {@code Idempotency-Key} (every
 * POST of {@link EmbossClient}); a 429 is repeated for any request, since Emboss refused it before doing anything.
 */
final class RetryingHttpClient extends HttpClient {
    private static final Set<String> REPEATABLE_METHODS = Set.of("GET", "HEAD", "PUT", "DELETE", "OPTIONS");

    private final HttpClient delegate;
    private final int maxRetries;
    private final Duration initialBackoff;
    private final Duration maxBackoff;

    RetryingHttpClient(HttpClient delegate, int maxRetries, Duration initialBackoff, Duration maxBackoff) {
        this.delegate = delegate;
        this.maxRetries = maxRetries;
        this.initialBackoff = initialBackoff;
        this.maxBackoff = maxBackoff;
    }

    @Override
    public <T> HttpResponse<T> send(HttpRequest request, HttpResponse.BodyHandler<T> handler)
            throws IOException, InterruptedException {
        boolean repeatable = REPEATABLE_METHODS.contains(request.method())
                || request.headers().firstValue("Idempotency-Key").isPresent();
        for (int attempt = 0; ; attempt++) {
            HttpResponse<T> response;
            try {
                response = delegate.send(request, handler);
            } catch (IOException e) {
                if (!repeatable || attempt >= maxRetries) {
                    throw e;
                }
                Thread.sleep(backoff(attempt).toMillis());
                continue;
            }
            int status = response.statusCode();
            boolean retryable = status == 429 || (repeatable && (status >= 500
                    || (status == 409 && response.headers().firstValue("Retry-After").isPresent())));
            if (!retryable || attempt >= maxRetries) {
                return response;
            }
            discard(response);
            Thread.sleep(wait(response, attempt).toMillis());
        }
    }

    /** Retry-After in seconds when the server sent it (capped at the maximum back-off), else the back-off. */
    private Duration wait(HttpResponse<?> response, int attempt) {
        Optional<String> retryAfter = response.headers().firstValue("Retry-After");
        if (retryAfter.isPresent()) {
            try {
                Duration told = Duration.ofSeconds(Long.parseLong(retryAfter.get().trim()));
                return told.compareTo(maxBackoff) > 0 ? maxBackoff : told;
            } catch (NumberFormatException notSeconds) {
                // an HTTP date: Emboss sends seconds, so fall back to the back-off
            }
        }
        return backoff(attempt);
    }

    /** initial × 2^attempt, at most the maximum, less up to 25 % jitter so clients do not retry in step. */
    private Duration backoff(int attempt) {
        long millis = Math.min(maxBackoff.toMillis(), initialBackoff.toMillis() << Math.min(attempt, 20));
        long jitter = (long) (millis * 0.25 * ThreadLocalRandom.current().nextDouble());
        return Duration.ofMillis(millis - jitter);
    }

    private static void discard(HttpResponse<?> response) {
        if (response.body() instanceof InputStream in) {
            try (in) {
                in.readAllBytes();
            } catch (IOException ignored) {
                // the connection is dropped instead of reused
            }
        }
    }

    @Override
    public <T> CompletableFuture<HttpResponse<T>> sendAsync(HttpRequest request,
            HttpResponse.BodyHandler<T> handler) {
        return delegate.sendAsync(request, handler);
    }

    @Override
    public <T> CompletableFuture<HttpResponse<T>> sendAsync(HttpRequest request, HttpResponse.BodyHandler<T> handler,
            HttpResponse.PushPromiseHandler<T> pushPromiseHandler) {
        return delegate.sendAsync(request, handler, pushPromiseHandler);
    }

    @Override
    public Optional<CookieHandler> cookieHandler() {
        return delegate.cookieHandler();
    }

    @Override
    public Optional<Duration> connectTimeout() {
        return delegate.connectTimeout();
    }

    @Override
    public Redirect followRedirects() {
        return delegate.followRedirects();
    }

    @Override
    public Optional<ProxySelector> proxy() {
        return delegate.proxy();
    }

    @Override
    public SSLContext sslContext() {
        return delegate.sslContext();
    }

    @Override
    public SSLParameters sslParameters() {
        return delegate.sslParameters();
    }

    @Override
    public Optional<Authenticator> authenticator() {
        return delegate.authenticator();
    }

    @Override
    public Version version() {
        return delegate.version();
    }

    @Override
    public Optional<Executor> executor() {
        return delegate.executor();
    }
}
