package io.emboss.authorization;

import io.emboss.ledger.MoneyBatch;
import java.util.ArrayList;
import java.util.List;

/** The card transactions a pipeline batch records: one multi-row insert when it is written. */
final class TransactionRows implements MoneyBatch.Participant {
    private final TransactionRepository repository;
    private final List<CardTransaction> rows = new ArrayList<>();

    TransactionRows(TransactionRepository repository) {
        this.repository = repository;
    }

    void add(CardTransaction t) {
        rows.add(t);
    }

    @Override
    public int lockOrder() {
        return 0;
    }

    @Override
    public void lock() {
        // new rows only: nothing to lock
    }

    @Override
    public void flush() {
        repository.insertAll(rows);
    }
}
