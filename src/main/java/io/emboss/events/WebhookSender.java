package io.emboss.events;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLException;
import org.springframework.stereotype.Component;

/**
 * One HTTP POST to a receiver: redirects are not followed (a 3xx is a failure), the whole exchange
 * must finish within the timeout, and at most a bounded prefix of the response is read.
 */
@Component
class WebhookSender {
    record Result(Integer statusCode, long durationMs, String body, String error) {
        boolean success() {
            return statusCode != null && statusCode >= 200 && statusCode < 300;
        }
    }

    private static final int RECORDED_BODY_CHARS = 2048;

    private final HttpClient http;
    private final WebhookProperties properties;
    private final ScheduledExecutorService deadlines;

    WebhookSender(WebhookProperties properties) {
        this.properties = properties;
        this.http = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .followRedirects(HttpClient.Redirect.NEVER)
                .connectTimeout(properties.getTimeout())
                .build();
        this.deadlines = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "webhook-deadlines");
            t.setDaemon(true);
            return t;
        });
    }

    Result send(String url, String body, Map<String, String> headers) {
        long start = System.nanoTime();
        Duration timeout = properties.getTimeout();
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url))
                .timeout(timeout)
                .header("Content-Type", "application/json")
                .header("User-Agent", "Emboss-Webhooks/1")
                .POST(HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8));
        headers.forEach(request::header);
        try {
            HttpResponse<InputStream> response = http.send(request.build(), HttpResponse.BodyHandlers.ofInputStream());
            String prefix = readBounded(response.body(), start, timeout);
            return new Result(response.statusCode(), elapsedMs(start), prefix, null);
        } catch (HttpTimeoutException e) {
            return new Result(null, elapsedMs(start), null, "timeout after " + timeout.toMillis() + " ms");
        } catch (SSLException e) {
            return new Result(null, elapsedMs(start), null, "TLS failure: " + shorten(e.getMessage()));
        } catch (IOException e) {
            return new Result(null, elapsedMs(start), null, "connection failed: " + describe(e));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Result(null, elapsedMs(start), null, "interrupted");
        } catch (IllegalArgumentException e) {
            return new Result(null, elapsedMs(start), null, "invalid URL");
        }
    }

    /** Reads at most maxResponseBytes, and gives up (closing the stream) when the deadline passes. */
    private String readBounded(InputStream in, long start, Duration timeout) throws IOException {
        long remainingNs = timeout.toNanos() - (System.nanoTime() - start);
        ScheduledFuture<?> closer = deadlines.schedule(() -> closeQuietly(in), Math.max(1, remainingNs),
                TimeUnit.NANOSECONDS);
        try (in) {
            byte[] prefix = in.readNBytes(properties.getMaxResponseBytes());
            String text = new String(prefix, StandardCharsets.UTF_8);
            return text.length() > RECORDED_BODY_CHARS ? text.substring(0, RECORDED_BODY_CHARS) : text;
        } catch (IOException e) {
            return null;
        } finally {
            closer.cancel(false);
        }
    }

    private static void closeQuietly(InputStream in) {
        try {
            in.close();
        } catch (IOException ignored) {
            // already closed
        }
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
}
