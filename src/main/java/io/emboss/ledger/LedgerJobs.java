package io.emboss.ledger;

import net.javacrumbs.shedlock.spring.annotation.SchedulerLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * Background work of the ledger: folding hot-account deltas into counters, and voiding holds past
 * their timeout. ShedLock makes each job run on one instance at a time.
 */
@Component
class LedgerJobs {
    private static final Logger log = LoggerFactory.getLogger(LedgerJobs.class);
    private static final int BATCH = 1000;

    private final LedgerService ledger;
    private final ApplicationEventPublisher events;

    LedgerJobs(LedgerService ledger, ApplicationEventPublisher events) {
        this.ledger = ledger;
        this.events = events;
    }

    @Scheduled(fixedDelayString = "${emboss.ledger.rollup-interval-ms:1000}")
    @SchedulerLock(name = "ledger-rollup")
    void rollUp() {
        int folded;
        do {
            folded = ledger.rollUpDeltas(BATCH);
        } while (folded == BATCH);
    }

    @Scheduled(fixedDelayString = "${emboss.ledger.expiry-interval-ms:5000}")
    @SchedulerLock(name = "ledger-expiry")
    void expireHolds() {
        for (String id : ledger.expiredPendingIds(BATCH)) {
            var outcome = ledger.expire(id);
            if (outcome.isOk()) {
                events.publishEvent(new PendingTransferExpired(outcome.value().get(0)));
            } else {
                log.debug("hold {} not expired: {}", id, outcome.rejection().message());
            }
        }
    }
}
