package io.emboss.tenancy;

import java.time.Clock;
import java.time.Instant;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

/**
 * Per tenant and environment, a fixed one-hour window counted in the database, so that every
 * instance of Emboss spends the same budget.
 */
@Component
public class RateLimiter {
    static final long WINDOW_SECONDS = 3600;

    /** The answer for one request: allowed or not, and what is left of the budget. */
    public record Decision(boolean allowed, int limit, int remaining, long resetEpochSeconds, long retryAfterSeconds) {
    }

    private final JdbcClient jdbc;
    private final Clock clock;
    /** PostgreSQL counts and reads in one statement (UPDATE … RETURNING); H2 needs two. */
    private final boolean returning;

    RateLimiter(JdbcClient jdbc, Clock clock,
            @org.springframework.beans.factory.annotation.Value("${spring.datasource.url}") String dbUrl) {
        this.jdbc = jdbc;
        this.clock = clock;
        this.returning = dbUrl != null && dbUrl.startsWith("jdbc:postgresql:");
    }

    /** Spends one request of the tenant's general API budget. */
    @Transactional(propagation = Propagation.REQUIRES_NEW)
    public Decision consume(String tenantId, String env, int limit) {
        return consume(tenantId, env, "api", limit);
    }

    /** Spends one request of a named budget (e.g. "card_details", tighter than the general one). */
    @Transactional(propagation = Propagation.REQUIRES_NEW)
    public Decision consume(String tenantId, String env, String bucket, int limit) {
        Instant now = clock.instant();
        long windowStart = now.getEpochSecond() / WINDOW_SECONDS * WINDOW_SECONDS;
        if (returning) {
            java.util.Optional<Integer> counted = incrementReturning(tenantId, env, bucket, windowStart);
            if (counted.isEmpty()) {
                jdbc.sql("INSERT INTO rate_limit_buckets (tenant_id, env, bucket, window_start, request_count) "
                                + "VALUES (?, ?, ?, ?, 0) ON CONFLICT DO NOTHING")
                        .params(tenantId, env, bucket, windowStart).update();
                counted = incrementReturning(tenantId, env, bucket, windowStart);
            }
            return decision(counted.orElseThrow(), limit, windowStart, now);
        }
        int updated = increment(tenantId, env, bucket, windowStart);
        if (updated == 0) {
            jdbc.sql("INSERT INTO rate_limit_buckets (tenant_id, env, bucket, window_start, request_count) "
                            + "VALUES (?, ?, ?, ?, 0) ON CONFLICT DO NOTHING")
                    .params(tenantId, env, bucket, windowStart).update();
            increment(tenantId, env, bucket, windowStart);
        }
        int count = jdbc.sql("SELECT request_count FROM rate_limit_buckets WHERE tenant_id = ? AND env = ? "
                        + "AND bucket = ? AND window_start = ?")
                .params(tenantId, env, bucket, windowStart).query(Integer.class).single();
        return decision(count, limit, windowStart, now);
    }

    private static Decision decision(int count, int limit, long windowStart, Instant now) {
        long reset = windowStart + WINDOW_SECONDS;
        return new Decision(count <= limit, limit, Math.max(0, limit - count), reset,
                Math.max(1, reset - now.getEpochSecond()));
    }

    private java.util.Optional<Integer> incrementReturning(String tenantId, String env, String bucket,
            long windowStart) {
        return jdbc.sql("UPDATE rate_limit_buckets SET request_count = request_count + 1 "
                        + "WHERE tenant_id = ? AND env = ? AND bucket = ? AND window_start = ? RETURNING request_count")
                .params(tenantId, env, bucket, windowStart).query(Integer.class).optional();
    }

    private int increment(String tenantId, String env, String bucket, long windowStart) {
        return jdbc.sql("UPDATE rate_limit_buckets SET request_count = request_count + 1 "
                        + "WHERE tenant_id = ? AND env = ? AND bucket = ? AND window_start = ?")
                .params(tenantId, env, bucket, windowStart).update();
    }

    @Transactional
    public int purgeBefore(long epochSeconds) {
        return jdbc.sql("DELETE FROM rate_limit_buckets WHERE window_start < ?").param(epochSeconds).update();
    }
}
