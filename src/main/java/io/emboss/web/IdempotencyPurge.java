package io.emboss.web;

import java.time.Clock;
import java.time.Duration;
import net.javacrumbs.shedlock.spring.annotation.SchedulerLock;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/** Idempotency keys are honoured for 24 hours; older ones are deleted and may be reused. */
@Component
class IdempotencyPurge {
    static final Duration RETENTION = Duration.ofHours(24);
    private final IdempotencyRepository repository;
    private final Clock clock;

    IdempotencyPurge(IdempotencyRepository repository, Clock clock) {
        this.repository = repository;
        this.clock = clock;
    }

    @Scheduled(fixedDelayString = "PT10M", initialDelayString = "PT1M")
    @SchedulerLock(name = "idempotency-purge")
    void purge() {
        repository.purgeOlderThan(clock.instant().minus(RETENTION));
    }
}
