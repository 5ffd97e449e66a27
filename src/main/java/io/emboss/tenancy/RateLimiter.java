package io.emboss.tenancy;

import jakarta.annotation.PreDestroy;
import java.time.Clock;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Per tenant and environment, a fixed one-hour window counted in the database, so that every
 * instance of Emboss spends the same budget.
 *
 * <p>Counting every request with its own committed {@code UPDATE} made one row per tenant the
 * point every request of that tenant queued on. So the count is exact only where it matters, near
 * the limit: while a budget is far from exhausted (more than {@link #margin} left as of the last
 * count this instance read), requests are counted in memory and added to the row in one statement
 * per budget every {@link #FLUSH_INTERVAL_MS} ms. Other instances' spending becomes visible to this
 * one at those flushes, so a budget can be overspent only if all instances together spend more than
 * the margin within one flush interval (see docs/tenancy-and-auth.md).
 */
@Component
public class RateLimiter {
    static final long WINDOW_SECONDS = 3600;
    static final long FLUSH_INTERVAL_MS = 200;
    private static final Logger log = LoggerFactory.getLogger(RateLimiter.class);

    /** The answer for one request: allowed or not, and what is left of the budget. */
    public record Decision(boolean allowed, int limit, int remaining, long resetEpochSeconds, long retryAfterSeconds) {
    }

    private record BucketKey(String tenantId, String env, String bucket, long windowStart) {
    }

    /** What this instance knows of one budget: the row's count when last read, and what it has not written yet. */
    private static final class LocalCount {
        volatile long storedCount;
        final AtomicLong unflushed = new AtomicLong();

        LocalCount(long storedCount) {
            this.storedCount = storedCount;
        }

        long known() {
            return storedCount + unflushed.get();
        }
    }

    private final JdbcClient jdbc;
    private final Clock clock;
    private final TransactionTemplate tx;
    /** PostgreSQL counts and reads in one statement (UPDATE … RETURNING); H2 needs two. */
    private final boolean returning;
    private final Map<BucketKey, LocalCount> local = new ConcurrentHashMap<>();

    RateLimiter(JdbcClient jdbc, Clock clock, TransactionTemplate tx,
            @org.springframework.beans.factory.annotation.Value("${spring.datasource.url}") String dbUrl) {
        this.jdbc = jdbc;
        this.clock = clock;
        this.tx = tx;
        this.returning = io.emboss.shared.EmbeddedMode.isPostgres(dbUrl);
    }

    /** Spends one request of the tenant's general API budget. */
    public Decision consume(String tenantId, String env, int limit) {
        return consume(tenantId, env, "api", limit);
    }

    /** Spends one request of a named budget (e.g. "card_details", tighter than the general one). */
    public Decision consume(String tenantId, String env, String bucket, int limit) {
        Instant now = clock.instant();
        long windowStart = now.getEpochSecond() / WINDOW_SECONDS * WINDOW_SECONDS;
        BucketKey key = new BucketKey(tenantId, env, bucket, windowStart);
        LocalCount count = local.get(key);
        if (count != null && limit - count.known() > margin(limit)) {
            long spent = count.storedCount + count.unflushed.incrementAndGet();
            return decision(spent, limit, windowStart, now);
        }
        // near the limit (or on first sight): count exactly, together with what is still unwritten
        long carried = count == null ? 0 : count.unflushed.getAndSet(0);
        long exact;
        try {
            exact = countInDatabase(key, 1 + carried);
        } catch (RuntimeException e) {
            if (carried > 0) {
                count.unflushed.addAndGet(carried);
            }
            throw e;
        }
        local.compute(key, (k, c) -> {
            if (c == null) {
                return new LocalCount(exact);
            }
            c.storedCount = Math.max(c.storedCount, exact);
            return c;
        });
        return decision(exact, limit, windowStart, now);
    }

    /**
     * How far from the limit a budget must be for this instance to count it in memory: a tenth of
     * it, and never less than 1,000 requests, so small budgets (the default 1,000 per hour, the card
     * details budget) are always counted exactly.
     */
    static long margin(int limit) {
        return Math.max(1_000, limit / 10);
    }

    /** Adds what this instance counted in memory to the shared rows, and reads back their totals. */
    @Scheduled(fixedDelay = FLUSH_INTERVAL_MS)
    void flush() {
        long currentWindow = clock.instant().getEpochSecond() / WINDOW_SECONDS * WINDOW_SECONDS;
        for (Map.Entry<BucketKey, LocalCount> e : local.entrySet()) {
            LocalCount c = e.getValue();
            long pending = c.unflushed.getAndSet(0);
            if (pending > 0) {
                try {
                    c.storedCount = Math.max(c.storedCount, countInDatabase(e.getKey(), pending));
                } catch (RuntimeException ex) {
                    c.unflushed.addAndGet(pending);
                    log.warn("could not write rate-limit counts; will retry: {}", ex.toString());
                    return;
                }
            } else if (e.getKey().windowStart() < currentWindow) {
                local.remove(e.getKey(), c);
            }
        }
    }

    @PreDestroy
    void flushOnShutdown() {
        flush();
    }

    /** Adds {@code requests} to the row of the budget (creating it) and returns its new count. */
    private long countInDatabase(BucketKey k, long requests) {
        return tx.execute(s -> {
            Optional<Long> counted = increment(k, requests);
            if (counted.isEmpty()) {
                jdbc.sql("INSERT INTO rate_limit_buckets (tenant_id, env, bucket, window_start, request_count) "
                                + "VALUES (?, ?, ?, ?, 0) ON CONFLICT DO NOTHING")
                        .params(k.tenantId(), k.env(), k.bucket(), k.windowStart()).update();
                counted = increment(k, requests);
            }
            return counted.orElseThrow();
        });
    }

    private Optional<Long> increment(BucketKey k, long requests) {
        if (returning) {
            return jdbc.sql("UPDATE rate_limit_buckets SET request_count = request_count + ? "
                            + "WHERE tenant_id = ? AND env = ? AND bucket = ? AND window_start = ? RETURNING request_count")
                    .params(requests, k.tenantId(), k.env(), k.bucket(), k.windowStart()).query(Long.class).optional();
        }
        int updated = jdbc.sql("UPDATE rate_limit_buckets SET request_count = request_count + ? "
                        + "WHERE tenant_id = ? AND env = ? AND bucket = ? AND window_start = ?")
                .params(requests, k.tenantId(), k.env(), k.bucket(), k.windowStart()).update();
        if (updated == 0) {
            return Optional.empty();
        }
        return jdbc.sql("SELECT request_count FROM rate_limit_buckets WHERE tenant_id = ? AND env = ? "
                        + "AND bucket = ? AND window_start = ?")
                .params(k.tenantId(), k.env(), k.bucket(), k.windowStart()).query(Long.class).optional();
    }

    private static Decision decision(long count, int limit, long windowStart, Instant now) {
        long reset = windowStart + WINDOW_SECONDS;
        return new Decision(count <= limit, limit, (int) Math.max(0, limit - count), reset,
                Math.max(1, reset - now.getEpochSecond()));
    }

    public int purgeBefore(long epochSeconds) {
        return jdbc.sql("DELETE FROM rate_limit_buckets WHERE window_start < ?").param(epochSeconds).update();
    }
}
