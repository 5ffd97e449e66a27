package io.emboss.compat.alix;

import static org.assertj.core.api.Assertions.assertThat;

import com.standardwebhooks.Webhook;
import com.sun.net.httpserver.HttpServer;
import io.emboss.support.Api;
import io.emboss.support.ApiTestBase;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.springframework.test.context.TestPropertySource;
import tools.jackson.databind.JsonNode;

/**
 * Seeds 000/001 (Alix) at /compat/alix over real HTTP: the token pair, the {@code access-token}
 * header, the top-up envelope with numeric error codes, and the asynchronous result delivered to
 * a real local webhook receiver in the seed's notification shape.
 */
@TestPropertySource(properties = {"emboss.topups.settle-delay=PT1S", "emboss.topups.settle-interval-ms=200",
        "emboss.webhooks.poll-interval-ms=50", "emboss.webhooks.retry-schedule=200ms,300ms,400ms"})
class AlixApiTest extends ApiTestBase {
    static final String ALIX = "/compat/alix";
    static final String TOPUP = ALIX + "/api/v2/cards/topup";

    /** A tenant, a customer with USDT in the wallet, an active USD card of an async product, a token pair. */
    record Setup(TenantKeys tenant, String customerId, String cardId, String accessToken, String refreshToken) {
        String key() {
            return tenant.sandboxKey();
        }
    }

    /** A real HTTP server on a local port that records every request it gets. */
    record Receiver(HttpServer server, BlockingQueue<Received> received) {
        String url() {
            return "http://127.0.0.1:" + server.getAddress().getPort() + "/alix";
        }
    }

    record Received(Map<String, List<String>> headers, String body) {
    }

    private Receiver receiver;

    @AfterEach
    void stopReceiver() {
        if (receiver != null) {
            receiver.server().stop(0);
        }
    }

    Receiver startReceiver() throws IOException {
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        BlockingQueue<Received> received = new LinkedBlockingQueue<>();
        server.createContext("/", exchange -> {
            String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            received.add(new Received(Map.copyOf(exchange.getRequestHeaders()), body));
            exchange.sendResponseHeaders(200, -1);
            exchange.close();
        });
        server.start();
        receiver = new Receiver(server, received);
        return receiver;
    }

    Setup setup(String usdt) {
        TenantKeys t = newTenant();
        String key = t.sandboxKey();
        String customer = newApprovedCustomer(key);
        deposit(key, customer, "USDT", usdt);
        Api.Resp card = api.post("/v1/cards", key, body("customerId", customer, "productId", alixProduct(key)));
        assertThat(card.status()).as(card.toString()).isEqualTo(201);
        Api.Resp tokens = api.post(ALIX + "/api/v2/auth/access-token", null,
                body("partnerCode", t.email(), "signature", t.password()));
        assertThat(tokens.status()).as(tokens.toString()).isEqualTo(200);
        assertThat(tokens.body().get("errorCode").asInt()).isZero();
        return new Setup(t, customer, card.text("id"), tokens.data().get("accessToken").asString(),
                tokens.data().get("refreshToken").asString());
    }

    /** An Alix-style product (USD, settled asynchronously) in the key's environment. */
    String alixProduct(String key) {
        Api.Resp product = api.post("/v1/card-products", key, body("name", "Alix USD", "network", "VISA",
                "formFactor", "VIRTUAL", "currency", "USD", "issuanceFee", "0.00",
                "topupFee", body("fixed", "1.00", "percent", "0"), "minTopup", "1.00", "maxBalance", "10000.00",
                "limits", body("perTransaction", "1000.00", "daily", "2000.00", "monthly", "5000.00"),
                "validityMonths", 36, "settlementMode", "async", "bin", "42424242"));
        assertThat(product.status()).as(product.toString()).isEqualTo(201);
        return product.text("id");
    }

        Api.Resp topup(String accessToken, Object cardId, Object amount) {
        return api.send("POST", TOPUP, null, body("cardId", cardId, "amount", amount),
                accessToken == null ? Map.of() : Map.of("access-token", accessToken));
    }

    static void assertAlixError(Api.Resp r, int status, int errorCode) {
        assertThat(r.status()).as(r.toString()).isEqualTo(status);
        assertThat(r.body().get("success").asBoolean()).as(r.toString()).isFalse();
        assertThat(r.body().get("errorCode").asInt()).as(r.toString()).isEqualTo(errorCode);
        assertThat(r.body().get("message").asString()).isNotBlank();
        assertThat(r.body().has("data")).isTrue();
    }

    @Test
    void a_topup_answers_pending_in_the_seed_envelope_and_its_result_reaches_the_webhook_signed() throws Exception {
        Setup s = setup("500");
        Receiver r = startReceiver();
        Api.Resp endpoint = api.post("/v1/webhook-endpoints", s.key(), body("url", r.url(),
                "events", List.of("topup.created", "topup.succeeded", "topup.failed", "card.created"),
                "format", "alix"));
        assertThat(endpoint.status()).as(endpoint.toString()).isEqualTo(201);
        String secret = endpoint.text("secret");

        long before = System.currentTimeMillis() / 1000;
        Api.Resp answer = topup(s.accessToken(), s.cardId(), "100");
        assertThat(answer.status()).as(answer.toString()).isEqualTo(200);
        assertThat(answer.body().propertyNames()).containsExactly("success", "message", "data", "errorCode");
        assertThat(answer.body().get("success").asBoolean()).isTrue();
        assertThat(answer.body().get("errorCode").asInt()).isZero();
        JsonNode data = answer.data();
        assertThat(data.get("type").asString()).isEqualTo("TopupCard");
        assertThat(data.get("status").asString()).isEqualTo("Pending");
        assertThat(data.get("amount").decimalValue()).isEqualByComparingTo("100");
        // conversion fee 1 % of 100 USD plus the product's fixed 1.00
        assertThat(data.get("fee").decimalValue()).isEqualByComparingTo("2");
        assertThat(data.get("balanceBefore").decimalValue()).isEqualByComparingTo("0");
        assertThat(data.get("balanceAfter").decimalValue()).isEqualByComparingTo("0");
        assertThat(data.get("createdAt").isIntegralNumber()).isTrue();
        assertThat(data.get("createdAt").asLong()).isBetween(before, before + 60);
        String topupId = data.get("id").asString();
        // held, not yet posted: the wallet cannot spend the 100 USDT, the card cannot spend the 98 USD yet
        assertThat(walletAvailable(s.key(), s.customerId(), "USDT")).isEqualTo("400.000000");
        assertThat(api.get("/v1/cards/" + s.cardId() + "/balance", s.key()).text("available")).isEqualTo("0.00");

        Received delivery = r.received().poll(30, TimeUnit.SECONDS);
        assertThat(delivery).as("the settled top-up reaches the webhook").isNotNull();
        new Webhook(secret).verify(delivery.body(), delivery.headers());
        JsonNode hook = Api.JSON.readTree(delivery.body());
        assertThat(hook.get("success").asBoolean()).isTrue();
        assertThat(hook.get("webhookType").asString()).isEqualTo("TopupCard");
        assertThat(hook.get("data").get("id").asString()).isEqualTo(topupId);
        assertThat(hook.get("data").get("status").asString()).isEqualTo("Success");
        assertThat(hook.get("data").get("amount").decimalValue()).isEqualByComparingTo("100");
        assertThat(hook.get("data").get("fee").decimalValue()).isEqualByComparingTo("2");
        assertThat(hook.get("data").get("balanceBefore").decimalValue()).isEqualByComparingTo("0");
        assertThat(hook.get("data").get("balanceAfter").decimalValue()).isEqualByComparingTo("98");
        assertThat(api.get("/v1/cards/" + s.cardId() + "/balance", s.key()).text("available")).isEqualTo("98.00");
        // topup.created and card.created have no Alix form: nothing else arrives
        assertThat(r.received().poll(1, TimeUnit.SECONDS)).isNull();
        assertLedgerBalanced();
    }

    @Test
    void a_failed_settlement_reaches_the_webhook_and_returns_the_money() throws Exception {
        Setup s = setup("50");
        Receiver r = startReceiver();
        Api.Resp endpoint = api.post("/v1/webhook-endpoints", s.key(), body("url", r.url(),
                "events", List.of("topup.succeeded", "topup.failed"), "format", "alix"));
        Api.Resp answer = topup(s.accessToken(), s.cardId(), 20.5);
        assertThat(answer.status()).as(answer.toString()).isEqualTo(200);
        String topupId = answer.data().get("id").asString();
        Api.Resp failed = api.post("/v1/simulate/topups/" + topupId, s.key(), body("result", "failed"));
        assertThat(failed.status()).as(failed.toString()).isEqualTo(200);

        Received delivery = r.received().poll(30, TimeUnit.SECONDS);
        assertThat(delivery).isNotNull();
        new Webhook(endpoint.text("secret")).verify(delivery.body(), delivery.headers());
        JsonNode hook = Api.JSON.readTree(delivery.body());
        assertThat(hook.get("success").asBoolean()).isFalse();
        assertThat(hook.get("data").get("status").asString()).isEqualTo("Failed");
        assertThat(hook.get("data").get("amount").decimalValue()).isEqualByComparingTo("20.5");
        assertThat(walletAvailable(s.key(), s.customerId(), "USDT")).isEqualTo("50.000000");
        assertThat(api.get("/v1/cards/" + s.cardId() + "/balance", s.key()).text("posted")).isEqualTo("0.00");
        assertLedgerBalanced();
    }

    @Test
    void refused_topups_answer_numeric_codes_and_move_nothing() {
        Setup s = setup("30");
        String wallet = walletAvailable(s.key(), s.customerId(), "USDT");

        assertAlixError(topup(null, s.cardId(), "10"), 401, 2);
        assertAlixError(topup("at_not-a-token", s.cardId(), "10"), 401, 2);
        assertAlixError(topup(s.accessToken(), s.cardId(), "ten"), 400, 1);
        assertAlixError(topup(s.accessToken(), s.cardId(), "0"), 400, 1);
        assertAlixError(topup(s.accessToken(), s.cardId(), "1.1234567"), 400, 1);
        Api.Resp missing = api.send("POST", TOPUP, null, body("amount", "10"), Map.of("access-token", s.accessToken()));
        assertAlixError(missing, 400, 1);
        assertThat(missing.data().get("fields").has("cardId")).isTrue();
        assertAlixError(topup(s.accessToken(), "card_nope", "10"), 404, 6);
        assertAlixError(topup(s.accessToken(), 0, "10"), 404, 6);
        assertAlixError(topup(s.accessToken(), s.cardId(), "31"), 409, 7);
        Api.Resp unassigned = api.post("/v1/cards", s.key(), body("productId", api.get("/v1/cards/" + s.cardId(),
                s.key()).text("productId")));
        assertThat(unassigned.status()).as(unassigned.toString()).isEqualTo(201);
        assertAlixError(topup(s.accessToken(), unassigned.text("id"), "10"), 409, 8);
        assertThat(api.patch("/v1/cards/" + s.cardId(), s.key(), body("status", "frozen")).status()).isEqualTo(200);
        assertAlixError(topup(s.accessToken(), s.cardId(), "10"), 409, 8);
        assertAlixError(api.send("POST", ALIX + "/api/v2/cards/nope", null, body(),
                Map.of("access-token", s.accessToken())), 404, 6);
        assertAlixError(api.raw("POST", TOPUP, s.accessToken(), "application/json", "{\"cardId\":"), 400, 1);

        assertThat(walletAvailable(s.key(), s.customerId(), "USDT")).isEqualTo(wallet);
        assertThat(api.get("/v1/cards/" + s.cardId() + "/balance", s.key()).text("posted")).isEqualTo("0.00");
        assertLedgerBalanced();
    }

    @Test
    void tokens_come_from_a_partner_login_and_rotate_on_refresh() {
        TenantKeys t = newTenant();
        assertAlixError(api.post(ALIX + "/api/v2/auth/access-token", null,
                body("partnerCode", t.email(), "signature", "wrong")), 401, 2);
        assertAlixError(api.post(ALIX + "/api/v2/auth/access-token", null, body("partnerCode", t.email())), 400, 1);
        Api.Resp first = api.post(ALIX + "/api/v2/auth/access-token", null,
                body("partnerCode", t.email(), "signature", t.password()));
        assertThat(first.body().get("message").asString()).isEqualTo("Your request has been successful");
        assertThat(first.data().get("accessToken").asString()).startsWith("at_");
        String refresh = first.data().get("refreshToken").asString();

        Api.Resp rotated = api.post(ALIX + "/api/v2/auth/refresh-token", null,
                body("partnerCode", t.email(), "refreshToken", refresh, "signature", "anything"));
        assertThat(rotated.status()).as(rotated.toString()).isEqualTo(200);
        String newAccess = rotated.data().get("accessToken").asString();
        assertThat(newAccess).isNotEqualTo(first.data().get("accessToken").asString());
        Api.Resp reused = api.post(ALIX + "/api/v2/auth/refresh-token", null, body("refreshToken", refresh));
        assertAlixError(reused, 401, 4);
        // reuse revokes the whole login, the rotated token included
        assertAlixError(topup(newAccess, "card_nope", "10"), 401, 2);
    }

    /**
     * The environment follows the login: an optional {@code environment} (default sandbox), kept by
     * the refresh; live tokens see live data only, sandbox tokens sandbox data only.
     */
    @Test
    void a_live_login_gives_tokens_for_live_data_and_the_refresh_keeps_it() {
        TenantKeys t = newTenant();
        String liveCard = api.post("/v1/cards", t.liveKey(), body("productId", alixProduct(t.liveKey()))).text("id");
        String sandboxCard = api.post("/v1/cards", t.sandboxKey(), body("productId", alixProduct(t.sandboxKey())))
                .text("id");
        Api.Resp live = api.post(ALIX + "/api/v2/auth/access-token", null,
                body("partnerCode", t.email(), "signature", t.password(), "environment", "live"));
        assertThat(live.status()).as(live.toString()).isEqualTo(200);
        String liveAccess = live.data().get("accessToken").asString();
        assertThat(api.get("/v1/cards/" + liveCard, liveAccess).status()).isEqualTo(200);
        assertThat(api.get("/v1/cards/" + sandboxCard, liveAccess).status()).isEqualTo(404);
        assertAlixError(topup(liveAccess, sandboxCard, "1"), 404, 6);

        Api.Resp refreshed = api.post(ALIX + "/api/v2/auth/refresh-token", null,
                body("refreshToken", live.data().get("refreshToken").asString()));
        assertThat(refreshed.status()).as(refreshed.toString()).isEqualTo(200);
        assertThat(api.get("/v1/cards/" + liveCard, refreshed.data().get("accessToken").asString()).status())
                .as("the refresh keeps the environment").isEqualTo(200);

        Api.Resp sandbox = api.post(ALIX + "/api/v2/auth/access-token", null,
                body("partnerCode", t.email(), "signature", t.password()));
        String sandboxAccess = sandbox.data().get("accessToken").asString();
        assertThat(api.get("/v1/cards/" + sandboxCard, sandboxAccess).status()).as("sandbox by default")
                .isEqualTo(200);
        assertThat(api.get("/v1/cards/" + liveCard, sandboxAccess).status()).isEqualTo(404);

        assertAlixError(api.post(ALIX + "/api/v2/auth/access-token", null, body("partnerCode", t.email(),
                "signature", t.password(), "environment", "production")), 400, 1);
        assertAlixError(api.post(ALIX + "/api/v2/auth/access-token", null, body("partnerCode", t.email(),
                "signature", t.password(), "environment", 1)), 400, 1);
    }

    /** Access tokens that live one second: expired is 403 / errorCode 3, and the refresh token renews it. */
    @Nested
    @TestPropertySource(properties = "emboss.auth.access-token-ttl=PT1S")
    class ExpiredAccessTokens extends ApiTestBase {
        @Test
        void an_expired_access_token_is_refreshed_not_reissued() throws Exception {
            TenantKeys t = newTenant();
            Api.Resp tokens = api.post(ALIX + "/api/v2/auth/access-token", null,
                    body("partnerCode", t.email(), "signature", t.password()));
            String access = tokens.data().get("accessToken").asString();
            Thread.sleep(1500);
            Api.Resp expired = api.send("POST", TOPUP, null, body("cardId", "card_x", "amount", "1"),
                    Map.of("access-token", access));
            assertAlixError(expired, 403, 3);
            Api.Resp refreshed = api.post(ALIX + "/api/v2/auth/refresh-token", null,
                    body("refreshToken", tokens.data().get("refreshToken").asString()));
            assertThat(refreshed.status()).as(refreshed.toString()).isEqualTo(200);
            Api.Resp again = api.send("POST", TOPUP, null, body("cardId", "card_x", "amount", "1"),
                    Map.of("access-token", refreshed.data().get("accessToken").asString()));
            assertAlixError(again, 404, 6);
        }
    }
}
