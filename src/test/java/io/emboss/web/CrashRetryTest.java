package io.emboss.web;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import io.emboss.authorization.AuthorizationTestBase;
import io.emboss.support.Api;
import io.emboss.support.EmbossProcess;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.core.env.Environment;

/**
 * A node killed -9 in the middle of a keyed authorization (while the tenant's decision endpoint
 * makes it wait) leaves nothing behind that blocks the retry: the retry on another node runs the
 * authorization afresh at once and the card is held exactly once.
 */
class CrashRetryTest extends AuthorizationTestBase {

    @Autowired
    private Environment environment;

    @Test
    void a_retry_after_the_node_died_mid_request_runs_once_on_another_node() throws Exception {
        Holder h = newHolder();
        String card = fundedCard(h, "100.00");
        CountDownLatch firstAsked = new CountDownLatch(1);
        AtomicInteger asked = new AtomicInteger();
        HttpServer endpoint = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        endpoint.setExecutor(Executors.newCachedThreadPool());
        endpoint.createContext("/decide", exchange -> {
            exchange.getRequestBody().readAllBytes();
            if (asked.incrementAndGet() == 1) {
                firstAsked.countDown();
                sleep(1900); // the node is killed meanwhile
            }
            byte[] approve = "{\"approved\":true}".getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(200, approve.length);
            exchange.getResponseBody().write(approve);
            exchange.close();
        });
        endpoint.start();
        try (EmbossProcess doomed = EmbossProcess.start(environment)) {
            Api.Resp saved = api.send("PUT", "/v1/authorization-endpoint", h.key(), body("url",
                    "http://127.0.0.1:" + endpoint.getAddress().getPort() + "/decide", "timeoutMs", 2000), Map.of());
            assertThat(saved.status()).as(saved.toString()).isEqualTo(200);
            String purchase = Api.JSON.writeValueAsString(
                    body("cardId", card, "amount", "42.10", "currency", "USD", "merchant", shop()));
            CompletableFuture<HttpResponse<String>> lost = HttpClient.newHttpClient().sendAsync(HttpRequest.newBuilder(
                            URI.create("http://127.0.0.1:" + doomed.port() + "/v1/simulate/authorizations"))
                    .header("Authorization", "Bearer " + h.key()).header("Content-Type", "application/json")
                    .header("Idempotency-Key", "crash-1").POST(HttpRequest.BodyPublishers.ofString(purchase)).build(),
                    HttpResponse.BodyHandlers.ofString());

            assertThat(firstAsked.await(60, TimeUnit.SECONDS)).as("the node reached the decision endpoint").isTrue();
            doomed.kill();
            assertThat(lost).failsWithin(Duration.ofSeconds(10));

            Api.Resp retry = api.post("/v1/simulate/authorizations", h.key(), purchase,
                    Map.of("Idempotency-Key", "crash-1"));
            assertThat(retry.status()).as(retry.toString()).isEqualTo(201);
            assertThat(retry.header("Idempotent-Replayed")).as("nothing had committed").isNull();
            assertThat(retry.data().get("approved").asBoolean()).as(retry.toString()).isTrue();
            Api.Resp replay = api.post("/v1/simulate/authorizations", h.key(), purchase,
                    Map.of("Idempotency-Key", "crash-1"));
            assertThat(replay.header("Idempotent-Replayed")).isEqualTo("true");
            assertThat(replay.text("id")).isEqualTo(retry.text("id"));
        } finally {
            endpoint.stop(0);
        }
        assertBalance(h.key(), card, "57.90", "42.10", "100.00");
        assertThat(events(h.key(), "authorization.created")).hasSize(1);
        assertLedgerBalanced();
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
