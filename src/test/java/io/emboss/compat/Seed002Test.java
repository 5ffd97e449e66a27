package io.emboss.compat;

import static org.assertj.core.api.Assertions.assertThat;

import io.emboss.support.Api;
import io.emboss.support.ApiTestBase;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * Seed 002 (Linora's Cards API) documents behaviour, not paths: one test per documented point,
 * each against the native /v1 API that serves it (docs/compat-seed002.md maps them).
 */
class Seed002Test extends ApiTestBase {

    /** A tenant's key, an approved customer with a funded USD wallet, and the default virtual product. */
    private record Holder(TenantKeys tenant, String key, String customerId, String productId) {
    }

    private Holder holder(String walletUsd) {
        TenantKeys t = newTenant();
        String customer = newApprovedCustomer(t.sandboxKey());
        deposit(t.sandboxKey(), customer, "USD", walletUsd);
        return new Holder(t, t.sandboxKey(), customer, productNamed(t.sandboxKey(), "Virtual USD Visa"));
    }

    @Test
    void a_card_is_created_from_the_users_wallet_balance_with_an_initial_balance_and_its_own_balance() {
        Holder h = holder("100.00");
        Api.Resp issued = api.post("/v1/cards", h.key(), body("customerId", h.customerId(), "productId", h.productId(),
                "name", "Ana travel", "initialBalance", "40.00"));
        assertThat(issued.status()).as(issued.toString()).isEqualTo(201);
        assertThat(issued.text("id")).startsWith("card_");
        assertThat(issued.text("name")).isEqualTo("Ana travel");
        assertThat(issued.data().get("balance").get("available").asString()).isEqualTo("40.00");
        // 40.00 plus the 1.00 issuance fee left the wallet
        assertThat(walletAvailable(h.key(), h.customerId(), "USD")).isEqualTo("59.00");

        // card balances are independent from wallet balances
        deposit(h.key(), h.customerId(), "USD", "25.00");
        assertThat(walletAvailable(h.key(), h.customerId(), "USD")).isEqualTo("84.00");
        assertThat(cardAvailable(h.key(), issued.text("id"))).isEqualTo("40.00");
        assertLedgerBalanced();
    }

    @Test
    void issuance_and_service_fees_are_returned_by_the_api_and_charged_as_returned() {
        Holder h = holder("100.00");
        JsonNode product = api.get("/v1/card-products/" + h.productId(), h.key()).data();
        assertThat(product.get("issuanceFee").asString()).isEqualTo("1.00");
        assertThat(product.get("topupFee").get("fixed").asString()).isEqualTo("0.50");
        assertThat(product.get("topupFee").get("percent").asString()).isEqualTo("1");

        String card = issue(h, "0.00");
        assertThat(walletAvailable(h.key(), h.customerId(), "USD")).as("the issuance fee alone").isEqualTo("99.00");
        JsonNode topup = api.post("/v1/cards/" + card + "/topups", h.key(), body("amount", "20.00")).data();
        assertThat(topup.get("fee").asString()).as("0.50 + 1 % of 20.00").isEqualTo("0.70");
        assertThat(walletAvailable(h.key(), h.customerId(), "USD")).isEqualTo("78.30");
        assertLedgerBalanced();
    }

    @Test
    void minimum_and_maximum_balance_limits_are_returned_for_validation_and_enforced() {
        Holder h = holder("200.00");
        Api.Resp created = createProduct(h.key(), "Limited USD", "minTopup", "10.00", "minBalance", "5.00",
                "maxBalance", "100.00");
        assertThat(created.status()).as(created.toString()).isEqualTo(201);
        JsonNode product = api.get("/v1/card-products/" + created.text("id"), h.key()).data();
        assertThat(product.get("minTopup").asString()).isEqualTo("10.00");
        assertThat(product.get("minBalance").asString()).isEqualTo("5.00");
        assertThat(product.get("maxBalance").asString()).isEqualTo("100.00");

        Api.Resp tooMuch = api.post("/v1/cards", h.key(), body("customerId", h.customerId(), "productId",
                created.text("id"), "initialBalance", "100.01"));
        assertThat(tooMuch.status()).as(tooMuch.toString()).isEqualTo(409);
        assertThat(tooMuch.errorCode()).isEqualTo("exceeds_max_balance");
        Api.Resp card = api.post("/v1/cards", h.key(), body("customerId", h.customerId(), "productId",
                created.text("id"), "initialBalance", "20.00"));
        assertThat(card.status()).as(card.toString()).isEqualTo(201);
        String id = card.text("id");
        Map<String, String> before = balances(h, id);
        assertRejected(api.post("/v1/cards/" + id + "/topups", h.key(), body("amount", "9.99")), 409,
                "below_min_topup");
        assertRejected(api.post("/v1/cards/" + id + "/topups", h.key(), body("amount", "80.01")), 409,
                "exceeds_max_balance");
        assertRejected(api.post("/v1/cards/" + id + "/withdrawals", h.key(), body("amount", "15.01")), 409,
                "below_min_balance");
        assertThat(balances(h, id)).isEqualTo(before);
        assertLedgerBalanced();
    }

    @Test
    void the_cards_of_a_user_are_listed_with_identifiers_balances_and_status() {
        Holder h = holder("100.00");
        String first = issue(h, "10.00");
        String second = issue(h, "20.00");
        assertThat(api.patch("/v1/cards/" + second, h.key(), body("status", "frozen")).status()).isEqualTo(200);
        String otherUser = newApprovedCustomer(h.key());
        deposit(h.key(), otherUser, "USD", "10.00");
        Api.Resp other = api.post("/v1/cards", h.key(), body("customerId", otherUser, "productId", h.productId()));
        assertThat(other.status()).isEqualTo(201);

        List<JsonNode> cards = allPages("/v1/cards?customerId=" + h.customerId(), h.key());
        Map<String, String> seen = new LinkedHashMap<>();
        for (JsonNode c : cards) {
            assertThat(c.get("customerId").asString()).isEqualTo(h.customerId());
            seen.put(c.get("id").asString(), c.get("status").asString() + " "
                    + c.get("balance").get("available").asString());
        }
        assertThat(seen).containsExactly(Map.entry(second, "frozen 20.00"), Map.entry(first, "active 10.00"));
    }

    @Test
    void card_details_give_number_expiry_cvv_and_the_card_its_balance_and_status() {
        Holder h = holder("100.00");
        String card = issue(h, "15.00");
        Api.Resp details = api.get("/v1/cards/" + card + "/details", h.key());
        assertThat(details.status()).as(details.toString()).isEqualTo(200);
        assertThat(details.text("number")).matches("\\d{16}").startsWith("411111");
        assertThat(details.text("cvv")).matches("\\d{3}");
        assertThat(details.data().get("expiryMonth").asInt()).isBetween(1, 12);
        assertThat(details.data().get("expiryYear").asInt()).isGreaterThanOrEqualTo(2026);
        JsonNode c = api.get("/v1/cards/" + card, h.key()).data();
        assertThat(c.get("status").asString()).isEqualTo("active");
        assertThat(c.get("balance").get("available").asString()).isEqualTo("15.00");
        assertThat(c.get("maskedNumber").asString()).endsWith(details.text("number").substring(12));
    }

    @Test
    void a_top_up_takes_amount_and_fee_from_the_wallet_and_the_card_balance_is_updated_at_once() {
        Holder h = holder("100.00");
        String card = issue(h, "0.00");
        Api.Resp topup = api.post("/v1/cards/" + card + "/topups", h.key(), body("amount", "50.00"));
        assertThat(topup.status()).as(topup.toString()).isEqualTo(201);
        assertThat(topup.text("status")).as("executed in real time").isEqualTo("completed");
        assertThat(topup.text("fee")).isEqualTo("1.00");
        assertThat(topup.text("balanceBefore")).isEqualTo("0.00");
        assertThat(topup.text("balanceAfter")).isEqualTo("50.00");
        assertThat(cardAvailable(h.key(), card)).isEqualTo("50.00");
        assertThat(walletAvailable(h.key(), h.customerId(), "USD")).as("100 - 1 issuance - 50 - 1 fee")
                .isEqualTo("48.00");
        assertLedgerBalanced();
    }

    @Test
    void card_transactions_show_amounts_timestamps_and_status_for_reconciliation() {
        Holder h = holder("100.00");
        String card = issue(h, "0.00");
        Instant start = Instant.now().minusSeconds(5);
        assertThat(api.post("/v1/cards/" + card + "/topups", h.key(), body("amount", "30.00")).status())
                .isEqualTo(201);
        Api.Resp auth = api.post("/v1/simulate/authorizations", h.key(), body("cardId", card, "amount", "12.34",
                "currency", "USD", "merchant", body("name", "Corner Shop", "mcc", "5411", "country", "US")));
        assertThat(auth.status()).as(auth.toString()).isEqualTo(201);
        Api.Resp declined = api.post("/v1/simulate/authorizations", h.key(), body("cardId", card, "amount", "500.00",
                "currency", "USD", "merchant", body("name", "Big Shop", "mcc", "5411", "country", "US")));
        assertThat(declined.data().get("approved").asBoolean()).isFalse();

        List<JsonNode> txns = allPages("/v1/transactions?cardId=" + card, h.key());
        List<String> rows = new ArrayList<>();
        for (JsonNode t : txns) {
            rows.add(t.get("type").asString() + " " + t.get("amount").asString() + " " + t.get("status").asString());
            Instant at = Instant.parse(t.get("createdAt").asString());
            assertThat(at).isBetween(start, Instant.now().plusSeconds(5));
        }
        assertThat(rows).containsExactly("authorization 500.00 declined", "authorization 12.34 pending",
                "topup 30.00 completed");
    }

    @Test
    void otp_codes_are_readable_with_their_expiry_and_card_id() {
        Holder h = holder("100.00");
        Api.Resp product = createProduct(h.key(), "3DS USD", "threeDsThreshold", "20.00");
        assertThat(product.status()).as(product.toString()).isEqualTo(201);
        Api.Resp card = api.post("/v1/cards", h.key(), body("customerId", h.customerId(), "productId",
                product.text("id"), "initialBalance", "60.00"));
        assertThat(card.status()).as(card.toString()).isEqualTo(201);
        String cardId = card.text("id");

        Api.Resp purchase = api.post("/v1/simulate/authorizations", h.key(), body("cardId", cardId, "amount", "25.00",
                "currency", "USD", "channel", "online", "merchant", body("name", "Web Shop", "mcc", "5732",
                        "country", "US")));
        assertThat(purchase.status()).as(purchase.toString()).isEqualTo(201);
        assertThat(purchase.text("status")).isEqualTo("challenge_required");
        String otpId = purchase.text("otpId");

        Instant now = Instant.now();
        Api.Resp otps = api.get("/v1/cards/" + cardId + "/otps", h.key());
        assertThat(otps.status()).as(otps.toString()).isEqualTo(200);
        JsonNode otp = otps.data().get("items").get(0);
        assertThat(otps.data().get("items")).hasSize(1);
        assertThat(otp.get("id").asString()).isEqualTo(otpId);
        assertThat(otp.get("code").asString()).matches("\\d{6}");
        assertThat(otp.get("cardId").asString()).isEqualTo(cardId);
        Instant expires = Instant.parse(otp.get("expiresAt").asString());
        assertThat(expires).isBetween(now.plus(Duration.ofMinutes(4)), now.plus(Duration.ofMinutes(6)));
        // the code is for the cardholder: no event carries it
        for (JsonNode e : events(h.key(), "otp.created")) {
            assertThat(e.get("data").get("object").has("code")).isFalse();
        }
        Api.Resp verified = api.post("/v1/simulate/3ds/" + otpId + "/verify", h.key(),
                body("code", otp.get("code").asString()));
        assertThat(verified.status()).as(verified.toString()).isEqualTo(200);
        assertThat(verified.data().get("authorization").get("approved").asBoolean()).isTrue();
        assertThat(api.get("/v1/cards/" + cardId + "/otps", h.key()).data().get("items")).as("used, so gone")
                .isEmpty();
    }

    @Test
    void errors_are_400_for_bad_parameters_404_for_unknown_cards_409_for_insufficient_balance_and_429_past_the_limit()
            throws Exception {
        Holder h = holder("30.00");
        String card = issue(h, "5.00");
        Holder other = holder("30.00");
        String othersCard = issue(other, "5.00");
        Map<String, String> before = balances(h, card);

        Api.Resp bad = assertRejected(api.post("/v1/cards/" + card + "/topups", h.key(), body("amount", "ten")), 400,
                "validation_failed");
        assertThat(bad.data().get("fields").has("amount")).isTrue();
        assertRejected(api.post("/v1/cards", h.key(), body("customerId", h.customerId())), 400, "validation_failed");
        assertRejected(api.get("/v1/cards/card_doesNotExist", h.key()), 404, "resource_not_found");
        assertRejected(api.get("/v1/cards/" + othersCard, h.key()), 404, "resource_not_found");
        assertRejected(api.post("/v1/cards/" + othersCard + "/topups", h.key(), body("amount", "10.00")), 404,
                "resource_not_found");
        assertRejected(api.post("/v1/cards/" + card + "/topups", h.key(), body("amount", "50.00")), 409,
                "insufficient_funds");
        assertRejected(api.post("/v1/cards", h.key(), body("customerId", h.customerId(), "productId", h.productId(),
                "initialBalance", "100.00")), 409, "insufficient_funds");
        assertThat(balances(h, card)).isEqualTo(before);

        limitTo(h.tenant(), 3);
        Api.Resp limited = null;
        for (int i = 0; i < 10 && limited == null; i++) {
            Api.Resp r = api.post("/v1/cards/" + card + "/topups", h.key(), body("amount", "50.00"));
            if (r.status() == 429) {
                limited = r;
            } else {
                assertThat(r.status()).as(r.toString()).isEqualTo(409);
            }
        }
        assertThat(limited).as("a 429 once the budget is spent").isNotNull();
        assertThat(limited.errorCode()).isEqualTo("rate_limited");
        assertThat(Long.parseLong(limited.header("Retry-After"))).isPositive();
        limitTo(h.tenant(), 1000);
        assertThat(balances(h, card)).isEqualTo(before);
        assertThat(cardAvailable(other.key(), othersCard)).isEqualTo("5.00");
        assertLedgerBalanced();
    }

    @Test
    void failed_card_operations_do_not_modify_any_balance() {
        Holder h = holder("30.00");
        String card = issue(h, "10.00");
        assertThat(api.patch("/v1/cards/" + card, h.key(), body("status", "frozen")).status()).isEqualTo(200);
        Map<String, String> before = balances(h, card);

        assertRejected(api.post("/v1/cards/" + card + "/topups", h.key(), body("amount", "10.00")), 409,
                "invalid_state");
        assertRejected(api.post("/v1/cards/" + card + "/withdrawals", h.key(), body("amount", "50.00")), 409, null);
        assertRejected(api.post("/v1/cards", h.key(), body("customerId", h.customerId(), "productId", h.productId(),
                "initialBalance", "29.50")), 409, "insufficient_funds");
        Api.Resp declined = api.post("/v1/simulate/authorizations", h.key(), body("cardId", card, "amount", "1.00",
                "currency", "USD", "merchant", body("name", "Shop", "mcc", "5411", "country", "US")));
        assertThat(declined.data().get("approved").asBoolean()).isFalse();
        assertThat(declined.data().get("declineReason").asString()).isEqualTo("card_frozen");

        assertThat(balances(h, card)).isEqualTo(before);
        assertThat(allPages("/v1/cards?customerId=" + h.customerId(), h.key())).as("no card half-made").hasSize(1);
        assertLedgerBalanced();
    }

    // ---- helpers ----

    private String productNamed(String key, String name) {
        for (JsonNode p : allPages("/v1/card-products", key)) {
            if (p.get("name").asString().equals(name)) {
                return p.get("id").asString();
            }
        }
        throw new AssertionError("no product " + name);
    }

    /** A fee-free virtual USD product (min top-up 1.00, max balance 1000.00) with the given fields changed. */
    private Api.Resp createProduct(String key, String name, Object... changes) {
        Map<String, Object> b = body("name", name, "network", "VISA", "formFactor", "VIRTUAL", "currency", "USD",
                "issuanceFee", "0.00", "topupFee", body("fixed", "0.00", "percent", "0"), "minTopup", "1.00",
                "maxBalance", "1000.00", "limits", body("perTransaction", "50.00", "daily", "100.00", "monthly",
                        "300.00"), "validityMonths", 36);
        b.putAll(body(changes));
        return api.post("/v1/card-products", key, b);
    }

    private String issue(Holder h, String initialBalance) {
        Api.Resp r = api.post("/v1/cards", h.key(), body("customerId", h.customerId(), "productId", h.productId(),
                "initialBalance", initialBalance));
        assertThat(r.status()).as(r.toString()).isEqualTo(201);
        return r.text("id");
    }

    private String cardAvailable(String key, String cardId) {
        Api.Resp r = api.get("/v1/cards/" + cardId + "/balance", key);
        assertThat(r.status()).as(r.toString()).isEqualTo(200);
        return r.text("available");
    }

    private Map<String, String> balances(Holder h, String cardId) {
        Api.Resp b = api.get("/v1/cards/" + cardId + "/balance", h.key());
        return Map.of("card", b.text("available") + "/" + b.text("posted"),
                "wallet", walletAvailable(h.key(), h.customerId(), "USD"));
    }

    private static Api.Resp assertRejected(Api.Resp r, int status, String code) {
        assertThat(r.status()).as(r.toString()).isEqualTo(status);
        assertThat(r.body().get("success").asBoolean()).isFalse();
        if (code != null) {
            assertThat(r.errorCode()).as(r.toString()).isEqualTo(code);
        }
        return r;
    }

    private void limitTo(TenantKeys t, int perHour) {
        Api.Resp r = api.patch("/v1/platform/tenants/" + t.id(), ADMIN, body("rateLimitPerHour", perHour));
        assertThat(r.status()).as(r.toString()).isEqualTo(200);
    }
}
