package io.emboss.authorization;

import static org.assertj.core.api.Assertions.assertThat;

import io.emboss.support.Api;
import io.emboss.support.ApiTestBase;
import io.emboss.support.PostgresSchema;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.springframework.beans.factory.annotation.Value;
import tools.jackson.databind.JsonNode;

/**
 * Helpers of the authorization tests: funded cards issued through the API, the simulator, and the
 * card's balance as GET /v1/cards/{id}/balance shows it.
 */
public abstract class AuthorizationTestBase extends ApiTestBase {

    @Value("${emboss.test.schema}")
    protected String schema;

    /** A tenant's sandbox key with one approved customer, as most tests need. */
    protected record Holder(TenantKeys tenant, String key, String customerId) {
    }

    protected Holder newHolder() {
        TenantKeys t = newTenant();
        return new Holder(t, t.sandboxKey(), newApprovedCustomer(t.sandboxKey()));
    }

    /** The id of a default sandbox product ("Virtual USD Visa" or "Physical USD Visa"). */
    protected String defaultProduct(String key, String formFactor) {
        Api.Resp r = api.get("/v1/card-products", key);
        assertThat(r.status()).as(r.toString()).isEqualTo(200);
        for (JsonNode p : r.data().get("items")) {
            if (formFactor.equalsIgnoreCase(p.get("formFactor").asString()) && "USD".equals(p.get("currency").asString())) {
                return p.get("id").asString();
            }
        }
        throw new AssertionError("no default " + formFactor + " USD product in " + r);
    }

    /**
     * Issues an active virtual USD card holding exactly {@code balance}: the customer's wallet is
     * funded with the balance plus the product's issuance fee (1.00) first, so the wallet ends at 0.
     */
    protected String fundedCard(Holder h, String balance) {
        String amount = new java.math.BigDecimal(balance).add(java.math.BigDecimal.ONE).toPlainString();
        deposit(h.key(), h.customerId(), "USD", amount);
        Api.Resp r = api.post("/v1/cards", h.key(), body("customerId", h.customerId(), "productId",
                defaultProduct(h.key(), "virtual"), "initialBalance", balance));
        assertThat(r.status()).as(r.toString()).isEqualTo(201);
        assertThat(r.text("status")).isEqualTo("active");
        String id = r.text("id");
        assertBalance(h.key(), id, balance, "0.00", balance);
        return id;
    }

    protected static Map<String, Object> merchant(String name, String mcc, String country) {
        return body("name", name, "mcc", mcc, "country", country, "city", "Bogota");
    }

    protected static Map<String, Object> shop() {
        return merchant("Corner Shop", "5411", "US");
    }

    protected Api.Resp authorize(String key, String cardId, String amount) {
        return authorize(key, cardId, amount, "USD", shop());
    }

    protected Api.Resp authorize(String key, String cardId, String amount, String currency,
            Map<String, Object> merchant) {
        return api.post("/v1/simulate/authorizations", key,
                body("cardId", cardId, "amount", amount, "currency", currency, "merchant", merchant));
    }

    /** Authorizes and asserts approval; returns the authorization id. */
    protected String approved(String key, String cardId, String amount) {
        Api.Resp r = authorize(key, cardId, amount);
        assertThat(r.status()).as(r.toString()).isEqualTo(201);
        assertThat(r.data().get("approved").asBoolean()).as(r.toString()).isTrue();
        assertThat(r.text("status")).isEqualTo("pending");
        assertThat(r.text("id")).startsWith("auth_");
        assertThat(r.text("transactionId")).startsWith("txn_");
        assertThat(r.text("authCode")).matches("\\d{6}");
        assertThat(r.data().get("declineReason").isNull()).isTrue();
        return r.text("id");
    }

    /** Asserts a 201 decline with this reason and returns the response. */
    protected static Api.Resp assertDeclined(Api.Resp r, String reason) {
        assertThat(r.status()).as(r.toString()).isEqualTo(201);
        assertThat(r.data().get("approved").asBoolean()).as(r.toString()).isFalse();
        assertThat(r.text("status")).as(r.toString()).isEqualTo("declined");
        assertThat(r.text("declineReason")).as(r.toString()).isEqualTo(reason);
        assertThat(r.data().get("authCode").isNull()).as(r.toString()).isTrue();
        assertThat(r.text("transactionId")).startsWith("txn_");
        return r;
    }

    protected JsonNode balance(String key, String cardId) {
        Api.Resp r = api.get("/v1/cards/" + cardId + "/balance", key);
        assertThat(r.status()).as(r.toString()).isEqualTo(200);
        return r.data();
    }

    protected void assertBalance(String key, String cardId, String available, String pending, String posted) {
        JsonNode b = balance(key, cardId);
        assertThat(b.get("available").asString()).as("available of " + b).isEqualTo(available);
        assertThat(b.get("pending").asString()).as("pending of " + b).isEqualTo(pending);
        assertThat(b.get("posted").asString()).as("posted of " + b).isEqualTo(posted);
    }

    /** Sets a card's spending limits through the API. */
    protected void setLimits(String key, String cardId, String perTransaction, String daily, String monthly) {
        Api.Resp r = api.patch("/v1/cards/" + cardId, key,
                body("limits", body("perTransaction", perTransaction, "daily", daily, "monthly", monthly)));
        assertThat(r.status()).as(r.toString()).isEqualTo(200);
    }

    /** Asserts an authorization's record (a response's data, a listed item or an event's object). */
    protected static void assertAuthorization(JsonNode t, String status, String held, String captured,
            String reversed) {
        assertThat(t.get("status").asString()).as("status of " + t).isEqualTo(status);
        assertThat(t.get("heldAmount").asString()).as("heldAmount of " + t).isEqualTo(held);
        assertThat(t.get("capturedAmount").asString()).as("capturedAmount of " + t).isEqualTo(captured);
        assertThat(t.get("reversedAmount").asString()).as("reversedAmount of " + t).isEqualTo(reversed);
    }

    protected Api.Resp action(String key, String authorizationId, String verb, Object body) {
        return api.post("/v1/simulate/authorizations/" + authorizationId + "/" + verb, key, body);
    }

    protected JsonNode authorization(String key, String authorizationId) {
        Api.Resp r = api.get("/v1/authorizations/" + authorizationId, key);
        assertThat(r.status()).as(r.toString()).isEqualTo(200);
        return r.data();
    }

    /** The events of a type the tenant can list, newest first. */
    protected List<JsonNode> events(String key, String type) {
        Api.Resp r = api.get("/v1/events?limit=100&type=" + type, key);
        assertThat(r.status()).as(r.toString()).isEqualTo(200);
        List<JsonNode> out = new ArrayList<>();
        r.data().get("items").forEach(out::add);
        return out;
    }

    /**
     * Test fixtures the API cannot produce without a movable clock (an expired card, spending on an
     * earlier day of the month): one UPDATE on this test class's own schema. Not a mock: the server
     * reads the row as it would any other.
     */
    protected void sql(String statement, Object... params) {
        try (Connection c = DriverManager.getConnection(PostgresSchema.urlFor(schema), PostgresSchema.user(),
                PostgresSchema.password());
             PreparedStatement s = c.prepareStatement(statement)) {
            for (int i = 0; i < params.length; i++) {
                s.setObject(i + 1, params[i]);
            }
            assertThat(s.executeUpdate()).as(statement).isEqualTo(1);
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Runs n copies of the call at once (released together) and returns every result in order. */
    protected static <T> List<T> inParallel(int n, java.util.function.IntFunction<Callable<T>> call) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(n);
        try {
            CountDownLatch ready = new CountDownLatch(n);
            CountDownLatch go = new CountDownLatch(1);
            List<Future<T>> futures = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                Callable<T> c = call.apply(i);
                futures.add(pool.submit(() -> {
                    ready.countDown();
                    go.await();
                    return c.call();
                }));
            }
            assertThat(ready.await(30, TimeUnit.SECONDS)).isTrue();
            go.countDown();
            List<T> out = new ArrayList<>();
            for (Future<T> f : futures) {
                out.add(f.get(120, TimeUnit.SECONDS));
            }
            return out;
        } finally {
            pool.shutdownNow();
        }
    }
}
