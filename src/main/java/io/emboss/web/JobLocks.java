package io.emboss.web;

import io.emboss.shared.Caller;
import io.emboss.shared.Outcome;
import io.emboss.shared.Rejection;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.List;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * What ShedLock's table tells the operator: each scheduled job's lock (who took it last, until
 * when), and the hosts that took a lock lately. Emboss keeps no register of its instances, so
 * those hosts are the nearest count of running ones: a job runs every second or few on every
 * instance, and the instance that wins a run writes its host name (instances sharing a host count once).
 */
@Repository
public class JobLocks {
    /** How recent a lock must be for its holder to count as running. */
    public static final Duration RECENT = Duration.ofMinutes(1);

    /** One job's lock; {@code held} while {@code lockUntil} is ahead (the job is running now). */
    public record JobLock(String name, Instant lockedAt, Instant lockUntil, String lockedBy, boolean held) {
    }

    /** Every job's lock by name, and the hosts that took one within {@link #RECENT}. */
    public record Status(List<JobLock> locks, List<String> recentHosts) {
    }

    private static final Rejection OPERATOR_ONLY = Rejection.of(Rejection.Kind.FORBIDDEN, "forbidden",
            "Only the platform operator sees the platform's job locks");

    private final JdbcClient jdbc;
    private final Clock clock;

    JobLocks(JdbcClient jdbc, Clock clock) {
        this.jdbc = jdbc;
        this.clock = clock;
    }

    public Outcome<Status> status(Caller caller) {
        if (!caller.isPlatformAdmin()) {
            return Outcome.rejected(OPERATOR_ONLY);
        }
        Instant now = clock.instant();
        // ShedLock writes the database's UTC time (usingDbTime) into columns without a time zone
        List<JobLock> locks = jdbc.sql("SELECT name, locked_at, lock_until, locked_by FROM shedlock ORDER BY name")
                .query((rs, n) -> {
                    Instant until = utc(rs.getObject(3, LocalDateTime.class));
                    return new JobLock(rs.getString(1), utc(rs.getObject(2, LocalDateTime.class)), until,
                            rs.getString(4), until.isAfter(now));
                }).list();
        Instant since = now.minus(RECENT);
        List<String> hosts = locks.stream().filter(l -> l.lockedAt().isAfter(since)).map(JobLock::lockedBy)
                .distinct().sorted().toList();
        return Outcome.ok(new Status(locks, hosts));
    }

    private static Instant utc(LocalDateTime time) {
        return time.toInstant(ZoneOffset.UTC);
    }
}
