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
import java.time.Clock;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import jakarta.annotation.PreDestroy;
import org.springframework.scheduling.annotation.Scheduled;

/** The audit log of every state-changing call, readable by the tenant it concerns. */
@Service
public class AuditLog {
    private static final String COLUMNS = "id, actor_type, actor_id, action, path, status, request_id, created_at";
    static final long FLUSH_INTERVAL_MS = 100;
    private static final int MAX_QUEUED = 2_000;
    private final JdbcClient jdbc;
    private final org.springframework.jdbc.core.JdbcTemplate jdbcTemplate;
    private final org.springframework.transaction.support.TransactionTemplate tx;
    private final Clock clock;
    private final java.util.concurrent.ConcurrentLinkedQueue<Object[]> pending =
            new java.util.concurrent.ConcurrentLinkedQueue<>();
    private final java.util.concurrent.atomic.AtomicInteger queued = new java.util.concurrent.atomic.AtomicInteger();
    private final java.util.concurrent.locks.ReentrantLock flushing = new java.util.concurrent.locks.ReentrantLock();

    AuditLog(JdbcClient jdbc, org.springframework.jdbc.core.JdbcTemplate jdbcTemplate,
            org.springframework.transaction.support.TransactionTemplate tx, Clock clock) {
        this.jdbc = jdbc;
        this.jdbcTemplate = jdbcTemplate;
        this.tx = tx;
        this.clock = clock;
    }

    /**
     * Queues the entry; {@link #flush} writes queued entries in one batch a few times a second, so the
     * audit costs a request no transaction of its own. The queue is bounded: a caller that finds it
     * full writes it out itself. Entries still queued when the process dies are lost (at most
     * {@link #FLUSH_INTERVAL_MS} ms of them); a clean shutdown writes them.
     */
    public void record(Caller caller, String action, String path, int status, String requestId) {
        pending.add(new Object[] {Ids.next("aud"), caller.tenantId(),
                caller.environment() == null ? null : caller.environment().wire(),
                caller.type().name().toLowerCase(java.util.Locale.ROOT), caller.actorId(), action,
                path.length() > 300 ? path.substring(0, 300) : path, status, requestId,
                Timestamp.from(clock.instant())});
        if (queued.incrementAndGet() >= MAX_QUEUED) {
            flush();
        }
    }

    /** Writes every queued entry, oldest first, in one transaction; one writer at a time keeps their order. */
    @Scheduled(fixedDelay = FLUSH_INTERVAL_MS)
    @PreDestroy
    public void flush() {
        flushing.lock();
        try {
            java.util.List<Object[]> batch = new java.util.ArrayList<>();
            Object[] entry;
            while ((entry = pending.poll()) != null) {
                batch.add(entry);
            }
            if (batch.isEmpty()) {
                return;
            }
            queued.addAndGet(-batch.size());
            tx.executeWithoutResult(s -> jdbcTemplate.batchUpdate("INSERT INTO audit_log (id, tenant_id, env, "
                    + "actor_type, actor_id, action, path, status, request_id, created_at) "
                    + "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", batch));
        } finally {
            flushing.unlock();
        }
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
