package io.emboss.cards;

import static org.assertj.core.api.Assertions.assertThat;

import io.emboss.support.Api;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.JsonNode;

/**
 * The life of a card through the HTTP API: the status machine, closing with a refund, what a
 * closed card refuses, the events of each change, and the physical card's shipping, activation
 * and PIN.
 */
class CardLifecycleApiTest extends CardTestBase {

    @Autowired
    JdbcClient jdbc;

    @Value("${emboss.pvk}")
    String pvk;

    private Api.Resp status(String key, String id, String status, String reason) {
        return api.patch("/v1/cards/" + id, key, reason == null ? body("status", status)
                : body("status", status, "reason", reason));
    }

    @Test
    void freeze_and_unfreeze_follow_the_status_machine_and_emit_status_changed_with_reason_and_actor() {
        TenantKeys t = newTenant();
        String key = t.sandboxKey();
        String keyId = apiKeyId(key);
        String customer = fundedCustomer(key, "50.00");
        String id = issue(key, "customerId", customer, "productId", defaultProduct(key, "VIRTUAL")).get("id")
                .asString();

        Api.Resp frozen = status(key, id, "frozen", "customer reported suspicious activity");
        assertThat(frozen.status()).as(frozen.toString()).isEqualTo(200);
        assertThat(frozen.text("status")).isEqualTo("frozen");
        assertThat(frozen.text("statusReason")).isEqualTo("customer reported suspicious activity");
        assertThat(card(key, id).get("status").asString()).isEqualTo("frozen");

        Api.Resp toInactive = status(key, id, "inactive", null);
        assertThat(toInactive.status()).as(toInactive.toString()).isEqualTo(409);
        assertThat(toInactive.errorCode()).isEqualTo("invalid_state");
        assertThat(toInactive.body().get("message").asString()).contains("frozen");

        Api.Resp active = status(key, id, "active", "all clear");
        assertThat(active.status()).as(active.toString()).isEqualTo(200);
        assertThat(active.text("status")).isEqualTo("active");

        Api.Resp activeToInactive = status(key, id, "inactive", null);
        assertThat(activeToInactive.status()).isEqualTo(409);
        assertThat(activeToInactive.body().get("message").asString()).contains("active");

        Api.Resp close = status(key, id, "closed", null);
        assertThat(close.status()).as("closing is DELETE: " + close).isEqualTo(400);
        assertThat(close.errorCode()).isEqualTo("validation_failed");
        assertThat(card(key, id).get("status").asString()).isEqualTo("active");

        // the same status again is no change and no event
        assertThat(status(key, id, "active", "again").status()).isEqualTo(200);

        List<JsonNode> changes = eventsOf(key, "card.status_changed", id);
        assertThat(changes).hasSize(2);
        JsonNode unfreeze = changes.get(0).get("data").get("object");
        assertThat(unfreeze.get("status").asString()).isEqualTo("active");
        assertThat(unfreeze.get("previousStatus").asString()).isEqualTo("frozen");
        assertThat(unfreeze.get("changeReason").asString()).isEqualTo("all clear");
        assertThat(unfreeze.get("actor").asString()).isEqualTo(keyId);
        JsonNode freeze = changes.get(1).get("data").get("object");
        assertThat(freeze.get("status").asString()).isEqualTo("frozen");
        assertThat(freeze.get("previousStatus").asString()).isEqualTo("active");
        assertThat(freeze.get("changeReason").asString()).isEqualTo("customer reported suspicious activity");
        assertThat(freeze.get("actor").asString()).isEqualTo(keyId);
        assertThat(changes.get(0).get("type").asString()).isEqualTo("card.status_changed");
        assertThat(changes.get(0).get("id").asString()).startsWith("evt_");

        // a dashboard user is the actor of its own changes
        String token = api.post("/v1/auth/login", null, body("email", t.email(), "password", t.password()))
                .text("accessToken");
        String userId = api.get("/v1/users", key).data().get("items").get(0).get("id").asString();
        Api.Resp byUser = status(token, id, "frozen", "from the dashboard");
        assertThat(byUser.status()).as(byUser.toString()).isEqualTo(200);
        JsonNode userEvent = eventsOf(key, "card.status_changed", id).get(0).get("data").get("object");
        assertThat(userEvent.get("actor").asString()).isEqualTo(userId);
        assertThat(userEvent.get("changeReason").asString()).isEqualTo("from the dashboard");

        // an inactive virtual card is activated with PATCH
        JsonNode inactive = issue(key, "customerId", customer, "productId", defaultProduct(key, "VIRTUAL"), "status",
                "inactive");
        Api.Resp activated = status(key, inactive.get("id").asString(), "active", null);
        assertThat(activated.status()).as(activated.toString()).isEqualTo(200);
        assertThat(activated.text("status")).isEqualTo("active");
        JsonNode inactiveToFrozen = issue(key, "customerId", customer, "productId", defaultProduct(key, "VIRTUAL"),
                "status", "inactive");
        Api.Resp notYet = status(key, inactiveToFrozen.get("id").asString(), "frozen", null);
        assertThat(notYet.status()).isEqualTo(409);
        assertThat(notYet.body().get("message").asString()).contains("inactive");

        TenantKeys other = newTenant();
        assertThat(status(other.sandboxKey(), id, "active", null).status()).isEqualTo(404);
        assertThat(api.get("/v1/cards/" + id, key).text("status")).isEqualTo("frozen");
    }

    @Test
    void delete_closes_the_card_and_refunds_its_balance_to_the_wallet_in_the_same_operation() {
        TenantKeys t = newTenant();
        String key = t.sandboxKey();
        String keyId = apiKeyId(key);
        String customer = fundedCustomer(key, "100.00");
        String product = defaultProduct(key, "VIRTUAL");
        String id = issue(key, "customerId", customer, "productId", product, "initialBalance", "30.25").get("id")
                .asString();
        assertThat(walletAvailable(key, customer, "USD")).isEqualTo("68.75");

        Api.Resp closed = api.send("DELETE", "/v1/cards/" + id, key, body("reason", "lost"), Map.of());
        assertThat(closed.status()).as(closed.toString()).isEqualTo(200);
        assertThat(closed.text("status")).isEqualTo("closed");
        assertThat(closed.text("refundAmount")).isEqualTo("30.25");
        assertThat(closed.text("statusReason")).isEqualTo("lost");
        assertThat(closed.text("closedAt")).isNotNull();
        assertThat(closed.data().get("balance").get("available").asString()).isEqualTo("0.00");
        assertThat(walletAvailable(key, customer, "USD")).isEqualTo("99.00");
        JsonNode read = card(key, id);
        assertThat(read.get("status").asString()).isEqualTo("closed");
        assertThat(read.get("refundAmount").asString()).isEqualTo("30.25");
        assertThat(read.get("balance").get("available").asString()).isEqualTo("0.00");
        assertLedgerBalanced();

        List<JsonNode> closedEvents = eventsOf(key, "card.closed", id);
        assertThat(closedEvents).hasSize(1);
        JsonNode e = closedEvents.get(0).get("data").get("object");
        assertThat(e.get("status").asString()).isEqualTo("closed");
        assertThat(e.get("previousStatus").asString()).isEqualTo("active");
        assertThat(e.get("changeReason").asString()).isEqualTo("lost");
        assertThat(e.get("actor").asString()).isEqualTo(keyId);
        assertThat(e.get("refundAmount").asString()).isEqualTo("30.25");
        assertThat(eventsOf(key, "card.created", id)).hasSize(1);

        // a frozen card with nothing on it closes with a zero refund; DELETE without a body
        String empty = issue(key, "customerId", customer, "productId", product).get("id").asString();
        assertThat(status(key, empty, "frozen", null).status()).isEqualTo(200);
        Api.Resp zero = api.delete("/v1/cards/" + empty, key);
        assertThat(zero.status()).as(zero.toString()).isEqualTo(200);
        assertThat(zero.text("refundAmount")).isEqualTo("0.00");
        assertThat(eventsOf(key, "card.closed", empty).get(0).get("data").get("object").get("previousStatus")
                .asString()).isEqualTo("frozen");
        assertThat(walletAvailable(key, customer, "USD")).isEqualTo("98.00");

        // an unassigned card refunds the tenant's funding balance
        fundTenant(key, "USD", "20.00");
        String unassigned = issue(key, "productId", product, "initialBalance", "7.00").get("id").asString();
        assertThat(fundingAvailable(key, "USD")).isEqualTo("12.00");
        Api.Resp u = api.delete("/v1/cards/" + unassigned, key);
        assertThat(u.status()).isEqualTo(200);
        assertThat(u.text("refundAmount")).isEqualTo("7.00");
        assertThat(fundingAvailable(key, "USD")).isEqualTo("19.00");
        assertLedgerBalanced();

        assertThat(api.delete("/v1/cards/card_nosuchcard", key).status()).isEqualTo(404);
        TenantKeys other = newTenant();
        String live = issue(key, "customerId", customer, "productId", product, "initialBalance", "1.00").get("id")
                .asString();
        assertThat(api.delete("/v1/cards/" + live, other.sandboxKey()).status()).isEqualTo(404);
        assertThat(api.delete("/v1/cards/" + live, t.liveKey()).status()).isEqualTo(404);
        assertThat(card(key, live).get("status").asString()).isEqualTo("active");
    }

    @Test
    void concurrent_closes_refund_once() throws Exception {
        TenantKeys t = newTenant();
        String key = t.sandboxKey();
        String customer = fundedCustomer(key, "20.00");
        String id = issue(key, "customerId", customer, "productId", defaultProduct(key, "VIRTUAL"), "initialBalance",
                "5.00").get("id").asString();
        assertThat(walletAvailable(key, customer, "USD")).isEqualTo("14.00");
        int attempts = 8;
        java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(attempts);
        java.util.concurrent.CountDownLatch start = new java.util.concurrent.CountDownLatch(1);
        List<java.util.concurrent.Future<Api.Resp>> futures = new java.util.ArrayList<>();
        for (int i = 0; i < attempts; i++) {
            futures.add(pool.submit(() -> {
                start.await();
                return api.delete("/v1/cards/" + id, key);
            }));
        }
        start.countDown();
        int closed = 0;
        for (java.util.concurrent.Future<Api.Resp> f : futures) {
            Api.Resp r = f.get(60, java.util.concurrent.TimeUnit.SECONDS);
            if (r.status() == 200) {
                closed++;
                assertThat(r.text("refundAmount")).isEqualTo("5.00");
            } else {
                assertThat(r.status()).as(r.toString()).isEqualTo(409);
            }
        }
        pool.shutdown();
        assertThat(closed).isEqualTo(1);
        assertThat(walletAvailable(key, customer, "USD")).isEqualTo("19.00");
        assertThat(eventsOf(key, "card.closed", id)).hasSize(1);
        assertLedgerBalanced();
    }

    @Test
    void a_closed_card_refuses_every_change() {
        TenantKeys t = newTenant();
        String key = t.sandboxKey();
        String customer = fundedCustomer(key, "100.00");
        fundTenant(key, "USD", "10.00");
        String physical = issue(key, "productId", defaultProduct(key, "PHYSICAL"), "shipping", shippingAddress())
                .get("id").asString();
        String id = issue(key, "productId", defaultProduct(key, "VIRTUAL"), "status", "inactive").get("id").asString();
        for (String card : List.of(id, physical)) {
            assertThat(api.delete("/v1/cards/" + card, key).status()).isEqualTo(200);
            String path = "/v1/cards/" + card;
            List<Api.Resp> attempts = List.of(
                    api.patch(path, key, body("status", "active")),
                    api.patch(path, key, body("status", "frozen")),
                    api.patch(path, key, body("name", "Renamed")),
                    api.patch(path, key, body("limits", Map.of("daily", "10.00"))),
                    api.post(path + "/assign", key, body("customerId", customer)),
                    api.send("PUT", path + "/pin", key, body("pin", "2580"), Map.of()),
                    api.post(path + "/activation", key, body("pin", "2580")),
                    api.delete(path, key));
            for (Api.Resp r : attempts) {
                assertThat(r.status()).as(r.toString()).isEqualTo(409);
                assertThat(r.errorCode()).isEqualTo("invalid_state");
                assertThat(r.body().get("message").asString()).contains("closed");
            }
            JsonNode c = card(key, card);
            assertThat(c.get("status").asString()).isEqualTo("closed");
            assertThat(c.get("customerId").isNull()).isTrue();
            assertThat(c.get("name").isNull()).isTrue();
            assertThat(c.get("pinSet").asBoolean()).isFalse();
            assertThat(eventsOf(key, "card.closed", card)).hasSize(1);
            // the closed card's number is still readable for the tenant's records
            assertThat(api.get(path + "/details", key).status()).isEqualTo(200);
        }
        assertThat(fundingAvailable(key, "USD")).isEqualTo("4.00");
        assertLedgerBalanced();
    }

    @Test
    void physical_cards_are_shipped_delivered_or_returned_in_sandbox_only() {
        TenantKeys t = newTenant();
        String key = t.sandboxKey();
        String customer = fundedCustomer(key, "100.00");
        String product = defaultProduct(key, "PHYSICAL");
        String a = issue(key, "customerId", customer, "productId", product, "shipping", shippingAddress()).get("id")
                .asString();
        String b = issue(key, "customerId", customer, "productId", product, "shipping", shippingAddress()).get("id")
                .asString();

        assertThat(ship(key, a, "delivered").status()).as("pending → delivered skips shipped").isEqualTo(409);
        assertThat(ship(key, a, "returned").status()).isEqualTo(409);
        Api.Resp shipped = ship(key, a, "shipped");
        assertThat(shipped.status()).as(shipped.toString()).isEqualTo(200);
        assertThat(shipped.data().get("shipping").get("status").asString()).isEqualTo("shipped");
        assertThat(ship(key, a, "shipped").status()).isEqualTo(409);
        Api.Resp delivered = ship(key, a, "delivered");
        assertThat(delivered.status()).isEqualTo(200);
        assertThat(card(key, a).get("shipping").get("status").asString()).isEqualTo("delivered");
        for (String next : List.of("shipped", "returned", "delivered")) {
            Api.Resp r = ship(key, a, next);
            assertThat(r.status()).as("delivered → " + next).isEqualTo(409);
            assertThat(r.errorCode()).isEqualTo("invalid_state");
        }
        assertThat(card(key, a).get("status").asString()).as("shipping does not activate").isEqualTo("inactive");

        assertThat(ship(key, b, "shipped").status()).isEqualTo(200);
        Api.Resp returned = ship(key, b, "returned");
        assertThat(returned.status()).isEqualTo(200);
        assertThat(returned.data().get("shipping").get("status").asString()).isEqualTo("returned");
        assertThat(ship(key, b, "delivered").status()).isEqualTo(409);
        assertThat(ship(key, b, "shipped").status()).isEqualTo(409);

        for (String bad : new String[] {"pending", "lost", "SHIPPED", ""}) {
            Api.Resp r = ship(key, b, bad);
            assertThat(r.status()).as(bad + " → " + r).isEqualTo(400);
            assertThat(r.data().get("fields").has("status")).isTrue();
        }
        assertThat(api.post("/v1/simulate/cards/" + b + "/shipping", key, body()).status()).isEqualTo(400);
        assertThat(card(key, b).get("shipping").get("status").asString()).isEqualTo("returned");

        String virtual = issue(key, "customerId", customer, "productId", defaultProduct(key, "VIRTUAL")).get("id")
                .asString();
        Api.Resp v = ship(key, virtual, "shipped");
        assertThat(v.status()).as(v.toString()).isEqualTo(409);
        assertThat(v.errorCode()).isEqualTo("invalid_state");
        assertThat(card(key, virtual).has("shipping")).isFalse();

        Api.Resp live = ship(t.liveKey(), a, "shipped");
        assertThat(live.status()).isEqualTo(403);
        assertThat(live.errorCode()).isEqualTo("sandbox_only");
        assertThat(ship(key, "card_nosuchcard", "shipped").status()).isEqualTo(404);
        TenantKeys other = newTenant();
        assertThat(ship(other.sandboxKey(), a, "shipped").status()).isEqualTo(404);

        List<JsonNode> moves = eventsOf(key, "card.shipping_updated", a);
        assertThat(moves).hasSize(2);
        assertThat(moves.get(0).get("data").get("object").get("shipping").get("status").asString())
                .isEqualTo("delivered");
        assertThat(moves.get(1).get("data").get("object").get("shipping").get("status").asString())
                .isEqualTo("shipped");
    }

    private Api.Resp ship(String key, String id, String status) {
        return api.post("/v1/simulate/cards/" + id + "/shipping", key, body("status", status));
    }

    @Test
    void a_physical_card_is_activated_with_a_strong_pin_and_only_once() {
        TenantKeys t = newTenant();
        String key = t.sandboxKey();
        String keyId = apiKeyId(key);
        String customer = fundedCustomer(key, "100.00");
        String id = issue(key, "customerId", customer, "productId", defaultProduct(key, "PHYSICAL"), "shipping",
                shippingAddress()).get("id").asString();
        String path = "/v1/cards/" + id;

        Api.Resp patchActive = status(key, id, "active", null);
        assertThat(patchActive.status()).as(patchActive.toString()).isEqualTo(409);
        assertThat(patchActive.errorCode()).isEqualTo("invalid_state");
        assertThat(patchActive.body().get("message").asString()).contains("inactive").contains("activation");
        assertThat(status(key, id, "frozen", null).status()).isEqualTo(409);

        Api.Resp noPin = api.post(path + "/activation", key, body());
        assertThat(noPin.status()).as(noPin.toString()).isEqualTo(400);
        assertThat(noPin.data().get("fields").has("pin")).isTrue();
        assertThat(api.post(path + "/activation", key, null).status()).isEqualTo(400);
        for (String weak : new String[] {"0000", "1234", "111111", "4321", "123456", "1212"}) {
            Api.Resp r = api.post(path + "/activation", key, body("pin", weak));
            assertThat(r.status()).as(weak + " → " + r).isEqualTo(400);
            assertThat(r.data().get("fields").has("pin")).isTrue();
            assertThat(r.raw().body()).doesNotContain(weak);
        }
        for (String malformed : new String[] {"12a4", "123", "1234567", "", " 2580", "２５８０"}) {
            Api.Resp r = api.post(path + "/activation", key, body("pin", malformed));
            assertThat(r.status()).as("'" + malformed + "' → " + r).isEqualTo(400);
            assertThat(r.data().get("fields").has("pin")).isTrue();
        }
        Api.Resp number = api.raw("POST", path + "/activation", key, "application/json", "{\"pin\": 2580}");
        assertThat(number.status()).as(number.toString()).isEqualTo(400);
        assertThat(card(key, id).get("status").asString()).isEqualTo("inactive");
        assertThat(card(key, id).get("pinSet").asBoolean()).isFalse();
        assertThat(pinHash(id)).isNull();

        Api.Resp ok = api.post(path + "/activation", key, body("pin", "2580"));
        assertThat(ok.status()).as(ok.toString()).isEqualTo(200);
        assertThat(ok.text("status")).isEqualTo("active");
        assertThat(ok.data().get("pinSet").asBoolean()).isTrue();
        assertThat(ok.raw().body()).doesNotContain("2580");
        assertThat(card(key, id).get("pinSet").asBoolean()).isTrue();
        String hash = pinHash(id);
        assertThat(hash).startsWith("pbkdf2$").doesNotContain("2580");
        assertThat(pins().matches(id, "2580", hash)).isTrue();
        assertThat(pins().matches(id, "2581", hash)).isFalse();

        List<JsonNode> activated = eventsOf(key, "card.activated", id);
        assertThat(activated).hasSize(1);
        JsonNode e = activated.get(0).get("data").get("object");
        assertThat(e.get("status").asString()).isEqualTo("active");
        assertThat(e.get("previousStatus").asString()).isEqualTo("inactive");
        assertThat(e.get("actor").asString()).isEqualTo(keyId);
        assertThat(activated.get(0).toString()).doesNotContain("2580");

        Api.Resp again = api.post(path + "/activation", key, body("pin", "7391"));
        assertThat(again.status()).isEqualTo(409);
        assertThat(again.errorCode()).isEqualTo("invalid_state");
        assertThat(again.body().get("message").asString()).contains("active");
        assertThat(pins().matches(id, "2580", pinHash(id))).as("the PIN is unchanged").isTrue();

        // the card now follows the ordinary machine
        assertThat(status(key, id, "frozen", null).status()).isEqualTo(200);
        assertThat(api.post(path + "/activation", key, body("pin", "7391")).status()).isEqualTo(409);
        assertThat(status(key, id, "active", null).status()).isEqualTo(200);

        // an inactive virtual card may be activated without a PIN, or with a strong one
        String virtual = issue(key, "customerId", customer, "productId", defaultProduct(key, "VIRTUAL"), "status",
                "inactive").get("id").asString();
        assertThat(api.post("/v1/cards/" + virtual + "/activation", key, body("pin", "0000")).status())
                .isEqualTo(400);
        Api.Resp v = api.post("/v1/cards/" + virtual + "/activation", key, null);
        assertThat(v.status()).as(v.toString()).isEqualTo(200);
        assertThat(v.text("status")).isEqualTo("active");
        assertThat(v.data().get("pinSet").asBoolean()).isFalse();
        assertThat(pinHash(virtual)).isNull();

        assertThat(api.post("/v1/cards/card_nosuchcard/activation", key, body("pin", "2580")).status())
                .isEqualTo(404);
        TenantKeys other = newTenant();
        String fresh = issue(key, "customerId", customer, "productId", defaultProduct(key, "PHYSICAL"), "shipping",
                shippingAddress()).get("id").asString();
        assertThat(api.post("/v1/cards/" + fresh + "/activation", other.sandboxKey(), body("pin", "2580")).status())
                .isEqualTo(404);
        assertThat(card(key, fresh).get("status").asString()).isEqualTo("inactive");
    }

    @Test
    void put_pin_changes_the_pin_which_is_stored_only_as_a_salted_peppered_hash() {
        TenantKeys t = newTenant();
        String key = t.sandboxKey();
        String customer = fundedCustomer(key, "100.00");
        String id = issue(key, "customerId", customer, "productId", defaultProduct(key, "PHYSICAL"), "shipping",
                shippingAddress()).get("id").asString();
        String path = "/v1/cards/" + id + "/pin";
        assertThat(api.post("/v1/cards/" + id + "/activation", key, body("pin", "2580")).status()).isEqualTo(200);
        String first = pinHash(id);

        Api.Resp changed = api.send("PUT", path, key, body("pin", "739146"), Map.of());
        assertThat(changed.status()).as(changed.toString()).isEqualTo(200);
        assertThat(changed.data().get("pinSet").asBoolean()).isTrue();
        assertThat(changed.raw().body()).doesNotContain("739146");
        String second = pinHash(id);
        assertThat(second).startsWith("pbkdf2$").isNotEqualTo(first).doesNotContain("739146");
        assertThat(pins().matches(id, "739146", second)).isTrue();
        assertThat(pins().matches(id, "2580", second)).isFalse();

        // the same PIN again is a new salt, so a new hash: equal PINs are not visible as equal hashes
        assertThat(api.send("PUT", path, key, body("pin", "739146"), Map.of()).status()).isEqualTo(200);
        String third = pinHash(id);
        assertThat(third).isNotEqualTo(second);
        assertThat(pins().matches(id, "739146", third)).isTrue();
        // and two cards with the same PIN have different hashes (the card id is in the pepper)
        String other = issue(key, "customerId", customer, "productId", defaultProduct(key, "VIRTUAL")).get("id")
                .asString();
        assertThat(api.send("PUT", "/v1/cards/" + other + "/pin", key, body("pin", "739146"), Map.of()).status())
                .isEqualTo(200);
        assertThat(card(key, other).get("pinSet").asBoolean()).isTrue();
        assertThat(pins().matches(id, "739146", pinHash(other))).isFalse();

        for (String bad : new String[] {"0000", "1234", "111111", "123", "1234567", "12a4", "98765"}) {
            Api.Resp r = api.send("PUT", path, key, body("pin", bad), Map.of());
            assertThat(r.status()).as(bad + " → " + r).isEqualTo(400);
            assertThat(r.data().get("fields").has("pin")).isTrue();
        }
        assertThat(api.send("PUT", path, key, body(), Map.of()).status()).isEqualTo(400);
        assertThat(pins().matches(id, "739146", pinHash(id))).as("refused PINs change nothing").isTrue();
        assertThat(pinHash(id)).isEqualTo(third);

        assertThat(api.send("PUT", "/v1/cards/card_nosuchcard/pin", key, body("pin", "8264"), Map.of()).status())
                .isEqualTo(404);
        TenantKeys intruder = newTenant();
        assertThat(api.send("PUT", path, intruder.sandboxKey(), body("pin", "8264"), Map.of()).status())
                .isEqualTo(404);
        assertThat(pinHash(id)).isEqualTo(third);

        List<JsonNode> events = eventsOf(key, "card.pin_changed", id);
        assertThat(events).hasSize(2);
        for (JsonNode e : events) {
            assertThat(e.toString()).doesNotContain("739146").doesNotContain("pin\":\"");
        }

        // no column of any card holds a PIN as such
        List<Map<String, Object>> rows = jdbc.sql("SELECT * FROM cards").query().listOfRows();
        for (Map<String, Object> row : rows) {
            for (Map.Entry<String, Object> col : row.entrySet()) {
                String v = String.valueOf(col.getValue());
                assertThat(v).as(col.getKey()).doesNotContain("739146");
            }
            Object h = row.get("pin_hash");
            assertThat(h == null || h.toString().startsWith("pbkdf2$")).as(String.valueOf(h)).isTrue();
        }
    }

    private String pinHash(String id) {
        List<String> hashes = jdbc.sql("SELECT pin_hash FROM cards WHERE id = ?").param(id).query(String.class).list();
        assertThat(hashes).hasSize(1);
        return hashes.get(0);
    }

    private PinHasher pins() {
        return new PinHasher(HexFormat.of().parseHex(pvk));
    }
}
