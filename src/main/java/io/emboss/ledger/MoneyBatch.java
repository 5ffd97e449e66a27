package io.emboss.ledger;

import io.emboss.shared.BusinessEvent;
import io.emboss.shared.BusinessEventBatch;
import io.emboss.shared.Ids;
import io.emboss.shared.Outcome;
import io.emboss.shared.Receipt;
import io.emboss.shared.Rejection;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Supplier;

/**
 * Many money commands decided in one database transaction (TigerBeetle's batching on
 * PostgreSQL). Every row the batch needs is locked up front, a few statements for the whole
 * batch, in one global order (participants by {@link Participant#lockOrder()}, then holds, then
 * accounts, each by id); each command then decides in memory in arrival order, seeing the effect
 * of the commands before it; at the end every table is written with one multi-row statement.
 * Runs inside a transaction the caller owns; it never commits.
 */
public final class MoneyBatch {

    /**
     * Rows of another module that a batch's commands share (a card's spending window): locked
     * with one statement before the ledger's accounts, written with one after every decision.
     */
    public interface Participant {
        /** Lower locks first; the ledger's own locks come after every participant's. */
        int lockOrder();

        void lock();

        void flush();
    }

    private final LedgerService.Store store;
    private final Instant now;
    private final Map<Class<?>, Participant> participants = new LinkedHashMap<>();
    private final Set<AccountKey> accountKeys = new LinkedHashSet<>();
    private final TreeSet<String> pendingIds = new TreeSet<>();
    private final Map<String, String[]> owners = new HashMap<>();
    private final List<TransferRepository.Owned> planned = new ArrayList<>();
    private final List<BusinessEvent> events = new ArrayList<>();
    private final List<AccountKey> created = new ArrayList<>();
    private LedgerBook book;

    MoneyBatch(LedgerService.Store store, Instant now) {
        this.store = store;
        this.now = now;
    }

    /** The batch's one clock reading (microseconds, as the database keeps them). */
    public Instant now() {
        return now;
    }

    public void lockAccount(AccountKey key) {
        requireDeclaring();
        accountKeys.add(key);
    }

    public void lockPending(String pendingId) {
        requireDeclaring();
        pendingIds.add(pendingId);
    }

    /** Declares everything {@code specs} touch. */
    public void lockFor(List<TransferSpec> specs) {
        for (TransferSpec spec : specs) {
            if (spec instanceof TransferSpec.Post p) {
                lockAccount(p.debit());
                lockAccount(p.credit());
            } else if (spec instanceof TransferSpec.Hold h) {
                lockAccount(h.debit());
                lockAccount(h.credit());
            } else if (spec instanceof TransferSpec.PostPending pp) {
                lockPending(pp.pendingId());
            } else if (spec instanceof TransferSpec.VoidPending vp) {
                lockPending(vp.pendingId());
            }
        }
    }

    /** The batch's one instance of a participant, created by the first command that asks. */
    public <P extends Participant> P participant(Class<P> type, Supplier<P> create) {
        return type.cast(participants.computeIfAbsent(type, t -> {
            requireDeclaring();
            return create.get();
        }));
    }

    /**
     * Applies the transfers all or none against what the batch holds so far. A refusal changes
     * nothing, so the next command decides as if this one had not been asked.
     */
    public Outcome<List<Transfer>> move(List<TransferSpec> specs) {
        return move(specs, () -> null);
    }

    /**
     * {@link #move} with a last check on the state it leaves (e.g. a card's maximum balance, read
     * with {@link #balance}): a rejection from it undoes the operation like any other refusal.
     */
    public Outcome<List<Transfer>> move(List<TransferSpec> specs, Supplier<Rejection> afterwards) {
        if (book == null) {
            throw new IllegalStateException("money moves only after the batch's locks are held");
        }
        if (specs.isEmpty()) {
            throw new IllegalArgumentException("an operation has at least one transfer");
        }
        String[] owner = ownerOf(specs);
        int before = book.plannedCount();
        Rejection rejection = book.applyAtomically(specs, now, () -> Ids.next("tr"), afterwards);
        if (rejection != null) {
            return Outcome.rejected(rejection);
        }
        List<Transfer> moved = book.plannedSince(before);
        for (Transfer t : moved) {
            planned.add(new TransferRepository.Owned(owner[0], owner[1], t));
        }
        return Outcome.ok(moved);
    }

    /** An account's balance as the batch has it now: exact for a locked (checked) account. */
    public Balance balance(AccountKey key) {
        if (book == null) {
            throw new IllegalStateException("balances are read only after the batch's locks are held");
        }
        LedgerBook.AccountState s = book.accounts().get(key.accountId());
        if (s == null || !s.checked) {
            throw new IllegalStateException("only a declared, checked account has a balance in a batch");
        }
        return new Balance(s.id, s.currency, s.debitsPending, s.debitsPosted, s.creditsPending, s.creditsPosted);
    }

    /** Recorded with the batch's other events, in one statement, in the batch's transaction. */
    public void publish(BusinessEvent event) {
        events.add(event);
    }

    private String[] ownerOf(List<TransferSpec> specs) {
        String[] owner = null;
        for (TransferSpec spec : specs) {
            String[] o;
            if (spec instanceof TransferSpec.Post p) {
                o = owner(p.debit());
            } else if (spec instanceof TransferSpec.Hold h) {
                o = owner(h.debit());
            } else if (spec instanceof TransferSpec.PostPending pp) {
                o = owners.get(pp.pendingId());
            } else if (spec instanceof TransferSpec.VoidPending vp) {
                o = owners.get(vp.pendingId());
            } else {
                throw new IllegalArgumentException("unknown transfer spec " + spec);
            }
            if (o == null) {
                continue; // an unknown hold: the book refuses it
            }
            if (owner != null && (!owner[0].equals(o[0]) || !owner[1].equals(o[1]))) {
                throw new IllegalArgumentException("an operation stays within one tenant and environment");
            }
            owner = o;
        }
        return owner == null ? new String[] {"", ""} : owner;
    }

    private static String[] owner(AccountKey key) {
        return new String[] {key.tenantId(), key.environment().wire()};
    }

    private void requireDeclaring() {
        if (book != null) {
            throw new IllegalStateException("locks are declared before the batch takes them");
        }
    }

    /** Declares, locks, decides in order, writes; returns each command's answer in order. */
    List<Object> run(List<? extends MoneyCommand<?>> commands) {
        return run(commands, java.util.Collections.nCopies(commands.size(), null));
    }

    /**
     * {@link #run(List)} with each command's receipt (or null): the receipts are claimed before
     * anything is locked, so a request waiting on another's receipt holds no card; a command whose
     * receipt is another's is not decided and answers {@link #REFUSED}. The receipts are completed
     * with the answers after everything else is written.
     */
    List<Object> run(List<? extends MoneyCommand<?>> commands, List<Receipt> receipts) {
        if (receipts.size() != commands.size()) {
            throw new IllegalArgumentException("one receipt slot per command");
        }
        Set<Receipt> refused = claim(receipts);
        for (int i = 0; i < commands.size(); i++) {
            if (!refused.contains(receipts.get(i))) {
                commands.get(i).declare(this);
            }
        }
        List<Participant> ordered = new ArrayList<>(participants.values());
        ordered.sort(Comparator.comparingInt(Participant::lockOrder));
        for (Participant p : ordered) {
            p.lock();
        }
        lockLedger();
        List<Object> results = new ArrayList<>(commands.size());
        Map<Receipt.Kind, List<Receipt.Answered>> answered = new LinkedHashMap<>();
        for (int i = 0; i < commands.size(); i++) {
            Receipt receipt = receipts.get(i);
            if (refused.contains(receipt)) {
                results.add(REFUSED);
                continue;
            }
            Object answer = commands.get(i).decide(this);
            results.add(answer);
            if (receipt != null) {
                answered.computeIfAbsent(receipt.kind(), k -> new ArrayList<>())
                        .add(new Receipt.Answered(receipt, answer));
            }
        }
        for (Participant p : ordered) {
            p.flush();
        }
        flushLedger();
        answered.forEach(Receipt.Kind::complete);
        return results;
    }

    /** The answer of a command whose receipt was another's: it was not decided. */
    static final Object REFUSED = new Object();

    private static Set<Receipt> claim(List<Receipt> receipts) {
        Map<Receipt.Kind, List<Receipt>> byKind = new LinkedHashMap<>();
        for (Receipt r : receipts) {
            if (r != null) {
                byKind.computeIfAbsent(r.kind(), k -> new ArrayList<>()).add(r);
            }
        }
        Set<Receipt> refused = java.util.Collections.newSetFromMap(new java.util.IdentityHashMap<>());
        byKind.forEach((kind, rs) -> refused.addAll(kind.claim(rs)));
        return refused;
    }

    private void lockLedger() {
        Map<String, TransferRepository.LockedPending> locked = store.transfers().lockPendings(List.copyOf(pendingIds));
        Map<String, LedgerBook.PendingTransfer> pendings = new HashMap<>();
        Map<String, io.emboss.shared.Currency> currencies = new HashMap<>();
        for (TransferRepository.LockedPending p : locked.values()) {
            pendings.put(p.pending().id(), p.pending());
            owners.put(p.pending().id(), new String[] {p.tenantId(), p.env()});
            currencies.put(p.pending().debitAccountId(), p.pending().currency());
            currencies.put(p.pending().creditAccountId(), p.pending().currency());
        }
        List<AccountKey> unknown = accountKeys.stream().filter(k -> !store.known(k.accountId())).toList();
        if (!unknown.isEmpty()) {
            store.accounts().createIfMissing(unknown, now);
            created.addAll(unknown);
        }
        for (AccountKey key : accountKeys) {
            currencies.put(key.accountId(), key.currency());
        }
        Map<String, LedgerBook.AccountState> states = new LinkedHashMap<>(
                store.accounts().lockChecked(new ArrayList<>(new TreeSet<>(currencies.keySet()))));
        currencies.forEach((id, currency) -> states.computeIfAbsent(id,
                k -> new LedgerBook.AccountState(k, currency, false, 0, 0, 0, 0)));
        book = new LedgerBook(states, pendings);
    }

    private void flushLedger() {
        book.assertBalanced();
        List<LedgerBook.AccountState> checked = new ArrayList<>();
        List<LedgerBook.AccountState> hot = new ArrayList<>();
        for (LedgerBook.AccountState s : book.accounts().values()) {
            if (s.changed()) {
                (s.checked ? checked : hot).add(s);
            }
        }
        store.accounts().writeChecked(checked);
        store.accounts().appendDeltas(hot);
        if (!planned.isEmpty()) {
            store.transfers().insertAll(planned);
        }
        store.rememberAfterCommit(created);
        if (!events.isEmpty()) {
            store.publisher().publishEvent(new BusinessEventBatch(events));
        }
    }
}
