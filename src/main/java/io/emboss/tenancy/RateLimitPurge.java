package io.emboss.tenancy;

import java.time.Clock;
import net.javacrumbs.shedlock.spring.annotation.SchedulerLock;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/** Windows older than the previous hour are never read again. */
@Component
class RateLimitPurge {
    private final RateLimiter limiter;
    private final Clock clock;

    RateLimitPurge(RateLimiter limiter, Clock clock) {
        this.limiter = limiter;
        this.clock = clock;
    }

    @Scheduled(fixedDelayString = "PT10M", initialDelayString = "PT1M")
    @SchedulerLock(name = "rate-limit-purge")
    void purge() {
        limiter.purgeBefore(clock.instant().getEpochSecond() - 2 * RateLimiter.WINDOW_SECONDS);
    }
}
