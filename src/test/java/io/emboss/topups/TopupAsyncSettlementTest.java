package io.emboss.topups;

import static org.assertj.core.api.Assertions.assertThat;

import io.emboss.support.Api;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.test.context.TestPropertySource;
import tools.jackson.databind.JsonNode;

/**
 * Asynchronous top-ups settled by hand through the sandbox simulator: funds held while pending,
 * posted on success, released exactly on failure, each with its event; settling once only. The
 * worker's delay is an hour here, so nothing settles behind the test's back.
 */
@TestPropertySource(properties = "emboss.topups.settle-delay=PT1H")
class TopupAsyncSettlementTest extends TopupTestBase {

    private String asyncProduct(String key, String maxBalance) {
        Map<String, Object> body = productBody("0.50", "1");
        body.put("settlementMode", "async");
        body.put("minTopup", "10.00");
        body.put("maxBalance", maxBalance);
        return createProduct(key, body);
    }

    private Api.Resp settle(String key, String topupId, String result) {
        return api.post("/v1/simulate/topups/" + topupId, key, body("result", result));
    }

    @Test
    void a_pending_topup_holds_the_funds_and_succeeds_when_settled() {
        TenantKeys t = newTenant();
        String customer = fundedCustomer(t.sandboxKey(), "200.00");
        String card = issueCard(t.sandboxKey(), "customerId", customer, "productId",
                asyncProduct(t.sandboxKey(), "10000.00"));

        Api.Resp r = topup(t.sandboxKey(), card, "amount", "100.00");
        assertThat(r.status()).as(r.toString()).isEqualTo(201);
        String id = r.text("id");
        assertThat(r.text("status")).isEqualTo("pending");
        assertThat(r.text("amount")).isEqualTo("100.00");
        assertThat(r.text("fee")).isEqualTo("1.50");
        assertThat(r.text("balanceBefore")).isEqualTo("0.00");
        assertThat(r.text("balanceAfter")).isEqualTo("100.00");
        assertThat(r.data().get("completedAt").isNull()).isTrue();

        // held: gone from the wallet's available balance, shown as pending; not yet on the card
        assertThat(walletAvailable(t.sandboxKey(), customer, "USD")).isEqualTo("98.50");
        assertThat(walletPending(t.sandboxKey(), customer, "USD")).isEqualTo("101.50");
        JsonNode balance = cardBalance(t.sandboxKey(), card);
        assertThat(text(balance, "available")).isEqualTo("0.00");
        assertThat(text(balance, "posted")).isEqualTo("0.00");
        assertThat(text(balance, "refundable")).isEqualTo("0.00");
        assertThat(api.get("/v1/topups/" + id, t.sandboxKey()).text("status")).isEqualTo("pending");
        assertThat(eventObjects(t.sandboxKey(), "topup.created", id)).hasSize(1);
        assertThat(eventObjects(t.sandboxKey(), "topup.succeeded", id)).isEmpty();
        // money not yet on the card cannot be withdrawn
        Api.Resp early = withdraw(t.sandboxKey(), card, "1.00");
        assertThat(early.status()).as(early.toString()).isEqualTo(409);
        assertThat(early.errorCode()).isEqualTo("insufficient_funds");
        assertLedgerBalanced();

        Api.Resp settled = settle(t.sandboxKey(), id, "succeeded");
        assertThat(settled.status()).as(settled.toString()).isEqualTo(200);
        assertThat(settled.text("status")).isEqualTo("completed");
        assertThat(settled.text("completedAt")).isNotNull();
        assertThat(settled.text("balanceBefore")).isEqualTo("0.00");
        assertThat(settled.text("balanceAfter")).isEqualTo("100.00");
        assertThat(walletAvailable(t.sandboxKey(), customer, "USD")).isEqualTo("98.50");
        assertThat(walletPending(t.sandboxKey(), customer, "USD")).isEqualTo("0.00");
        assertThat(cardAvailable(t.sandboxKey(), card)).isEqualTo("100.00");
        assertThat(api.get("/v1/topups/" + id, t.sandboxKey()).data()).isEqualTo(settled.data());

        List<JsonNode> events = eventObjects(t.sandboxKey(), "topup.succeeded", id);
        assertThat(events).hasSize(1);
        assertThat(text(events.get(0), "status")).isEqualTo("completed");
        assertThat(text(events.get(0), "amount")).isEqualTo("100.00");
        assertThat(text(events.get(0), "fee")).isEqualTo("1.50");
        assertThat(text(events.get(0), "balanceAfter")).isEqualTo("100.00");
        assertLedgerBalanced();

        // once settled, never again, either way
        Map<String, Object> before = snapshot(t.sandboxKey(), customer, card);
        for (String result : List.of("succeeded", "failed")) {
            Api.Resp again = settle(t.sandboxKey(), id, result);
            assertThat(again.status()).as(again.toString()).isEqualTo(409);
            assertThat(again.errorCode()).isEqualTo("invalid_state");
        }
        assertThat(snapshot(t.sandboxKey(), customer, card)).isEqualTo(before);
        assertThat(eventObjects(t.sandboxKey(), "topup.succeeded", id)).hasSize(1);
        assertThat(eventObjects(t.sandboxKey(), "topup.failed", id)).isEmpty();
    }

    @Test
    void a_failed_settlement_releases_the_hold_exactly() {
        TenantKeys t = newTenant();
        fundTenant(t.sandboxKey(), "USD", "80.00");
        String customer = fundedCustomer(t.sandboxKey(), "60.00");
        String card = issueCard(t.sandboxKey(), "customerId", customer, "productId",
                asyncProduct(t.sandboxKey(), "10000.00"));

        Api.Resp r = topup(t.sandboxKey(), card, "amount", "50.00");
        assertThat(r.status()).as(r.toString()).isEqualTo(201);
        assertThat(walletAvailable(t.sandboxKey(), customer, "USD")).isEqualTo("9.00");
        assertThat(walletPending(t.sandboxKey(), customer, "USD")).isEqualTo("51.00");
        // the hold counts: a second top-up the wallet could pay only without it is refused
        Api.Resp second = topup(t.sandboxKey(), card, "amount", "10.00");
        assertThat(second.status()).as(second.toString()).isEqualTo(409);
        assertThat(second.errorCode()).isEqualTo("insufficient_funds");

        Api.Resp failed = settle(t.sandboxKey(), r.text("id"), "failed");
        assertThat(failed.status()).as(failed.toString()).isEqualTo(200);
        assertThat(failed.text("status")).isEqualTo("failed");
        assertThat(failed.text("failureReason")).isNotBlank();
        assertThat(failed.text("completedAt")).isNotNull();
        assertThat(walletAvailable(t.sandboxKey(), customer, "USD")).isEqualTo("60.00");
        assertThat(walletPending(t.sandboxKey(), customer, "USD")).isEqualTo("0.00");
        JsonNode balance = cardBalance(t.sandboxKey(), card);
        assertThat(text(balance, "available")).isEqualTo("0.00");
        assertThat(text(balance, "posted")).isEqualTo("0.00");
        List<JsonNode> events = eventObjects(t.sandboxKey(), "topup.failed", r.text("id"));
        assertThat(events).hasSize(1);
        assertThat(text(events.get(0), "status")).isEqualTo("failed");
        assertThat(text(events.get(0), "amount")).isEqualTo("50.00");
        assertThat(eventObjects(t.sandboxKey(), "topup.succeeded", r.text("id"))).isEmpty();
        assertThat(settle(t.sandboxKey(), r.text("id"), "succeeded").status()).isEqualTo(409);
        assertThat(walletAvailable(t.sandboxKey(), customer, "USD")).isEqualTo("60.00");
        assertLedgerBalanced();

        // from the tenant's funding balance: held there, and released there
        Api.Resp fromTenant = topup(t.sandboxKey(), card, "amount", "40.00", "source", "tenant");
        assertThat(fromTenant.status()).as(fromTenant.toString()).isEqualTo(201);
        assertThat(fundingAvailable(t.sandboxKey(), "USD")).isEqualTo("39.10");
        assertThat(settle(t.sandboxKey(), fromTenant.text("id"), "failed").status()).isEqualTo(200);
        assertThat(fundingAvailable(t.sandboxKey(), "USD")).isEqualTo("80.00");
        Api.Resp again = topup(t.sandboxKey(), card, "amount", "40.00", "source", "tenant");
        assertThat(settle(t.sandboxKey(), again.text("id"), "succeeded").status()).isEqualTo(200);
        assertThat(fundingAvailable(t.sandboxKey(), "USD")).isEqualTo("39.10");
        assertThat(cardAvailable(t.sandboxKey(), card)).isEqualTo("40.00");
        assertLedgerBalanced();
    }

    @Test
    void pending_topups_count_towards_max_balance() {
        TenantKeys t = newTenant();
        String customer = fundedCustomer(t.sandboxKey(), "500.00");
        String card = issueCard(t.sandboxKey(), "customerId", customer, "productId",
                asyncProduct(t.sandboxKey(), "100.00"));
        Api.Resp first = topup(t.sandboxKey(), card, "amount", "60.00");
        assertThat(first.status()).as(first.toString()).isEqualTo(201);
        Map<String, Object> before = snapshot(t.sandboxKey(), customer, card);
        Api.Resp over = topup(t.sandboxKey(), card, "amount", "50.00");
        assertThat(over.status()).as(over.toString()).isEqualTo(409);
        assertThat(over.errorCode()).isEqualTo("exceeds_max_balance");
        assertThat(over.body().get("message").asString()).contains("100.00");
        assertThat(snapshot(t.sandboxKey(), customer, card)).isEqualTo(before);
        // failing the first frees the room
        assertThat(settle(t.sandboxKey(), first.text("id"), "failed").status()).isEqualTo(200);
        Api.Resp now = topup(t.sandboxKey(), card, "amount", "50.00");
        assertThat(now.status()).as(now.toString()).isEqualTo(201);
        assertLedgerBalanced();
    }

    @Test
    void the_simulator_refuses_bad_results_unknown_or_instant_topups_and_live_keys() {
        TenantKeys t = newTenant();
        String customer = fundedCustomer(t.sandboxKey(), "200.00");
        String asyncCard = issueCard(t.sandboxKey(), "customerId", customer, "productId",
                asyncProduct(t.sandboxKey(), "10000.00"));
        String instantCard = issueCard(t.sandboxKey(), "customerId", customer, "productId",
                defaultProduct(t.sandboxKey()));
        String pending = topup(t.sandboxKey(), asyncCard, "amount", "20.00").text("id");
        String instant = topupOk(t.sandboxKey(), instantCard, "20.00").get("id").asString();
        Map<String, Object> before = snapshot(t.sandboxKey(), customer, asyncCard, instantCard);

        for (Object result : new Object[] {"maybe", "", "SUCCEEDED", null}) {
            Api.Resp r = api.post("/v1/simulate/topups/" + pending, t.sandboxKey(), body("result", result));
            assertThat(r.status()).as("result %s: %s", result, r).isEqualTo(400);
        }
        Api.Resp live = settle(t.liveKey(), pending, "succeeded");
        assertThat(live.status()).as(live.toString()).isEqualTo(403);
        assertThat(live.errorCode()).isEqualTo("sandbox_only");
        assertThat(settle(t.sandboxKey(), "top_doesnotexist", "succeeded").status()).isEqualTo(404);
        TenantKeys stranger = newTenant();
        assertThat(settle(stranger.sandboxKey(), pending, "succeeded").status()).isEqualTo(404);
        Api.Resp completed = settle(t.sandboxKey(), instant, "failed");
        assertThat(completed.status()).as(completed.toString()).isEqualTo(409);
        assertThat(completed.errorCode()).isEqualTo("invalid_state");
        assertThat(snapshot(t.sandboxKey(), customer, asyncCard, instantCard)).isEqualTo(before);
        assertThat(api.get("/v1/topups/" + pending, t.sandboxKey()).text("status")).isEqualTo("pending");
        assertThat(api.get("/v1/topups/" + instant, t.sandboxKey()).text("status")).isEqualTo("completed");
        assertLedgerBalanced();
    }

    /** Closing a card refunds what is available; a top-up still pending must not land on the closed card. */
    @Test
    void a_topup_pending_when_the_card_closes_never_strands_money_on_it() {
        TenantKeys t = newTenant();
        String customer = fundedCustomer(t.sandboxKey(), "200.00");
        String card = issueCard(t.sandboxKey(), "customerId", customer, "productId",
                asyncProduct(t.sandboxKey(), "10000.00"));
        String settledFirst = topup(t.sandboxKey(), card, "amount", "30.00").text("id");
        assertThat(settle(t.sandboxKey(), settledFirst, "succeeded").status()).isEqualTo(200);
        String pending = topup(t.sandboxKey(), card, "amount", "20.00").text("id");
        // 200.00 - 30.80 - 20.70
        assertThat(walletAvailable(t.sandboxKey(), customer, "USD")).isEqualTo("148.50");

        JsonNode balance = cardBalance(t.sandboxKey(), card);
        assertThat(text(balance, "refundable")).isEqualTo("30.00");
        Api.Resp closed = api.delete("/v1/cards/" + card, t.sandboxKey());
        assertThat(closed.status()).as(closed.toString()).isEqualTo(200);
        assertThat(closed.text("refundAmount")).isEqualTo(text(balance, "refundable"));

        Api.Resp late = settle(t.sandboxKey(), pending, "succeeded");
        JsonNode after = cardBalance(t.sandboxKey(), card);
        assertThat(text(after, "posted")).as("money on a closed card after %s", late).isEqualTo("0.00");
        JsonNode topup = api.get("/v1/topups/" + pending, t.sandboxKey()).data();
        assertThat(text(topup, "status")).isEqualTo("failed");
        // everything but the settled top-up's 30.80 and its fee came back: 200.00 - 0.80
        assertThat(walletAvailable(t.sandboxKey(), customer, "USD")).isEqualTo("199.20");
        assertThat(walletPending(t.sandboxKey(), customer, "USD")).isEqualTo("0.00");
        assertThat(eventObjects(t.sandboxKey(), "topup.failed", pending)).hasSize(1);
        assertLedgerBalanced();
    }
}
