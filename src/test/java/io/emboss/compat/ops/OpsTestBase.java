package io.emboss.compat.ops;

import static org.assertj.core.api.Assertions.assertThat;

import io.emboss.support.Api;
import io.emboss.support.ApiTestBase;
import java.math.BigDecimal;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.JsonNode;

/** Helpers of the ops profile tests: native set-up through /v1, ops calls through /compat/ops. */
abstract class OpsTestBase extends ApiTestBase {

    /** A tenant with a funded merchant account, an approved customer and one active virtual card of theirs. */
    record Holder(TenantKeys tenant, String key, String customerId, String cardId, long userId, long cardNumberId) {
    }

    protected Holder newHolder(String walletUsd, String initialBalance) {
        TenantKeys t = newTenant();
        String key = t.sandboxKey();
        fundTenant(key, "USD", "500.00");
        String customer = newApprovedCustomer(key);
        deposit(key, customer, "USD", walletUsd);
        String card = issueCard(key, "customerId", customer, "productId", product(key, "Virtual USD Visa"),
                "initialBalance", initialBalance);
        return new Holder(t, key, customer, card, alias(key, customer, "user_id"), alias(key, card, "card_id"));
    }

    protected String product(String key, String name) {
        Api.Resp r = api.get("/v1/card-products?limit=100", key);
        assertThat(r.status()).as(r.toString()).isEqualTo(200);
        for (JsonNode p : r.data().get("items")) {
            if (p.get("name").asString().equals(name)) {
                return p.get("id").asString();
            }
        }
        throw new AssertionError("no product " + name + " in " + r);
    }

    protected String issueCard(String key, Object... kv) {
        Api.Resp r = api.post("/v1/cards", key, body(kv));
        assertThat(r.status()).as(r.toString()).isEqualTo(201);
        return r.text("id");
    }

    protected void fundTenant(String key, String currency, String amount) {
        Api.Resp r = api.post("/v1/simulate/tenant-funding", key, body("currency", currency, "amount", amount));
        assertThat(r.status()).as(r.toString()).isEqualTo(201);
    }

    /** The numeric id the ops profile gives a native id ({@code field} is user_id, card_id or template_id). */
    protected long alias(String key, String nativeId, String field) {
        Api.Resp r = ops("/ids", key, "ids", List.of(nativeId));
        assertThat(r.status()).as(r.toString()).isEqualTo(200);
        JsonNode row = r.body().get("data").get(0);
        assertThat(row.get("id").asString()).isEqualTo(nativeId);
        assertThat(row.get(field).isIntegralNumber()).as(r.toString()).isTrue();
        return row.get(field).asLong();
    }

    protected Api.Resp ops(String path, String key, Object... kv) {
        return api.post("/compat/ops" + path, key, body(kv));
    }

    /** An ops call that must answer 200. */
    protected JsonNode opsOk(String path, String key, Object... kv) {
        Api.Resp r = ops(path, key, kv);
        assertThat(r.status()).as(r.toString()).isEqualTo(200);
        return r.body();
    }

    /** Asserts the ops error shape: {message, code} (and fields on a 400), nothing of the native envelope. */
    protected static Api.Resp assertOpsError(Api.Resp r, int status, String code) {
        assertThat(r.status()).as(r.toString()).isEqualTo(status);
        assertThat(r.body().get("code").asString()).as(r.toString()).isEqualTo(code);
        assertThat(r.body().get("message").asString()).isNotBlank();
        assertThat(r.body().has("success")).as("not the native envelope").isFalse();
        return r;
    }

    protected static BigDecimal decimal(JsonNode n) {
        assertThat(n.isNumber()).as("a JSON number: " + n).isTrue();
        return n.decimalValue();
    }

    /** The native card balance: available (what the seed calls balance). */
    protected String cardAvailable(String key, String cardId) {
        Api.Resp r = api.get("/v1/cards/" + cardId + "/balance", key);
        assertThat(r.status()).as(r.toString()).isEqualTo(200);
        return r.text("available");
    }

    /** Every balance a rejected request must leave as it was. */
    protected Map<String, String> balances(Holder h) {
        return Map.of("card", cardAvailable(h.key(), h.cardId()), "wallet", walletAvailable(h.key(), h.customerId(),
                "USD"), "funding", fundingAvailable(h.key(), "USD"));
    }
}
