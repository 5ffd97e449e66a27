package io.emboss.ledger;

import io.emboss.shared.Currency;
import io.emboss.shared.Rejection;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Applies an operation's transfers to in-memory account states: plain Java, no SQL. Limits are
 * checked after each step, so a later step can rely on an earlier one's credit; if any step is
 * refused, nothing of the operation is written.
 */
final class LedgerBook {

    /** Counters of one account during an operation; hot accounts track only their deltas. */
    static final class AccountState {
        final String id;
        final Currency currency;
        final boolean checked;
        long debitsPending;
        long debitsPosted;
        long creditsPending;
        long creditsPosted;
        final long[] delta = new long[4];
        /** How far below zero this account may be; raised only by a transfer that allows an overdraft. */
        long overdraftLimit;
        boolean overdraftLimitRaised;

        AccountState(String id, Currency currency, boolean checked, long dp, long dpo, long cp, long cpo) {
            this(id, currency, checked, dp, dpo, cp, cpo, 0);
        }

        AccountState(String id, Currency currency, boolean checked, long dp, long dpo, long cp, long cpo,
                long overdraftLimit) {
            this.overdraftLimit = overdraftLimit;
            this.id = id;
            this.currency = currency;
            this.checked = checked;
            this.debitsPending = dp;
            this.debitsPosted = dpo;
            this.creditsPending = cp;
            this.creditsPosted = cpo;
        }

        void add(int counter, long amount) {
            delta[counter] = Math.addExact(delta[counter], amount);
            switch (counter) {
                case DP -> debitsPending = Math.addExact(debitsPending, amount);
                case DPO -> debitsPosted = Math.addExact(debitsPosted, amount);
                case CP -> creditsPending = Math.addExact(creditsPending, amount);
                case CPO -> creditsPosted = Math.addExact(creditsPosted, amount);
                default -> throw new IllegalArgumentException("counter " + counter);
            }
        }

        long[] snapshot() {
            return new long[] {debitsPending, debitsPosted, creditsPending, creditsPosted, delta[0], delta[1],
                delta[2], delta[3], overdraftLimit, overdraftLimitRaised ? 1 : 0};
        }

        void restore(long[] s) {
            debitsPending = s[0];
            debitsPosted = s[1];
            creditsPending = s[2];
            creditsPosted = s[3];
            System.arraycopy(s, 4, delta, 0, 4);
            overdraftLimit = s[8];
            overdraftLimitRaised = s[9] == 1;
        }

        boolean changed() {
            return delta[0] != 0 || delta[1] != 0 || delta[2] != 0 || delta[3] != 0 || overdraftLimitRaised;
        }

        /** Beyond the account's overdraft limit (0 for almost every account). */
        boolean overdrawn() {
            return checked && Math.addExact(debitsPending, debitsPosted) > Math.addExact(creditsPosted, overdraftLimit);
        }

        /** Beyond what a single step may take it to: zero, or an allowance that step was given. */
        boolean overdrawnBy(long allowance) {
            return checked && Math.addExact(debitsPending, debitsPosted) > Math.addExact(creditsPosted, allowance);
        }

        long available() {
            return creditsPosted - debitsPosted - debitsPending;
        }
    }

    static final int DP = 0;
    static final int DPO = 1;
    static final int CP = 2;
    static final int CPO = 3;

    /** A pending transfer being resolved by this operation. */
    record PendingTransfer(String id, String debitAccountId, String creditAccountId, long amountMinor,
                           Currency currency, String kind, Instant timeoutAt, boolean resolved) {
    }

    private final Map<String, AccountState> accounts;
    private final Map<String, PendingTransfer> pendings;
    private final List<Transfer> planned = new ArrayList<>();

    LedgerBook(Map<String, AccountState> accounts, Map<String, PendingTransfer> pendings) {
        this.accounts = new LinkedHashMap<>(accounts);
        this.pendings = new LinkedHashMap<>(pendings);
    }

    /** Applies every step or refuses with the first rejection; the book is discarded on refusal. */
    Rejection apply(List<TransferSpec> specs, Instant now, IdSource ids) {
        for (TransferSpec spec : specs) {
            Rejection rejection;
            try {
                rejection = applyOne(spec, now, ids);
            } catch (ArithmeticException overflow) {
                rejection = Rejection.of(Rejection.Kind.INVALID, "validation_failed", "Amount too large");
            }
            if (rejection != null) {
                return rejection;
            }
        }
        return null;
    }

    /**
     * {@link #apply} for one operation among many in a shared book (a pipeline batch): a refused
     * operation leaves every account, hold and planned transfer as it found them, so the operations
     * before and after it in the batch are decided as if it had never been asked.
     */
    Rejection applyAtomically(List<TransferSpec> specs, Instant now, IdSource ids) {
        return applyAtomically(specs, now, ids, () -> null);
    }

    /** As above; {@code afterwards} may still refuse the operation once it is applied (a balance cap). */
    Rejection applyAtomically(List<TransferSpec> specs, Instant now, IdSource ids,
            java.util.function.Supplier<Rejection> afterwards) {
        Map<String, long[]> counters = new java.util.HashMap<>();
        Map<String, PendingTransfer> holds = new java.util.HashMap<>();
        for (TransferSpec spec : specs) {
            for (String id : accountIdsOf(spec)) {
                AccountState a = accounts.get(id);
                if (a != null) {
                    counters.putIfAbsent(id, a.snapshot());
                }
            }
            String pendingId = pendingIdOf(spec);
            if (pendingId != null && pendings.containsKey(pendingId)) {
                holds.putIfAbsent(pendingId, pendings.get(pendingId));
            }
        }
        int plannedBefore = planned.size();
        Rejection rejection = apply(specs, now, ids);
        if (rejection == null) {
            rejection = afterwards.get();
        }
        if (rejection != null) {
            counters.forEach((id, saved) -> accounts.get(id).restore(saved));
            pendings.putAll(holds);
            planned.subList(plannedBefore, planned.size()).clear();
        }
        return rejection;
    }

    private List<String> accountIdsOf(TransferSpec spec) {
        if (spec instanceof TransferSpec.Post p) {
            return List.of(p.debit().accountId(), p.credit().accountId());
        }
        if (spec instanceof TransferSpec.Hold h) {
            return List.of(h.debit().accountId(), h.credit().accountId());
        }
        PendingTransfer pending = pendings.get(pendingIdOf(spec));
        return pending == null ? List.of() : List.of(pending.debitAccountId(), pending.creditAccountId());
    }

    private static String pendingIdOf(TransferSpec spec) {
        if (spec instanceof TransferSpec.PostPending pp) {
            return pp.pendingId();
        }
        return spec instanceof TransferSpec.VoidPending vp ? vp.pendingId() : null;
    }

    /** Transfers planned since {@code from} (the ones one operation of a batch added). */
    List<Transfer> plannedSince(int from) {
        return List.copyOf(planned.subList(from, planned.size()));
    }

    int plannedCount() {
        return planned.size();
    }

    private Rejection applyOne(TransferSpec spec, Instant now, IdSource ids) {
        if (spec instanceof TransferSpec.Post p) {
            AccountState debit = account(p.debit().accountId());
            AccountState credit = account(p.credit().accountId());
            debit.add(DPO, p.amountMinor());
            credit.add(CPO, p.amountMinor());
            planned.add(new Transfer(ids.next(), debit.id, credit.id, p.amountMinor(), debit.currency, p.kind(),
                    Transfer.Phase.POSTED, null, null, null, p.reference(), now));
            if (p.overdraftMinor() > 0 && debit.checked) {
                if (debit.overdrawnBy(p.overdraftMinor())) {
                    return new Rejection(Rejection.Kind.CONFLICT, "insufficient_funds",
                            "Insufficient funds, even with the allowed overdraft", Map.of());
                }
                if (p.overdraftMinor() > debit.overdraftLimit) {
                    debit.overdraftLimit = p.overdraftMinor();
                    debit.overdraftLimitRaised = true;
                }
                return null;
            }
            return limitCheck(debit);
        } else if (spec instanceof TransferSpec.Hold h) {
            AccountState debit = account(h.debit().accountId());
            AccountState credit = account(h.credit().accountId());
            debit.add(DP, h.amountMinor());
            credit.add(CP, h.amountMinor());
            planned.add(new Transfer(ids.next(), debit.id, credit.id, h.amountMinor(), debit.currency, h.kind(),
                    Transfer.Phase.PENDING, null, null, h.timeoutAt(), h.reference(), now));
            return limitCheck(debit);
        } else if (spec instanceof TransferSpec.PostPending pp) {
            PendingTransfer pending = pendings.get(pp.pendingId());
            Rejection unusable = unusable(pending, pp.pendingId());
            if (unusable != null) {
                return unusable;
            }
            if (pending.timeoutAt() != null && !now.isBefore(pending.timeoutAt())) {
                return Rejection.of(Rejection.Kind.CONFLICT, "invalid_state",
                        "The hold has expired and can no longer be posted");
            }
            if (pp.amountMinor() > pending.amountMinor()) {
                return Rejection.of(Rejection.Kind.CONFLICT, "invalid_state",
                        "Cannot post more than the held amount");
            }
            AccountState debit = account(pending.debitAccountId());
            AccountState credit = account(pending.creditAccountId());
            debit.add(DP, -pending.amountMinor());
            credit.add(CP, -pending.amountMinor());
            debit.add(DPO, pp.amountMinor());
            credit.add(CPO, pp.amountMinor());
            markResolved(pending);
            planned.add(new Transfer(ids.next(), debit.id, credit.id, pp.amountMinor(), debit.currency,
                    pending.kind(), Transfer.Phase.POST_PENDING, pending.id(), null, null, pp.reference(), now));
            // posting at most what was held never raises the debits, so it needs no funds check
            return null;
        } else if (spec instanceof TransferSpec.VoidPending vp) {
            PendingTransfer pending = pendings.get(vp.pendingId());
            Rejection unusable = unusable(pending, vp.pendingId());
            if (unusable != null) {
                return unusable;
            }
            AccountState debit = account(pending.debitAccountId());
            AccountState credit = account(pending.creditAccountId());
            debit.add(DP, -pending.amountMinor());
            credit.add(CP, -pending.amountMinor());
            markResolved(pending);
            planned.add(new Transfer(ids.next(), debit.id, credit.id, pending.amountMinor(), debit.currency,
                    pending.kind(), Transfer.Phase.VOID_PENDING, pending.id(),
                    vp.reason().name().toLowerCase(java.util.Locale.ROOT), null, vp.reference(), now));
            return null;
        }
        throw new IllegalArgumentException("unknown transfer spec " + spec);
    }

    private static Rejection unusable(PendingTransfer pending, String id) {
        if (pending == null) {
            return Rejection.of(Rejection.Kind.NOT_FOUND, "resource_not_found", "No such pending transfer " + id);
        }
        if (pending.resolved()) {
            return Rejection.of(Rejection.Kind.CONFLICT, "invalid_state", "The hold is already resolved");
        }
        return null;
    }

    private void markResolved(PendingTransfer pending) {
        pendings.put(pending.id(), new PendingTransfer(pending.id(), pending.debitAccountId(),
                pending.creditAccountId(), pending.amountMinor(), pending.currency(), pending.kind(),
                pending.timeoutAt(), true));
    }

    private static Rejection limitCheck(AccountState debit) {
        if (debit.overdrawnBy(0)) {
            return new Rejection(Rejection.Kind.CONFLICT, "insufficient_funds", "Insufficient funds",
                    Map.of());
        }
        return null;
    }

    private AccountState account(String id) {
        AccountState state = accounts.get(id);
        if (state == null) {
            throw new IllegalStateException("account " + id + " was not loaded for this operation");
        }
        return state;
    }

    List<Transfer> planned() {
        return List.copyOf(planned);
    }

    Map<String, AccountState> accounts() {
        return accounts;
    }

    /** Asserts the bookkeeping identity: every posted or pending amount appears on both sides. */
    void assertBalanced() {
        long[] sum = new long[4];
        for (AccountState a : accounts.values()) {
            for (int i = 0; i < 4; i++) {
                sum[i] = Math.addExact(sum[i], a.delta[i]);
            }
        }
        if (sum[DP] != sum[CP] || sum[DPO] != sum[CPO]) {
            throw new IllegalStateException("ledger operation does not balance: " + java.util.Arrays.toString(sum));
        }
        for (AccountState a : accounts.values()) {
            if (a.overdrawn()) {
                throw new IllegalStateException("account " + a.id + " overdrawn after an accepted operation");
            }
        }
    }

    @FunctionalInterface
    interface IdSource {
        String next();
    }
}
