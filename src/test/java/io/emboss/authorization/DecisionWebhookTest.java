package io.emboss.authorization;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.standardwebhooks.Webhook;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.emboss.support.Api;
import io.emboss.support.EndlessBody;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * The tenant's real-time decision endpoint, as a real HTTP server on this machine: its answer
 * approves, declines or approves less; past the deadline or on an error the stand-in rule decides;
 * the request is signed (Standard Webhooks) with the secret shown at registration; a slow endpoint
 * blocks nothing else.
 */
class DecisionWebhookTest extends AuthorizationTestBase {

    /** One request the endpoint received: headers (lower-case names) and the raw body. */
    record Received(Map<String, List<String>> headers, String body) {
        JsonNode json() {
            return Api.JSON.readTree(body);
        }

        JsonNode object() {
            return json().get("data").get("object");
        }
    }

    /** How the endpoint answers one request. */
    interface Behaviour {
        void answer(Received request, HttpExchange exchange) throws Exception;
    }

    private HttpServer server;
    private ExecutorService serverThreads;
    private final List<Received> received = new CopyOnWriteArrayList<>();
    private volatile Behaviour behaviour;

    @BeforeEach
    void startEndpoint() throws IOException {
        serverThreads = Executors.newCachedThreadPool();
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.setExecutor(serverThreads);
        server.createContext("/decide", exchange -> {
            try {
                Map<String, List<String>> headers = new TreeMap<>();
                exchange.getRequestHeaders().forEach((k, v) -> headers.put(k.toLowerCase(Locale.ROOT), v));
                Received r = new Received(headers,
                        new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
                received.add(r);
                behaviour.answer(r, exchange);
            } catch (Exception e) {
                // the connection may be gone already (Emboss stopped waiting)
            } finally {
                exchange.close();
            }
        });
        server.start();
    }

    @AfterEach
    void stopEndpoint() {
        server.stop(0);
        serverThreads.shutdownNow();
    }

    private String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/decide";
    }

    private static void reply(HttpExchange exchange, int status, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().add("Content-Type", "application/json");
        exchange.sendResponseHeaders(status, bytes.length);
        exchange.getResponseBody().write(bytes);
    }

    private static Behaviour answering(String json) {
        return (r, exchange) -> reply(exchange, 200, json);
    }

    /** Registers the endpoint and returns its signing secret. */
    private String register(String key, String standIn, int timeoutMs) {
        Api.Resp r = api.send("PUT", "/v1/authorization-endpoint", key,
                body("url", url(), "standIn", standIn, "timeoutMs", timeoutMs), Map.of());
        assertThat(r.status()).as(r.toString()).isEqualTo(200);
        assertThat(r.text("url")).isEqualTo(url());
        assertThat(r.text("standIn")).isEqualTo(standIn);
        assertThat(r.data().get("timeoutMs").asInt()).isEqualTo(timeoutMs);
        return r.text("secret");
    }

    @Test
    void the_endpoint_is_registered_read_and_removed_and_bad_settings_are_refused() {
        Holder h = newHolder();
        Api.Resp none = api.get("/v1/authorization-endpoint", h.key());
        assertThat(none.status()).isEqualTo(404);

        String secret = register(h.key(), "decline", 1500);
        assertThat(secret).startsWith("whsec_");
        Api.Resp read = api.get("/v1/authorization-endpoint", h.key());
        assertThat(read.status()).isEqualTo(200);
        assertThat(read.text("url")).isEqualTo(url());
        assertThat(read.text("standIn")).isEqualTo("decline");
        assertThat(read.data().get("timeoutMs").asInt()).isEqualTo(1500);
        assertThat(read.raw().body()).doesNotContain(secret.substring(6));

        // a change keeps the secret (not shown again) unless rotated
        Api.Resp change = api.send("PUT", "/v1/authorization-endpoint", h.key(),
                body("url", url(), "standIn", "approve"), Map.of());
        assertThat(change.status()).as(change.toString()).isEqualTo(200);
        assertThat(change.data().get("secret").isNull()).isTrue();
        assertThat(change.data().get("timeoutMs").asInt()).isEqualTo(1500);
        Api.Resp rotated = api.send("PUT", "/v1/authorization-endpoint", h.key(),
                body("url", url(), "standIn", "approve", "rotateSecret", true), Map.of());
        assertThat(rotated.text("secret")).startsWith("whsec_").isNotEqualTo(secret);

        for (Map<String, Object> bad : List.of(body("url", url(), "standIn", "maybe"),
                body("url", url(), "timeoutMs", 2001), body("url", url(), "timeoutMs", 99),
                body("url", "ftp://127.0.0.1/x"), body("standIn", "approve"))) {
            Api.Resp r = api.send("PUT", "/v1/authorization-endpoint", h.key(), bad, Map.of());
            assertThat(r.status()).as(bad + " " + r).isEqualTo(400);
        }
        // live mode never calls into the machine's own network
        Api.Resp live = api.send("PUT", "/v1/authorization-endpoint", h.tenant().liveKey(),
                body("url", "https://127.0.0.1/decide"), Map.of());
        assertThat(live.status()).as(live.toString()).isEqualTo(400);

        Api.Resp deleted = api.delete("/v1/authorization-endpoint", h.key());
        assertThat(deleted.status()).isEqualTo(200);
        assertThat(deleted.data().get("deleted").asBoolean()).isTrue();
        assertThat(api.get("/v1/authorization-endpoint", h.key()).status()).isEqualTo(404);
    }

    @Test
    void an_approving_endpoint_receives_a_signed_request_and_the_authorization_is_approved() throws Exception {
        Holder h = newHolder();
        String card = fundedCard(h, "100.00");
        String secret = register(h.key(), "decline", 2000);
        behaviour = answering("{\"approved\": true}");

        Api.Resp r = authorize(h.key(), card, "10.00", "EUR", merchant("Cafe de Flore", "5812", "FR"));
        assertThat(r.data().get("approved").asBoolean()).as(r.toString()).isTrue();
        assertThat(r.text("amount")).isEqualTo("11.02");
        assertBalance(h.key(), card, "88.98", "11.02", "100.00");

        assertThat(received).hasSize(1);
        Received request = received.get(0);
        new Webhook(secret).verify(request.body(), request.headers());
        assertThat(request.headers().get("webhook-id")).containsExactly(r.text("id"));
        // a wrong secret does not verify
        assertThatThrownBy(() -> new Webhook("whsec_" + java.util.Base64.getEncoder().encodeToString(new byte[32]))
                .verify(request.body(), request.headers())).isInstanceOf(Exception.class);
        JsonNode json = request.json();
        assertThat(json.get("type").asString()).isEqualTo("authorization.request");
        assertThat(json.get("id").asString()).isEqualTo(r.text("id"));
        assertThat(json.get("livemode").asBoolean()).isFalse();
        JsonNode object = request.object();
        assertThat(object.get("cardId").asString()).isEqualTo(card);
        assertThat(object.get("customerId").asString()).isEqualTo(h.customerId());
        assertThat(object.get("amount").asString()).isEqualTo("11.02");
        assertThat(object.get("currency").asString()).isEqualTo("USD");
        assertThat(object.get("fxFee").asString()).isEqualTo("0.22");
        assertThat(object.get("merchantAmount").asString()).isEqualTo("10.00");
        assertThat(object.get("merchantCurrency").asString()).isEqualTo("EUR");
        assertThat(object.get("merchant").get("name").asString()).isEqualTo("Cafe de Flore");
        assertThat(object.get("merchant").get("mcc").asString()).isEqualTo("5812");
        assertThat(object.toString()).doesNotContain(api.get("/v1/cards/" + card + "/details", h.key()).data()
                .get("number").asString());
        assertLedgerBalanced();
    }

    @Test
    void a_declining_endpoint_declines() {
        Holder h = newHolder();
        String card = fundedCard(h, "100.00");
        register(h.key(), "approve", 2000);
        behaviour = answering("{\"approved\": false}");

        assertDeclined(authorize(h.key(), card, "10.00"), "webhook_declined");
        assertBalance(h.key(), card, "100.00", "0.00", "100.00");
        assertThat(received).hasSize(1);
        JsonNode listed = api.get("/v1/transactions?status=declined", h.key()).data().get("items").get(0);
        assertThat(listed.get("declineReason").asString()).isEqualTo("webhook_declined");
        assertLedgerBalanced();
    }

    @Test
    void an_endpoint_may_approve_a_smaller_amount() {
        Holder h = newHolder();
        String card = fundedCard(h, "100.00");
        register(h.key(), "decline", 2000);
        behaviour = answering("{\"approved\": true, \"amount\": \"5.00\"}");

        Api.Resp r = authorize(h.key(), card, "10.00");
        assertThat(r.data().get("approved").asBoolean()).as(r.toString()).isTrue();
        assertThat(r.text("amount")).isEqualTo("5.00");
        assertBalance(h.key(), card, "95.00", "5.00", "100.00");
        assertThat(authorization(h.key(), r.text("id")).get("heldAmount").asString()).isEqualTo("5.00");
        assertThat(received.get(0).object().get("amount").asString()).isEqualTo("10.00");

        // an amount above the request approves only what was asked
        behaviour = answering("{\"approved\": true, \"amount\": \"50.00\"}");
        Api.Resp more = authorize(h.key(), card, "10.00");
        assertThat(more.text("amount")).isEqualTo("10.00");
        assertBalance(h.key(), card, "85.00", "15.00", "100.00");

        // an approval of nothing, or of no amount at all, is no approval: the stand-in rule (decline) decides
        for (String amount : List.of("\"0.00\"", "\"-1.00\"", "\"5.001\"", "\"five\"", "0")) {
            behaviour = answering("{\"approved\": true, \"amount\": " + amount + "}");
            assertDeclined(authorize(h.key(), card, "10.00"), "webhook_timeout");
        }
        assertBalance(h.key(), card, "85.00", "15.00", "100.00");
        assertLedgerBalanced();
    }

    @Test
    void past_the_deadline_the_stand_in_rule_decides() {
        Holder h = newHolder();
        String card = fundedCard(h, "100.00");
        register(h.key(), "decline", 300);
        CountDownLatch release = new CountDownLatch(1);
        behaviour = (r, exchange) -> {
            release.await(1, TimeUnit.SECONDS);
            reply(exchange, 200, "{\"approved\": true}");
        };
        assertDeclined(authorize(h.key(), card, "10.00"), "webhook_timeout");
        assertBalance(h.key(), card, "100.00", "0.00", "100.00");

        register(h.key(), "approve", 300);
        Api.Resp approved = authorize(h.key(), card, "10.00");
        assertThat(approved.data().get("approved").asBoolean()).as(approved.toString()).isTrue();
        assertBalance(h.key(), card, "90.00", "10.00", "100.00");
        assertThat(received).hasSize(2);
        release.countDown();
        assertLedgerBalanced();
    }

    @Test
    void an_error_or_an_unreadable_answer_lets_the_stand_in_rule_decide() throws Exception {
        Holder h = newHolder();
        String card = fundedCard(h, "100.00");
        register(h.key(), "decline", 2000);
        behaviour = (r, exchange) -> reply(exchange, 500, "{\"error\": \"boom\"}");
        assertDeclined(authorize(h.key(), card, "10.00"), "webhook_timeout");
        behaviour = answering("not json");
        assertDeclined(authorize(h.key(), card, "10.00"), "webhook_timeout");
        behaviour = answering("{\"approved\": \"yes\"}");
        assertDeclined(authorize(h.key(), card, "10.00"), "webhook_timeout");
        assertBalance(h.key(), card, "100.00", "0.00", "100.00");

        register(h.key(), "approve", 2000);
        behaviour = (r, exchange) -> reply(exchange, 500, "{}");
        Api.Resp approved = authorize(h.key(), card, "10.00");
        assertThat(approved.data().get("approved").asBoolean()).as(approved.toString()).isTrue();
        assertBalance(h.key(), card, "90.00", "10.00", "100.00");
        assertThat(received).hasSize(4);

        // nobody listening at all: the stand-in rule again
        int closedPort;
        try (ServerSocket s = new ServerSocket(0)) {
            closedPort = s.getLocalPort();
        }
        Api.Resp gone = api.send("PUT", "/v1/authorization-endpoint", h.key(), body("url",
                "http://127.0.0.1:" + closedPort + "/decide", "standIn", "decline", "timeoutMs", 2000), Map.of());
        assertThat(gone.status()).isEqualTo(200);
        assertDeclined(authorize(h.key(), card, "10.00"), "webhook_timeout");
        assertBalance(h.key(), card, "90.00", "10.00", "100.00");
        assertLedgerBalanced();
    }

    @Test
    void an_answer_that_drips_or_never_ends_is_cut_off_at_its_deadline_or_its_size() throws Exception {
        Holder h = newHolder();
        String card = fundedCard(h, "100.00");
        int timeoutMs = 1000;
        register(h.key(), "decline", timeoutMs);

        // headers at once, then the approval a byte at a time: never whole before the deadline
        EndlessBody drip = EndlessBody.drip("{\"approved\": true", Duration.ofMillis(100));
        behaviour = (r, exchange) -> drip.respond(exchange);
        long t0 = System.nanoTime();
        assertDeclined(authorize(h.key(), card, "10.00"), "webhook_timeout");
        assertThat((System.nanoTime() - t0) / 1_000_000).as("ms for the authorization").isLessThan(timeoutMs + 4_000);
        long dripCut = drip.awaitCut(Duration.ofSeconds(10));
        assertThat(dripCut).as("ms until Emboss hung up on the drip (-1: never)").isBetween(0L, timeoutMs + 4_000L);

        // an answer without end, as fast as it goes: read up to the bound, then hung up on
        EndlessBody flood = EndlessBody.flood("{\"approved\": true, \"padding\": \"");
        behaviour = (r, exchange) -> flood.respond(exchange);
        assertDeclined(authorize(h.key(), card, "10.00"), "webhook_timeout");
        long floodCut = flood.awaitCut(Duration.ofSeconds(10));
        assertThat(floodCut).as("ms until Emboss hung up on the endless body (-1: never), " + flood.written()
                + " bytes written").isBetween(0L, timeoutMs + 4_000L);
        assertThat(flood.written()).as("bytes the endless body got out").isLessThan(32L * 1024 * 1024);

        assertBalance(h.key(), card, "100.00", "0.00", "100.00");
        assertLedgerBalanced();
    }

    @Test
    void emboss_checks_first_and_without_an_endpoint_decides_alone() {
        Holder h = newHolder();
        String card = fundedCard(h, "100.00");
        register(h.key(), "approve", 2000);
        behaviour = answering("{\"approved\": true}");

        // Emboss's own static checks decline before the tenant is asked
        assertThat(api.patch("/v1/cards/" + card, h.key(), body("controls", body("blockedMccs", List.of("7995"))))
                .status()).isEqualTo(200);
        assertDeclined(authorize(h.key(), card, "10.00", "USD", merchant("Casino", "7995", "US")), "mcc_blocked");
        assertDeclined(authorize(h.key(), card, "2500.01"), "exceeds_transaction_limit");
        // and so do the funds, the day's limit and the PIN, though they are checked again under the lock
        assertDeclined(authorize(h.key(), card, "100.01"), "insufficient_funds");
        setLimits(h.key(), card, "50.00", "50.00", "50.00");
        assertDeclined(authorize(h.key(), card, "50.01"), "exceeds_transaction_limit");
        assertThat(api.send("PUT", "/v1/cards/" + card + "/pin", h.key(), body("pin", "4829"), Map.of()).status())
                .isEqualTo(200);
        assertDeclined(api.post("/v1/simulate/authorizations", h.key(), body("cardId", card, "pin", "5830",
                "amount", "1.00", "currency", "USD", "merchant", shop())), "incorrect_pin");
        assertThat(received).isEmpty();
        assertBalance(h.key(), card, "100.00", "0.00", "100.00");

        // the right PIN passes, the tenant is asked once and the PIN's tries are counted once
        Api.Resp withPin = api.post("/v1/simulate/authorizations", h.key(), body("cardId", card, "pin", "4829",
                "amount", "30.00", "currency", "USD", "merchant", shop()));
        assertThat(withPin.data().get("approved").asBoolean()).as(withPin.toString()).isTrue();
        assertThat(received).hasSize(1);
        assertDeclined(authorize(h.key(), card, "20.01"), "exceeds_daily_limit");
        assertThat(received).hasSize(1);
        for (String wrong : List.of("5830", "6931")) {
            assertDeclined(api.post("/v1/simulate/authorizations", h.key(), body("cardId", card, "pin", wrong,
                    "amount", "1.00", "currency", "USD", "merchant", shop())), "incorrect_pin");
        }
        assertDeclined(api.post("/v1/simulate/authorizations", h.key(), body("cardId", card, "pin", "7032",
                "amount", "1.00", "currency", "USD", "merchant", shop())), "pin_tries_exceeded");
        assertThat(received).hasSize(1);
        assertThat(action(h.key(), withPin.text("id"), "reverse", null).status()).isEqualTo(200);
        assertBalance(h.key(), card, "100.00", "0.00", "100.00");

        assertThat(api.delete("/v1/authorization-endpoint", h.key()).status()).isEqualTo(200);
        behaviour = answering("{\"approved\": false}");
        int before = received.size();
        Api.Resp alone = authorize(h.key(), card, "10.00");
        assertThat(alone.data().get("approved").asBoolean()).as(alone.toString()).isTrue();
        assertThat(received).hasSize(before);
        assertBalance(h.key(), card, "90.00", "10.00", "100.00");
        assertLedgerBalanced();
    }

    @Test
    void a_slow_decision_holds_no_lock_other_authorizations_complete_meanwhile() throws Exception {
        Holder h = newHolder();
        String cardA = fundedCard(h, "100.00");
        String cardB = fundedCard(h, "100.00");
        register(h.key(), "decline", 2000);
        CountDownLatch slowArrived = new CountDownLatch(1);
        CountDownLatch releaseSlow = new CountDownLatch(1);
        behaviour = (r, exchange) -> {
            if ("Slow Shop".equals(r.object().get("merchant").get("name").asString())) {
                slowArrived.countDown();
                releaseSlow.await(10, TimeUnit.SECONDS);
            }
            reply(exchange, 200, "{\"approved\": true}");
        };

        CompletableFuture<Api.Resp> slow = CompletableFuture.supplyAsync(() -> authorize(h.key(), cardA, "10.00",
                "USD", merchant("Slow Shop", "5411", "US")));
        try {
            assertThat(slowArrived.await(30, TimeUnit.SECONDS)).isTrue();
            // while the tenant thinks about card A, card B and card A itself go through
            Api.Resp otherCard = authorize(h.key(), cardB, "20.00");
            assertThat(otherCard.data().get("approved").asBoolean()).as(otherCard.toString()).isTrue();
            assertThat(slow).as("the slow decision must still be pending").isNotDone();
            Api.Resp sameCard = authorize(h.key(), cardA, "30.00");
            assertThat(sameCard.data().get("approved").asBoolean()).as(sameCard.toString()).isTrue();
            Api.Resp capture = action(h.key(), sameCard.text("id"), "capture", null);
            assertThat(capture.status()).isEqualTo(200);
            assertThat(slow).as("the slow decision must still be pending").isNotDone();
        } finally {
            releaseSlow.countDown();
        }
        Api.Resp slowResult = slow.get(30, TimeUnit.SECONDS);
        assertThat(slowResult.status()).isEqualTo(201);
        // released before or after the 2 s deadline: approved by the endpoint or declined by stand-in
        if (slowResult.data().get("approved").asBoolean()) {
            assertBalance(h.key(), cardA, "60.00", "10.00", "70.00");
        } else {
            assertThat(slowResult.text("declineReason")).isEqualTo("webhook_timeout");
            assertBalance(h.key(), cardA, "70.00", "0.00", "70.00");
        }
        assertBalance(h.key(), cardB, "80.00", "20.00", "100.00");
        assertLedgerBalanced();
    }

    @Test
    void more_slow_decisions_than_database_connections_block_nothing() throws Exception {
        Holder h = newHolder();
        String cardA = fundedCard(h, "100.00");
        String cardB = fundedCard(h, "100.00");
        register(h.key(), "decline", 2000);
        // more than the test pool's connections: a connection held while waiting would starve
        int slowCount = io.emboss.support.PostgresSchema.POOL_SIZE + 2;
        CountDownLatch allArrived = new CountDownLatch(slowCount);
        CountDownLatch releaseSlow = new CountDownLatch(1);
        behaviour = (r, exchange) -> {
            if ("Slow Shop".equals(r.object().get("merchant").get("name").asString())) {
                allArrived.countDown();
                releaseSlow.await(10, TimeUnit.SECONDS);
            }
            reply(exchange, 200, "{\"approved\": true}");
        };
        ExecutorService clients = Executors.newFixedThreadPool(slowCount);
        List<CompletableFuture<Api.Resp>> slow = new java.util.ArrayList<>();
        try {
            for (int i = 0; i < slowCount; i++) {
                slow.add(CompletableFuture.supplyAsync(() -> authorize(h.key(), cardA, "1.00", "USD",
                        merchant("Slow Shop", "5411", "US")), clients));
            }
            assertThat(allArrived.await(30, TimeUnit.SECONDS)).as("every slow decision reached the endpoint").isTrue();
            Api.Resp fast = authorize(h.key(), cardB, "20.00");
            assertThat(fast.data().get("approved").asBoolean()).as(fast.toString()).isTrue();
            assertThat(slow.stream().filter(CompletableFuture::isDone).count()).as("slow decisions done").isZero();
        } finally {
            releaseSlow.countDown();
        }
        int approved = 0;
        for (CompletableFuture<Api.Resp> f : slow) {
            Api.Resp r = f.get(30, TimeUnit.SECONDS);
            assertThat(r.status()).isEqualTo(201);
            if (r.data().get("approved").asBoolean()) {
                approved++;
            } else {
                assertThat(r.text("declineReason")).isEqualTo("webhook_timeout");
            }
        }
        clients.shutdownNow();
        String held = String.format("%d.00", approved);
        assertBalance(h.key(), cardA, String.format("%d.00", 100 - approved), held, "100.00");
        assertBalance(h.key(), cardB, "80.00", "20.00", "100.00");
        assertLedgerBalanced();
    }
}
