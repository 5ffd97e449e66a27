package io.emboss.ledger;

import static org.assertj.core.api.Assertions.assertThat;

import io.emboss.shared.Currency;
import io.emboss.shared.Environment;
import io.emboss.shared.Ids;
import io.emboss.shared.Outcome;
import io.emboss.support.Api;
import io.emboss.support.ApiTestBase;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.TestPropertySource;
import org.springframework.transaction.support.TransactionTemplate;
import tools.jackson.databind.JsonNode;

/**
 * LedgerService against PostgreSQL: posted transfers, two-phase transfers, refusals that write
 * nothing, atomic multi-transfer operations, hot accounts and their roll-up, hold expiry, and the
 * verification routine (also through its HTTP endpoint). The background ledger jobs are pushed
 * far out so that each test decides when deltas are rolled up and holds expire.
 */
@TestPropertySource(properties = {
        "emboss.ledger.rollup-interval-ms=86400000",
        "emboss.ledger.expiry-interval-ms=86400000"})
class LedgerServiceTest extends ApiTestBase {
    private static final Environment ENV = Environment.SANDBOX;
    private static final Currency USD = Currency.USD;

    @Autowired
    LedgerService ledger;

    @Autowired
    JdbcClient jdbc;

    @Autowired
    TransactionTemplate tx;

    private String tenant;
    private AccountKey external;
    private AccountKey fees;
    private AccountKey network;

    @BeforeEach
    void freshTenant() {
        // the ledger does not check tenants exist; a fresh id gives every test its own accounts
        tenant = "ten_test_" + Ids.random(10).toLowerCase(Locale.ROOT);
        external = AccountKey.externalFunding(tenant, ENV, USD);
        fees = AccountKey.feeRevenue(tenant, ENV, USD);
        network = AccountKey.networkSettlement(tenant, ENV, USD);
    }

    @AfterEach
    void ledgerStillBalanced() {
        assertBalanced();
    }

    // ------------------------------------------------------------------ posted transfers

    @Test
    void a_posted_transfer_moves_money_and_is_recorded() {
        AccountKey ana = wallet("ana");
        AccountKey bob = wallet("bob");
        deposit(ana, 10_000);
        String ref = ref();

        Outcome<List<Transfer>> moved = ledger.execute(List.of(new TransferSpec.Post(ana, bob, 2_500, "p2p", ref)));

        assertThat(moved.isOk()).as(String.valueOf(moved)).isTrue();
        Transfer t = moved.value().get(0);
        assertThat(t.id()).startsWith("tr_");
        assertThat(t.phase()).isEqualTo(Transfer.Phase.POSTED);
        assertThat(t.debitAccountId()).isEqualTo(ana.accountId());
        assertThat(t.creditAccountId()).isEqualTo(bob.accountId());
        assertThat(t.amountMinor()).isEqualTo(2_500);
        assertThat(t.currency()).isEqualTo(USD);
        assertThat(ledger.transfer(t.id())).contains(t);
        assertThat(ledger.transfersByReference(ref)).containsExactly(t);

        assertCounters(ana, 0, 2_500, 0, 10_000);
        assertCounters(bob, 0, 0, 0, 2_500);
        assertCounters(external, 0, 10_000, 0, 0);
        assertThat(ledger.balance(ana).available()).isEqualTo(7_500);
        assertThat(ledger.balance(bob).available()).isEqualTo(2_500);
        // an account nobody used reads as zeros
        assertThat(ledger.balance(wallet("nobody"))).isEqualTo(Balance.empty(wallet("nobody").accountId(), USD));
    }

    // ------------------------------------------------------------------ two-phase transfers

    @Test
    void a_hold_posted_in_full_moves_the_held_amount() {
        AccountKey ana = wallet("ana");
        deposit(ana, 10_000);
        Transfer hold = hold(ana, network, 3_000, Instant.now().plusSeconds(3600));

        assertThat(hold.phase()).isEqualTo(Transfer.Phase.PENDING);
        assertThat(ledger.transfer(hold.id())).as("the hold as stored").contains(hold);
        assertCounters(ana, 3_000, 0, 0, 10_000);
        assertThat(ledger.balance(ana).available()).isEqualTo(7_000);
        assertThat(ledger.balance(ana).held()).isEqualTo(3_000);
        assertCounters(network, 0, 0, 3_000, 0);
        assertBalanced();

        Outcome<List<Transfer>> posted = ledger.execute(List.of(new TransferSpec.PostPending(hold.id(), 3_000, null)));

        assertThat(posted.isOk()).as(String.valueOf(posted)).isTrue();
        Transfer p = posted.value().get(0);
        assertThat(p.phase()).isEqualTo(Transfer.Phase.POST_PENDING);
        assertThat(p.pendingId()).isEqualTo(hold.id());
        assertThat(p.amountMinor()).isEqualTo(3_000);
        assertCounters(ana, 0, 3_000, 0, 10_000);
        assertCounters(network, 0, 0, 0, 3_000);
        assertThat(resolutionsOf(hold.id())).isEqualTo(1);
    }

    @Test
    void a_hold_posted_in_part_releases_the_rest_and_cannot_be_resolved_again() {
        AccountKey ana = wallet("ana");
        deposit(ana, 10_000);
        Transfer hold = hold(ana, network, 3_000, null);

        Outcome<List<Transfer>> posted = ledger.execute(List.of(new TransferSpec.PostPending(hold.id(), 1_200, null)));

        assertThat(posted.isOk()).as(String.valueOf(posted)).isTrue();
        assertThat(posted.value().get(0).amountMinor()).isEqualTo(1_200);
        assertCounters(ana, 0, 1_200, 0, 10_000);
        assertThat(ledger.balance(ana).available()).isEqualTo(8_800);
        assertCounters(network, 0, 0, 0, 1_200);
        assertBalanced();

        // a second resolution, of either kind, is refused and changes nothing
        assertRefused(ledger.execute(List.of(new TransferSpec.PostPending(hold.id(), 100, null))), "invalid_state");
        assertRefused(ledger.execute(List.of(new TransferSpec.VoidPending(hold.id(),
                TransferSpec.VoidReason.VOIDED, null))), "invalid_state");
        assertCounters(ana, 0, 1_200, 0, 10_000);
        assertCounters(network, 0, 0, 0, 1_200);
        assertThat(resolutionsOf(hold.id())).isEqualTo(1);
    }

    @Test
    void a_voided_hold_releases_everything_and_cannot_be_posted_afterwards() {
        AccountKey ana = wallet("ana");
        deposit(ana, 10_000);
        Transfer hold = hold(ana, network, 3_000, null);

        Outcome<List<Transfer>> voided = ledger.execute(List.of(new TransferSpec.VoidPending(hold.id(),
                TransferSpec.VoidReason.VOIDED, "reversal")));

        assertThat(voided.isOk()).as(String.valueOf(voided)).isTrue();
        Transfer v = voided.value().get(0);
        assertThat(v.phase()).isEqualTo(Transfer.Phase.VOID_PENDING);
        assertThat(v.voidReason()).isEqualTo("voided");
        assertThat(v.amountMinor()).isEqualTo(3_000);
        assertThat(v.pendingId()).isEqualTo(hold.id());
        assertCounters(ana, 0, 0, 0, 10_000);
        assertCounters(network, 0, 0, 0, 0);
        assertThat(ledger.balance(ana).available()).isEqualTo(10_000);

        assertRefused(ledger.execute(List.of(new TransferSpec.PostPending(hold.id(), 3_000, null))), "invalid_state");
        assertCounters(ana, 0, 0, 0, 10_000);
        assertCounters(network, 0, 0, 0, 0);
    }

    @Test
    void posting_more_than_was_held_is_refused_and_the_hold_stays_usable() {
        AccountKey ana = wallet("ana");
        deposit(ana, 10_000);
        Transfer hold = hold(ana, network, 1_000, null);

        assertRefused(ledger.execute(List.of(new TransferSpec.PostPending(hold.id(), 1_001, "too-much"))),
                "invalid_state");
        assertCounters(ana, 1_000, 0, 0, 10_000);
        assertCounters(network, 0, 0, 1_000, 0);
        assertThat(ledger.transfersByReference("too-much")).isEmpty();
        assertThat(resolutionsOf(hold.id())).isZero();

        Outcome<List<Transfer>> posted = ledger.execute(List.of(new TransferSpec.PostPending(hold.id(), 1_000, null)));
        assertThat(posted.isOk()).as(String.valueOf(posted)).isTrue();
        assertCounters(ana, 0, 1_000, 0, 10_000);
    }

    @Test
    void resolving_an_unknown_hold_is_not_found() {
        assertRefused(ledger.execute(List.of(new TransferSpec.PostPending("tr_doesnotexist", 1, null))),
                "resource_not_found");
        assertRefused(ledger.execute(List.of(new TransferSpec.VoidPending("tr_doesnotexist",
                TransferSpec.VoidReason.VOIDED, null))), "resource_not_found");
    }

    // ------------------------------------------------------------------ refusals write nothing

    @Test
    void insufficient_funds_is_refused_and_writes_nothing() {
        AccountKey ana = wallet("ana");
        AccountKey bob = wallet("bob");
        deposit(ana, 1_000);
        deposit(bob, 1);
        Balance anaBefore = ledger.balance(ana);
        Balance bobBefore = ledger.balance(bob);
        long transfersBefore = count("ledger_transfers");
        long deltasBefore = count("ledger_account_deltas");
        String ref = ref();

        // one minor unit too much, as a post, as a hold, and with a fee leg to a hot account first
        assertRefused(ledger.execute(List.of(new TransferSpec.Post(ana, bob, 1_001, "p2p", ref))),
                "insufficient_funds");
        assertRefused(ledger.execute(List.of(new TransferSpec.Hold(ana, network, 1_001, "auth", ref, null))),
                "insufficient_funds");
        assertRefused(ledger.execute(List.of(
                new TransferSpec.Post(ana, fees, 10, "fee", ref),
                new TransferSpec.Post(ana, bob, 991, "p2p", ref))), "insufficient_funds");

        assertThat(ledger.balance(ana)).isEqualTo(anaBefore);
        assertThat(ledger.balance(bob)).isEqualTo(bobBefore);
        assertThat(ledger.balance(fees).creditsPosted()).isZero();
        assertThat(ledger.transfersByReference(ref)).isEmpty();
        assertThat(count("ledger_transfers")).isEqualTo(transfersBefore);
        assertThat(count("ledger_account_deltas")).isEqualTo(deltasBefore);

        // exactly the available balance is fine
        Outcome<List<Transfer>> exact = ledger.execute(List.of(new TransferSpec.Post(ana, bob, 1_000, "p2p", ref)));
        assertThat(exact.isOk()).as(String.valueOf(exact)).isTrue();
        assertCounters(ana, 0, 1_000, 0, 1_000);
        assertThat(ledger.balance(ana).available()).isZero();
        assertCounters(fees, 0, 0, 0, 0);
        assertCounters(network, 0, 0, 0, 0);
    }

    @Test
    void a_hold_counts_against_the_available_balance() {
        AccountKey ana = wallet("ana");
        AccountKey bob = wallet("bob");
        deposit(ana, 1_000);
        hold(ana, network, 600, null);

        assertRefused(ledger.execute(List.of(new TransferSpec.Post(ana, bob, 401, "p2p", null))),
                "insufficient_funds");
        Outcome<List<Transfer>> ok = ledger.execute(List.of(new TransferSpec.Post(ana, bob, 400, "p2p", null)));
        assertThat(ok.isOk()).as(String.valueOf(ok)).isTrue();
        assertCounters(ana, 600, 400, 0, 1_000);
        assertThat(ledger.balance(ana).available()).isZero();
    }

    @Test
    void a_multi_transfer_operation_applies_all_legs_or_none() {
        AccountKey ana = wallet("ana");
        AccountKey bob = wallet("bob");
        AccountKey cid = wallet("cid");
        deposit(ana, 1_000);
        String ref = ref();

        // the second leg overdraws: the first, which alone would be fine, is not applied either
        assertRefused(ledger.execute(List.of(
                new TransferSpec.Post(ana, bob, 600, "p2p", ref),
                new TransferSpec.Post(ana, cid, 600, "p2p", ref))), "insufficient_funds");
        assertCounters(ana, 0, 0, 0, 1_000);
        assertCounters(bob, 0, 0, 0, 0);
        assertCounters(cid, 0, 0, 0, 0);
        assertThat(ledger.transfersByReference(ref)).isEmpty();

        // a leg resolving an already-resolved hold fails the whole operation too
        Transfer hold = hold(ana, network, 100, null);
        assertThat(ledger.execute(List.of(new TransferSpec.VoidPending(hold.id(), TransferSpec.VoidReason.VOIDED,
                null))).isOk()).isTrue();
        assertRefused(ledger.execute(List.of(
                new TransferSpec.Post(ana, bob, 50, "p2p", ref),
                new TransferSpec.PostPending(hold.id(), 100, ref))), "invalid_state");
        assertCounters(ana, 0, 0, 0, 1_000);
        assertCounters(bob, 0, 0, 0, 0);
        assertThat(ledger.transfersByReference(ref)).isEmpty();

        // legs are applied in order: a later leg may spend what an earlier one credited
        Outcome<List<Transfer>> chained = ledger.execute(List.of(
                new TransferSpec.Post(external, bob, 500, "deposit", ref),
                new TransferSpec.Post(bob, cid, 500, "p2p", ref),
                new TransferSpec.Post(ana, cid, 1_000, "p2p", ref)));
        assertThat(chained.isOk()).as(String.valueOf(chained)).isTrue();
        assertThat(ledger.transfersByReference(ref)).hasSize(3);
        assertCounters(bob, 0, 500, 0, 500);
        assertCounters(cid, 0, 0, 0, 1_500);
        assertCounters(ana, 0, 1_000, 0, 1_000);
    }

    // ------------------------------------------------------------------ hot accounts

    @Test
    void hot_accounts_take_deltas_and_the_roll_up_keeps_their_balance() {
        AccountKey ana = wallet("ana");
        deposit(ana, 10_000);
        for (int i = 0; i < 5; i++) {
            Outcome<List<Transfer>> fee = ledger.execute(List.of(new TransferSpec.Post(ana, fees, 100, "fee", null)));
            assertThat(fee.isOk()).as(String.valueOf(fee)).isTrue();
        }
        Transfer hold = hold(ana, network, 300, null);
        assertThat(ledger.execute(List.of(new TransferSpec.PostPending(hold.id(), 200, null))).isOk()).isTrue();

        // the fee account's row is never updated in place: five deltas wait to be rolled up
        assertThat(rowCounters(fees)).containsExactly(0, 0, 0, 0);
        assertThat(deltaRows(fees)).isEqualTo(5);
        assertThat(deltaRows(network)).isEqualTo(2);
        assertThat(deltaRows(external)).isEqualTo(1);
        // the checked wallet is updated in place and has no deltas
        assertThat(deltaRows(ana)).isZero();
        assertThat(rowCounters(ana)).containsExactly(0, 700, 0, 10_000);

        Balance feesBefore = ledger.balance(fees);
        Balance networkBefore = ledger.balance(network);
        Balance externalBefore = ledger.balance(external);
        assertThat(feesBefore.creditsPosted()).isEqualTo(500);
        assertThat(networkBefore).isEqualTo(new Balance(network.accountId(), USD, 0, 0, 0, 200));
        assertThat(externalBefore.debitsPosted()).isEqualTo(10_000);

        // fold one row at a time first: every intermediate state reads the same
        assertThat(ledger.rollUpDeltas(1)).isEqualTo(1);
        assertThat(ledger.balance(fees)).isEqualTo(feesBefore);
        assertThat(ledger.balance(network)).isEqualTo(networkBefore);
        assertThat(ledger.balance(external)).isEqualTo(externalBefore);
        assertBalanced();
        int folded;
        do {
            folded = ledger.rollUpDeltas(3);
            assertThat(ledger.balance(fees)).isEqualTo(feesBefore);
            assertThat(ledger.balance(network)).isEqualTo(networkBefore);
        } while (folded > 0);

        assertThat(deltaRows(fees)).isZero();
        assertThat(deltaRows(network)).isZero();
        assertThat(rowCounters(fees)).containsExactly(0, 0, 0, 500);
        assertThat(rowCounters(network)).containsExactly(0, 0, 0, 200);
        assertThat(rowCounters(external)).containsExactly(0, 10_000, 0, 0);
        assertThat(ledger.balance(fees)).isEqualTo(feesBefore);
        assertThat(ledger.balance(external)).isEqualTo(externalBefore);
        assertThat(ledger.rollUpDeltas(100)).isZero();

        // later deltas add on top of the rolled-up counters
        assertThat(ledger.execute(List.of(new TransferSpec.Post(ana, fees, 1, "fee", null))).isOk()).isTrue();
        assertThat(ledger.balance(fees).creditsPosted()).isEqualTo(501);
    }

    @Test
    void a_roll_up_beside_another_one_never_folds_a_release_before_its_hold() throws Exception {
        AccountKey ana = wallet("ana");
        deposit(ana, 1_000);
        Transfer hold = hold(ana, network, 300, null);
        assertThat(ledger.execute(List.of(new TransferSpec.PostPending(hold.id(), 200, null))).isOk()).isTrue();
        Balance networkBefore = ledger.balance(network);
        // the fresh network account's row is all zeros; its deltas are +300 pending, then -300 pending +200 posted
        assertThat(rowCounters(network)).containsExactly(0, 0, 0, 0);
        long holdDelta = jdbc.sql("SELECT MIN(seq) FROM ledger_account_deltas WHERE account_id = ?")
                .param(network.accountId()).query(Long.class).single();

        // another roll-up has claimed the hold's delta (row lock) and not yet folded it
        CountDownLatch claimed = new CountDownLatch(1);
        int[] firstPid = new int[1];
        CountDownLatch fold = new CountDownLatch(1);
        ExecutorService threads = Executors.newFixedThreadPool(2);
        try {
            Future<?> first = threads.submit(() -> tx.executeWithoutResult(s -> {
                long[] d = jdbc.sql("SELECT debits_pending, debits_posted, credits_pending, credits_posted "
                                + "FROM ledger_account_deltas WHERE seq = ? FOR UPDATE").param(holdDelta)
                        .query((rs, n) -> new long[] {rs.getLong(1), rs.getLong(2), rs.getLong(3), rs.getLong(4)})
                        .single();
                firstPid[0] = jdbc.sql("SELECT pg_backend_pid()").query(Integer.class).single();
                claimed.countDown();
                await(fold);
                jdbc.sql("UPDATE ledger_accounts SET debits_pending = debits_pending + ?, debits_posted = "
                                + "debits_posted + ?, credits_pending = credits_pending + ?, credits_posted = "
                                + "credits_posted + ? WHERE id = ?")
                        .params(d[0], d[1], d[2], d[3], network.accountId()).update();
                jdbc.sql("DELETE FROM ledger_account_deltas WHERE seq = ?").param(holdDelta).update();
            }));
            await(claimed);
            Future<Integer> second = threads.submit(() -> ledger.rollUpDeltas(100));
            // let the second roll-up either finish or block on the first one's claim before the first folds
            while (!second.isDone() && !blockedBy(firstPid[0])) {
                Thread.onSpinWait();
            }
            fold.countDown();
            first.get(60, TimeUnit.SECONDS);
            second.get(60, TimeUnit.SECONDS);
        } finally {
            fold.countDown();
            threads.shutdownNow();
        }
        while (ledger.rollUpDeltas(100) > 0) {
            // fold whatever is left
        }
        assertThat(deltaRows(network)).isZero();
        assertThat(rowCounters(network)).containsExactly(0, 0, 0, 200);
        assertThat(ledger.balance(network)).isEqualTo(networkBefore);
    }

    @Test
    void a_hot_account_may_be_debited_beyond_its_credits() {
        AccountKey ana = wallet("ana");
        // external funding is the counterpart of every deposit: it is not limited
        deposit(ana, 5);
        assertThat(ledger.balance(external).available()).isEqualTo(-5);
        Outcome<List<Transfer>> refund = ledger.execute(List.of(new TransferSpec.Post(fees, ana, 7, "refund", null)));
        assertThat(refund.isOk()).as(String.valueOf(refund)).isTrue();
        assertThat(ledger.balance(fees).posted()).isEqualTo(-7);
        assertCounters(ana, 0, 0, 0, 12);
    }

    // ------------------------------------------------------------------ expiry

    @Test
    void a_hold_past_its_timeout_is_listed_and_expired_once() {
        AccountKey ana = wallet("ana");
        deposit(ana, 10_000);
        Instant now = Instant.now();
        Transfer expired = hold(ana, network, 1_000, now.minusSeconds(1));
        Transfer alive = hold(ana, network, 2_000, now.plusSeconds(3600));
        Transfer forever = hold(ana, network, 3_000, null);
        Transfer expiredButVoided = hold(ana, network, 400, now.minusSeconds(5));
        assertThat(ledger.execute(List.of(new TransferSpec.VoidPending(expiredButVoided.id(),
                TransferSpec.VoidReason.VOIDED, null))).isOk()).isTrue();
        assertCounters(ana, 6_000, 0, 0, 10_000);

        List<String> due = ledger.expiredPendingIds(100);
        assertThat(due).contains(expired.id()).doesNotContain(alive.id(), forever.id(), expiredButVoided.id());

        // past its timeout a hold can no longer be captured
        assertRefused(ledger.execute(List.of(new TransferSpec.PostPending(expired.id(), 1_000, null))),
                "invalid_state");

        Outcome<List<Transfer>> out = ledger.expire(expired.id());
        assertThat(out.isOk()).as(String.valueOf(out)).isTrue();
        Transfer v = out.value().get(0);
        assertThat(v.phase()).isEqualTo(Transfer.Phase.VOID_PENDING);
        assertThat(v.voidReason()).isEqualTo("expired");
        assertThat(v.pendingId()).isEqualTo(expired.id());
        assertThat(v.amountMinor()).isEqualTo(1_000);
        assertCounters(ana, 5_000, 0, 0, 10_000);
        assertCounters(network, 0, 0, 5_000, 0);

        assertThat(ledger.expiredPendingIds(100)).doesNotContain(expired.id());
        assertRefused(ledger.expire(expired.id()), "invalid_state");
        assertRefused(ledger.expire(expiredButVoided.id()), "invalid_state");
        assertCounters(ana, 5_000, 0, 0, 10_000);

        // the hold that has not timed out is still capturable
        assertThat(ledger.execute(List.of(new TransferSpec.PostPending(alive.id(), 2_000, null))).isOk()).isTrue();
        assertCounters(ana, 3_000, 2_000, 0, 10_000);
    }

    // ------------------------------------------------------------------ verification

    @Test
    void verification_reports_counts_and_totals() {
        AccountKey ana = wallet("ana");
        deposit(ana, 700);
        hold(ana, network, 200, null);

        Verification v = ledger.verify();
        assertThat(v.balanced()).isTrue();
        assertThat(v.problems()).isEmpty();
        assertThat(v.accountsChecked()).isGreaterThanOrEqualTo(3);
        assertThat(v.transfersChecked()).isGreaterThanOrEqualTo(2);
        assertThat(v.unresolvedPendingTransfers()).isGreaterThanOrEqualTo(1);
        Verification.CurrencyTotals usd = v.currencies().stream().filter(c -> c.currency().equals("USD"))
                .findFirst().orElseThrow();
        assertThat(usd.debitsPending()).isEqualTo(usd.creditsPending()).isGreaterThanOrEqualTo(200);
        assertThat(usd.debitsPosted()).isEqualTo(usd.creditsPosted()).isGreaterThanOrEqualTo(700);
    }

    @Test
    void corrupted_counters_are_reported_by_verify_and_by_the_endpoint() {
        AccountKey ana = wallet("ana");
        deposit(ana, 1_000);
        assertBalanced();
        try {
            // one minor unit appears from nowhere on the wallet
            assertThat(jdbc.sql("UPDATE ledger_accounts SET credits_posted = credits_posted + 1 WHERE id = ?")
                    .param(ana.accountId()).update()).isEqualTo(1);

            Verification v = ledger.verify();
            assertThat(v.balanced()).isFalse();
            assertThat(v.problems()).anySatisfy(p -> {
                assertThat(p.check()).isEqualTo("counters_match_transfers");
                assertThat(p.accountId()).isEqualTo(ana.accountId());
                assertThat(p.detail()).contains("credits_posted is 10.01 USD but transfers sum to 10.00 USD");
            });
            assertThat(v.problems()).anySatisfy(p -> {
                assertThat(p.check()).isEqualTo("debits_equal_credits");
                assertThat(p.currency()).isEqualTo("USD");
            });

            Api.Resp r = api.get("/v1/platform/ledger/verification", ADMIN);
            assertThat(r.status()).as(r.toString()).isEqualTo(200);
            assertThat(r.body().get("success").asBoolean()).isTrue();
            assertThat(r.data().get("balanced").asBoolean()).as(r.toString()).isFalse();
            assertThat(problemNaming(r.data(), ana.accountId(), "counters_match_transfers")).as(r.toString()).isTrue();

            // now overdraw it: debits above posted credits on a checked account
            jdbc.sql("UPDATE ledger_accounts SET credits_posted = credits_posted - 1, debits_posted = 1500 "
                    + "WHERE id = ?").param(ana.accountId()).update();
            Verification overdrawn = ledger.verify();
            assertThat(overdrawn.balanced()).isFalse();
            assertThat(overdrawn.problems()).anySatisfy(p -> {
                assertThat(p.check()).isEqualTo("debits_must_not_exceed_credits");
                assertThat(p.accountId()).isEqualTo(ana.accountId());
            });
            Api.Resp again = api.get("/v1/platform/ledger/verification", ADMIN);
            assertThat(again.data().get("balanced").asBoolean()).isFalse();
            assertThat(problemNaming(again.data(), ana.accountId(), "debits_must_not_exceed_credits"))
                    .as(again.toString()).isTrue();
        } finally {
            jdbc.sql("UPDATE ledger_accounts SET debits_pending = 0, debits_posted = 0, credits_pending = 0, "
                    + "credits_posted = 1000 WHERE id = ?").param(ana.accountId()).update();
        }
        assertBalanced();
        assertLedgerBalanced();
    }

    @Test
    void the_verification_endpoint_is_for_the_platform_operator_only() {
        Api.Resp anonymous = api.get("/v1/platform/ledger/verification", null);
        assertThat(anonymous.status()).as(anonymous.toString()).isEqualTo(401);
        assertThat(anonymous.body().get("success").asBoolean()).isFalse();
        assertThat(anonymous.errorCode()).isEqualTo("missing_credentials");

        Api.Resp wrongToken = api.get("/v1/platform/ledger/verification", "not-the-admin-token-xxxxxxxx");
        assertThat(wrongToken.status()).as(wrongToken.toString()).isEqualTo(401);

        TenantKeys t = newTenant();
        Api.Resp tenantKey = api.get("/v1/platform/ledger/verification", t.sandboxKey());
        assertThat(tenantKey.status()).as(tenantKey.toString()).isEqualTo(403);
        assertThat(tenantKey.errorCode()).isEqualTo("forbidden");
        assertThat(tenantKey.data() == null || tenantKey.data().isNull() || tenantKey.data().get("balanced") == null)
                .as("no ledger data leaks to a tenant: %s", tenantKey).isTrue();
        Api.Resp liveKey = api.get("/v1/platform/ledger/verification", t.liveKey());
        assertThat(liveKey.status()).as(liveKey.toString()).isEqualTo(403);

        JsonNode data = assertLedgerBalanced();
        assertThat(data.get("accountsChecked").asInt()).isPositive();
    }

    // ------------------------------------------------------------------ helpers

    /** True once some session waits for a lock that the session with this backend pid holds. */
    private boolean blockedBy(int pid) {
        return jdbc.sql("SELECT COUNT(*) FROM pg_stat_activity WHERE ? = ANY(pg_blocking_pids(pid))")
                .param(pid).query(Long.class).single() > 0;
    }

    private static void await(CountDownLatch latch) {
        try {
            assertThat(latch.await(60, TimeUnit.SECONDS)).isTrue();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private AccountKey wallet(String name) {
        return AccountKey.wallet(tenant, ENV, "cus_" + name, USD);
    }

    private static String ref() {
        return "ref_" + Ids.random(16);
    }

    private void deposit(AccountKey wallet, long amount) {
        Outcome<List<Transfer>> out = ledger.execute(List.of(
                new TransferSpec.Post(external, wallet, amount, "deposit", null)));
        assertThat(out.isOk()).as(String.valueOf(out)).isTrue();
    }

    private Transfer hold(AccountKey debit, AccountKey credit, long amount, Instant timeoutAt) {
        Outcome<List<Transfer>> out = ledger.execute(List.of(
                new TransferSpec.Hold(debit, credit, amount, "authorization", null, timeoutAt)));
        assertThat(out.isOk()).as(String.valueOf(out)).isTrue();
        return out.value().get(0);
    }

    private void assertCounters(AccountKey key, long dp, long dpo, long cp, long cpo) {
        assertThat(ledger.balance(key)).as("balance of %s %s", key.kind(), key.ownerId())
                .isEqualTo(new Balance(key.accountId(), key.currency(), dp, dpo, cp, cpo));
    }

    private static void assertRefused(Outcome<?> outcome, String code) {
        assertThat(outcome.isOk()).as("expected %s but was %s", code, outcome).isFalse();
        assertThat(outcome.rejection().code()).isEqualTo(code);
    }

    private void assertBalanced() {
        Verification v = ledger.verify();
        assertThat(v.problems()).as("verification problems").isEmpty();
        assertThat(v.balanced()).isTrue();
    }

    private long count(String table) {
        return jdbc.sql("SELECT COUNT(*) FROM " + table).query(Long.class).single();
    }

    private long resolutionsOf(String pendingId) {
        return jdbc.sql("SELECT COUNT(*) FROM ledger_transfers WHERE pending_id = ?").param(pendingId)
                .query(Long.class).single();
    }

    private long deltaRows(AccountKey key) {
        return jdbc.sql("SELECT COUNT(*) FROM ledger_account_deltas WHERE account_id = ?").param(key.accountId())
                .query(Long.class).single();
    }

    /** The counters stored on the account row itself, without pending deltas. */
    private long[] rowCounters(AccountKey key) {
        return jdbc.sql("SELECT debits_pending, debits_posted, credits_pending, credits_posted FROM ledger_accounts "
                        + "WHERE id = ?").param(key.accountId())
                .query((rs, n) -> new long[] {rs.getLong(1), rs.getLong(2), rs.getLong(3), rs.getLong(4)})
                .single();
    }

    private static boolean problemNaming(JsonNode data, String accountId, String check) {
        for (JsonNode p : data.get("problems")) {
            if (accountId.equals(p.path("accountId").asString(null)) && check.equals(p.path("check").asString(null))) {
                return true;
            }
        }
        return false;
    }
}
