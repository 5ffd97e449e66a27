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
import org.springframework.transaction.support.TransactionSynchronizationManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Per tenant and environment, a fixed one-hour window counted in the database, so that every
 * instance of Emboss spends the same budget.
 *
 * <p>Counting every request with its own committed {@code UPDATE} made one row per tenant the
 * point every request of that tenant queued on. So an instance <em>reserves</em> part of the budget
 * on the row with one statement that succeeds only if the reservation fits under the limit, and
 * spends it in memory: at most a tenth of what is left (and at most {@link #MAX_RESERVATION}), so
 * reservations shrink as the budget runs out and, with fewer than 20 requests left, every request
 * is counted on the row on its own, as before. What is reserved is counted on the row at once, so
 * all instances together never allow more than the limit. The price is the other way round: until
 * an instance spends its reservation, or gives it back after {@link #GIVE_BACK_AFTER_MS} ms without
 * a request, another instance may refuse a request the budget still had room for (see
 * docs/tenancy-and-auth.md).
 */
@Component
public class RateLimiter {
    static final long WINDOW_SECONDS = 3600;
    static final long FLUSH_INTERVAL_MS = 200;
    /** A reservation is at most this share of what is left of the budget (one tenth). */
    static final long RESERVATION_SHARE = 10;
    /** And never more than this, so a crashed instance takes at most this much of a large budget with it. */
    static final long MAX_RESERVATION = 10_000;
    /** A reservation no request drew on for this long is given back (checked every flush interval). */
    static final long GIVE_BACK_AFTER_MS = 1_000;
    private static final Logger log = LoggerFactory.getLogger(RateLimiter.class);

    /**
     * The answer for one request: allowed or not, what is left of the budget, and how many requests
     * the window has counted with this one (as this instance knows it).
     */
    public record Decision(boolean allowed, int limit, int remaining, long resetEpochSeconds, long retryAfterSeconds,
                           long spent) {
        /** The same request judged under another limit: the tenant's budget changed meanwhile. */
        Decision under(int otherLimit) {
            return new Decision(spent <= otherLimit, otherLimit, (int) Math.max(0, otherLimit - spent),
                    resetEpochSeconds, retryAfterSeconds, spent);
        }
    }

    private record BucketKey(String tenantId, String env, String bucket, long windowStart) {
    }

    /**
     * What this instance knows of one budget. {@code stored} changes only under the budget's
     * monitor, together with the database; requests draw on {@code reserved} without it.
     */
    private static final class Budget {
        /** The row's count when last written: every instance's requests and reservations. */
        volatile long stored;
        /** Counted on the row by this instance and not spent yet. */
        final AtomicLong reserved = new AtomicLong();
        /** The limit {@code reserved} was taken under; a request under another limit does not draw on it. */
        volatile int limit = -1;
        /** Whether this instance has made sure the row exists. */
        volatile boolean rowExists;
        /** When a request last drew on the reservation (or took it): an idle reservation is given back. */
        volatile long lastDrawnMillis;
        /** Statements this instance sent for the budget: the tests count them. */
        final AtomicLong writes = new AtomicLong();
    }

    /** What one round trip to the row found: its new count, and how much of it is now reserved here. */
    private record Counted(long count, long reserved) {
    }

    private final JdbcClient jdbc;
    private final Clock clock;
    private final TransactionTemplate tx;
    /** PostgreSQL counts and reads in one statement (UPDATE … RETURNING); H2 needs two. */
    private final boolean returning;
    private final Map<BucketKey, Budget> local = new ConcurrentHashMap<>();

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
        Budget b = local.computeIfAbsent(key, k -> new Budget());
        Optional<Decision> drawn = draw(b, limit, windowStart, now, clock.millis());
        if (drawn.isPresent()) {
            return drawn.get();
        }
        // one round trip per budget at a time: those waiting usually find the reservation it brings back
        synchronized (b) {
            drawn = draw(b, limit, windowStart, now, clock.millis());
            return drawn.isPresent() ? drawn.get() : countOnRow(key, b, limit, windowStart, now);
        }
    }

    /** Spends one request of this instance's reservation, if it holds one under this limit. */
    private static Optional<Decision> draw(Budget b, int limit, long windowStart, Instant now, long nowMillis) {
        if (b.limit != limit) {
            return Optional.empty();
        }
        for (long left = b.reserved.get(); left > 0; left = b.reserved.get()) {
            if (b.reserved.compareAndSet(left, left - 1)) {
                b.lastDrawnMillis = nowMillis;
                // reserved requests were counted on the row: this one allowed, those still held not spent
                return Optional.of(decision(true, b.stored - (left - 1), limit, windowStart, now));
            }
        }
        return Optional.empty();
    }

    /**
     * Counts the request on the row: with a reservation for the requests to come when a tenth of what
     * is left is worth one, else on its own (allowed if the row's count is still within the limit).
     * Called holding the budget's monitor.
     */
    private Decision countOnRow(BucketKey key, Budget b, int limit, long windowStart, Instant now) {
        if (TransactionSynchronizationManager.isActualTransactionActive()) {
            return countAloneInCallersTransaction(key, b, limit, windowStart, now);
        }
        // what was reserved under another limit goes back, so the new one governs every request from now
        long giveBack = b.limit != limit ? b.reserved.getAndSet(0) : 0;
        long left = limit - (b.stored - giveBack);
        long reservation = Math.min(MAX_RESERVATION, left / RESERVATION_SHARE);
        Counted counted;
        try {
            counted = tx.execute(s -> count(key, b, giveBack, reservation >= 2 ? reservation : 1, limit));
        } catch (RuntimeException e) {
            b.reserved.addAndGet(giveBack);
            throw e;
        }
        b.rowExists = true;
        b.limit = limit;
        b.stored = counted.count();
        b.lastDrawnMillis = clock.millis();
        b.reserved.addAndGet(counted.reserved());
        long spent = counted.count() - counted.reserved();
        return decision(counted.reserved() > 0 || counted.count() <= limit, spent, limit, windowStart, now);
    }

    /**
     * Inside a caller's transaction (a card details read of an idempotent request) the statement
     * commits or rolls back with the caller's: no reservation may rest on it, or this instance would
     * spend requests the row never counted. So the request is counted alone, as it was before
     * reservations; rolled back, it is not counted, and this instance's view is one too high until
     * its next statement.
     */
    private Decision countAloneInCallersTransaction(BucketKey key, Budget b, int limit, long windowStart,
            Instant now) {
        long count = tx.execute(s -> count(key, b, 0, 1, limit)).count();
        b.stored = Math.max(b.stored, count);
        return decision(count <= limit, count - b.reserved.get(), limit, windowStart, now);
    }

    private Counted count(BucketKey k, Budget b, long giveBack, long requests, int limit) {
        boolean creating = !b.rowExists;
        if (creating) {
            b.writes.incrementAndGet();
            jdbc.sql("INSERT INTO rate_limit_buckets (tenant_id, env, bucket, window_start, request_count) "
                            + "VALUES (?, ?, ?, ?, 0) ON CONFLICT DO NOTHING")
                    .params(k.tenantId(), k.env(), k.bucket(), k.windowStart()).update();
        }
        if (giveBack > 0) {
            add(k, b, -giveBack, null);
        }
        if (requests > 1) {
            Optional<Long> reserved = add(k, b, requests, limit);
            if (reserved.isPresent()) {
                return new Counted(reserved.get(), requests - 1);
            }
        }
        Optional<Long> one = add(k, b, 1, null);
        if (one.isEmpty() && !creating) {
            // the row went since this instance made sure of it (purged, or deleted by hand)
            b.rowExists = false;
            return count(k, b, 0, 1, limit);
        }
        return new Counted(one.orElseThrow(), 0);
    }

    /** Gives back reservations no request drew on lately, and forgets ended windows. */
    @Scheduled(fixedDelay = FLUSH_INTERVAL_MS)
    void flush() {
        long nowMillis = clock.millis();
        long currentWindow = nowMillis / 1000 / WINDOW_SECONDS * WINDOW_SECONDS;
        for (Map.Entry<BucketKey, Budget> e : local.entrySet()) {
            Budget b = e.getValue();
            if (e.getKey().windowStart() < currentWindow) {
                // an ended window's requests and reservations no longer matter
                local.remove(e.getKey(), b);
            } else if (b.reserved.get() > 0 && nowMillis - b.lastDrawnMillis >= GIVE_BACK_AFTER_MS
                    && !giveBack(e.getKey(), b)) {
                return;
            }
        }
    }

    @PreDestroy
    void flushOnShutdown() {
        for (Map.Entry<BucketKey, Budget> e : local.entrySet()) {
            if (e.getValue().reserved.get() > 0 && !giveBack(e.getKey(), e.getValue())) {
                return;
            }
        }
    }

    /** Takes this instance's reservation off the row; false (and the reservation kept) if the database failed. */
    private boolean giveBack(BucketKey k, Budget b) {
        synchronized (b) {
            long back = b.reserved.getAndSet(0);
            if (back == 0) {
                return true;
            }
            try {
                Optional<Long> after = tx.execute(s -> add(k, b, -back, null));
                // no row: it was purged or deleted, and what was reserved on it with it
                b.rowExists = after.isPresent();
                b.stored = after.orElse(0L);
                return true;
            } catch (RuntimeException ex) {
                b.reserved.addAndGet(back);
                log.warn("could not give back a rate-limit reservation; will retry: {}", ex.toString());
                return false;
            }
        }
    }

    /**
     * Adds {@code requests} to the budget's row and returns its new count; with {@code limit}, only if
     * the count stays within it (else empty).
     */
    private Optional<Long> add(BucketKey k, Budget b, long requests, Integer limit) {
        b.writes.incrementAndGet();
        String within = limit == null ? "" : " AND request_count + ? <= ?";
        Object[] params = limit == null
                ? new Object[] {requests, k.tenantId(), k.env(), k.bucket(), k.windowStart()}
                : new Object[] {requests, k.tenantId(), k.env(), k.bucket(), k.windowStart(), requests, limit};
        String update = "UPDATE rate_limit_buckets SET request_count = request_count + ? "
                + "WHERE tenant_id = ? AND env = ? AND bucket = ? AND window_start = ?" + within;
        if (returning) {
            return jdbc.sql(update + " RETURNING request_count").params(params).query(Long.class).optional();
        }
        if (jdbc.sql(update).params(params).update() == 0) {
            return Optional.empty();
        }
        return jdbc.sql("SELECT request_count FROM rate_limit_buckets WHERE tenant_id = ? AND env = ? "
                        + "AND bucket = ? AND window_start = ?")
                .params(k.tenantId(), k.env(), k.bucket(), k.windowStart()).query(Long.class).optional();
    }

    /** Statements this instance has sent for a budget of the current window (0 if it has none): for tests. */
    long writes(String tenantId, String env, String bucket) {
        long windowStart = clock.instant().getEpochSecond() / WINDOW_SECONDS * WINDOW_SECONDS;
        Budget b = local.get(new BucketKey(tenantId, env, bucket, windowStart));
        return b == null ? 0 : b.writes.get();
    }

    private static Decision decision(boolean allowed, long spent, int limit, long windowStart, Instant now) {
        long reset = windowStart + WINDOW_SECONDS;
        return new Decision(allowed, limit, (int) Math.max(0, Math.min(limit, limit - spent)), reset,
                Math.max(1, reset - now.getEpochSecond()), spent);
    }

    public int purgeBefore(long epochSeconds) {
        return jdbc.sql("DELETE FROM rate_limit_buckets WHERE window_start < ?").param(epochSeconds).update();
    }
}
