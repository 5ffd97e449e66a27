package io.emboss.events;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLException;
import org.springframework.stereotype.Component;

/**
 * One HTTP POST to a receiver: redirects are not followed (a 3xx is a failure), the status must
 * arrive within the timeout, and of the body at most a bounded prefix is read, until that same
 * deadline ({@link BoundedExchange}): a receiver that drips its body or sends one without end is
 * cut off, and its connection closed, at the deadline or the byte bound.
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

    WebhookSender(WebhookProperties properties) {
        this.properties = properties;
        this.http = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .followRedirects(HttpClient.Redirect.NEVER)
                .connectTimeout(properties.getTimeout())
                .build();
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
            BoundedExchange.Reply reply = BoundedExchange.send(http, request.build(), properties.getMaxResponseBytes(),
                    timeout);
            if (reply.status() == null) {
                return new Result(null, elapsedMs(start), null, timedOut(timeout));
            }
            // the status came in time: that is the answer; of the body, what arrived before the cut-off is kept
            return new Result(reply.status(), elapsedMs(start), excerpt(reply.body()), null);
        } catch (HttpTimeoutException e) {
            return new Result(null, elapsedMs(start), null, timedOut(timeout));
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

    private static String timedOut(Duration timeout) {
        return "timeout after " + timeout.toMillis() + " ms";
    }

    /** The start of the body as text; a NUL, which a PostgreSQL text column refuses, becomes U+FFFD. */
    private static String excerpt(byte[] prefix) {
        String text = new String(prefix, StandardCharsets.UTF_8).replace('\u0000', '\ufffd');
        return text.length() > RECORDED_BODY_CHARS ? text.substring(0, RECORDED_BODY_CHARS) : text;
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
