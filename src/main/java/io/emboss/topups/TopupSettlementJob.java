package io.emboss.topups;

import net.javacrumbs.shedlock.spring.annotation.SchedulerLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * Settles asynchronous top-ups whose delay has passed (the stand-in for a processor's
 * confirmation). One instance at a time (ShedLock); each top-up settles once (row lock).
 */
@Component
class TopupSettlementJob {
    private static final Logger log = LoggerFactory.getLogger(TopupSettlementJob.class);
    private static final int BATCH = 200;
    private final TopupService topups;

    TopupSettlementJob(TopupService topups) {
        this.topups = topups;
    }

    @Scheduled(fixedDelayString = "${emboss.topups.settle-interval-ms:1000}")
    @SchedulerLock(name = "topup-settlement")
    void settleDue() {
        for (String id : topups.dueForSettlement(BATCH)) {
            try {
                var outcome = topups.settle(id, true, null);
                if (!outcome.isOk()) {
                    log.debug("top-up {} not settled: {}", id, outcome.rejection().message());
                }
            } catch (RuntimeException e) {
                log.error("settling top-up {} failed; it is retried on the next run", id, e);
            }
        }
    }
}
