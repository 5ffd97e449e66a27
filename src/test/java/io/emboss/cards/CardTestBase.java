package io.emboss.cards;

import static org.assertj.core.api.Assertions.assertThat;

import io.emboss.support.Api;
import io.emboss.support.ApiTestBase;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.JsonNode;

/** Helpers shared by the card HTTP tests: products, issuing, reading, events. All through the API. */
abstract class CardTestBase extends ApiTestBase {

    /** The tenant's default sandbox product of a form factor ("VIRTUAL" or "PHYSICAL"). */
    protected String defaultProduct(String key, String formFactor) {
        for (JsonNode p : products(key)) {
            if (p.get("formFactor").asString().equals(formFactor) && p.get("name").asString().endsWith("USD Visa")) {
                return p.get("id").asString();
            }
        }
        throw new AssertionError("no default " + formFactor + " product");
    }

    protected List<JsonNode> products(String key) {
        Api.Resp r = api.get("/v1/card-products?limit=100", key);
        assertThat(r.status()).as(r.toString()).isEqualTo(200);
        List<JsonNode> out = new ArrayList<>();
        r.data().get("items").forEach(out::add);
        return out;
    }

    /** A complete, valid product body; callers change fields to test one problem at a time. */
    protected static Map<String, Object> productBody() {
        Map<String, Object> b = new LinkedHashMap<>();
        b.put("name", "Travel EUR Mastercard");
        b.put("network", "MASTERCARD");
        b.put("formFactor", "VIRTUAL");
        b.put("currency", "EUR");
        b.put("bin", "52345678");
        b.put("issuanceFee", "2.50");
        b.put("topupFee", Api.map("fixed", "0.30", "percent", "1.25"));
        b.put("minTopup", "10.00");
        b.put("minBalance", "1.00");
        b.put("maxBalance", "5000.00");
        b.put("limits", Api.map("perTransaction", "500.00", "daily", "1000.00", "monthly", "3000.00"));
        b.put("validityMonths", 24);
        b.put("settlementMode", "async");
        return b;
    }

    protected String createProduct(String key, Map<String, Object> body) {
        Api.Resp r = api.post("/v1/card-products", key, body);
        assertThat(r.status()).as(r.toString()).isEqualTo(201);
        return r.text("id");
    }

    protected static Map<String, Object> shippingAddress() {
        return Api.map("name", "Ana Gómez", "line1", "Calle 93 # 11-26", "line2", "Apto 501", "city", "Bogotá",
                "state", "Cundinamarca", "postalCode", "110221", "country", "CO");
    }

    /** Issues a card and asserts 201. */
    protected JsonNode issue(String key, Object... kv) {
        Api.Resp r = api.post("/v1/cards", key, body(kv));
        assertThat(r.status()).as(r.toString()).isEqualTo(201);
        assertThat(r.text("id")).startsWith("card_");
        return r.data();
    }

    protected JsonNode card(String key, String id) {
        Api.Resp r = api.get("/v1/cards/" + id, key);
        assertThat(r.status()).as(r.toString()).isEqualTo(200);
        return r.data();
    }

    protected JsonNode details(String key, String id) {
        Api.Resp r = api.get("/v1/cards/" + id + "/details", key);
        assertThat(r.status()).as(r.toString()).isEqualTo(200);
        return r.data();
    }

    /** Every card of the tenant visible to this key (all pages). */
    protected List<JsonNode> allCards(String key, String query) {
        return allPages("/v1/cards" + (query == null ? "" : "?" + query), key);
    }

    /** The events of a type about one card, newest first. */
    protected List<JsonNode> eventsOf(String key, String type, String cardId) {
        List<JsonNode> out = new ArrayList<>();
        for (JsonNode e : events(key, type)) {
            if (e.get("data").get("object").get("id").asString().equals(cardId)) {
                out.add(e);
            }
        }
        return out;
    }

    /** The id of the tenant's first (bootstrap) API key: the actor of calls made with it. */
    protected String apiKeyId(String key) {
        Api.Resp r = api.get("/v1/api-keys", key);
        assertThat(r.status()).as(r.toString()).isEqualTo(200);
        JsonNode items = r.data().get("items");
        return items.get(items.size() - 1).get("id").asString();
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

    protected static String text(JsonNode node, String field) {
        JsonNode n = node.get(field);
        return n == null || n.isNull() ? null : n.asString();
    }
}
