package io.emboss.topups;

import static org.assertj.core.api.Assertions.assertThat;

import io.emboss.support.Api;
import java.util.Map;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

/**
 * Every refused top-up: the status and error code, the limit named in the message, and — checked
 * each time — every balance (wallets, funding, card) and the card's list of top-ups exactly as before.
 */
class TopupRejectionTest extends TopupTestBase {

    /** Runs a request that must be refused and asserts that nothing the tenant can see has changed. */
    private Api.Resp refusedWithoutEffect(String key, String customer, String card, int status, String code,
            Supplier<Api.Resp> request) {
        Map<String, Object> before = snapshot(key, customer, card);
        Api.Resp r = request.get();
        assertThat(r.status()).as(r.toString()).isEqualTo(status);
        if (code != null) {
            assertThat(r.errorCode()).as(r.toString()).isEqualTo(code);
        }
        assertThat(snapshot(key, customer, card)).as("balances after %s", r).isEqualTo(before);
        return r;
    }

    @Test
    void below_min_topup_is_refused_with_the_limit_in_the_message() {
        TenantKeys t = newTenant();
        String customer = fundedCustomer(t.sandboxKey(), "100.00");
        String card = issueCard(t.sandboxKey(), "customerId", customer, "productId", defaultProduct(t.sandboxKey()));
        Api.Resp r = refusedWithoutEffect(t.sandboxKey(), customer, card, 409, "below_min_topup",
                () -> topup(t.sandboxKey(), card, "amount", "9.99"));
        assertThat(r.body().get("message").asString()).contains("10.00");
        assertThat(topupOk(t.sandboxKey(), card, "10.00").get("fee").asString()).isEqualTo("0.60");
        assertThat(walletAvailable(t.sandboxKey(), customer, "USD")).isEqualTo("88.40");
        assertLedgerBalanced();
    }

    @Test
    void exceeding_max_balance_is_refused_with_the_limit_in_the_message() {
        TenantKeys t = newTenant();
        String customer = fundedCustomer(t.sandboxKey(), "500.00");
        Map<String, Object> product = productBody("0.00", "0");
        product.put("maxBalance", "100.00");
        String card = issueCard(t.sandboxKey(), "customerId", customer, "productId",
                createProduct(t.sandboxKey(), product));
        topupOk(t.sandboxKey(), card, "90.00");
        Api.Resp r = refusedWithoutEffect(t.sandboxKey(), customer, card, 409, "exceeds_max_balance",
                () -> topup(t.sandboxKey(), card, "amount", "10.01"));
        assertThat(r.body().get("message").asString()).contains("100.00");
        // reaching the maximum exactly is allowed; a cent more is not
        assertThat(topupOk(t.sandboxKey(), card, "10.00").get("balanceAfter").asString()).isEqualTo("100.00");
        refusedWithoutEffect(t.sandboxKey(), customer, card, 409, "exceeds_max_balance",
                () -> topup(t.sandboxKey(), card, "amount", "1.00"));
        // a withdrawal makes room again
        assertThat(withdraw(t.sandboxKey(), card, "5.00").status()).isEqualTo(201);
        assertThat(topupOk(t.sandboxKey(), card, "5.00").get("balanceAfter").asString()).isEqualTo("100.00");
        assertThat(walletAvailable(t.sandboxKey(), customer, "USD")).isEqualTo("400.00");
        assertThat(cardAvailable(t.sandboxKey(), card)).isEqualTo("100.00");
        assertLedgerBalanced();
    }

    @Test
    void insufficient_wallet_or_tenant_funds_count_the_fee() {
        TenantKeys t = newTenant();
        fundTenant(t.sandboxKey(), "USD", "11.00");
        String customer = fundedCustomer(t.sandboxKey(), "51.00");
        String card = issueCard(t.sandboxKey(), "customerId", customer, "productId", defaultProduct(t.sandboxKey()));
        // the wallet holds 50.00: 50.00 + 1.00 fee is too much
        Api.Resp r = refusedWithoutEffect(t.sandboxKey(), customer, card, 409, "insufficient_funds",
                () -> topup(t.sandboxKey(), card, "amount", "50.00"));
        assertThat(r.body().get("message").asString()).isNotBlank();
        // 49.01 + 0.99 fee is exactly what there is
        assertThat(topupOk(t.sandboxKey(), card, "49.01").get("fee").asString()).isEqualTo("0.99");
        assertThat(walletAvailable(t.sandboxKey(), customer, "USD")).isEqualTo("0.00");
        refusedWithoutEffect(t.sandboxKey(), customer, card, 409, "insufficient_funds",
                () -> topup(t.sandboxKey(), card, "amount", "10.00"));
        // the tenant's 11.00 cannot pay 10.50 + 0.61, but pays 10.39 + 0.60 (0.50 + 0.1039 -> 0.10)
        refusedWithoutEffect(t.sandboxKey(), customer, card, 409, "insufficient_funds",
                () -> topup(t.sandboxKey(), card, "amount", "10.50", "source", "tenant"));
        Api.Resp ok = topup(t.sandboxKey(), card, "amount", "10.39", "source", "tenant");
        assertThat(ok.status()).as(ok.toString()).isEqualTo(201);
        assertThat(fundingAvailable(t.sandboxKey(), "USD")).isEqualTo("0.01");
        assertThat(cardAvailable(t.sandboxKey(), card)).isEqualTo("59.40");
        assertLedgerBalanced();
    }

    @Test
    void frozen_and_closed_cards_are_refused_and_unfreezing_allows_again() {
        TenantKeys t = newTenant();
        String customer = fundedCustomer(t.sandboxKey(), "200.00");
        String card = issueCard(t.sandboxKey(), "customerId", customer, "productId", defaultProduct(t.sandboxKey()));
        topupOk(t.sandboxKey(), card, "20.00");

        Api.Resp frozen = api.patch("/v1/cards/" + card, t.sandboxKey(), body("status", "frozen"));
        assertThat(frozen.status()).as(frozen.toString()).isEqualTo(200);
        Api.Resp r = refusedWithoutEffect(t.sandboxKey(), customer, card, 409, "invalid_state",
                () -> topup(t.sandboxKey(), card, "amount", "10.00"));
        assertThat(r.body().get("message").asString()).contains("frozen");
        refusedWithoutEffect(t.sandboxKey(), customer, card, 409, "invalid_state",
                () -> topup(t.sandboxKey(), card, "amount", "10.00", "source", "tenant"));

        assertThat(api.patch("/v1/cards/" + card, t.sandboxKey(), body("status", "active")).status()).isEqualTo(200);
        topupOk(t.sandboxKey(), card, "10.00");
        assertThat(cardAvailable(t.sandboxKey(), card)).isEqualTo("30.00");

        Api.Resp closed = api.delete("/v1/cards/" + card, t.sandboxKey());
        assertThat(closed.status()).as(closed.toString()).isEqualTo(200);
        assertThat(closed.text("refundAmount")).isEqualTo("30.00");
        // 200.00 - 1.00 issuance - 20.70 - 10.60 + 30.00 refund
        assertThat(walletAvailable(t.sandboxKey(), customer, "USD")).isEqualTo("197.70");
        r = refusedWithoutEffect(t.sandboxKey(), customer, card, 409, "invalid_state",
                () -> topup(t.sandboxKey(), card, "amount", "10.00"));
        assertThat(r.body().get("message").asString()).contains("closed");
        assertLedgerBalanced();
    }

    @Test
    void malformed_amounts_currencies_and_sources_are_400_and_move_nothing() {
        TenantKeys t = newTenant();
        String customer = fundedCustomer(t.sandboxKey(), "100.00");
        String card = issueCard(t.sandboxKey(), "customerId", customer, "productId", defaultProduct(t.sandboxKey()));
        topupOk(t.sandboxKey(), card, "10.00");
        Object[] amounts = {"0", "0.00", "-10.00", "-0.01", "10.001", "10.0000", "abc", "", " ", "1e3", "10,00",
                "0x10", "NaN", "Infinity", "99999999999999999999999", "1" + "0".repeat(70),
                new java.math.BigDecimal("10.001"), 0, -5, true, java.util.List.of("10.00"), Map.of("value", "10.00")};
        for (Object amount : amounts) {
            if ("10.0000".equals(amount)) {
                continue; // trailing zeros are exact: checked below as accepted
            }
            Api.Resp r = refusedWithoutEffect(t.sandboxKey(), customer, card, 400, null,
                    () -> topup(t.sandboxKey(), card, "amount", amount));
            assertThat(r.errorCode()).as("amount %s: %s", amount, r).isEqualTo("validation_failed");
        }
        refusedWithoutEffect(t.sandboxKey(), customer, card, 400, "validation_failed",
                () -> topup(t.sandboxKey(), card));
        refusedWithoutEffect(t.sandboxKey(), customer, card, 400, "validation_failed",
                () -> topup(t.sandboxKey(), card, "amount", null));
        refusedWithoutEffect(t.sandboxKey(), customer, card, 400, "validation_failed",
                () -> topup(t.sandboxKey(), card, "amount", "10.00", "currency", "XYZ"));
        refusedWithoutEffect(t.sandboxKey(), customer, card, 400, "validation_failed",
                () -> topup(t.sandboxKey(), card, "amount", "10.00", "source", "bank"));
        refusedWithoutEffect(t.sandboxKey(), customer, card, 400, null,
                () -> topup(t.sandboxKey(), card, "amount", "10.00", "surprise", "field"));
        refusedWithoutEffect(t.sandboxKey(), customer, card, 400, null,
                () -> api.raw("POST", "/v1/cards/" + card + "/topups", t.sandboxKey(), "application/json", "{\"amount\":"));
        refusedWithoutEffect(t.sandboxKey(), customer, card, 400, null,
                () -> api.raw("POST", "/v1/cards/" + card + "/topups", t.sandboxKey(), "application/json",
                        "{\"amount\":\"10.00\",\"amount\":\"20.00\"}"));
        // a value that parses but no wallet could hold: refused by the ledger, not by an overflow
        Api.Resp huge = refusedWithoutEffect(t.sandboxKey(), customer, card, 409, null,
                () -> topup(t.sandboxKey(), card, "amount", "46116860184273879.03"));
        assertThat(huge.errorCode()).isIn("insufficient_funds", "exceeds_max_balance");
        refusedWithoutEffect(t.sandboxKey(), customer, card, 409, null,
                () -> topup(t.sandboxKey(), card, "amount", "1000000.00", "source", "tenant"));

        // the same amount written with trailing zeros or as a JSON number is exact and accepted
        assertThat(topupOk(t.sandboxKey(), card, "10.0000").get("amount").asString()).isEqualTo("10.00");
        Api.Resp number = topup(t.sandboxKey(), card, "amount", new java.math.BigDecimal("10.5"));
        assertThat(number.status()).as(number.toString()).isEqualTo(201);
        assertThat(number.text("amount")).isEqualTo("10.50");
        assertThat(cardAvailable(t.sandboxKey(), card)).isEqualTo("30.50");
        // 100.00 - 1.00 - 10.60 - 10.60 - (10.50 + 0.61: 0.50 + 0.105 -> 0.11)
        assertThat(walletAvailable(t.sandboxKey(), customer, "USD")).isEqualTo("66.69");
        assertLedgerBalanced();
    }

    @Test
    void another_tenants_card_is_not_found_and_untouched() {
        TenantKeys owner = newTenant();
        TenantKeys stranger = newTenant();
        fundTenant(stranger.sandboxKey(), "USD", "100.00");
        String customer = fundedCustomer(owner.sandboxKey(), "100.00");
        String card = issueCard(owner.sandboxKey(), "customerId", customer, "productId",
                defaultProduct(owner.sandboxKey()));
        String top = topupOk(owner.sandboxKey(), card, "10.00").get("id").asString();
        Map<String, Object> strangerBefore = snapshot(stranger.sandboxKey(), null);

        refusedWithoutEffect(owner.sandboxKey(), customer, card, 404, "resource_not_found",
                () -> topup(stranger.sandboxKey(), card, "amount", "10.00", "source", "tenant"));
        refusedWithoutEffect(owner.sandboxKey(), customer, card, 404, "resource_not_found",
                () -> topup(stranger.sandboxKey(), card, "amount", "10.00"));
        refusedWithoutEffect(owner.sandboxKey(), customer, card, 404, "resource_not_found",
                () -> topup(owner.liveKey(), card, "amount", "10.00"));
        refusedWithoutEffect(owner.sandboxKey(), customer, card, 404, "resource_not_found",
                () -> api.post("/v1/simulate/topups/" + top, stranger.sandboxKey(), body("result", "failed")));
        refusedWithoutEffect(owner.sandboxKey(), customer, card, 404, "resource_not_found",
                () -> topup(owner.sandboxKey(), "card_doesnotexist", "amount", "10.00"));
        refusedWithoutEffect(owner.sandboxKey(), customer, card, 401, null,
                () -> topup(null, card, "amount", "10.00"));
        assertThat(snapshot(stranger.sandboxKey(), null)).isEqualTo(strangerBefore);
        assertThat(api.get("/v1/topups/" + top, owner.sandboxKey()).text("status")).isEqualTo("completed");
        assertLedgerBalanced();
    }

    @Test
    void a_withdrawal_never_leaves_the_card_below_the_product_min_balance() {
        TenantKeys t = newTenant();
        String key = t.sandboxKey();
        Map<String, Object> product = productBody("0.00", "0");
        product.put("minBalance", "20.00");
        String productId = createProduct(key, product);
        String customer = fundedCustomer(key, "100.00");
        String card = issueCard(key, "customerId", customer, "productId", productId);
        topupOk(key, card, "50.00");
        Map<String, Object> before = snapshot(key, customer, card);

        Api.Resp tooMuch = withdraw(key, card, "30.01");
        assertThat(tooMuch.status()).as(tooMuch.toString()).isEqualTo(409);
        assertThat(tooMuch.errorCode()).isEqualTo("below_min_balance");
        assertThat(tooMuch.body().get("message").asString()).contains("20.00");
        assertThat(snapshot(key, customer, card)).isEqualTo(before);

        Api.Resp exact = withdraw(key, card, "30.00");
        assertThat(exact.status()).as(exact.toString()).isEqualTo(201);
        assertThat(cardAvailable(key, card)).isEqualTo("20.00");
        assertLedgerBalanced();
    }

    @Test
    void a_top_up_list_cursor_must_be_a_top_up_of_that_card() {
        TenantKeys t = newTenant();
        String key = t.sandboxKey();
        String customer = fundedCustomer(key, "500.00");
        String productId = defaultProduct(key);
        String first = issueCard(key, "customerId", customer, "productId", productId);
        String second = issueCard(key, "customerId", customer, "productId", productId);
        String ofFirst = topupOk(key, first, "20.00").get("id").asString();
        topupOk(key, second, "20.00");

        Api.Resp foreign = api.get("/v1/cards/" + second + "/topups?startingAfter=" + ofFirst, key);
        assertThat(foreign.status()).as(foreign.toString()).isEqualTo(400);
        assertThat(foreign.errorCode()).isEqualTo("invalid_cursor");
        assertThat(api.get("/v1/cards/" + first + "/topups?startingAfter=" + ofFirst, key).status()).isEqualTo(200);
    }
}
