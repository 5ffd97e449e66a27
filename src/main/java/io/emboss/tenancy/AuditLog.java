package io.emboss.tenancy;

import io.emboss.shared.Caller;
import io.emboss.shared.Ids;
import io.emboss.shared.Outcome;
import io.emboss.shared.Page;
import io.emboss.shared.PageRequest;
import io.emboss.shared.Rejection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import jakarta.annotation.PreDestroy;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The audit log of every state-changing call, readable by the tenant it concerns. Entries are
 * queued in memory and written in batches; a batch that cannot be written (the database is down)
 * goes back to the head of the queue, in order, and is retried. The queue is bounded: past
 * {@code emboss.audit.max-queued} entries the oldest are dropped, counted in an error log.
 */
@Service
public class AuditLog {
    private static final Logger log = LoggerFactory.getLogger(AuditLog.class);
    private static final String COLUMNS = "id, actor_type, actor_id, action, path, status, request_id, created_at";
    static final long FLUSH_INTERVAL_MS = 100;
    /** A request that finds this many queued writes the queue itself. */
    private static final int FLUSH_AT = 2_000;
    /** While writes fail, a warning (or drop report) at most this often. */
    private static final long REPORT_INTERVAL_MS = 10_000;
    private final JdbcClient jdbc;
    private final JdbcTemplate jdbcTemplate;
    private final TransactionTemplate tx;
    private final Clock clock;
    private final int maxQueued;
    private final ConcurrentLinkedDeque<Object[]> pending = new ConcurrentLinkedDeque<>();
    private final AtomicInteger queued = new AtomicInteger();
    private final AtomicLong dropped = new AtomicLong();
    private final ReentrantLock flushing = new ReentrantLock();
    /** Set while the last write failed: requests then leave the retries to the scheduler. */
    private volatile boolean failing;
    /** When the last write failure and the last drops were reported (ms of System.nanoTime). */
    private long failureReportedMs;
    private long dropsReportedMs;

    AuditLog(JdbcClient jdbc, JdbcTemplate jdbcTemplate, TransactionTemplate tx, Clock clock,
            @Value("${emboss.audit.max-queued:100000}") int maxQueued) {
        this.jdbc = jdbc;
        this.jdbcTemplate = jdbcTemplate;
        this.tx = tx;
        this.clock = clock;
        this.maxQueued = maxQueued;
        this.failureReportedMs = nowMs() - REPORT_INTERVAL_MS;
        this.dropsReportedMs = failureReportedMs;
    }

    /**
     * Queues the entry; {@link #flush} writes queued entries in one batch a few times a second, so the
     * audit costs a request no transaction of its own. A caller that finds {@value #FLUSH_AT} queued
     * writes them itself (unless writing is failing). Entries still queued when the process dies are
     * lost (at most {@link #FLUSH_INTERVAL_MS} ms of them while the database answers); a clean
     * shutdown writes them.
     */
    public void record(Caller caller, String action, String path, int status, String requestId) {
        record(caller.tenantId(), caller.environment() == null ? null : caller.environment().wire(),
                caller.type().name().toLowerCase(java.util.Locale.ROOT), caller.actorId(), action, path, status,
                requestId);
    }

    /**
     * Queues an entry whose actor is no credential (a login lock's account or address); with no
     * tenant when it concerns none, like the operator's calls.
     */
    void record(String tenantId, String env, String actorType, String actorId, String action, String path,
            int status, String requestId) {
        pending.addLast(new Object[] {Ids.next("aud"), tenantId, env, actorType, actorId, action,
                path.length() > 300 ? path.substring(0, 300) : path, status, requestId,
                Timestamp.from(clock.instant())});
        int count = queued.incrementAndGet();
        while (count > maxQueued && pending.pollFirst() != null) {
            count = queued.decrementAndGet();
            dropped.incrementAndGet();
        }
        if (count >= FLUSH_AT && !failing) {
            flush();
        }
    }

    /**
     * Writes every queued entry, oldest first, in one transaction; one writer at a time keeps their
     * order. When the write fails the batch goes back to the head of the queue as it was, to be
     * retried on the next run; the warning names how many entries wait, never what they hold.
     */
    @Scheduled(fixedDelay = FLUSH_INTERVAL_MS)
    public void flush() {
        flushing.lock();
        try {
            reportDrops();
            List<Object[]> batch = new ArrayList<>();
            Object[] entry;
            while ((entry = pending.pollFirst()) != null) {
                batch.add(entry);
            }
            if (batch.isEmpty()) {
                return;
            }
            try {
                tx.executeWithoutResult(s -> jdbcTemplate.batchUpdate("INSERT INTO audit_log (id, tenant_id, env, "
                        + "actor_type, actor_id, action, path, status, request_id, created_at) "
                        + "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", batch));
            } catch (RuntimeException e) {
                for (int i = batch.size() - 1; i >= 0; i--) {
                    pending.addFirst(batch.get(i));
                }
                if (due(failureReportedMs, !failing)) {
                    failureReportedMs = nowMs();
                    // the exception's message may quote the statement with its values: only its kind
                    log.warn("Audit log: could not write {} entries; they stay queued and are retried ({} queued, "
                            + "at most {} kept): {}", batch.size(), queued.get(), maxQueued, kind(e));
                }
                failing = true;
                return;
            }
            queued.addAndGet(-batch.size());
            if (failing) {
                log.info("Audit log: writing again ({} entries written)", batch.size());
            }
            failing = false;
        } finally {
            flushing.unlock();
        }
    }

    /** A clean shutdown writes the queue; what cannot be written is lost, and said so. */
    @PreDestroy
    void close() {
        flush();
        if (queued.get() > 0) {
            log.error("Audit log: {} entries could not be written before shutdown and are lost", queued.get());
        }
    }

    private void reportDrops() {
        long lost = dropped.get();
        if (lost > 0 && due(dropsReportedMs, !failing)) {
            dropsReportedMs = nowMs();
            dropped.addAndGet(-lost);
            log.error("Audit log: dropped the {} oldest entries: the queue holds at most {} while the database "
                    + "cannot be written", lost, maxQueued);
        }
    }

    /** Whether a report last made at {@code reportedMs} may be made again; called under the flushing lock. */
    private static boolean due(long reportedMs, boolean anyway) {
        return anyway || nowMs() - reportedMs >= REPORT_INTERVAL_MS;
    }

    private static long nowMs() {
        return System.nanoTime() / 1_000_000;
    }

    private static String kind(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        String state = root instanceof SQLException sql && sql.getSQLState() != null
                ? " (SQLState " + sql.getSQLState() + ")" : "";
        return e.getClass().getSimpleName() + " caused by " + root.getClass().getSimpleName() + state;
    }

    /** Writes what is queued first, so a tenant reads its own latest calls. */
    public Outcome<Page<AuditEntry>> list(Caller caller, PageRequest page) {
        flush();
        Long before = null;
        String env = caller.environment().wire();
        if (page.startingAfter() != null) {
            Optional<Long> seq = jdbc.sql("SELECT seq FROM audit_log WHERE tenant_id = ? AND env = ? AND id = ?")
                    .params(caller.tenantId(), env, page.startingAfter()).query(Long.class).optional();
            if (seq.isEmpty()) {
                return Outcome.rejected(Rejection.Kind.INVALID, "invalid_cursor", "startingAfter names no entry");
            }
            before = seq.get();
        }
        // the cursor clause only when there is a cursor: PostgreSQL cannot type a bare "? IS NULL"
        var rows = before == null
                ? jdbc.sql("SELECT " + COLUMNS + " FROM audit_log WHERE tenant_id = ? AND env = ? "
                                + "ORDER BY seq DESC FETCH FIRST ? ROWS ONLY")
                        .params(caller.tenantId(), env, page.limit() + 1)
                        .query(AuditLog::map).list()
                : jdbc.sql("SELECT " + COLUMNS + " FROM audit_log WHERE tenant_id = ? AND env = ? "
                                + "AND seq < ? ORDER BY seq DESC FETCH FIRST ? ROWS ONLY")
                        .params(caller.tenantId(), env, before, page.limit() + 1)
                        .query(AuditLog::map).list();
        return Outcome.ok(Page.of(rows, page.limit(), AuditEntry::id));
    }

    private static AuditEntry map(ResultSet rs, int n) throws SQLException {
        return new AuditEntry(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4), rs.getString(5),
                rs.getInt(6), rs.getString(7), rs.getTimestamp(8).toInstant());
    }
}
