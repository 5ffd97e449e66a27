package io.emboss.shared;

import java.util.Collection;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * Ids of rows known to exist because their insert committed (accounts, spending rows), so the hot
 * path need not upsert them again. Only committed ids are remembered: a rolled back insert must be
 * tried again. Bounded: past the bound the set starts over, which costs a few upserts, nothing more.
 */
public final class CommittedIds {
    private final Set<String> ids = ConcurrentHashMap.newKeySet();
    private final int maxIds;

    public CommittedIds(int maxIds) {
        this.maxIds = maxIds;
    }

    public boolean contains(String id) {
        return ids.contains(id);
    }

    /** Remembers the ids once the current transaction commits; outside one, nothing is known to have committed. */
    public void rememberAfterCommit(Collection<String> inserted) {
        if (inserted.isEmpty()) {
            return;
        }
        List<String> copy = List.copyOf(inserted);
        if (!TransactionSynchronizationManager.isSynchronizationActive()) {
            return;
        }
        TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
            @Override
            public void afterCommit() {
                if (ids.size() > maxIds) {
                    ids.clear();
                }
                ids.addAll(copy);
            }
        });
    }
}
