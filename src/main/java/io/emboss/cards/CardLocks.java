package io.emboss.cards;

import io.emboss.ledger.MoneyBatch;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;
import java.util.function.Function;

/**
 * The rows of the cards a pipeline batch moves money onto or off, locked in one statement before
 * anything else of the batch: a top-up cannot race a close, a freeze or an assignment, as with
 * {@link CardService#lockForMoneyMovement}, and every path locks a card before its accounts.
 */
public final class CardLocks implements MoneyBatch.Participant {
    static final int LOCK_ORDER = 5;

    private final Function<List<String>, List<Card>> lockAll;
    private final TreeSet<String> ids = new TreeSet<>();
    private final Map<String, Card> locked = new HashMap<>();

    CardLocks(Function<List<String>, List<Card>> lockAll) {
        this.lockAll = lockAll;
    }

    public void want(String cardId) {
        ids.add(cardId);
    }

    /** The card as it is under the lock, if the tenant's in that environment. */
    public Optional<Card> get(String tenantId, String environment, String cardId) {
        return Optional.ofNullable(locked.get(cardId))
                .filter(c -> c.tenantId().equals(tenantId) && c.environment().equals(environment));
    }

    @Override
    public int lockOrder() {
        return LOCK_ORDER;
    }

    @Override
    public void lock() {
        if (!ids.isEmpty()) {
            for (Card c : lockAll.apply(List.copyOf(ids))) {
                locked.put(c.id(), c);
            }
        }
    }

    @Override
    public void flush() {
        // the locks are the point: nothing to write
    }
}
