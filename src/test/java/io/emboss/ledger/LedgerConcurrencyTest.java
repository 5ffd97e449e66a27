package io.emboss.ledger;

import static org.assertj.core.api.Assertions.assertThat;

import io.emboss.shared.Currency;
import io.emboss.shared.Environment;
import io.emboss.shared.Ids;
import io.emboss.shared.Outcome;
import io.emboss.support.ApiTestBase;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.RepetitionInfo;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.TestPropertySource;

/**
 * Sixteen threads at once against LedgerService on PostgreSQL: twelve doing random deposits,
 * wallet-to-wallet payments with a fee leg (refused when funds are short), holds and their
 * capture or void; two racing to resolve the same holds; two rolling up hot-account deltas. Every
 * thread records what it did successfully; afterwards each account must hold exactly the sum of
 * those operations (no lost update), every raced hold must have exactly one winner, and the
 * verification routine must find nothing wrong. The scheduled jobs are pushed out so that the
 * roll-ups are the ones this test runs.
 */
@TestPropertySource(properties = {
        "emboss.ledger.rollup-interval-ms=86400000",
        "emboss.ledger.expiry-interval-ms=86400000"})
class LedgerConcurrencyTest extends ApiTestBase {
    private static final Environment ENV = Environment.SANDBOX;
    private static final Currency USD = Currency.USD;
    private static final int WORKERS = 12;
    private static final int OPS_PER_WORKER = 40;
    private static final int WALLETS = 6;
    private static final int RACED_HOLDS = 20;
    private static final int DP = 0;
    private static final int DPO = 1;
    private static final int CP = 2;
    private static final int CPO = 3;

    @Autowired
    LedgerService ledger;

    @Autowired
    JdbcClient jdbc;

    /** What one thread did successfully: counter changes per account and the transfers written. */
    static final class Tracker {
        final Map<String, long[]> counters = new HashMap<>();
        int transfers;
        int refused;

        void add(AccountKey key, int counter, long amount) {
            counters.computeIfAbsent(key.accountId(), k -> new long[4])[counter] += amount;
        }

        void post(AccountKey debit, AccountKey credit, long amount) {
            add(debit, DPO, amount);
            add(credit, CPO, amount);
            transfers++;
        }

        void hold(AccountKey debit, AccountKey credit, long amount) {
            add(debit, DP, amount);
            add(credit, CP, amount);
            transfers++;
        }

        void resolve(AccountKey debit, AccountKey credit, long held, Long posted) {
            add(debit, DP, -held);
            add(credit, CP, -held);
            if (posted != null) {
                add(debit, DPO, posted);
                add(credit, CPO, posted);
            }
            transfers++;
        }

        void mergeInto(Map<String, long[]> total) {
            counters.forEach((id, c) -> {
                long[] t = total.computeIfAbsent(id, k -> new long[4]);
                for (int i = 0; i < 4; i++) {
                    t[i] += c[i];
                }
            });
        }
    }

    record Hold(String id, AccountKey debit, AccountKey credit, long amount) {
    }

    /** How a thread tries to resolve a hold: post it (for some amount) or void it. */
    record Resolution(Long postAmount) {
        TransferSpec spec(String holdId) {
            return postAmount == null
                    ? new TransferSpec.VoidPending(holdId, TransferSpec.VoidReason.VOIDED, null)
                    : new TransferSpec.PostPending(holdId, postAmount, null);
        }
    }

    @RepeatedTest(3)
    void concurrent_operations_lose_no_update(RepetitionInfo info) throws Exception {
        long seed = new SecureRandom().nextLong();
        String tenant = "ten_test_" + Ids.random(10).toLowerCase(Locale.ROOT);
        String context = "seed " + seed + ", tenant " + tenant + ", repetition " + info.getCurrentRepetition();
        AccountKey external = AccountKey.externalFunding(tenant, ENV, USD);
        AccountKey fees = AccountKey.feeRevenue(tenant, ENV, USD);
        AccountKey network = AccountKey.networkSettlement(tenant, ENV, USD);
        List<AccountKey> wallets = new ArrayList<>();
        for (int i = 0; i < WALLETS; i++) {
            wallets.add(AccountKey.wallet(tenant, ENV, "cus_" + i, USD));
        }
        List<AccountKey> all = new ArrayList<>(wallets);
        all.add(external);
        all.add(fees);
        all.add(network);

        // set-up, one thread: some money in every wallet, and the holds the racers will fight over
        Random setupRandom = new Random(seed);
        Tracker setup = new Tracker();
        for (AccountKey w : wallets) {
            ok(ledger.execute(List.of(new TransferSpec.Post(external, w, 5_000, "deposit", null))), context);
            setup.post(external, w, 5_000);
        }
        List<Hold> raced = new ArrayList<>();
        for (int i = 0; i < RACED_HOLDS; i++) {
            AccountKey w = wallets.get(i % WALLETS);
            long amount = 100 + setupRandom.nextInt(400);
            Transfer t = ok(ledger.execute(List.of(new TransferSpec.Hold(w, network, amount, "authorization", null,
                    null))), context).get(0);
            setup.hold(w, network, amount);
            raced.add(new Hold(t.id(), w, network, amount));
        }

        ExecutorService pool = Executors.newFixedThreadPool(WORKERS + 4);
        ConcurrentLinkedQueue<Throwable> failures = new ConcurrentLinkedQueue<>();
        CountDownLatch start = new CountDownLatch(1);
        AtomicBoolean trafficDone = new AtomicBoolean(false);
        AtomicInteger rolledUp = new AtomicInteger();
        List<Future<Tracker>> trackers = new ArrayList<>();
        List<Future<?>> others = new ArrayList<>();
        try {
            for (int w = 0; w < WORKERS; w++) {
                long workerSeed = seed + 1 + w;
                trackers.add(pool.submit(() -> {
                    start.await();
                    return worker(new Random(workerSeed), wallets, external, fees, network, context);
                }));
            }

            // two racers resolve the same holds at the same moment; outcomes[hold][racer]
            CyclicBarrier barrier = new CyclicBarrier(2);
            @SuppressWarnings("unchecked")
            Outcome<List<Transfer>>[][] outcomes = new Outcome[RACED_HOLDS][2];
            Resolution[][] attempts = new Resolution[RACED_HOLDS][2];
            for (int r = 0; r < 2; r++) {
                int racer = r;
                Random random = new Random(seed - 1 - r);
                others.add(pool.submit(() -> {
                    start.await();
                    for (int i = 0; i < RACED_HOLDS; i++) {
                        Hold h = raced.get(i);
                        int pick = random.nextInt(3);
                        Resolution attempt = new Resolution(pick == 0 ? null
                                : pick == 1 ? h.amount() : 1 + random.nextLong(h.amount()));
                        attempts[i][racer] = attempt;
                        barrier.await(60, TimeUnit.SECONDS);
                        outcomes[i][racer] = ledger.execute(List.of(attempt.spec(h.id())));
                    }
                    return null;
                }));
            }

            // two roll-ups folding small batches of hot-account deltas while the traffic runs
            for (int r = 0; r < 2; r++) {
                Random random = new Random(seed + 100 + r);
                others.add(pool.submit(() -> {
                    start.await();
                    while (!trafficDone.get()) {
                        int folded = ledger.rollUpDeltas(1 + random.nextInt(20));
                        rolledUp.addAndGet(folded);
                        if (folded == 0) {
                            Thread.onSpinWait();
                        }
                    }
                    return null;
                }));
            }

            start.countDown();
            Map<String, long[]> expected = new HashMap<>();
            setup.mergeInto(expected);
            int transfers = setup.transfers;
            int refused = 0;
            for (Future<Tracker> f : trackers) {
                try {
                    Tracker t = f.get(5, TimeUnit.MINUTES);
                    t.mergeInto(expected);
                    transfers += t.transfers;
                    refused += t.refused;
                } catch (java.util.concurrent.ExecutionException e) {
                    failures.add(e.getCause());
                }
            }
            for (int i = 0; i < 2; i++) {
                try {
                    others.get(i).get(5, TimeUnit.MINUTES);
                } catch (java.util.concurrent.ExecutionException e) {
                    failures.add(e.getCause());
                }
            }
            trafficDone.set(true);
            for (int i = 2; i < others.size(); i++) {
                try {
                    others.get(i).get(5, TimeUnit.MINUTES);
                } catch (java.util.concurrent.ExecutionException e) {
                    failures.add(e.getCause());
                }
            }
            assertThat(failures).as("exceptions in threads (%s)", context).isEmpty();

            // each raced hold: exactly one resolver won, the other was told the hold is already resolved
            Tracker races = new Tracker();
            for (int i = 0; i < RACED_HOLDS; i++) {
                Hold h = raced.get(i);
                Outcome<List<Transfer>> a = outcomes[i][0];
                Outcome<List<Transfer>> b = outcomes[i][1];
                assertThat(a.isOk() ^ b.isOk()).as("exactly one resolver of %s wins: %s / %s (%s)", h.id(), a, b,
                        context).isTrue();
                Outcome<List<Transfer>> loser = a.isOk() ? b : a;
                assertThat(loser.rejection().code()).as("the losing resolver of %s", h.id()).isEqualTo("invalid_state");
                Resolution won = attempts[i][a.isOk() ? 0 : 1];
                Transfer resolution = (a.isOk() ? a : b).value().get(0);
                assertThat(resolution.pendingId()).isEqualTo(h.id());
                assertThat(resolution.phase()).isEqualTo(won.postAmount() == null
                        ? Transfer.Phase.VOID_PENDING : Transfer.Phase.POST_PENDING);
                races.resolve(h.debit(), h.credit(), h.amount(), won.postAmount());
                assertThat(jdbc.sql("SELECT COUNT(*) FROM ledger_transfers WHERE pending_id = ?").param(h.id())
                        .query(Long.class).single()).as("resolutions of %s", h.id()).isEqualTo(1);
            }
            races.mergeInto(expected);
            transfers += races.transfers;

            // no lost update: every account holds exactly what the successful operations put there
            for (AccountKey key : all) {
                long[] want = expected.getOrDefault(key.accountId(), new long[4]);
                assertThat(ledger.balance(key)).as("%s %s (%s)", key.kind(), key.ownerId(), context)
                        .isEqualTo(new Balance(key.accountId(), USD, want[DP], want[DPO], want[CP], want[CPO]));
            }
            for (AccountKey w : wallets) {
                assertThat(ledger.balance(w).available()).as("wallet %s", w.ownerId()).isGreaterThanOrEqualTo(0);
            }
            assertThat(jdbc.sql("SELECT COUNT(*) FROM ledger_transfers WHERE tenant_id = ?").param(tenant)
                    .query(Long.class).single()).as("transfers written (%s)", context).isEqualTo(transfers);
            assertVerified(context);

            // folding what is left changes no balance, and leaves every hot row holding the full counters
            int folded;
            do {
                folded = ledger.rollUpDeltas(1000);
            } while (folded > 0);
            for (AccountKey key : all) {
                long[] want = expected.getOrDefault(key.accountId(), new long[4]);
                assertThat(ledger.balance(key)).isEqualTo(new Balance(key.accountId(), USD, want[DP], want[DPO],
                        want[CP], want[CPO]));
                long[] row = jdbc.sql("SELECT debits_pending, debits_posted, credits_pending, credits_posted "
                                + "FROM ledger_accounts WHERE id = ?").param(key.accountId())
                        .query((rs, n) -> new long[] {rs.getLong(1), rs.getLong(2), rs.getLong(3), rs.getLong(4)})
                        .single();
                assertThat(row).as("stored counters of %s after the roll-up", key.kind()).containsExactly(want);
            }
            assertVerified(context);
            System.out.printf("ledger concurrency (%s): %d transfers, %d refused, %d deltas rolled up concurrently%n",
                    context, transfers, refused, rolledUp.get());
            assertThat(transfers).isGreaterThan(WALLETS + RACED_HOLDS + WORKERS * OPS_PER_WORKER / 4);
        } finally {
            trafficDone.set(true);
            start.countDown();
            pool.shutdownNow();
            pool.awaitTermination(30, TimeUnit.SECONDS);
        }
    }

    /** Random traffic of one thread; returns what succeeded. Refusals must be insufficient_funds only. */
    private Tracker worker(Random random, List<AccountKey> wallets, AccountKey external, AccountKey fees,
                           AccountKey network, String context) {
        Tracker t = new Tracker();
        List<Hold> mine = new ArrayList<>();
        for (int op = 0; op < OPS_PER_WORKER; op++) {
            int dice = random.nextInt(100);
            AccountKey from = wallets.get(random.nextInt(WALLETS));
            if (dice < 25) {
                long amount = 1 + random.nextInt(1_500);
                ok(ledger.execute(List.of(new TransferSpec.Post(external, from, amount, "deposit", null))), context);
                t.post(external, from, amount);
            } else if (dice < 60) {
                AccountKey to = wallets.get((wallets.indexOf(from) + 1 + random.nextInt(WALLETS - 1)) % WALLETS);
                long amount = 1 + random.nextInt(4_000);
                long fee = random.nextInt(3) == 0 ? 0 : 1 + random.nextInt(50);
                List<TransferSpec> specs = new ArrayList<>();
                specs.add(new TransferSpec.Post(from, to, amount, "p2p", null));
                if (fee > 0) {
                    specs.add(new TransferSpec.Post(from, fees, fee, "fee", null));
                }
                Outcome<List<Transfer>> out = ledger.execute(specs);
                if (out.isOk()) {
                    t.post(from, to, amount);
                    if (fee > 0) {
                        t.post(from, fees, fee);
                    }
                } else {
                    refusedForFunds(out, context);
                    t.refused++;
                }
            } else if (dice < 80 || mine.isEmpty()) {
                long amount = 1 + random.nextInt(2_000);
                Outcome<List<Transfer>> out = ledger.execute(List.of(
                        new TransferSpec.Hold(from, network, amount, "authorization", null, null)));
                if (out.isOk()) {
                    t.hold(from, network, amount);
                    mine.add(new Hold(out.value().get(0).id(), from, network, amount));
                } else {
                    refusedForFunds(out, context);
                    t.refused++;
                }
            } else {
                Hold h = mine.remove(random.nextInt(mine.size()));
                int pick = random.nextInt(3);
                Long amount = pick == 0 ? null : pick == 1 ? h.amount() : (Long) (long) random.nextInt((int) h.amount());
                ok(ledger.execute(List.of(new Resolution(amount).spec(h.id()))), context);
                t.resolve(h.debit(), h.credit(), h.amount(), amount);
            }
        }
        return t;
    }

    private static List<Transfer> ok(Outcome<List<Transfer>> out, String context) {
        assertThat(out.isOk()).as("%s (%s)", out, context).isTrue();
        return out.value();
    }

    private static void refusedForFunds(Outcome<List<Transfer>> out, String context) {
        assertThat(out.rejection().code()).as("refusal (%s)", context).isEqualTo("insufficient_funds");
    }

    private void assertVerified(String context) {
        Verification v = ledger.verify();
        assertThat(v.problems()).as("verification problems (%s)", context).isEmpty();
        assertThat(v.balanced()).isTrue();
    }
}
