package io.emboss;

import java.time.Clock;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import javax.sql.DataSource;
import net.javacrumbs.shedlock.core.LockConfiguration;
import net.javacrumbs.shedlock.core.LockProvider;
import net.javacrumbs.shedlock.core.SimpleLock;
import net.javacrumbs.shedlock.provider.jdbctemplate.JdbcTemplateLockProvider;
import net.javacrumbs.shedlock.spring.annotation.EnableSchedulerLock;
import net.javacrumbs.shedlock.support.KeepAliveLockProvider;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.scheduling.annotation.EnableScheduling;

/**
 * Process-wide infrastructure: the clock, scheduled jobs and their cluster-wide locks.
 *
 * <p>A job's ShedLock lock is short ({@value #LOCK_AT_MOST_FOR}, ShedLock's shortest for a kept-alive
 * lock) and extended by its node every half of that while the job runs. A node that dies holding a
 * lock stops extending it, and another node takes the job over once it lapses, within
 * {@value #LOCK_AT_MOST_FOR} (with PT5M and no extension, one dead node stopped top-up settlement on
 * every node for five minutes); a job that runs longer than that keeps its lock. Jobs name no
 * lockAtMostFor of their own.
 */
@Configuration(proxyBeanMethods = false)
@EnableScheduling
@EnableSchedulerLock(defaultLockAtMostFor = PlatformConfig.LOCK_AT_MOST_FOR)
class PlatformConfig {
    static final String LOCK_AT_MOST_FOR = "PT30S";

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
    KeptAliveLocks lockProvider(DataSource dataSource) {
        return new KeptAliveLocks(new JdbcTemplateLockProvider(JdbcTemplateLockProvider.Configuration.builder()
                .withJdbcTemplate(new JdbcTemplate(dataSource))
                .usingDbTime()
                .build()));
    }

    /**
     * ShedLock's keep-alive provider over the JDBC one, owning the thread that extends the locks (not
     * a bean of its own: Spring would take a ScheduledExecutorService bean for its @Scheduled jobs).
     */
    static final class KeptAliveLocks implements LockProvider, AutoCloseable {
        private final ScheduledExecutorService extender = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "job-lock-keep-alive");
            t.setDaemon(true);
            return t;
        });
        private final LockProvider locks;

        KeptAliveLocks(JdbcTemplateLockProvider jdbc) {
            this.locks = new KeepAliveLockProvider(jdbc, extender);
        }

        @Override
        public Optional<SimpleLock> lock(LockConfiguration configuration) {
            return locks.lock(configuration);
        }

        @Override
        public void close() {
            extender.shutdownNow();
        }
    }
}
