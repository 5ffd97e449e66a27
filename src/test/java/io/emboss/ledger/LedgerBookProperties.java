package io.emboss.ledger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import io.emboss.shared.Currency;
import io.emboss.shared.Environment;
import io.emboss.shared.Rejection;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.statistics.Statistics;

/**
 * Random sequences of operations (each one to three atomic steps) against {@link LedgerBook},
 * driven the way {@link LedgerService} drives it: checked accounts come in with their counters,
 * hot accounts with zeros (only their deltas are kept), a refused book is discarded. The expected
 * counters and refusals come from an independent model written in this test.
 */
class LedgerBookProperties {
    private static final String TENANT = "ten_test";
    private static final Environment ENV = Environment.SANDBOX;
    private static final Currency USD = Currency.USD;
    private static final int DP = 0;
    private static final int DPO = 1;
    private static final int CP = 2;
    private static final int CPO = 3;

    /** Indices 0..3 are checked (debits must not exceed credits), 4..6 are hot. */
    private static final List<AccountKey> KEYS = List.of(
            AccountKey.wallet(TENANT, ENV, "cus_w0", USD),
            AccountKey.wallet(TENANT, ENV, "cus_w1", USD),
            AccountKey.wallet(TENANT, ENV, "cus_w2", USD),
            AccountKey.card(TENANT, ENV, "crd_c0", USD),
            AccountKey.feeRevenue(TENANT, ENV, USD),
            AccountKey.networkSettlement(TENANT, ENV, USD),
            AccountKey.externalFunding(TENANT, ENV, USD));
    private static final int N = KEYS.size();
    private static final int EXTERNAL = 6;

    enum Type { POST, HOLD, POST_PENDING, VOID_PENDING }

    /** How a PostPending chooses its amount relative to the held amount. */
    enum AmountMode { FULL, PARTIAL, ABOVE }

    record Step(Type type, int debit, int credit, long amount, int pendingRef, boolean unknownPending,
                int timeoutSeconds, AmountMode mode) {
    }

    record Op(List<Step> steps, int advanceSeconds) {
    }

    // ------------------------------------------------------------------ generators

    @Provide
    Arbitrary<List<Op>> operations() {
        return op().list().ofMinSize(1).ofMaxSize(50);
    }

    private Arbitrary<Op> op() {
        Arbitrary<List<Step>> steps = Arbitraries.frequencyOf(
                net.jqwik.api.Tuple.of(6, step().list().ofSize(1)),
                net.jqwik.api.Tuple.of(3, step().list().ofMinSize(2).ofMaxSize(3)));
        return Combinators.combine(steps, Arbitraries.integers().between(0, 8)).as(Op::new);
    }

    private Arbitrary<Step> step() {
        Arbitrary<Type> type = Arbitraries.frequency(
                net.jqwik.api.Tuple.of(5, Type.POST),
                net.jqwik.api.Tuple.of(3, Type.HOLD),
                net.jqwik.api.Tuple.of(3, Type.POST_PENDING),
                net.jqwik.api.Tuple.of(2, Type.VOID_PENDING));
        // deposits from external funding are frequent, so that checked accounts have money to spend
        Arbitrary<Integer> debit = Arbitraries.frequencyOf(
                net.jqwik.api.Tuple.of(2, Arbitraries.just(EXTERNAL)),
                net.jqwik.api.Tuple.of(5, Arbitraries.integers().between(0, N - 1)));
        Arbitrary<Integer> offset = Arbitraries.integers().between(1, N - 1);
        Arbitrary<Long> amount = Arbitraries.longs().between(1, 400).edgeCases(e -> e.includeOnly(1L, 400L));
        Arbitrary<Integer> pendingRef = Arbitraries.integers().between(0, 1000);
        Arbitrary<Boolean> unknown = Arbitraries.frequency(
                net.jqwik.api.Tuple.of(1, true), net.jqwik.api.Tuple.of(19, false));
        Arbitrary<Integer> timeout = Arbitraries.frequencyOf(
                net.jqwik.api.Tuple.of(1, Arbitraries.just(0)),
                net.jqwik.api.Tuple.of(1, Arbitraries.integers().between(1, 20)));
        Arbitrary<AmountMode> mode = Arbitraries.frequency(
                net.jqwik.api.Tuple.of(4, AmountMode.FULL),
                net.jqwik.api.Tuple.of(4, AmountMode.PARTIAL),
                net.jqwik.api.Tuple.of(1, AmountMode.ABOVE));
        return Combinators.combine(type, debit, offset, amount, pendingRef, unknown, timeout, mode)
                .as((t, d, o, a, p, u, to, m) -> new Step(t, d, (d + o) % N, a, p, u, to, m));
    }

    // ------------------------------------------------------------------ the "database" the book is run against

    /** What LedgerService keeps in SQL: counters (deltas of hot accounts already folded), holds, the transfer log. */
    static final class Store {
        final Map<String, long[]> counters = new LinkedHashMap<>();
        final Map<String, LedgerBook.PendingTransfer> pendings = new LinkedHashMap<>();
        final List<Transfer> log = new ArrayList<>();

        Store() {
            for (AccountKey k : KEYS) {
                counters.put(k.accountId(), new long[4]);
            }
        }

        Map<String, long[]> snapshotCounters() {
            Map<String, long[]> out = new LinkedHashMap<>();
            counters.forEach((id, c) -> out.put(id, c.clone()));
            return out;
        }
    }

    // ------------------------------------------------------------------ the independent model

    static final class ModelHold {
        final String id;
        final int debit;
        final int credit;
        final long amount;
        final Instant timeoutAt;
        boolean resolved;

        ModelHold(String id, int debit, int credit, long amount, Instant timeoutAt, boolean resolved) {
            this.id = id;
            this.debit = debit;
            this.credit = credit;
            this.amount = amount;
            this.timeoutAt = timeoutAt;
            this.resolved = resolved;
        }

        ModelHold copy() {
            return new ModelHold(id, debit, credit, amount, timeoutAt, resolved);
        }
    }

    /** An expected transfer: phase, sides (indices), amount, the hold it resolves. */
    record Expected(Transfer.Phase phase, int debit, int credit, long amount, String pendingId, String voidReason,
                    Instant timeoutAt) {
    }

    static final class Model {
        long[][] counters = new long[N][4];
        List<ModelHold> holds = new ArrayList<>();   // in creation order

        static boolean checked(int index) {
            return index < 4;
        }

        ModelHold hold(String id) {
            for (ModelHold h : holds) {
                if (h.id.equals(id)) {
                    return h;
                }
            }
            return null;
        }

        Model copy() {
            Model m = new Model();
            for (int i = 0; i < N; i++) {
                m.counters[i] = counters[i].clone();
            }
            for (ModelHold h : holds) {
                m.holds.add(h.copy());
            }
            return m;
        }

        boolean overdrawn(int index) {
            return checked(index) && counters[index][DP] + counters[index][DPO] > counters[index][CPO];
        }
    }

    /** The model's verdict for an operation: the refusal code, or the transfers and the state after it. */
    record Verdict(String rejection, Model after, List<Expected> transfers) {
    }

    private static Verdict predict(Model before, List<Step> steps, List<String> pendingIds, List<String> newIds,
                                   Instant now) {
        Model m = before.copy();
        List<Expected> out = new ArrayList<>();
        for (int i = 0; i < steps.size(); i++) {
            Step s = steps.get(i);
            if (s.type() == Type.POST || s.type() == Type.HOLD) {
                boolean post = s.type() == Type.POST;
                m.counters[s.debit()][post ? DPO : DP] += s.amount();
                m.counters[s.credit()][post ? CPO : CP] += s.amount();
                Instant timeout = !post && s.timeoutSeconds() > 0 ? now.plusSeconds(s.timeoutSeconds()) : null;
                if (m.overdrawn(s.debit())) {
                    return new Verdict("insufficient_funds", null, null);
                }
                if (!post) {
                    m.holds.add(new ModelHold(newIds.get(i), s.debit(), s.credit(), s.amount(), timeout, false));
                }
                out.add(new Expected(post ? Transfer.Phase.POSTED : Transfer.Phase.PENDING, s.debit(), s.credit(),
                        s.amount(), null, null, timeout));
            } else {
                String id = pendingIds.get(i);
                ModelHold h = m.hold(id);
                if (h == null) {
                    return new Verdict("resource_not_found", null, null);
                }
                if (h.resolved) {
                    return new Verdict("invalid_state", null, null);
                }
                if (s.type() == Type.POST_PENDING) {
                    if (h.timeoutAt != null && !now.isBefore(h.timeoutAt)) {
                        return new Verdict("invalid_state", null, null);
                    }
                    long amount = postAmount(s, h.amount);
                    if (amount > h.amount) {
                        return new Verdict("invalid_state", null, null);
                    }
                    m.counters[h.debit][DP] -= h.amount;
                    m.counters[h.credit][CP] -= h.amount;
                    m.counters[h.debit][DPO] += amount;
                    m.counters[h.credit][CPO] += amount;
                    h.resolved = true;
                    if (m.overdrawn(h.debit)) {
                        return new Verdict("insufficient_funds", null, null);
                    }
                    out.add(new Expected(Transfer.Phase.POST_PENDING, h.debit, h.credit, amount, h.id, null, null));
                } else {
                    m.counters[h.debit][DP] -= h.amount;
                    m.counters[h.credit][CP] -= h.amount;
                    h.resolved = true;
                    out.add(new Expected(Transfer.Phase.VOID_PENDING, h.debit, h.credit, h.amount, h.id, "voided",
                            null));
                }
            }
        }
        return new Verdict(null, m, out);
    }

    private static long postAmount(Step s, long held) {
        switch (s.mode()) {
            case FULL:
                return held;
            case PARTIAL:
                return s.amount() % (held + 1);
            default:
                return held + 1 + s.amount() % 50;
        }
    }

    // ------------------------------------------------------------------ the property

    @Property(tries = 1000, edgeCases = net.jqwik.api.EdgeCasesMode.NONE)
    void random_operations_keep_every_invariant(@ForAll("operations") List<Op> ops) {
        Store store = new Store();
        Model model = new Model();
        Instant now = Instant.parse("2030-01-01T00:00:00Z");
        int[] idCounter = {0};

        for (Op op : ops) {
            now = now.plusSeconds(op.advanceSeconds());
            List<Step> steps = op.steps();

            // which hold each resolving step names (by position among the holds existing before the operation)
            List<String> existing = new ArrayList<>(store.pendings.keySet());
            List<String> pendingIds = new ArrayList<>();
            List<TransferSpec> specs = new ArrayList<>();
            steps = new ArrayList<>(steps);
            for (int i = 0; i < steps.size(); i++) {
                Step s = steps.get(i);
                boolean resolves = s.type() == Type.POST_PENDING || s.type() == Type.VOID_PENDING;
                if (resolves && existing.isEmpty() && !s.unknownPending()) {
                    // nothing to resolve yet: make it a hold rather than a lookup of nothing
                    s = new Step(Type.HOLD, s.debit(), s.credit(), s.amount(), 0, false, s.timeoutSeconds(), s.mode());
                    steps.set(i, s);
                }
                String pendingId = null;
                if (s.type() == Type.POST_PENDING || s.type() == Type.VOID_PENDING) {
                    pendingId = s.unknownPending() || existing.isEmpty() ? "tr_unknown"
                            : existing.get(s.pendingRef() % existing.size());
                }
                pendingIds.add(pendingId);
                specs.add(spec(s, pendingId, store, now));
            }

            // ids the book will hand out, one per step
            List<String> newIds = new ArrayList<>();
            int firstId = idCounter[0];
            for (int i = 0; i < steps.size(); i++) {
                newIds.add("tr_" + (firstId + i));
            }

            Verdict verdict = predict(model, steps, pendingIds, newIds, now);
            Map<String, long[]> countersBefore = store.snapshotCounters();
            Map<String, LedgerBook.PendingTransfer> pendingsBefore = new LinkedHashMap<>(store.pendings);
            int logBefore = store.log.size();

            Map<String, LedgerBook.AccountState> states = loadStates(store);
            Map<String, LedgerBook.PendingTransfer> lockedPendings = new HashMap<>();
            for (String id : pendingIds) {
                if (id != null && store.pendings.containsKey(id)) {
                    lockedPendings.put(id, store.pendings.get(id));
                }
            }
            Map<String, LedgerBook.PendingTransfer> lockedCopy = new HashMap<>(lockedPendings);
            LedgerBook book = new LedgerBook(states, lockedPendings);
            idCounter[0] = firstId;
            Rejection rejection = book.apply(specs, now, () -> "tr_" + idCounter[0]++);

            if (verdict.rejection() != null) {
                Statistics.label("outcome").collect(verdict.rejection());
                assertThat(rejection).as("model refuses with %s: %s", verdict.rejection(), steps).isNotNull();
                assertThat(rejection.code()).as("refusal of %s", steps).isEqualTo(verdict.rejection());
                // the book is discarded: nothing of it reaches the store, and what was handed to it is intact
                assertThat(lockedPendings).as("the holds handed to a refused book").isEqualTo(lockedCopy);
                assertSameCounters(store.counters, countersBefore);
                assertThat(store.pendings).isEqualTo(pendingsBefore);
                assertThat(store.log).hasSize(logBefore);
                // the same refused operation on a fresh copy is refused the same way: no hidden state
                LedgerBook again = new LedgerBook(loadStates(store), new HashMap<>(lockedCopy));
                Rejection second = again.apply(specs, now, () -> "tr_again");
                assertThat(second).isNotNull();
                assertThat(second.code()).isEqualTo(rejection.code());
                continue;
            }

            Statistics.label("outcome").collect("accepted");
            for (Expected e : verdict.transfers()) {
                Statistics.label("accepted transfer").collect(e.phase());
            }
            assertThat(rejection).as("model accepts %s", steps).isNull();
            assertThatCode(book::assertBalanced).doesNotThrowAnyException();
            List<Transfer> planned = book.planned();
            assertPlanned(planned, verdict.transfers(), now);

            write(store, book, planned);
            model = verdict.after();
            idCounter[0] = firstId + steps.size();

            // the store agrees with the model, account by account
            for (int i = 0; i < N; i++) {
                assertThat(store.counters.get(KEYS.get(i).accountId()))
                        .as("counters of account %d after %s", i, steps).containsExactly(model.counters[i]);
            }
            assertInvariants(store);
        }
        requireCoverage();
    }

    /** The generated sequences must reach every kind of outcome, or the property proves little. */
    private static void requireCoverage() {
        Statistics.label("outcome").coverage(c -> {
            c.check("accepted").percentage(p -> p > 20);
            c.check("insufficient_funds").percentage(p -> p > 5);
            c.check("invalid_state").percentage(p -> p > 3);
            c.check("resource_not_found").percentage(p -> p > 0.5);
        });
        Statistics.label("accepted transfer").coverage(c -> {
            for (Transfer.Phase phase : Transfer.Phase.values()) {
                c.check(phase).percentage(p -> p > 5);
            }
        });
    }

    private static TransferSpec spec(Step s, String pendingId, Store store, Instant now) {
        switch (s.type()) {
            case POST:
                return new TransferSpec.Post(KEYS.get(s.debit()), KEYS.get(s.credit()), s.amount(), "test", "ref");
            case HOLD:
                return new TransferSpec.Hold(KEYS.get(s.debit()), KEYS.get(s.credit()), s.amount(), "test", "ref",
                        s.timeoutSeconds() > 0 ? now.plusSeconds(s.timeoutSeconds()) : null);
            case POST_PENDING:
                LedgerBook.PendingTransfer p = store.pendings.get(pendingId);
                long held = p == null ? s.amount() : p.amountMinor();
                return new TransferSpec.PostPending(pendingId, postAmount(s, held), "ref");
            default:
                return new TransferSpec.VoidPending(pendingId, TransferSpec.VoidReason.VOIDED, "ref");
        }
    }

    /** As LedgerService loads them: checked accounts with their counters, hot ones from zero. */
    private static Map<String, LedgerBook.AccountState> loadStates(Store store) {
        Map<String, LedgerBook.AccountState> states = new LinkedHashMap<>();
        for (AccountKey k : KEYS) {
            long[] c = store.counters.get(k.accountId());
            boolean checked = k.kind().debitsMustNotExceedCredits();
            states.put(k.accountId(), checked
                    ? new LedgerBook.AccountState(k.accountId(), USD, true, c[0], c[1], c[2], c[3])
                    : new LedgerBook.AccountState(k.accountId(), USD, false, 0, 0, 0, 0));
        }
        return states;
    }

    /** As LedgerService writes an accepted book: checked counters replaced, hot deltas added. */
    private static void write(Store store, LedgerBook book, List<Transfer> planned) {
        for (LedgerBook.AccountState s : book.accounts().values()) {
            long[] c = store.counters.get(s.id);
            if (s.checked) {
                long[] now = {s.debitsPending, s.debitsPosted, s.creditsPending, s.creditsPosted};
                for (int i = 0; i < 4; i++) {
                    assertThat(now[i] - c[i]).as("delta of checked account %s", s.id).isEqualTo(s.delta[i]);
                }
                store.counters.put(s.id, now);
            } else {
                for (int i = 0; i < 4; i++) {
                    c[i] += s.delta[i];
                }
            }
        }
        for (Transfer t : planned) {
            store.log.add(t);
            if (t.phase() == Transfer.Phase.PENDING) {
                store.pendings.put(t.id(), new LedgerBook.PendingTransfer(t.id(), t.debitAccountId(),
                        t.creditAccountId(), t.amountMinor(), t.currency(), t.kind(), t.timeoutAt(), false));
            } else if (t.pendingId() != null) {
                LedgerBook.PendingTransfer p = store.pendings.get(t.pendingId());
                store.pendings.put(p.id(), new LedgerBook.PendingTransfer(p.id(), p.debitAccountId(),
                        p.creditAccountId(), p.amountMinor(), p.currency(), p.kind(), p.timeoutAt(), true));
            }
        }
    }

    private static void assertPlanned(List<Transfer> planned, List<Expected> expected, Instant now) {
        assertThat(planned).hasSameSizeAs(expected);
        for (int i = 0; i < planned.size(); i++) {
            Transfer t = planned.get(i);
            Expected e = expected.get(i);
            assertThat(t.phase()).isEqualTo(e.phase());
            assertThat(t.debitAccountId()).isEqualTo(KEYS.get(e.debit()).accountId());
            assertThat(t.creditAccountId()).isEqualTo(KEYS.get(e.credit()).accountId());
            assertThat(t.amountMinor()).isEqualTo(e.amount());
            assertThat(t.pendingId()).isEqualTo(e.pendingId());
            assertThat(t.voidReason()).isEqualTo(e.voidReason());
            assertThat(t.timeoutAt()).isEqualTo(e.timeoutAt());
            assertThat(t.currency()).isEqualTo(USD);
            assertThat(t.createdAt()).isEqualTo(now);
        }
    }

    /** Double entry, no checked account overdrawn, no negative counter, counters equal to the transfer log. */
    private static void assertInvariants(Store store) {
        long[] total = new long[4];
        for (AccountKey k : KEYS) {
            long[] c = store.counters.get(k.accountId());
            for (int i = 0; i < 4; i++) {
                assertThat(c[i]).as("counter %d of %s", i, k.kind()).isGreaterThanOrEqualTo(0);
                total[i] += c[i];
            }
            if (k.kind().debitsMustNotExceedCredits()) {
                assertThat(c[DP] + c[DPO]).as("debits of checked %s", k.ownerId()).isLessThanOrEqualTo(c[CPO]);
            }
        }
        assertThat(total[DP]).as("pending debits == pending credits").isEqualTo(total[CP]);
        assertThat(total[DPO]).as("posted debits == posted credits").isEqualTo(total[CPO]);

        Map<String, long[]> fromLog = new HashMap<>();
        Map<String, Boolean> resolved = new HashMap<>();
        for (Transfer t : store.log) {
            if (t.pendingId() != null) {
                assertThat(resolved.put(t.pendingId(), true)).as("hold %s resolved once", t.pendingId()).isNull();
            }
        }
        for (Transfer t : store.log) {
            long[] d = fromLog.computeIfAbsent(t.debitAccountId(), k -> new long[4]);
            long[] c = fromLog.computeIfAbsent(t.creditAccountId(), k -> new long[4]);
            if (t.phase() == Transfer.Phase.PENDING && !resolved.containsKey(t.id())) {
                d[DP] += t.amountMinor();
                c[CP] += t.amountMinor();
            } else if (t.phase() == Transfer.Phase.POSTED || t.phase() == Transfer.Phase.POST_PENDING) {
                d[DPO] += t.amountMinor();
                c[CPO] += t.amountMinor();
            }
        }
        for (AccountKey k : KEYS) {
            assertThat(store.counters.get(k.accountId())).as("counters of %s equal its transfers", k.kind())
                    .containsExactly(fromLog.getOrDefault(k.accountId(), new long[4]));
        }
    }

    private static void assertSameCounters(Map<String, long[]> actual, Map<String, long[]> expected) {
        assertThat(actual.keySet()).isEqualTo(expected.keySet());
        expected.forEach((id, c) -> assertThat(actual.get(id)).as("counters of %s", id).containsExactly(c));
    }

    // ------------------------------------------------------------------ examples

    @Example
    void a_later_step_may_spend_what_an_earlier_step_credited() {
        Store store = new Store();
        AccountKey wallet = KEYS.get(0);
        AccountKey other = KEYS.get(1);
        AccountKey external = KEYS.get(EXTERNAL);
        LedgerBook book = new LedgerBook(loadStates(store), Map.of());
        Rejection r = book.apply(List.of(
                new TransferSpec.Post(external, wallet, 500, "deposit", null),
                new TransferSpec.Post(wallet, other, 500, "p2p", null)), Instant.EPOCH, () -> "tr_x");
        assertThat(r).isNull();
        assertThat(book.accounts().get(wallet.accountId()).available()).isZero();
        assertThat(book.accounts().get(other.accountId()).available()).isEqualTo(500);

        // the same two steps the other way round: the spend comes first and is refused
        LedgerBook reversed = new LedgerBook(loadStates(store), Map.of());
        Rejection refused = reversed.apply(List.of(
                new TransferSpec.Post(wallet, other, 500, "p2p", null),
                new TransferSpec.Post(external, wallet, 500, "deposit", null)), Instant.EPOCH, () -> "tr_y");
        assertThat(refused).isNotNull();
        assertThat(refused.code()).isEqualTo("insufficient_funds");
    }

    @Example
    void an_amount_overflowing_a_counter_is_refused_not_wrapped() {
        Store store = new Store();
        LedgerBook book = new LedgerBook(loadStates(store), Map.of());
        Rejection r = book.apply(List.of(
                new TransferSpec.Post(KEYS.get(EXTERNAL), KEYS.get(4), Long.MAX_VALUE, "x", null),
                new TransferSpec.Post(KEYS.get(EXTERNAL), KEYS.get(4), 1, "x", null)), Instant.EPOCH, () -> "tr_z");
        assertThat(r).isNotNull();
        assertThat(r.code()).isEqualTo("validation_failed");
    }

    @Example
    void a_hold_cannot_be_posted_at_or_after_its_timeout_but_can_be_voided() {
        Store store = new Store();
        Instant t0 = Instant.parse("2030-01-01T00:00:00Z");
        LedgerBook fund = new LedgerBook(loadStates(store), Map.of());
        assertThat(fund.apply(List.of(
                new TransferSpec.Post(KEYS.get(EXTERNAL), KEYS.get(0), 1000, "deposit", null),
                new TransferSpec.Hold(KEYS.get(0), KEYS.get(5), 700, "auth", null, t0.plusSeconds(10))),
                t0, new Counter("tr_h")::next)).isNull();
        write(store, fund, fund.planned());
        String holdId = fund.planned().get(1).id();

        LedgerBook late = new LedgerBook(loadStates(store), Map.of(holdId, store.pendings.get(holdId)));
        Rejection r = late.apply(List.of(new TransferSpec.PostPending(holdId, 700, null)), t0.plusSeconds(10),
                () -> "tr_p");
        assertThat(r).isNotNull();
        assertThat(r.code()).isEqualTo("invalid_state");

        LedgerBook expire = new LedgerBook(loadStates(store), Map.of(holdId, store.pendings.get(holdId)));
        assertThat(expire.apply(List.of(new TransferSpec.VoidPending(holdId, TransferSpec.VoidReason.EXPIRED, null)),
                t0.plusSeconds(10), () -> "tr_v")).isNull();
        write(store, expire, expire.planned());
        assertThat(expire.planned().get(0).voidReason()).isEqualTo("expired");
        assertThat(store.counters.get(KEYS.get(0).accountId())).containsExactly(0, 0, 0, 1000);
        assertThat(store.counters.get(KEYS.get(5).accountId())).containsExactly(0, 0, 0, 0);
    }

    private static final class Counter {
        private final String prefix;
        private int n;

        Counter(String prefix) {
            this.prefix = prefix;
        }

        String next() {
            return prefix + n++;
        }
    }
}
