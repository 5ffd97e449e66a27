package io.emboss;

import java.time.Clock;
import javax.sql.DataSource;
import net.javacrumbs.shedlock.core.LockProvider;
import net.javacrumbs.shedlock.provider.jdbctemplate.JdbcTemplateLockProvider;
import net.javacrumbs.shedlock.spring.annotation.EnableSchedulerLock;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.scheduling.annotation.EnableScheduling;

/** Process-wide infrastructure: the clock, scheduled jobs and their cluster-wide locks. */
@Configuration(proxyBeanMethods = false)
@EnableScheduling
@EnableSchedulerLock(defaultLockAtMostFor = "PT5M")
class PlatformConfig {

    /**
     * Ticks in microseconds, the precision PostgreSQL keeps: a time shown when something is made is
     * the time read back later, not a nanosecond value the database rounds.
     */
    @Bean
    Clock clock() {
        return new MicrosecondClock(Clock.systemUTC());
    }

    /** The system clock truncated to microseconds (Java 17's Clock.tick divides by zero in millis() at 1 µs). */
    static final class MicrosecondClock extends Clock {
        private final Clock base;

        MicrosecondClock(Clock base) {
            this.base = base;
        }

        @Override
        public java.time.Instant instant() {
            return base.instant().truncatedTo(java.time.temporal.ChronoUnit.MICROS);
        }

        @Override
        public long millis() {
            return base.millis();
        }

        @Override
        public java.time.ZoneId getZone() {
            return base.getZone();
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return new MicrosecondClock(base.withZone(zone));
        }
    }

    @Bean
    LockProvider lockProvider(DataSource dataSource) {
        return new JdbcTemplateLockProvider(JdbcTemplateLockProvider.Configuration.builder()
                .withJdbcTemplate(new JdbcTemplate(dataSource))
                .usingDbTime()
                .build());
    }
}
