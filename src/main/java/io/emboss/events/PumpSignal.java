package io.emboss.events;

import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionSynchronization;

/**
 * Wakes this node's {@link WebhookPump}: when a transaction that recorded events commits, so their
 * fan-out and first delivery start at once instead of at the next poll, and when a send slot frees
 * up while deliveries wait for one. Wakes that arrive while the pump works coalesce into one more
 * round; a lost wake costs at most one poll interval.
 */
@Component
class PumpSignal {
    private final Semaphore wakes = new Semaphore(0);
    /**
     * One instance for every transaction: a transaction's synchronizations are a set, so a
     * transaction that records many events registers it once.
     */
    private final TransactionSynchronization afterCommit = new TransactionSynchronization() {
        @Override
        public void afterCommit() {
            wake();
        }
    };

    TransactionSynchronization afterCommit() {
        return afterCommit;
    }

    void wake() {
        // at most a permit or two pending: a burst of commits is one more round, not one round each
        if (wakes.availablePermits() == 0) {
            wakes.release();
        }
    }

    /** Waits until woken or until the timeout passes; true when woken. */
    boolean await(long timeoutMillis) throws InterruptedException {
        boolean woken = wakes.tryAcquire(timeoutMillis, TimeUnit.MILLISECONDS);
        wakes.drainPermits();
        return woken;
    }
}
