package io.emboss.events;

import com.standardwebhooks.Webhook;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import io.emboss.support.Api;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import tools.jackson.databind.JsonNode;

/**
 * A real webhook receiver on a random local port (JDK HttpServer, or HttpsServer with a
 * self-signed certificate): records every request (headers and body) before answering as its
 * current {@link Responder} says.
 */
final class WebhookReceiver implements AutoCloseable {

    /** One request as received; header names are lower-cased. */
    record Received(int index, String method, String path, Map<String, List<String>> headers, String body,
                    java.time.Instant at) {
        String header(String name) {
            List<String> values = headers.get(name.toLowerCase(Locale.ROOT));
            return values == null || values.isEmpty() ? null : values.get(0);
        }

        String webhookId() {
            return header("webhook-id");
        }

        JsonNode json() {
            return Api.JSON.readTree(body);
        }

        /** Verifies the Standard Webhooks signature with the official library; fails the test otherwise. */
        JsonNode verifiedWith(String... secrets) {
            for (String secret : secrets) {
                try {
                    new Webhook(secret).verify(body, headers);
                } catch (Exception e) {
                    throw new AssertionError("request " + index + " (" + webhookId() + ") does not verify with "
                            + "secret " + secret.substring(0, Math.min(12, secret.length())) + "...: " + e, e);
                }
            }
            return json();
        }

        boolean verifies(String secret) {
            try {
                new Webhook(secret).verify(body, headers);
                return true;
            } catch (Exception e) {
                return false;
            }
        }

        @Override
        public String toString() {
            return "#" + index + " " + method + " " + path + " id=" + webhookId() + " at " + at
                    + " ts=" + header("webhook-timestamp");
        }
    }

    /** How the receiver answers the n-th request (0-based, per receiver). */
    @FunctionalInterface
    interface Responder {
        void respond(HttpExchange exchange, int index) throws Exception;
    }

    private final HttpServer server;
    private final ExecutorService executor;
    private final String scheme;
    private final List<Received> received = new CopyOnWriteArrayList<>();
    private final AtomicInteger counter = new AtomicInteger();
    private volatile Responder responder;

    private WebhookReceiver(HttpServer server, String scheme, Responder responder) {
        this.server = server;
        this.scheme = scheme;
        this.responder = responder;
        this.executor = Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(r, "webhook-receiver");
            t.setDaemon(true);
            return t;
        });
        server.setExecutor(executor);
        server.createContext("/", this::handle);
        server.start();
    }

    static WebhookReceiver http(Responder responder) {
        return http(0, responder);
    }

    /** An HTTP receiver on a given port (0 = any free one). */
    static WebhookReceiver http(int port, Responder responder) {
        try {
            return new WebhookReceiver(HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port),
                    0), "http", responder);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** An HTTPS receiver presenting the given (untrusted, self-signed) certificate. */
    static WebhookReceiver https(SSLContext tls, Responder responder) {
        try {
            HttpsServer server = HttpsServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
            server.setHttpsConfigurator(new HttpsConfigurator(tls));
            return new WebhookReceiver(server, "https", responder);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A port on which nothing listens (bound, then released). */
    static int closedPort() {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * A self-signed certificate made by {@code keytool -genkeypair} in a temporary PKCS12 keystore,
     * as an SSLContext for an HttpsServer. Nothing trusts it, so Emboss must refuse it.
     */
    static SSLContext selfSignedTls() {
        try {
            Path dir = Files.createTempDirectory("emboss-tls");
            Path keystore = dir.resolve("receiver.p12");
            String password = "changeit";
            String keytool = Path.of(System.getProperty("java.home"), "bin", "keytool").toString();
            Process p = new ProcessBuilder(keytool, "-genkeypair", "-alias", "receiver", "-keyalg", "RSA",
                    "-keysize", "2048", "-validity", "2", "-dname", "CN=localhost",
                    "-ext", "SAN=ip:127.0.0.1,dns:localhost", "-storetype", "PKCS12",
                    "-keystore", keystore.toString(), "-storepass", password, "-keypass", password)
                    .redirectErrorStream(true).start();
            String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
                throw new IllegalStateException("keytool failed: " + output);
            }
            KeyStore ks = KeyStore.getInstance("PKCS12");
            try (InputStream in = Files.newInputStream(keystore)) {
                ks.load(in, password.toCharArray());
            }
            KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            kmf.init(ks, password.toCharArray());
            SSLContext tls = SSLContext.getInstance("TLS");
            tls.init(kmf.getKeyManagers(), null, null);
            Files.deleteIfExists(keystore);
            Files.deleteIfExists(dir);
            return tls;
        } catch (Exception e) {
            throw new IllegalStateException("could not make a self-signed certificate", e);
        }
    }

    private void handle(HttpExchange exchange) throws IOException {
        try {
            byte[] bytes;
            try (InputStream in = exchange.getRequestBody()) {
                bytes = in.readAllBytes();
            }
            Map<String, List<String>> headers = new LinkedHashMap<>();
            exchange.getRequestHeaders().forEach((k, v) -> headers.put(k.toLowerCase(Locale.ROOT), List.copyOf(v)));
            int index = counter.getAndIncrement();
            received.add(new Received(index, exchange.getRequestMethod(), exchange.getRequestURI().getPath(),
                    Collections.unmodifiableMap(headers), new String(bytes, StandardCharsets.UTF_8),
                    java.time.Instant.now()));
            responder.respond(exchange, index);
        } catch (IOException e) {
            // the client went away (timeout, or it stopped reading a large body): expected in tests
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        } finally {
            exchange.close();
        }
    }

    String url() {
        return scheme + "://127.0.0.1:" + port() + "/hook";
    }

    int port() {
        return server.getAddress().getPort();
    }

    void respondWith(Responder r) {
        this.responder = r;
    }

    List<Received> received() {
        return new ArrayList<>(received);
    }

    int count() {
        return received.size();
    }

    /** Requests carrying the given webhook-id. */
    List<Received> withId(String webhookId) {
        return received.stream().filter(r -> webhookId.equals(r.webhookId())).toList();
    }

    Set<String> ids() {
        Set<String> ids = new LinkedHashSet<>();
        received.forEach(r -> ids.add(r.webhookId()));
        return ids;
    }

    boolean hasAll(Iterable<String> webhookIds) {
        Set<String> ids = ids();
        for (String id : webhookIds) {
            if (!ids.contains(id)) {
                return false;
            }
        }
        return true;
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }

    // ---- responders ----

    static Responder status(int code) {
        return (ex, i) -> reply(ex, code, code >= 200 && code < 300 ? "ok" : "failure " + code);
    }

    /** Answers the codes in order, counting from when it is installed; the last one repeats. */
    static Responder sequence(int... codes) {
        AtomicInteger calls = new AtomicInteger();
        return (ex, i) -> {
            int code = codes[Math.min(calls.getAndIncrement(), codes.length - 1)];
            reply(ex, code, code >= 200 && code < 300 ? "ok" : "failure " + code);
        };
    }

    /** Waits before answering the first {@code slowCount} requests, then answers at once. */
    static Responder slowFirst(int slowCount, Duration delay, int code) {
        return (ex, i) -> {
            if (i < slowCount) {
                Thread.sleep(delay.toMillis());
            }
            reply(ex, code, "ok after " + (i < slowCount ? delay.toMillis() : 0) + " ms");
        };
    }

    /** Redirects elsewhere (Emboss must not follow). */
    static Responder redirect(int code, String location) {
        return (ex, i) -> {
            ex.getResponseHeaders().add("Location", location);
            reply(ex, code, "moved");
        };
    }

    /**
     * 200 with a body of the given size, streamed in chunks of a repeated pattern. It notes how much
     * it managed to write: a client that reads only a bounded prefix and hangs up makes the write fail
     * long before the end.
     */
    static final class HugeBody implements Responder {
        private final long bytes;
        final java.util.concurrent.atomic.AtomicLong written = new java.util.concurrent.atomic.AtomicLong();
        volatile boolean ended;
        volatile boolean completed;

        HugeBody(long bytes) {
            this.bytes = bytes;
        }

        @Override
        public void respond(HttpExchange ex, int index) throws IOException {
            byte[] chunk = new byte[64 * 1024];
            byte[] pattern = "0123456789abcdef".getBytes(StandardCharsets.US_ASCII);
            for (int k = 0; k < chunk.length; k++) {
                chunk[k] = pattern[k % pattern.length];
            }
            try {
                ex.getResponseHeaders().add("Content-Type", "text/plain");
                ex.sendResponseHeaders(200, bytes);
                try (OutputStream out = ex.getResponseBody()) {
                    long left = bytes;
                    while (left > 0) {
                        int n = (int) Math.min(chunk.length, left);
                        out.write(chunk, 0, n);
                        written.addAndGet(n);
                        left -= n;
                    }
                }
                completed = true;
            } finally {
                ended = true;
            }
        }
    }

    static HugeBody hugeBody(long bytes) {
        return new HugeBody(bytes);
    }

    static void reply(HttpExchange ex, int code, String text) throws IOException {
        byte[] body = text.getBytes(StandardCharsets.UTF_8);
        ex.getResponseHeaders().add("Content-Type", "text/plain; charset=utf-8");
        ex.sendResponseHeaders(code, body.length == 0 ? -1 : body.length);
        if (body.length > 0) {
            try (OutputStream out = ex.getResponseBody()) {
                out.write(body);
            }
        }
    }

    @Override
    public String toString() {
        return url() + " received " + Arrays.toString(received.toArray());
    }
}
