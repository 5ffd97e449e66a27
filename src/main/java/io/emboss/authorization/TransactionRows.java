package io.emboss.authorization;

import io.emboss.ledger.MoneyBatch;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;

/**
 * The card transactions of a pipeline batch: the authorizations its captures, reversals and
 * refunds change, locked with one statement before anything else of the batch (the order every
 * path takes an authorization's locks in: its row, then its card's), changed in memory in
 * arrival order, and written with one statement per table: new rows, new states, capture records.
 */
final class TransactionRows implements MoneyBatch.Participant {
    private final TransactionRepository repository;
    private final List<CardTransaction> inserted = new ArrayList<>();
    private final TreeSet<String> wanted = new TreeSet<>();
    private final Map<String, CardTransaction> locked = new HashMap<>();
    private final Map<String, CardTransaction> changed = new LinkedHashMap<>();
    private final List<Object[]> captures = new ArrayList<>();

    TransactionRows(TransactionRepository repository) {
        this.repository = repository;
    }

    void add(CardTransaction t) {
        inserted.add(t);
    }

    /** Declares the authorization whose row a command changes. */
    void want(String authorizationId) {
        wanted.add(authorizationId);
    }

    /** The authorization as the batch has it now, if it is the tenant's in that environment. */
    Optional<CardTransaction> authorization(String tenantId, String env, String authorizationId) {
        return Optional.ofNullable(locked.get(authorizationId))
                .filter(t -> t.tenantId().equals(tenantId) && t.environment().equals(env));
    }

    void update(CardTransaction t) {
        if (locked.put(t.authorizationId(), t) == null) {
            throw new IllegalStateException("only a locked authorization changes in a batch");
        }
        changed.put(t.id(), t);
    }

    void capture(String captureId, String transactionId, long amountMinor, Instant at) {
        captures.add(new Object[] {captureId, transactionId, amountMinor, Timestamp.from(at)});
    }

    @Override
    public int lockOrder() {
        return 0;
    }

    @Override
    public void lock() {
        for (CardTransaction t : repository.lockAllByAuthorization(List.copyOf(wanted))) {
            locked.put(t.authorizationId(), t);
        }
    }

    @Override
    public void flush() {
        repository.insertAll(inserted);
        repository.updateStates(List.copyOf(changed.values()));
        repository.insertCaptures(captures);
    }
}
