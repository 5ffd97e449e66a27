package io.emboss.wallets;

import static org.assertj.core.api.Assertions.assertThat;

import io.emboss.support.Api;
import io.emboss.support.ApiTestBase;
import java.util.ArrayList;
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

/**
 * Parallel requests against one wallet: no lost update, and an Idempotency-Key applies a deposit
 * once however many copies of the request race.
 */
class WalletConcurrencyTest extends ApiTestBase {

    /** Runs n copies of the call at once (released together) and returns every response. */
    private static List<Api.Resp> inParallel(int n, Callable<Api.Resp> call) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(n);
        try {
            CountDownLatch ready = new CountDownLatch(n);
            CountDownLatch go = new CountDownLatch(1);
            List<Future<Api.Resp>> futures = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                futures.add(pool.submit(() -> {
                    ready.countDown();
                    go.await();
                    return call.call();
                }));
            }
            assertThat(ready.await(30, TimeUnit.SECONDS)).isTrue();
            go.countDown();
            List<Api.Resp> out = new ArrayList<>();
            for (Future<Api.Resp> f : futures) {
                out.add(f.get(120, TimeUnit.SECONDS));
            }
            return out;
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void fifty_parallel_deposits_of_one_dollar_make_exactly_fifty() throws Exception {
        TenantKeys t = newTenant();
        String key = t.sandboxKey();
        String cus = newCustomer(key);

        List<Api.Resp> responses = inParallel(50, () -> api.post("/v1/simulate/deposits", key,
                body("customerId", cus, "currency", "USD", "amount", "1.00")));

        Set<String> ids = new HashSet<>();
        for (Api.Resp r : responses) {
            assertThat(r.status()).as(r.toString()).isEqualTo(201);
            ids.add(r.text("id"));
        }
        assertThat(ids).hasSize(50);
        assertThat(walletAvailable(key, cus, "USD")).isEqualTo("50.00");
        assertThat(walletAvailable(key, cus, "EUR")).isEqualTo("0.00");
        assertLedgerBalanced();
    }

    @Test
    void parallel_conversions_and_funding_into_one_tenant_lose_nothing() throws Exception {
        TenantKeys t = newTenant();
        String key = t.sandboxKey();
        String cus = newCustomer(key);

        // 20 conversions of 100.5 USDT (→ 99.49 USD each) racing 20 fundings of 2.50 USD
        List<Api.Resp> responses = inParallel(40, new Callable<>() {
            private final java.util.concurrent.atomic.AtomicInteger n = new java.util.concurrent.atomic.AtomicInteger();

            @Override
            public Api.Resp call() {
                if (n.getAndIncrement() % 2 == 0) {
                    return api.post("/v1/simulate/deposits", key, body("customerId", cus, "currency", "USDT",
                            "amount", "100.5", "creditCurrency", "USD"));
                }
                return api.post("/v1/simulate/tenant-funding", key, body("currency", "USD", "amount", "2.50"));
            }
        });
        for (Api.Resp r : responses) {
            assertThat(r.status()).as(r.toString()).isEqualTo(201);
        }
        assertThat(walletAvailable(key, cus, "USD")).isEqualTo("1989.80");
        assertThat(walletAvailable(key, cus, "USDT")).isEqualTo("0.000000");
        assertThat(fundingAvailable(key, "USD")).isEqualTo("50.00");
        assertLedgerBalanced();
    }

    @Test
    void twenty_parallel_requests_with_one_idempotency_key_apply_one_deposit() throws Exception {
        TenantKeys t = newTenant();
        String key = t.sandboxKey();
        String cus = newCustomer(key);
        deposit(key, cus, "USD", "5.00");
        Map<String, Object> body = body("customerId", cus, "currency", "USD", "amount", "1.00");
        Map<String, String> idem = Map.of("Idempotency-Key", "race-" + cus);

        List<Api.Resp> responses = inParallel(20, () -> api.post("/v1/simulate/deposits", key, body, idem));

        List<Api.Resp> originals = new ArrayList<>();
        List<Api.Resp> replays = new ArrayList<>();
        int inProgress = 0;
        for (Api.Resp r : responses) {
            if (r.status() == 201 && r.header("Idempotent-Replayed") == null) {
                originals.add(r);
            } else if (r.status() == 201) {
                assertThat(r.header("Idempotent-Replayed")).as(r.toString()).isEqualTo("true");
                replays.add(r);
            } else {
                assertThat(r.status()).as(r.toString()).isEqualTo(409);
                assertThat(r.body().get("success").asBoolean()).isFalse();
                assertThat(r.errorCode()).as(r.toString()).isEqualTo("idempotency_request_in_progress");
                inProgress++;
            }
        }
        assertThat(originals).as("exactly one request ran: " + responses).hasSize(1);
        assertThat(originals.size() + replays.size() + inProgress).isEqualTo(20);
        String depositId = originals.get(0).text("id");
        for (Api.Resp replay : replays) {
            assertThat(replay.text("id")).isEqualTo(depositId);
            assertThat(replay.data()).isEqualTo(originals.get(0).data());
        }
        assertThat(walletAvailable(key, cus, "USD")).as("applied once").isEqualTo("6.00");

        // once finished, the key always replays the first answer
        Api.Resp later = api.post("/v1/simulate/deposits", key, body, idem);
        assertThat(later.status()).as(later.toString()).isEqualTo(201);
        assertThat(later.header("Idempotent-Replayed")).isEqualTo("true");
        assertThat(later.text("id")).isEqualTo(depositId);

        // the same key with another body, or on another endpoint, is refused
        Api.Resp otherBody = api.post("/v1/simulate/deposits", key,
                body("customerId", cus, "currency", "USD", "amount", "2.00"), idem);
        assertThat(otherBody.status()).as(otherBody.toString()).isEqualTo(409);
        assertThat(otherBody.errorCode()).isEqualTo("idempotency_key_in_use");
        Api.Resp otherPath = api.post("/v1/simulate/tenant-funding", key, body("currency", "USD", "amount", "1.00"),
                idem);
        assertThat(otherPath.status()).as(otherPath.toString()).isEqualTo(409);
        assertThat(otherPath.errorCode()).isEqualTo("idempotency_key_in_use");
        assertThat(walletAvailable(key, cus, "USD")).isEqualTo("6.00");
        assertThat(fundingAvailable(key, "USD")).isEqualTo("0.00");

        // keys belong to one tenant: another tenant's identical key runs its own request
        TenantKeys other = newTenant();
        String otherCus = newCustomer(other.sandboxKey());
        Api.Resp theirs = api.post("/v1/simulate/deposits", other.sandboxKey(),
                body("customerId", otherCus, "currency", "USD", "amount", "1.00"), idem);
        assertThat(theirs.status()).as(theirs.toString()).isEqualTo(201);
        assertThat(theirs.header("Idempotent-Replayed")).isNull();
        assertThat(theirs.text("id")).isNotEqualTo(depositId);
        assertThat(walletAvailable(other.sandboxKey(), otherCus, "USD")).isEqualTo("1.00");
        assertThat(walletAvailable(key, cus, "USD")).isEqualTo("6.00");
        assertLedgerBalanced();
    }

    @Test
    void twenty_parallel_requests_with_one_key_and_different_bodies_apply_exactly_one() throws Exception {
        TenantKeys t = newTenant();
        String key = t.sandboxKey();
        String cus = newCustomer(key);
        Map<String, String> idem = Map.of("Idempotency-Key", "mixed-" + cus);
        java.util.concurrent.atomic.AtomicInteger n = new java.util.concurrent.atomic.AtomicInteger(1);

        // each request asks for a different amount (1.00 … 20.00): only the first to claim the key runs
        List<Api.Resp> responses = inParallel(20, () -> api.post("/v1/simulate/deposits", key,
                body("customerId", cus, "currency", "USD", "amount", n.getAndIncrement() + ".00"), idem));

        List<Api.Resp> applied = new ArrayList<>();
        for (Api.Resp r : responses) {
            if (r.status() == 201) {
                applied.add(r);
            } else {
                assertThat(r.status()).as(r.toString()).isEqualTo(409);
                assertThat(r.errorCode()).as(r.toString())
                        .isIn("idempotency_key_in_use", "idempotency_request_in_progress");
            }
        }
        assertThat(applied).as(responses.toString()).hasSize(1);
        assertThat(applied.get(0).header("Idempotent-Replayed")).isNull();
        assertThat(walletAvailable(key, cus, "USD")).isEqualTo(applied.get(0).text("amount"));
        assertLedgerBalanced();
    }
}
