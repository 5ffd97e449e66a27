package io.emboss.topups;

import static org.assertj.core.api.Assertions.assertThat;

import io.emboss.support.Api;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * Many requests at once against one wallet and one card: balances end exactly at the sum of the
 * successful operations' effects (derived from their responses), nothing goes negative or over
 * the maximum, an idempotent retry counts once, and the ledger stays balanced.
 */
class TopupConcurrencyTest extends TopupTestBase {
    private static final int THREADS = 16;

    /** One request and its response. */
    private record Call(String kind, Api.Resp resp) {
    }

    /** Runs every task at once (behind a start gate) and returns their results in task order. */
    private static List<Call> runTogether(List<Callable<Call>> tasks) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(THREADS);
        try {
            CountDownLatch gate = new CountDownLatch(1);
            List<Future<Call>> futures = new ArrayList<>();
            for (Callable<Call> task : tasks) {
                futures.add(pool.submit(() -> {
                    gate.await();
                    return task.call();
                }));
            }
            gate.countDown();
            List<Call> out = new ArrayList<>();
            for (Future<Call> f : futures) {
                out.add(f.get(120, TimeUnit.SECONDS));
            }
            return out;
        } finally {
            pool.shutdownNow();
        }
    }

    /**
     * The card's history as a path of balances: every success moves the posted balance from
     * balanceBefore to balanceAfter. Without lost updates these steps chain from the start to the
     * end, so every balance is left as often as it is reached (except the start and the end).
     */
    private static void assertStepsChain(List<BigDecimal[]> steps, BigDecimal start, BigDecimal end) {
        Map<BigDecimal, Integer> outMinusIn = new HashMap<>();
        for (BigDecimal[] s : steps) {
            outMinusIn.merge(s[0].stripTrailingZeros(), 1, Integer::sum);
            outMinusIn.merge(s[1].stripTrailingZeros(), -1, Integer::sum);
        }
        if (start.compareTo(end) != 0) {
            assertThat(outMinusIn.remove(start.stripTrailingZeros())).as("start %s", start).isEqualTo(1);
            assertThat(outMinusIn.remove(end.stripTrailingZeros())).as("end %s", end).isEqualTo(-1);
        }
        outMinusIn.values().removeIf(v -> v == 0);
        assertThat(outMinusIn).as("balances reached and left unequally (a lost update)").isEmpty();
    }

    @Test
    void parallel_topups_withdrawals_and_issuances_on_one_wallet_end_exactly() throws Exception {
        TenantKeys t = newTenant();
        String key = t.sandboxKey();
        String customer = fundedCustomer(key, "300.00");
        String product = defaultProduct(key);
        String card = issueCard(key, "customerId", customer, "productId", product);
        topupOk(key, card, "50.00"); // fee 1.00
        BigDecimal wallet0 = dec("248.00");
        BigDecimal card0 = dec("50.00");
        assertThat(walletAvailable(key, customer, "USD")).isEqualTo(usd(wallet0));

        List<Callable<Call>> tasks = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            tasks.add(() -> new Call("topup", topup(key, card, "amount", "10.00")));
        }
        for (int i = 0; i < 20; i++) {
            tasks.add(() -> new Call("withdrawal", withdraw(key, card, "5.00")));
        }
        for (int i = 0; i < 5; i++) {
            tasks.add(() -> new Call("issuance", api.post("/v1/cards", key,
                    body("customerId", customer, "productId", product, "initialBalance", "3.00"))));
        }
        Collections.shuffle(tasks, new java.util.Random(42));
        List<Call> calls = runTogether(tasks);

        BigDecimal wallet = wallet0;
        BigDecimal cardBalance = card0;
        List<BigDecimal[]> steps = new ArrayList<>();
        List<String> newCards = new ArrayList<>();
        int topupsOk = 0;
        int topupsRefused = 0;
        for (Call c : calls) {
            Api.Resp r = c.resp();
            if (r.status() != 201) {
                assertThat(r.status()).as("%s: %s", c.kind(), r).isEqualTo(409);
                assertThat(r.errorCode()).as("%s: %s", c.kind(), r).isEqualTo("insufficient_funds");
                if (c.kind().equals("topup")) {
                    topupsRefused++;
                }
                continue;
            }
            JsonNode d = r.data();
            switch (c.kind()) {
                case "topup":
                    topupsOk++;
                    assertThat(text(d, "fee")).isEqualTo("0.60");
                    wallet = wallet.subtract(dec(d, "amount")).subtract(dec(d, "fee"));
                    cardBalance = cardBalance.add(dec(d, "amount"));
                    assertThat(dec(d, "balanceAfter").subtract(dec(d, "balanceBefore")))
                            .isEqualByComparingTo(dec(d, "amount"));
                    steps.add(new BigDecimal[] {dec(d, "balanceBefore"), dec(d, "balanceAfter")});
                    break;
                case "withdrawal":
                    wallet = wallet.add(dec(d, "amount"));
                    cardBalance = cardBalance.subtract(dec(d, "amount"));
                    assertThat(dec(d, "balanceBefore").subtract(dec(d, "balanceAfter")))
                            .isEqualByComparingTo(dec(d, "amount"));
                    steps.add(new BigDecimal[] {dec(d, "balanceBefore"), dec(d, "balanceAfter")});
                    break;
                default:
                    wallet = wallet.subtract(dec("4.00")); // issuance fee 1.00 + initial balance 3.00
                    newCards.add(text(d, "id"));
                    break;
            }
            assertThat(dec(d.has("balanceAfter") ? text(d, "balanceAfter") : "0")).isNotNegative();
        }
        // the wallet cannot pay 40 × 10.60 even with every withdrawal back: some top-ups must have been refused
        assertThat(topupsRefused).isPositive();
        assertThat(topupsOk).isPositive();
        assertThat(wallet).isNotNegative();
        assertThat(cardBalance).isNotNegative();
        assertThat(walletAvailable(key, customer, "USD")).isEqualTo(usd(wallet));
        assertThat(walletPending(key, customer, "USD")).isEqualTo("0.00");
        JsonNode b = cardBalance(key, card);
        assertThat(text(b, "available")).isEqualTo(usd(cardBalance));
        assertThat(text(b, "posted")).isEqualTo(usd(cardBalance));
        for (String c : newCards) {
            assertThat(cardAvailable(key, c)).isEqualTo("3.00");
        }
        assertStepsChain(steps, card0, cardBalance);
        assertThat(topupsOf(key, card)).hasSize(1 + topupsOk);
        assertLedgerBalanced();
    }

    @Test
    void twenty_parallel_requests_with_one_idempotency_key_apply_one_topup() throws Exception {
        TenantKeys t = newTenant();
        String key = t.sandboxKey();
        String customer = fundedCustomer(key, "100.00");
        String card = issueCard(key, "customerId", customer, "productId", defaultProduct(key));
        Map<String, String> headers = Map.of("Idempotency-Key", "topup-retry-1");

        List<Callable<Call>> tasks = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            tasks.add(() -> new Call("topup", api.post("/v1/cards/" + card + "/topups", key,
                    body("amount", "10.00"), headers)));
        }
        List<Call> calls = runTogether(tasks);
        Set<String> ids = new HashSet<>();
        for (Call c : calls) {
            Api.Resp r = c.resp();
            if (r.status() == 201) {
                ids.add(r.text("id"));
            } else {
                assertThat(r.status()).as(r.toString()).isEqualTo(409);
                assertThat(r.errorCode()).isEqualTo("idempotency_request_in_progress");
            }
        }
        assertThat(ids).hasSize(1);
        Api.Resp replay = api.post("/v1/cards/" + card + "/topups", key, body("amount", "10.00"), headers);
        assertThat(replay.status()).as(replay.toString()).isEqualTo(201);
        assertThat(replay.text("id")).isEqualTo(ids.iterator().next());
        assertThat(replay.header("Idempotent-Replayed")).isEqualTo("true");
        Api.Resp other = api.post("/v1/cards/" + card + "/topups", key, body("amount", "11.00"), headers);
        assertThat(other.status()).as(other.toString()).isEqualTo(409);
        assertThat(other.errorCode()).isEqualTo("idempotency_key_in_use");

        assertThat(topupsOf(key, card)).hasSize(1);
        assertThat(walletAvailable(key, customer, "USD")).isEqualTo("88.40"); // 100 - 1.00 - 10.60
        assertThat(cardAvailable(key, card)).isEqualTo("10.00");
        assertLedgerBalanced();
    }

    @Test
    void parallel_topups_near_max_balance_never_exceed_it() throws Exception {
        TenantKeys t = newTenant();
        String key = t.sandboxKey();
        String customer = fundedCustomer(key, "1000.00");
        for (String mode : List.of("instant", "async")) {
            Map<String, Object> body = productBody("0.00", "0");
            body.put("maxBalance", "100.00");
            body.put("settlementMode", mode);
            String card = issueCard(key, "customerId", customer, "productId", createProduct(key, body));
            topupOk(key, card, "5.00");
            List<Callable<Call>> tasks = new ArrayList<>();
            for (int i = 0; i < 25; i++) {
                tasks.add(() -> new Call("topup", topup(key, card, "amount", "10.00")));
            }
            int ok = 0;
            for (Call c : runTogether(tasks)) {
                if (c.resp().status() == 201) {
                    ok++;
                } else {
                    assertThat(c.resp().status()).as(c.resp().toString()).isEqualTo(409);
                    assertThat(c.resp().errorCode()).isEqualTo("exceeds_max_balance");
                }
            }
            // 5.00 + 9 × 10.00 = 95.00: a tenth would make 105.00
            assertThat(ok).as(mode).isEqualTo(9);
            assertThat(topupsOf(key, card)).hasSize(10);
            if (mode.equals("instant")) {
                assertThat(cardAvailable(key, card)).isEqualTo("95.00");
                assertThat(walletAvailable(key, customer, "USD")).isEqualTo("905.00");
            } else {
                assertThat(text(cardBalance(key, card), "posted")).isEqualTo("0.00");
                assertThat(walletPending(key, customer, "USD")).isEqualTo("95.00");
                assertThat(walletAvailable(key, customer, "USD")).isEqualTo("810.00");
            }
        }
        assertLedgerBalanced();
    }

    /**
     * Closing a card while top-ups are queued on it: every top-up lands either before the close
     * (and is refunded by it) or is refused after it; no money ever stays on the closed card.
     */
    @Test
    void topups_racing_a_close_never_leave_money_on_the_closed_card() throws Exception {
        TenantKeys t = newTenant();
        String key = t.sandboxKey();
        String customer = fundedCustomer(key, "2000.00");
        String product = defaultProduct(key);
        BigDecimal wallet = dec("2000.00");
        for (int round = 0; round < 5; round++) {
            String card = issueCard(key, "customerId", customer, "productId", product);
            wallet = wallet.subtract(dec("1.00"));
            List<Callable<Call>> tasks = new ArrayList<>();
            for (int i = 0; i < 12; i++) {
                tasks.add(() -> new Call("topup", topup(key, card, "amount", "10.00")));
                if (i == 3) {
                    tasks.add(() -> new Call("close", api.delete("/v1/cards/" + card, key)));
                }
            }
            BigDecimal refund = null;
            for (Call c : runTogether(tasks)) {
                Api.Resp r = c.resp();
                if (c.kind().equals("close")) {
                    assertThat(r.status()).as(r.toString()).isEqualTo(200);
                    refund = dec(r.data(), "refundAmount");
                } else if (r.status() == 201) {
                    wallet = wallet.subtract(dec(r.data(), "amount")).subtract(dec(r.data(), "fee"));
                } else {
                    assertThat(r.status()).as(r.toString()).isEqualTo(409);
                    assertThat(r.errorCode()).isEqualTo("invalid_state");
                }
            }
            wallet = wallet.add(refund);
            JsonNode b = cardBalance(key, card);
            assertThat(text(b, "posted")).as("round %d: money left on the closed card", round).isEqualTo("0.00");
            assertThat(walletAvailable(key, customer, "USD")).as("round %d", round).isEqualTo(usd(wallet));
        }
        assertLedgerBalanced();
    }
}
