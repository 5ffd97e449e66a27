package io.emboss.events;

import jakarta.annotation.PreDestroy;
import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import javax.net.ssl.SSLException;
import org.apache.hc.client5.http.DnsResolver;
import org.apache.hc.client5.http.classic.methods.HttpPost;
import org.apache.hc.client5.http.config.ConnectionConfig;
import org.apache.hc.client5.http.config.RequestConfig;
import org.apache.hc.client5.http.impl.classic.CloseableHttpClient;
import org.apache.hc.client5.http.impl.classic.HttpClients;
import org.apache.hc.client5.http.impl.io.PoolingHttpClientConnectionManagerBuilder;
import org.apache.hc.core5.http.ClassicHttpResponse;
import org.apache.hc.core5.http.ContentType;
import org.apache.hc.core5.http.HttpEntity;
import org.apache.hc.core5.http.io.entity.ByteArrayEntity;
import org.apache.hc.core5.util.Timeout;
import org.springframework.stereotype.Component;

/**
 * The one way Emboss calls a tenant's server (webhook deliveries, decision requests): a POST that
 * follows no redirect, finishes within a deadline or is cut off, reads at most a bounded prefix of
 * the answer, and connects only to addresses {@link DestinationPolicy} checked on this very
 * connection. The name is resolved once, inside the connection, through the policy: there is no
 * earlier lookup a rebinding DNS server could answer differently (the JDK client resolved on its
 * own after the check, so a check could pass on one address and the call go to another).
 */
@Component
class OutboundHttp {
    /** Why no answer came. */
    enum Failure {
        TIMEOUT,
        REFUSED,
        TLS,
        CONNECTION,
        INVALID_URL,
        INTERRUPTED
    }

    /**
     * What came back: a status and the first {@code maxBytes} of the body ({@code truncated} when there
     * was more), or a failure with a short description (never the request or the answer). A status
     * with a {@link Failure#TIMEOUT} is an answer whose body did not end by the deadline: what had
     * arrived is kept.
     */
    record Reply(Integer status, byte[] body, boolean truncated, long durationMs, Failure failure, String error) {
        String bodyText() {
            return body == null ? null : new String(body, StandardCharsets.UTF_8);
        }
    }

    private static final int MAX_CONNECTIONS = 256;
    private static final int MAX_CONNECTIONS_PER_HOST = 64;

    private final CloseableHttpClient strict;
    private final CloseableHttpClient lenient;
    private final ScheduledExecutorService deadlines;

    OutboundHttp(DestinationPolicy policy, WebhookProperties properties) {
        // the longest any caller waits: each call is also cut off at its own deadline
        Duration longest = Duration.ofMillis(Math.max(properties.getTimeout().toMillis(),
                DecisionWebhooks.MAX_TIMEOUT_MS));
        Timeout limit = Timeout.of(longest);
        this.strict = client(host -> policy.checkedAddresses(host, true), limit);
        this.lenient = client(host -> policy.checkedAddresses(host, false), limit);
        this.deadlines = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "outbound-deadlines");
            t.setDaemon(true);
            return t;
        });
    }

    /**
     * POSTs a JSON body. {@code strict} refuses internal addresses (live endpoints, and sandbox ones
     * unless private targets are allowed: {@link DestinationPolicy#strict}).
     */
    Reply post(String url, String json, Map<String, String> headers, boolean strict, Duration deadline, int maxBytes) {
        long start = System.nanoTime();
        HttpPost request;
        try {
            request = new HttpPost(URI.create(url));
        } catch (IllegalArgumentException e) {
            return failed(start, Failure.INVALID_URL, "invalid URL");
        }
        Timeout timeout = Timeout.of(deadline);
        request.setConfig(RequestConfig.custom().setResponseTimeout(timeout).setConnectionRequestTimeout(timeout)
                .build());
        request.setEntity(new ByteArrayEntity(json.getBytes(StandardCharsets.UTF_8), ContentType.APPLICATION_JSON));
        headers.forEach(request::setHeader);
        AtomicBoolean cutOff = new AtomicBoolean();
        ScheduledFuture<?> cut = deadlines.schedule(() -> {
            cutOff.set(true);
            request.cancel();
        }, deadline.toNanos(), TimeUnit.NANOSECONDS);
        try {
            return exchange(strict ? this.strict : lenient, request, maxBytes, start, cutOff, deadline);
        } catch (SSLException e) {
            return failed(start, Failure.TLS, "TLS failure: " + shorten(e.getMessage()));
        } catch (IOException e) {
            Throwable refused = e;
            while (refused != null && !(refused instanceof DestinationPolicy.RefusedDestination)) {
                refused = refused.getCause();
            }
            if (refused != null) {
                return failed(start, Failure.REFUSED, "destination refused: " + refused.getMessage());
            }
            if (cutOff.get() || e instanceof InterruptedIOException) {
                return failed(start, Failure.TIMEOUT, "timeout after " + deadline.toMillis() + " ms");
            }
            return failed(start, Failure.CONNECTION, "connection failed: " + describe(e));
        } catch (IllegalArgumentException | IllegalStateException e) {
            return failed(start, Failure.INVALID_URL, "invalid URL");
        } finally {
            cut.cancel(false);
        }
    }

    private static Reply exchange(CloseableHttpClient client, HttpPost request, int maxBytes, long start,
            AtomicBoolean cutOff, Duration deadline) throws IOException {
        ClassicHttpResponse response = client.executeOpen(null, request, null);
        try {
            HttpEntity entity = response.getEntity();
            java.io.ByteArrayOutputStream prefix = new java.io.ByteArrayOutputStream();
            boolean more = false;
            if (entity != null) {
                InputStream in = entity.getContent();
                byte[] chunk = new byte[8192];
                try {
                    int n;
                    while (prefix.size() < maxBytes
                            && (n = in.read(chunk, 0, Math.min(chunk.length, maxBytes - prefix.size()))) >= 0) {
                        prefix.write(chunk, 0, n);
                    }
                    more = prefix.size() == maxBytes && in.read() >= 0;
                } catch (IOException e) {
                    if (!cutOff.get()) {
                        throw e;
                    }
                    // the status came in time, the body did not end by the deadline: keep what came
                    return new Reply(response.getCode(), prefix.toByteArray(), false, elapsedMs(start),
                            Failure.TIMEOUT, "timeout after " + deadline.toMillis() + " ms while reading the body");
                }
            }
            if (more) {
                // closing would read the rest to keep the connection: a receiver could send gigabytes
                request.cancel();
            }
            return new Reply(response.getCode(), prefix.toByteArray(), more, elapsedMs(start), null, null);
        } finally {
            try {
                response.close();
            } catch (IOException ignored) {
                // the connection was cut off on purpose, or is gone: nothing to keep
            }
        }
    }

    private static CloseableHttpClient client(HostResolver resolver, Timeout limit) {
        DnsResolver dns = new DnsResolver() {
            @Override
            public InetAddress[] resolve(String host) throws UnknownHostException {
                return resolver.resolve(host);
            }

            @Override
            public String resolveCanonicalHostname(String host) {
                return host;
            }
        };
        return HttpClients.custom()
                .setConnectionManager(PoolingHttpClientConnectionManagerBuilder.create()
                        .setDnsResolver(dns)
                        .setMaxConnTotal(MAX_CONNECTIONS)
                        .setMaxConnPerRoute(MAX_CONNECTIONS_PER_HOST)
                        .setDefaultConnectionConfig(ConnectionConfig.custom().setConnectTimeout(limit)
                                .setSocketTimeout(limit).setTimeToLive(Timeout.ofMinutes(1)).build())
                        .build())
                .disableRedirectHandling()
                .disableAutomaticRetries()
                .disableContentCompression()
                .disableCookieManagement()
                .disableAuthCaching()
                .disableDefaultUserAgent()
                .evictIdleConnections(Timeout.ofSeconds(30))
                .build();
    }

    private static Reply failed(long start, Failure failure, String error) {
        return new Reply(null, null, false, elapsedMs(start), failure, error);
    }

    private static long elapsedMs(long start) {
        return TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
    }

    private static String describe(IOException e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        if (root instanceof SSLException) {
            return "TLS failure: " + shorten(root.getMessage());
        }
        return root.getClass().getSimpleName() + (root.getMessage() == null ? "" : ": " + shorten(root.getMessage()));
    }

    private static String shorten(String s) {
        if (s == null) {
            return "";
        }
        return s.length() > 200 ? s.substring(0, 200) : s;
    }

    @PreDestroy
    void close() throws IOException {
        deadlines.shutdownNow();
        strict.close();
        lenient.close();
    }
}
