package io.emboss.topups;

import static org.assertj.core.api.Assertions.assertThat;

import io.emboss.support.Api;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * Instant top-ups through the API on PostgreSQL: what the wallet, the tenant's funding balance and
 * the card hold afterwards (to the cent), the fee table, reading and listing, cross-currency
 * sources, withdrawals and the card balance endpoint.
 */
class TopupApiTest extends TopupTestBase {

    @Test
    void instant_topup_moves_amount_plus_fee_from_the_wallet_and_amount_onto_the_card() {
        TenantKeys t = newTenant();
        fundTenant(t.sandboxKey(), "USD", "50.00");
        String customer = fundedCustomer(t.sandboxKey(), "200.00");
        String card = issueCard(t.sandboxKey(), "customerId", customer, "productId", defaultProduct(t.sandboxKey()));
        assertThat(walletAvailable(t.sandboxKey(), customer, "USD")).isEqualTo("199.00"); // issuance fee 1.00

        Api.Resp r = topup(t.sandboxKey(), card, "amount", "100.00");
        assertThat(r.status()).as(r.toString()).isEqualTo(201);
        JsonNode top = r.data();
        assertThat(text(top, "id")).startsWith("top_");
        assertThat(text(top, "cardId")).isEqualTo(card);
        assertThat(text(top, "customerId")).isEqualTo(customer);
        assertThat(text(top, "source")).isEqualTo("wallet");
        assertThat(text(top, "status")).isEqualTo("completed");
        assertThat(text(top, "amount")).isEqualTo("100.00");
        assertThat(text(top, "fee")).isEqualTo("1.50"); // 0.50 + 1 % of 100.00
        assertThat(text(top, "currency")).isEqualTo("USD");
        assertThat(text(top, "balanceBefore")).isEqualTo("0.00");
        assertThat(text(top, "balanceAfter")).isEqualTo("100.00");
        assertThat(text(top, "createdAt")).isNotNull();
        assertThat(text(top, "completedAt")).isNotNull();
        assertThat(top.has("sourceAmount")).isFalse();
        assertThat(top.get("livemode").asBoolean()).isFalse();

        assertThat(walletAvailable(t.sandboxKey(), customer, "USD")).isEqualTo("97.50");
        assertThat(walletPending(t.sandboxKey(), customer, "USD")).isEqualTo("0.00");
        assertThat(fundingAvailable(t.sandboxKey(), "USD")).isEqualTo("50.00");
        JsonNode balance = cardBalance(t.sandboxKey(), card);
        assertThat(text(balance, "available")).isEqualTo("100.00");
        assertThat(text(balance, "posted")).isEqualTo("100.00");
        assertThat(text(balance, "pending")).isEqualTo("0.00");
        assertThat(text(balance, "currency")).isEqualTo("USD");

        Api.Resp read = api.get("/v1/topups/" + text(top, "id"), t.sandboxKey());
        assertThat(read.status()).as(read.toString()).isEqualTo(200);
        assertThat(read.data()).isEqualTo(top);

        JsonNode second = topupOk(t.sandboxKey(), card, "10.00");
        assertThat(text(second, "fee")).isEqualTo("0.60");
        assertThat(text(second, "balanceBefore")).isEqualTo("100.00");
        assertThat(text(second, "balanceAfter")).isEqualTo("110.00");
        assertThat(walletAvailable(t.sandboxKey(), customer, "USD")).isEqualTo("86.90");
        assertThat(cardAvailable(t.sandboxKey(), card)).isEqualTo("110.00");

        List<JsonNode> succeeded = eventObjects(t.sandboxKey(), "topup.succeeded", text(top, "id"));
        assertThat(succeeded).hasSize(1);
        assertThat(text(succeeded.get(0), "status")).isEqualTo("completed");
        assertThat(text(succeeded.get(0), "amount")).isEqualTo("100.00");
        assertThat(text(succeeded.get(0), "fee")).isEqualTo("1.50");
        assertThat(text(succeeded.get(0), "balanceAfter")).isEqualTo("100.00");
        assertThat(eventObjects(t.sandboxKey(), "topup.created", text(top, "id"))).isEmpty();
        assertLedgerBalanced();
    }

    @Test
    void a_cards_topups_are_listed_newest_first_page_by_page() {
        TenantKeys t = newTenant();
        String customer = fundedCustomer(t.sandboxKey(), "500.00");
        String product = defaultProduct(t.sandboxKey());
        String card = issueCard(t.sandboxKey(), "customerId", customer, "productId", product);
        String other = issueCard(t.sandboxKey(), "customerId", customer, "productId", product);
        topupOk(t.sandboxKey(), other, "10.00");
        List<String> created = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            created.add(text(topupOk(t.sandboxKey(), card, (10 + i) + ".00"), "id"));
        }
        List<String> expected = new ArrayList<>(created);
        java.util.Collections.reverse(expected);

        List<String> seen = new ArrayList<>();
        String after = null;
        int pages = 0;
        do {
            Api.Resp r = api.get("/v1/cards/" + card + "/topups?limit=2"
                    + (after == null ? "" : "&startingAfter=" + after), t.sandboxKey());
            assertThat(r.status()).as(r.toString()).isEqualTo(200);
            assertThat(r.data().get("items").size()).isLessThanOrEqualTo(2);
            r.data().get("items").forEach(i -> seen.add(text(i, "id")));
            after = r.data().get("hasMore").asBoolean() ? text(r.data(), "nextCursor") : null;
            pages++;
        } while (after != null);
        assertThat(seen).containsExactlyElementsOf(expected);
        assertThat(pages).isEqualTo(3);

        Api.Resp first = api.get("/v1/cards/" + card + "/topups", t.sandboxKey());
        assertThat(text(first.data().get("items").get(0), "amount")).isEqualTo("14.00");
        assertThat(api.get("/v1/cards/" + card + "/topups?startingAfter=top_nope", t.sandboxKey()).status())
                .isEqualTo(400);
        assertThat(api.get("/v1/cards/" + card + "/topups?limit=0", t.sandboxKey()).status()).isEqualTo(400);
        Api.Resp unknown = api.get("/v1/cards/card_nope/topups", t.sandboxKey());
        assertThat(unknown.status()).isEqualTo(404);
        assertThat(api.get("/v1/topups/top_nope", t.sandboxKey()).status()).isEqualTo(404);

        TenantKeys stranger = newTenant();
        assertThat(api.get("/v1/cards/" + card + "/topups", stranger.sandboxKey()).status()).isEqualTo(404);
        assertThat(api.get("/v1/topups/" + created.get(0), stranger.sandboxKey()).status()).isEqualTo(404);
        // the same tenant's live environment does not see sandbox top-ups either
        assertThat(api.get("/v1/topups/" + created.get(0), t.liveKey()).status()).isEqualTo(404);
    }

    @Test
    void source_tenant_pays_from_the_funding_balance_and_an_unassigned_card_has_no_wallet() {
        TenantKeys t = newTenant();
        fundTenant(t.sandboxKey(), "USD", "100.00");
        String customer = fundedCustomer(t.sandboxKey(), "1.00");
        String product = defaultProduct(t.sandboxKey());
        String card = issueCard(t.sandboxKey(), "customerId", customer, "productId", product);
        assertThat(walletAvailable(t.sandboxKey(), customer, "USD")).isEqualTo("0.00");

        Api.Resp r = topup(t.sandboxKey(), card, "amount", "20.00", "source", "tenant");
        assertThat(r.status()).as(r.toString()).isEqualTo(201);
        assertThat(r.text("source")).isEqualTo("tenant");
        assertThat(r.text("fee")).isEqualTo("0.70");
        assertThat(fundingAvailable(t.sandboxKey(), "USD")).isEqualTo("79.30");
        assertThat(walletAvailable(t.sandboxKey(), customer, "USD")).isEqualTo("0.00");
        assertThat(cardAvailable(t.sandboxKey(), card)).isEqualTo("20.00");

        // an unassigned card is paid for by the tenant; a wallet top-up has no wallet to take from
        String unassigned = issueCard(t.sandboxKey(), "productId", product);
        assertThat(fundingAvailable(t.sandboxKey(), "USD")).isEqualTo("78.30");
        var before = snapshot(t.sandboxKey(), customer, card, unassigned);
        Api.Resp noWallet = topup(t.sandboxKey(), unassigned, "amount", "10.00");
        assertThat(noWallet.status()).as(noWallet.toString()).isEqualTo(409);
        assertThat(noWallet.errorCode()).isEqualTo("invalid_state");
        Api.Resp explicitWallet = topup(t.sandboxKey(), unassigned, "amount", "10.00", "source", "wallet");
        assertThat(explicitWallet.status()).as(explicitWallet.toString()).isEqualTo(409);
        Api.Resp badSource = topup(t.sandboxKey(), unassigned, "amount", "10.00", "source", "bank");
        assertThat(badSource.status()).as(badSource.toString()).isEqualTo(400);
        assertThat(snapshot(t.sandboxKey(), customer, card, unassigned)).isEqualTo(before);

        Api.Resp fromTenant = topup(t.sandboxKey(), unassigned, "amount", "10.00", "source", "tenant");
        assertThat(fromTenant.status()).as(fromTenant.toString()).isEqualTo(201);
        assertThat(fromTenant.data().get("customerId").isNull()).isTrue();
        assertThat(fundingAvailable(t.sandboxKey(), "USD")).isEqualTo("67.70");
        assertThat(cardAvailable(t.sandboxKey(), unassigned)).isEqualTo("10.00");
        assertLedgerBalanced();
    }

    /** Each row through the API: the fee charged, the wallet's drop (amount + fee) and the card's rise (amount). */
    @Test
    void fee_rounding_table_through_the_api() {
        TenantKeys t = newTenant();
        String customer = fundedCustomer(t.sandboxKey(), "2000.00");
        String[][] rows = {
            // fixed, percent, amount, fee
            {"0.30", "1.5", "10.33", "0.45"},   // 0.15495 -> 0.15
            {"0.30", "1.5", "10.00", "0.45"},   // 0.15
            {"0.30", "1.5", "10.34", "0.46"},   // 0.1551 -> 0.16
            {"0.30", "1.5", "11.00", "0.47"},   // 0.165 -> 0.17: a half rounds up
            {"0.30", "1.5", "10.30", "0.45"},   // 0.1545 -> 0.15
            {"0.30", "1.5", "1.00", "0.32"},    // 0.015 -> 0.02
            {"0.00", "0.333", "10.00", "0.03"}, // 0.0333 -> 0.03
            {"0.00", "0.333", "15.00", "0.05"}, // 0.04995 -> 0.05
            {"0.00", "0.333", "13.50", "0.04"}, // 0.044955 -> 0.04
            {"0.00", "0.333", "13.52", "0.05"}, // 0.0450216 -> 0.05
            {"0.00", "0.333", "150.15", "0.50"},// 0.4999995 -> 0.50
            {"0.00", "0", "10.00", "0.00"},     // no fee at all
            {"1.25", "0", "10.00", "1.25"},     // fixed only
            {"0.00", "100", "5.00", "5.00"},    // the whole amount again
        };
        java.util.Map<String, String> cardOfProduct = new java.util.HashMap<>();
        java.math.BigDecimal wallet = dec("2000.00");
        for (String[] row : rows) {
            String productKey = row[0] + "/" + row[1];
            String card = cardOfProduct.computeIfAbsent(productKey, k -> issueCard(t.sandboxKey(), "customerId",
                    customer, "productId", createProduct(t.sandboxKey(), productBody(row[0], row[1]))));
            java.math.BigDecimal cardBefore = dec(cardAvailable(t.sandboxKey(), card));
            JsonNode top = topupOk(t.sandboxKey(), card, row[2]);
            assertThat(text(top, "fee")).as("fee of %s at %s + %s %%", row[2], row[0], row[1]).isEqualTo(row[3]);
            assertThat(text(top, "amount")).isEqualTo(row[2]);
            wallet = wallet.subtract(dec(row[2])).subtract(dec(row[3]));
            assertThat(walletAvailable(t.sandboxKey(), customer, "USD")).as("wallet after %s", (Object) row)
                    .isEqualTo(usd(wallet));
            assertThat(cardAvailable(t.sandboxKey(), card)).isEqualTo(usd(cardBefore.add(dec(row[2]))));
        }
        assertLedgerBalanced();
    }

    @Test
    void a_usdt_wallet_funds_a_usd_card_at_the_configured_rate_in_one_operation() {
        TenantKeys t = newTenant();
        String customer = fundedCustomer(t.sandboxKey(), "1.00");
        deposit(t.sandboxKey(), customer, "USDT", "50");
        String card = issueCard(t.sandboxKey(), "customerId", customer, "productId", defaultProduct(t.sandboxKey()));
        assertThat(walletAvailable(t.sandboxKey(), customer, "USDT")).isEqualTo("50.000000");

        Api.Resp r = topup(t.sandboxKey(), card, "amount", "20", "currency", "USDT");
        assertThat(r.status()).as(r.toString()).isEqualTo(201);
        // 20 USDT at 1.00 = 20.00 USD; fx fee 1 % = 0.20; top-up fee 0.50 + 1 % of 19.80 = 0.70; card gets 19.10
        assertThat(r.text("status")).isEqualTo("completed");
        assertThat(r.text("currency")).isEqualTo("USD");
        assertThat(r.text("sourceAmount")).isEqualTo("20.000000");
        assertThat(r.text("sourceCurrency")).isEqualTo("USDT");
        assertThat(dec(r.data(), "rate")).isEqualByComparingTo("1.00");
        assertThat(r.text("fxFee")).isEqualTo("0.20");
        assertThat(r.text("fee")).isEqualTo("0.70");
        assertThat(r.text("amount")).isEqualTo("19.10");
        assertThat(r.text("balanceBefore")).isEqualTo("0.00");
        assertThat(r.text("balanceAfter")).isEqualTo("19.10");
        assertThat(walletAvailable(t.sandboxKey(), customer, "USDT")).isEqualTo("30.000000");
        assertThat(walletAvailable(t.sandboxKey(), customer, "USD")).isEqualTo("0.00");
        assertThat(cardAvailable(t.sandboxKey(), card)).isEqualTo("19.10");
        assertThat(api.get("/v1/topups/" + r.text("id"), t.sandboxKey()).data()).isEqualTo(r.data());
        assertLedgerBalanced();

        // from the tenant's USDT funding balance
        fundTenant(t.sandboxKey(), "USDT", "100");
        Api.Resp tenant = topup(t.sandboxKey(), card, "amount", "20.000000", "currency", "USDT", "source", "tenant");
        assertThat(tenant.status()).as(tenant.toString()).isEqualTo(201);
        assertThat(tenant.text("amount")).isEqualTo("19.10");
        assertThat(fundingAvailable(t.sandboxKey(), "USDT")).isEqualTo("80.000000");
        assertThat(cardAvailable(t.sandboxKey(), card)).isEqualTo("38.20");

        // refused, with nothing moved: no rate, too small after fees, below minTopup after fees, too many decimals
        // (application.yml converts COP into USD, but names no COP-EUR rate)
        deposit(t.sandboxKey(), customer, "COP", "100000");
        Map<String, Object> eur = productBody("0.00", "0");
        eur.put("currency", "EUR");
        String eurCard = issueCard(t.sandboxKey(), "customerId", customer, "productId",
                createProduct(t.sandboxKey(), eur));
        var before = snapshot(t.sandboxKey(), customer, card, eurCard);
        Api.Resp noRate = topup(t.sandboxKey(), eurCard, "amount", "50000", "currency", "COP");
        assertThat(noRate.status()).as(noRate.toString()).isEqualTo(400);
        assertThat(noRate.body().toString()).contains("currency");
        Api.Resp tiny = topup(t.sandboxKey(), card, "amount", "0.5", "currency", "USDT");
        assertThat(tiny.status()).as(tiny.toString()).isEqualTo(400);
        // 10.50 USDT -> 10.50 - 0.11 fx fee - 0.60 fee = 9.79 < 10.00
        Api.Resp belowMin = topup(t.sandboxKey(), card, "amount", "10.50", "currency", "USDT");
        assertThat(belowMin.status()).as(belowMin.toString()).isEqualTo(409);
        assertThat(belowMin.errorCode()).isEqualTo("below_min_topup");
        assertThat(belowMin.body().get("message").asString()).contains("10.00");
        Api.Resp precise = topup(t.sandboxKey(), card, "amount", "20.0000001", "currency", "USDT");
        assertThat(precise.status()).as(precise.toString()).isEqualTo(400);
        Api.Resp tooMuch = topup(t.sandboxKey(), card, "amount", "30.000001", "currency", "USDT");
        assertThat(tooMuch.status()).as(tooMuch.toString()).isEqualTo(409);
        assertThat(tooMuch.errorCode()).isEqualTo("insufficient_funds");
        assertThat(snapshot(t.sandboxKey(), customer, card, eurCard)).isEqualTo(before);
        assertLedgerBalanced();
    }

    @Test
    void a_usdt_card_rounds_its_fee_to_six_decimals_and_takes_no_usd_without_a_rate() {
        TenantKeys t = newTenant();
        String customer = fundedCustomer(t.sandboxKey(), "100.00");
        deposit(t.sandboxKey(), customer, "USDT", "100");
        Map<String, Object> body = productBody("0.5", "1");
        body.put("currency", "USDT");
        body.put("name", "USDT card");
        String card = issueCard(t.sandboxKey(), "customerId", customer, "productId",
                createProduct(t.sandboxKey(), body));

        // 1 % of 10.123457 = 0.10123457 -> 0.101235; + 0.5
        JsonNode top = topupOk(t.sandboxKey(), card, "10.123457");
        assertThat(text(top, "currency")).isEqualTo("USDT");
        assertThat(text(top, "amount")).isEqualTo("10.123457");
        assertThat(text(top, "fee")).isEqualTo("0.601235");
        assertThat(walletAvailable(t.sandboxKey(), customer, "USDT")).isEqualTo("89.275308");
        assertThat(cardAvailable(t.sandboxKey(), card)).isEqualTo("10.123457");

        var before = snapshot(t.sandboxKey(), customer, card);
        Api.Resp noRate = topup(t.sandboxKey(), card, "amount", "20.00", "currency", "USD");
        assertThat(noRate.status()).as(noRate.toString()).isEqualTo(400);
        Api.Resp precise = topup(t.sandboxKey(), card, "amount", "10.1234567");
        assertThat(precise.status()).as(precise.toString()).isEqualTo(400);
        assertThat(snapshot(t.sandboxKey(), customer, card)).isEqualTo(before);
        assertThat(walletAvailable(t.sandboxKey(), customer, "USD")).isEqualTo("100.00");
        assertLedgerBalanced();
    }

    @Test
    void an_inactive_card_may_be_topped_up() {
        TenantKeys t = newTenant();
        String customer = fundedCustomer(t.sandboxKey(), "100.00");
        String card = issueCard(t.sandboxKey(), "customerId", customer, "productId", defaultProduct(t.sandboxKey()),
                "status", "inactive");
        assertThat(api.get("/v1/cards/" + card, t.sandboxKey()).text("status")).isEqualTo("inactive");
        JsonNode top = topupOk(t.sandboxKey(), card, "25.00");
        assertThat(text(top, "fee")).isEqualTo("0.75");
        assertThat(walletAvailable(t.sandboxKey(), customer, "USD")).isEqualTo("73.25");
        assertThat(text(cardBalance(t.sandboxKey(), card), "posted")).isEqualTo("25.00");
        assertLedgerBalanced();
    }

    @Test
    void withdrawals_move_money_back_to_the_wallet_or_the_funding_balance() {
        TenantKeys t = newTenant();
        fundTenant(t.sandboxKey(), "USD", "100.00");
        String customer = fundedCustomer(t.sandboxKey(), "100.00");
        String product = defaultProduct(t.sandboxKey());
        String card = issueCard(t.sandboxKey(), "customerId", customer, "productId", product);
        topupOk(t.sandboxKey(), card, "50.00"); // wallet 99.00 - 51.00
        assertThat(walletAvailable(t.sandboxKey(), customer, "USD")).isEqualTo("48.00");

        Api.Resp w = withdraw(t.sandboxKey(), card, "20.00");
        assertThat(w.status()).as(w.toString()).isEqualTo(201);
        assertThat(w.text("id")).startsWith("wdr_");
        assertThat(w.text("cardId")).isEqualTo(card);
        assertThat(w.text("destination")).isEqualTo("wallet");
        assertThat(w.text("status")).isEqualTo("completed");
        assertThat(w.text("amount")).isEqualTo("20.00");
        assertThat(w.text("currency")).isEqualTo("USD");
        assertThat(w.text("balanceBefore")).isEqualTo("50.00");
        assertThat(w.text("balanceAfter")).isEqualTo("30.00");
        assertThat(walletAvailable(t.sandboxKey(), customer, "USD")).isEqualTo("68.00");
        assertThat(cardAvailable(t.sandboxKey(), card)).isEqualTo("30.00");
        assertThat(fundingAvailable(t.sandboxKey(), "USD")).isEqualTo("100.00");
        List<JsonNode> events = eventObjects(t.sandboxKey(), "withdrawal.succeeded", w.text("id"));
        assertThat(events).hasSize(1);
        assertThat(text(events.get(0), "amount")).isEqualTo("20.00");
        assertThat(text(events.get(0), "balanceAfter")).isEqualTo("30.00");

        var before = snapshot(t.sandboxKey(), customer, card);
        Api.Resp tooMuch = withdraw(t.sandboxKey(), card, "30.01");
        assertThat(tooMuch.status()).as(tooMuch.toString()).isEqualTo(409);
        assertThat(tooMuch.errorCode()).isEqualTo("insufficient_funds");
        for (Object bad : new Object[] {"0", "-1.00", "1.001", "abc", "99999999999999999999999", ""}) {
            Api.Resp r = api.post("/v1/cards/" + card + "/withdrawals", t.sandboxKey(), body("amount", bad));
            assertThat(r.status()).as("amount %s: %s", bad, r).isEqualTo(400);
        }
        assertThat(api.post("/v1/cards/" + card + "/withdrawals", t.sandboxKey(), body()).status()).isEqualTo(400);
        TenantKeys stranger = newTenant();
        assertThat(withdraw(stranger.sandboxKey(), card, "1.00").status()).isEqualTo(404);
        assertThat(snapshot(t.sandboxKey(), customer, card)).isEqualTo(before);

        Api.Resp all = withdraw(t.sandboxKey(), card, "30.00");
        assertThat(all.status()).as(all.toString()).isEqualTo(201);
        assertThat(all.text("balanceAfter")).isEqualTo("0.00");
        assertThat(walletAvailable(t.sandboxKey(), customer, "USD")).isEqualTo("98.00");
        assertThat(cardAvailable(t.sandboxKey(), card)).isEqualTo("0.00");

        // an unassigned card's money goes back to the tenant's funding balance
        String unassigned = issueCard(t.sandboxKey(), "productId", product, "initialBalance", "40.00");
        assertThat(fundingAvailable(t.sandboxKey(), "USD")).isEqualTo("59.00");
        Api.Resp back = withdraw(t.sandboxKey(), unassigned, "15.00");
        assertThat(back.status()).as(back.toString()).isEqualTo(201);
        assertThat(back.text("destination")).isEqualTo("tenant");
        assertThat(fundingAvailable(t.sandboxKey(), "USD")).isEqualTo("74.00");
        assertThat(cardAvailable(t.sandboxKey(), unassigned)).isEqualTo("25.00");

        // a closed card: its money went back on closing, and nothing more can be withdrawn
        Api.Resp closed = api.delete("/v1/cards/" + unassigned, t.sandboxKey());
        assertThat(closed.status()).as(closed.toString()).isEqualTo(200);
        assertThat(fundingAvailable(t.sandboxKey(), "USD")).isEqualTo("99.00");
        var afterClose = snapshot(t.sandboxKey(), customer, card, unassigned);
        Api.Resp onClosed = withdraw(t.sandboxKey(), unassigned, "1.00");
        assertThat(onClosed.status()).as(onClosed.toString()).isEqualTo(409);
        assertThat(snapshot(t.sandboxKey(), customer, card, unassigned)).isEqualTo(afterClose);
        assertLedgerBalanced();
    }

    @Test
    void the_balance_endpoint_shows_what_closing_the_card_refunds() {
        TenantKeys t = newTenant();
        String customer = fundedCustomer(t.sandboxKey(), "200.00");
        String card = issueCard(t.sandboxKey(), "customerId", customer, "productId", defaultProduct(t.sandboxKey()),
                "initialBalance", "30.00");
        topupOk(t.sandboxKey(), card, "45.00"); // fee 0.95
        withdraw(t.sandboxKey(), card, "0.01");
        assertThat(walletAvailable(t.sandboxKey(), customer, "USD")).isEqualTo("123.06");

        JsonNode b = cardBalance(t.sandboxKey(), card);
        assertThat(text(b, "available")).isEqualTo("74.99");
        assertThat(text(b, "pending")).isEqualTo("0.00");
        assertThat(text(b, "posted")).isEqualTo("74.99");
        assertThat(text(b, "refundable")).isEqualTo("74.99");
        assertThat(text(b, "currency")).isEqualTo("USD");
        assertThat(b.size()).isEqualTo(5);

        Api.Resp closed = api.delete("/v1/cards/" + card, t.sandboxKey());
        assertThat(closed.status()).as(closed.toString()).isEqualTo(200);
        assertThat(closed.text("refundAmount")).isEqualTo(text(b, "refundable"));
        assertThat(walletAvailable(t.sandboxKey(), customer, "USD")).isEqualTo("198.05");
        JsonNode after = cardBalance(t.sandboxKey(), card);
        assertThat(text(after, "available")).isEqualTo("0.00");
        assertThat(text(after, "posted")).isEqualTo("0.00");
        assertThat(text(after, "refundable")).isEqualTo("0.00");

        TenantKeys stranger = newTenant();
        assertThat(api.get("/v1/cards/" + card + "/balance", stranger.sandboxKey()).status()).isEqualTo(404);
        assertThat(api.get("/v1/cards/card_nope/balance", t.sandboxKey()).status()).isEqualTo(404);
        assertThat(api.get("/v1/cards/" + card + "/balance", null).status()).isEqualTo(401);
        assertLedgerBalanced();
    }

    @Test
    void authorization_holds_are_pending_and_neither_withdrawable_nor_refundable() {
        TenantKeys t = newTenant();
        String customer = fundedCustomer(t.sandboxKey(), "200.00");
        String card = issueCard(t.sandboxKey(), "customerId", customer, "productId", defaultProduct(t.sandboxKey()));
        topupOk(t.sandboxKey(), card, "100.00"); // wallet 199.00 - 101.50
        Api.Resp auth = api.post("/v1/simulate/authorizations", t.sandboxKey(), body("cardId", card, "amount", "30.00",
                "currency", "USD", "merchant", Api.map("name", "Corner Shop", "mcc", "5411", "city", "Bogota",
                        "country", "CO")));
        assertThat(auth.status()).as(auth.toString()).isEqualTo(201);
        assertThat(auth.data().get("approved").asBoolean()).as(auth.toString()).isTrue();

        JsonNode b = cardBalance(t.sandboxKey(), card);
        assertThat(text(b, "available")).isEqualTo("70.00");
        assertThat(text(b, "pending")).isEqualTo("30.00");
        assertThat(text(b, "posted")).isEqualTo("100.00");
        assertThat(text(b, "refundable")).isEqualTo("70.00");

        var before = snapshot(t.sandboxKey(), customer, card);
        Api.Resp tooMuch = withdraw(t.sandboxKey(), card, "70.01");
        assertThat(tooMuch.status()).as(tooMuch.toString()).isEqualTo(409);
        assertThat(tooMuch.errorCode()).isEqualTo("insufficient_funds");
        assertThat(snapshot(t.sandboxKey(), customer, card)).isEqualTo(before);
        Api.Resp w = withdraw(t.sandboxKey(), card, "20.00");
        assertThat(w.status()).as(w.toString()).isEqualTo(201);
        assertThat(w.text("balanceBefore")).isEqualTo("100.00");
        assertThat(w.text("balanceAfter")).isEqualTo("80.00");
        assertThat(text(cardBalance(t.sandboxKey(), card), "refundable")).isEqualTo("50.00");

        Api.Resp closed = api.delete("/v1/cards/" + card, t.sandboxKey());
        assertThat(closed.status()).as(closed.toString()).isEqualTo(200);
        assertThat(closed.text("refundAmount")).isEqualTo("50.00");
        // 97.50 + 20.00 withdrawn + 50.00 refunded; the 30.00 stays held for the merchant
        assertThat(walletAvailable(t.sandboxKey(), customer, "USD")).isEqualTo("167.50");
        assertLedgerBalanced();
    }
}
