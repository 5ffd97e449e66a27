package io.emboss.authorization;

import io.emboss.ledger.MoneyBatch;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * The day's and month's approved spend of the cards of one pipeline batch: their rows locked with
 * one statement before the cards' accounts, changed in memory as each authorization of the batch
 * is decided (so two purchases on one card in one batch see each other), written with one
 * statement at the end.
 */
final class SpendingWindows implements MoneyBatch.Participant {
    /** Before the ledger's locks, after nothing: the order every path takes a card's locks in. */
    static final int LOCK_ORDER = 10;

    private final SpendingRepository repository;
    private final io.emboss.shared.CommittedIds knownRows;
    private final int today;
    private final int thisMonth;
    private final TreeSet<String> cardIds = new TreeSet<>();
    private final Map<String, SpendingRepository.Spending> current = new HashMap<>();
    private final Map<String, SpendingRepository.Spending> changed = new HashMap<>();

    SpendingWindows(SpendingRepository repository, io.emboss.shared.CommittedIds knownRows, Instant now) {
        this.repository = repository;
        this.knownRows = knownRows;
        ZonedDateTime z = now.atZone(ZoneOffset.UTC);
        this.today = z.getYear() * 10000 + z.getMonthValue() * 100 + z.getDayOfMonth();
        this.thisMonth = z.getYear() * 100 + z.getMonthValue();
    }

    void want(String cardId) {
        cardIds.add(cardId);
    }

    @Override
    public int lockOrder() {
        return LOCK_ORDER;
    }

    @Override
    public void lock() {
        if (cardIds.isEmpty()) {
            return;
        }
        var missing = cardIds.stream().filter(id -> !knownRows.contains(id)).toList();
        if (!missing.isEmpty()) {
            repository.createIfMissing(missing, today, thisMonth);
        }
        current.putAll(repository.lockAll(java.util.List.copyOf(cardIds)));
        if (current.size() != cardIds.size()) {
            throw new IllegalStateException("a card's spending row vanished while locking it");
        }
    }

    /** What the card spent today and this month, with the batch's earlier approvals. */
    long[] spent(String cardId) {
        SpendingRepository.Spending s = locked(cardId);
        return new long[] {s.dayTotalOn(today), s.monthTotalIn(thisMonth)};
    }

    void add(String cardId, long amountMinor) {
        long[] spent = spent(cardId);
        SpendingRepository.Spending next = new SpendingRepository.Spending(today,
                Math.addExact(spent[0], amountMinor), thisMonth, Math.addExact(spent[1], amountMinor),
                locked(cardId).velocity());
        current.put(cardId, next);
        changed.put(cardId, next);
    }

    /**
     * Gives back what an authorization made on {@code authorizedAt} no longer holds: to today's and
     * this month's totals if it counted there, never below zero.
     */
    void release(String cardId, long amountMinor, Instant authorizedAt) {
        ZonedDateTime at = authorizedAt.atZone(ZoneOffset.UTC);
        int day = at.getYear() * 10000 + at.getMonthValue() * 100 + at.getDayOfMonth();
        int month = at.getYear() * 100 + at.getMonthValue();
        long[] spent = spent(cardId);
        SpendingRepository.Spending next = new SpendingRepository.Spending(today,
                Math.max(0, spent[0] - (day == today ? amountMinor : 0)), thisMonth,
                Math.max(0, spent[1] - (month == thisMonth ? amountMinor : 0)), locked(cardId).velocity());
        current.put(cardId, next);
        changed.put(cardId, next);
    }

    /**
     * The velocity rules' windows on a locked row: a card's, or a customer's (declared with
     * {@link #want} like a card, and locked in the same statement).
     */
    io.emboss.authorization.rules.VelocityJudge.Rows velocityRows() {
        return new io.emboss.authorization.rules.VelocityJudge.Rows() {
            @Override
            public String read(String rowKey) {
                return locked(rowKey).velocity();
            }

            @Override
            public void write(String rowKey, String state) {
                SpendingRepository.Spending next = locked(rowKey).withVelocity(state.isEmpty() ? null : state);
                current.put(rowKey, next);
                changed.put(rowKey, next);
            }
        };
    }

    private SpendingRepository.Spending locked(String cardId) {
        SpendingRepository.Spending s = current.get(cardId);
        if (s == null) {
            throw new IllegalStateException("card " + cardId + " was not declared to the batch");
        }
        return s;
    }

    @Override
    public void flush() {
        repository.saveAll(changed);
        knownRows.rememberAfterCommit(cardIds);
    }
}
