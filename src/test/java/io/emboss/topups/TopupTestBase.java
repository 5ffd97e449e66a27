package io.emboss.topups;

import static org.assertj.core.api.Assertions.assertThat;

import io.emboss.support.Api;
import io.emboss.support.ApiTestBase;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.JsonNode;

/** Helpers of the top-up HTTP tests: products, cards, top-ups, balances and events, all through the API. */
abstract class TopupTestBase extends ApiTestBase {

    /** The tenant's default "Virtual USD Visa" product (issuance 1.00, top-up 0.50 + 1 %, min 10.00, max 10000.00). */
    protected String defaultProduct(String key) {
        Api.Resp r = api.get("/v1/card-products?limit=100", key);
        assertThat(r.status()).as(r.toString()).isEqualTo(200);
        for (JsonNode p : r.data().get("items")) {
            if (p.get("name").asString().equals("Virtual USD Visa")) {
                return p.get("id").asString();
            }
        }
        throw new AssertionError("no default Virtual USD Visa product in " + r);
    }

    /** A virtual USD Visa product body; callers override what a test is about. */
    protected static Map<String, Object> productBody(String fixedFee, String percentFee) {
        Map<String, Object> b = new LinkedHashMap<>();
        b.put("name", "Test USD " + fixedFee + " + " + percentFee + " %");
        b.put("network", "VISA");
        b.put("formFactor", "VIRTUAL");
        b.put("currency", "USD");
        b.put("issuanceFee", "0.00");
        b.put("topupFee", Api.map("fixed", fixedFee, "percent", percentFee));
        b.put("minTopup", "1.00");
        b.put("maxBalance", "10000.00");
        b.put("limits", Api.map("perTransaction", "1000.00", "daily", "2000.00", "monthly", "5000.00"));
        b.put("validityMonths", 36);
        return b;
    }

    protected String createProduct(String key, Map<String, Object> body) {
        Api.Resp r = api.post("/v1/card-products", key, body);
        assertThat(r.status()).as(r.toString()).isEqualTo(201);
        return r.text("id");
    }

    /** Issues a card (201 asserted) and returns its id. */
    protected String issueCard(String key, Object... kv) {
        Api.Resp r = api.post("/v1/cards", key, body(kv));
        assertThat(r.status()).as(r.toString()).isEqualTo(201);
        assertThat(r.text("id")).startsWith("card_");
        return r.text("id");
    }

    /** A customer with approved KYC and this much in their USD wallet. */
    protected String fundedCustomer(String key, String usd) {
        String c = newApprovedCustomer(key);
        deposit(key, c, "USD", usd);
        return c;
    }

    protected void fundTenant(String key, String currency, String amount) {
        Api.Resp r = api.post("/v1/simulate/tenant-funding", key, body("currency", currency, "amount", amount));
        assertThat(r.status()).as(r.toString()).isEqualTo(201);
    }

    protected Api.Resp topup(String key, String cardId, Object... kv) {
        return api.post("/v1/cards/" + cardId + "/topups", key, body(kv));
    }

    /** A top-up that must succeed (201); returns its data. */
    protected JsonNode topupOk(String key, String cardId, String amount) {
        Api.Resp r = topup(key, cardId, "amount", amount);
        assertThat(r.status()).as(r.toString()).isEqualTo(201);
        return r.data();
    }

    protected Api.Resp withdraw(String key, String cardId, String amount) {
        return api.post("/v1/cards/" + cardId + "/withdrawals", key, body("amount", amount));
    }

    /** GET /v1/cards/{id}/balance (200 asserted). */
    protected JsonNode cardBalance(String key, String cardId) {
        Api.Resp r = api.get("/v1/cards/" + cardId + "/balance", key);
        assertThat(r.status()).as(r.toString()).isEqualTo(200);
        return r.data();
    }

    protected String cardAvailable(String key, String cardId) {
        return cardBalance(key, cardId).get("available").asString();
    }

    /** The wallet's held (pending) amount in a currency. */
    protected String walletPending(String key, String customerId, String currency) {
        Api.Resp r = api.get("/v1/customers/" + customerId + "/wallets", key);
        assertThat(r.status()).as(r.toString()).isEqualTo(200);
        for (JsonNode item : r.data().get("items")) {
            if (item.get("currency").asString().equals(currency)) {
                return item.get("pending").asString();
            }
        }
        throw new AssertionError("no " + currency + " wallet in " + r);
    }

    /** Every top-up of a card, newest first (all pages). */
    protected List<JsonNode> topupsOf(String key, String cardId) {
        return allPages("/v1/cards/" + cardId + "/topups", key);
    }

    /** The objects of the events of a type about one object id, newest first. */
    protected List<JsonNode> eventObjects(String key, String type, String objectId) {
        List<JsonNode> out = new ArrayList<>();
        for (JsonNode e : events(key, type)) {
            JsonNode object = e.get("data").get("object");
            if (object.get("id").asString().equals(objectId)) {
                out.add(object);
            }
        }
        return out;
    }

    /** Every balance a money test watches, as the API shows them, for before/after comparisons. */
    protected Map<String, Object> snapshot(String key, String customerId, String... cardIds) {
        Map<String, Object> s = new LinkedHashMap<>();
        if (customerId != null) {
            Api.Resp w = api.get("/v1/customers/" + customerId + "/wallets", key);
            assertThat(w.status()).as(w.toString()).isEqualTo(200);
            s.put("wallets", w.data().get("items").toString());
        }
        Api.Resp f = api.get("/v1/balance", key);
        assertThat(f.status()).as(f.toString()).isEqualTo(200);
        s.put("funding", f.data().get("items").toString());
        for (String card : cardIds) {
            s.put(card, cardBalance(key, card).toString());
            s.put(card + "/topups", topupsOf(key, card).size());
        }
        return s;
    }

    protected static BigDecimal dec(String s) {
        return new BigDecimal(s);
    }

    protected static BigDecimal dec(JsonNode node, String field) {
        return new BigDecimal(node.get(field).asString());
    }

    /** Formats a USD amount as the API does ("12.30"). */
    protected static String usd(BigDecimal amount) {
        return amount.setScale(2).toPlainString();
    }

    protected static String text(JsonNode node, String field) {
        JsonNode n = node.get(field);
        return n == null || n.isNull() ? null : n.asString();
    }
}
