package io.emboss.cards;

import io.emboss.ledger.MoneyBatch;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;
import java.util.function.Function;

/**
 * The cards of a pipeline batch's authorizations as they are when the batch runs, read in one
 * statement without a lock: a freeze, a limit change or a close committed before the batch decides
 * it, whichever instance made it, though the card read before the batch may be seconds old.
 */
public final class CardReads implements MoneyBatch.Participant {
    private final Function<List<String>, List<Card>> findAll;
    private final TreeSet<String> ids = new TreeSet<>();
    private final Map<String, Card> read = new HashMap<>();

    CardReads(Function<List<String>, List<Card>> findAll) {
        this.findAll = findAll;
    }

    public void want(String cardId) {
        ids.add(cardId);
    }

    public Optional<Card> get(String cardId) {
        return Optional.ofNullable(read.get(cardId));
    }

    /** First: a read takes no lock, so where it stands in the lock order does not matter. */
    @Override
    public int lockOrder() {
        return 1;
    }

    @Override
    public void lock() {
        if (!ids.isEmpty()) {
            for (Card c : findAll.apply(List.copyOf(ids))) {
                read.put(c.id(), c);
            }
        }
    }

    @Override
    public void flush() {
        // read only
    }
}
