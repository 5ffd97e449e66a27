package io.emboss.ledger;

import io.emboss.shared.Currency;
import io.emboss.shared.Environment;
import io.emboss.shared.Ids;
import io.emboss.shared.Money;
import io.emboss.shared.Outcome;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Isolation;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

/**
 * The only way money moves. {@link #execute} applies several transfers atomically: it joins the
 * caller's transaction, so a business object and its money movement commit together. It locks
 * only the accounts whose balance it checks (in id order), never the hot shared accounts.
 */
@Service
public class LedgerService {
    private static final int MAX_PROBLEMS = 100;
    private static final int MAX_KNOWN_ACCOUNTS = 200_000;
    private final io.emboss.shared.CommittedIds knownAccounts = new io.emboss.shared.CommittedIds(MAX_KNOWN_ACCOUNTS);

    private final AccountRepository accounts;
    private final TransferRepository transfers;
    private final JdbcClient jdbc;
    private final Clock clock;

    private final javax.sql.DataSource dataSource;
    private final org.springframework.context.ApplicationEventPublisher publisher;
    private final Store store = new Store();

    LedgerService(AccountRepository accounts, TransferRepository transfers, JdbcClient jdbc, Clock clock,
            javax.sql.DataSource dataSource, org.springframework.context.ApplicationEventPublisher publisher) {
        this.publisher = publisher;
        this.dataSource = dataSource;
        this.accounts = accounts;
        this.transfers = transfers;
        this.jdbc = jdbc;
        this.clock = clock;
    }

    /**
     * Applies every transfer or none, in the caller's transaction: a batch of one. A refusal
     * (insufficient funds, a hold already resolved) is a rejected outcome and writes nothing;
     * callers that wrote rows of their own first must roll back (throw
     * {@link io.emboss.shared.RejectedException}).
     */
    @Transactional
    @SuppressWarnings("unchecked")
    public Outcome<List<Transfer>> execute(List<TransferSpec> specs) {
        if (specs.isEmpty()) {
            throw new IllegalArgumentException("an operation has at least one transfer");
        }
        return (Outcome<List<Transfer>>) newBatch().run(List.of(MoneyCommand.transfers("", specs))).get(0);
    }

    /**
     * A batch to run in the caller's transaction (see {@link MoneyPipeline}). PostgreSQL keeps
     * microseconds: the transfers returned must equal the ones read back later.
     */
    MoneyBatch newBatch() {
        return new MoneyBatch(store, clock.instant().truncatedTo(ChronoUnit.MICROS));
    }

    /** What a batch reads and writes through: the ledger's repositories and its memory of accounts. */
    final class Store {
        AccountRepository accounts() {
            return accounts;
        }

        TransferRepository transfers() {
            return transfers;
        }

        org.springframework.context.ApplicationEventPublisher publisher() {
            return publisher;
        }

        boolean known(String accountId) {
            return knownAccounts.contains(accountId);
        }

        void rememberAfterCommit(List<AccountKey> created) {
            knownAccounts.rememberAfterCommit(created.stream().map(AccountKey::accountId).toList());
        }
    }


    /** The account's balance; an account never used reads as all zeros. */
    @Transactional(readOnly = true)
    public Balance balance(AccountKey key) {
        return accounts.balance(key.accountId()).orElse(Balance.empty(key.accountId(), key.currency()));
    }

    /**
     * The balance of a limit-checked account (a card, a wallet), read under the account's lock, which
     * the caller's transaction keeps until it ends: no transfer moves it between this read and what
     * the caller does with it.
     */
    @Transactional
    public Balance lockedBalance(AccountKey key) {
        if (!key.kind().debitsMustNotExceedCredits()) {
            throw new IllegalArgumentException("only limit-checked accounts are locked; " + key.kind() + " is not");
        }
        accounts.lockChecked(List.of(key.accountId()));
        return balance(key);
    }

    @Transactional(readOnly = true)
    public Optional<Transfer> transfer(String transferId) {
        return transfers.find(transferId);
    }

    @Transactional(readOnly = true)
    public List<Transfer> transfersByReference(String reference) {
        return transfers.byReference(reference);
    }

    /**
     * The account's movements (money that actually moved), newest first, up to {@code limit} + 1
     * rows so the caller can tell whether there are more; {@code startingAfter} is a transfer id.
     */
    @Transactional(readOnly = true)
    public Optional<List<Transfer>> movements(AccountKey key, int limit, String startingAfter) {
        Long before = null;
        if (startingAfter != null) {
            Optional<Long> seq = transfers.seqOf(startingAfter);
            if (seq.isEmpty()) {
                return Optional.empty();
            }
            before = seq.get();
        }
        return Optional.of(transfers.movements(key.accountId(), limit, before));
    }

    /** Ids of pending transfers past their timeout; {@link #expire} voids each. */
    @Transactional(readOnly = true)
    public List<String> expiredPendingIds(int max) {
        return transfers.expiredPendingIds(clock.instant(), max);
    }

    /** Voids one timed-out hold; an already resolved one is left alone and reported as such. */
    @Transactional(propagation = Propagation.REQUIRES_NEW)
    public Outcome<List<Transfer>> expire(String pendingId) {
        return execute(List.of(new TransferSpec.VoidPending(pendingId, TransferSpec.VoidReason.EXPIRED, null)));
    }

    /** Folds a batch of hot-account deltas into their counters; returns how many were folded. */
    @Transactional
    public int rollUpDeltas(int max) {
        List<AccountRepository.DeltaRow> rows = accounts.claimDeltas(max);
        if (rows.isEmpty()) {
            return 0;
        }
        // accounts are updated in id order, so two roll-ups never wait on each other in a cycle
        Map<String, long[]> sums = new java.util.TreeMap<>();
        List<Long> seqs = new ArrayList<>();
        for (AccountRepository.DeltaRow row : rows) {
            long[] sum = sums.computeIfAbsent(row.accountId(), k -> new long[4]);
            for (int i = 0; i < 4; i++) {
                sum[i] = Math.addExact(sum[i], row.delta()[i]);
            }
            seqs.add(row.seq());
        }
        accounts.foldDeltas(sums, seqs);
        return rows.size();
    }

    /**
     * Proves the invariants on a consistent snapshot: per currency total debits equal total
     * credits; every account's counters equal the sums of its transfers; no checked account is
     * negative; every resolution agrees with its hold.
     */
    @Transactional(readOnly = true, isolation = Isolation.REPEATABLE_READ)
    public Verification verify() {
        // reads every account and transfer: on a large ledger longer than the usual database bound
        io.emboss.shared.LongStatements.allow(dataSource, java.time.Duration.ofMinutes(10));
        List<Verification.Problem> problems = new ArrayList<>();
        List<AccountRepository.VerifiedAccount> all = accounts.allWithDeltas();
        Map<String, long[]> expected = transfers.expectedCounters();
        Map<String, long[]> totals = new java.util.TreeMap<>();
        String[] names = {"debits_pending", "debits_posted", "credits_pending", "credits_posted"};
        for (AccountRepository.VerifiedAccount a : all) {
            long[] want = expected.getOrDefault(a.id(), new long[4]);
            for (int i = 0; i < 4; i++) {
                if (want[i] != a.counters()[i]) {
                    problems.add(new Verification.Problem("counters_match_transfers", a.id(), a.currency(),
                            names[i] + " is " + amount(a.counters()[i], a.currency()) + " but transfers sum to "
                                    + amount(want[i], a.currency())));
                }
            }
            long[] total = totals.computeIfAbsent(a.currency(), k -> new long[4]);
            for (int i = 0; i < 4; i++) {
                total[i] = Math.addExact(total[i], a.counters()[i]);
            }
            long c = a.counters()[3];
            if (a.checked() && a.counters()[0] + a.counters()[1] > c + a.overdraftLimit()) {
                problems.add(new Verification.Problem("debits_must_not_exceed_credits", a.id(), a.currency(),
                        "debits " + amount(a.counters()[0] + a.counters()[1], a.currency()) + " exceed posted credits "
                                + amount(c, a.currency()) + (a.overdraftLimit() > 0 ? " plus the overdraft limit "
                                + amount(a.overdraftLimit(), a.currency()) : "")));
            }
        }
        List<Verification.CurrencyTotals> currencies = new ArrayList<>();
        for (Map.Entry<String, long[]> e : totals.entrySet()) {
            long[] t = e.getValue();
            currencies.add(new Verification.CurrencyTotals(e.getKey(), t[0], t[1], t[2], t[3]));
            if (t[0] != t[2] || t[1] != t[3]) {
                problems.add(new Verification.Problem("debits_equal_credits", null, e.getKey(),
                        "debits " + amount(t[0], e.getKey()) + "/" + amount(t[1], e.getKey()) + " vs credits "
                                + amount(t[2], e.getKey()) + "/" + amount(t[3], e.getKey()) + " (pending/posted)"));
            }
        }
        for (String s : transfers.structuralProblems()) {
            problems.add(new Verification.Problem("transfer_structure", null, null, s));
        }
        List<Verification.Problem> listed = problems.size() > MAX_PROBLEMS ? problems.subList(0, MAX_PROBLEMS) : problems;
        return new Verification(problems.isEmpty(), all.size(), (int) transfers.count(),
                (int) transfers.unresolvedPendingCount(), currencies, List.copyOf(listed));
    }

    /** An amount of a verification detail, written like every amount of the API ("100.50 USD"). */
    private static String amount(long minor, String currency) {
        return Money.format(minor, Currency.valueOf(currency)) + " " + currency;
    }
}
