package io.emboss.network;

import java.time.Clock;
import java.time.Duration;
import net.javacrumbs.shedlock.spring.annotation.SchedulerLock;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * Field 7 carries no year, so a key comes round again a year later: exchanges are kept long enough
 * for every completion and reversal (holds last 7 days by default), then deleted.
 */
@Component
class ExchangePurge {
    static final Duration RETENTION = Duration.ofDays(35);
    private final ExchangeRepository exchanges;
    private final Clock clock;

    ExchangePurge(ExchangeRepository exchanges, Clock clock) {
        this.exchanges = exchanges;
        this.clock = clock;
    }

    @Scheduled(fixedDelayString = "PT1H", initialDelayString = "PT5M")
    @SchedulerLock(name = "iso8583-purge")
    void purge() {
        exchanges.purgeOlderThan(clock.instant().minus(RETENTION));
    }
}
