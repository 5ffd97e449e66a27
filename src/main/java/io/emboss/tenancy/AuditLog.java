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
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

/** The audit log of every state-changing call, readable by the tenant it concerns. */
@Service
public class AuditLog {
    private static final String COLUMNS = "id, actor_type, actor_id, action, path, status, request_id, created_at";
    private final JdbcClient jdbc;
    private final Clock clock;

    AuditLog(JdbcClient jdbc, Clock clock) {
        this.jdbc = jdbc;
        this.clock = clock;
    }

    @Transactional(propagation = Propagation.REQUIRES_NEW)
    public void record(Caller caller, String action, String path, int status, String requestId) {
        jdbc.sql("INSERT INTO audit_log (id, tenant_id, env, actor_type, actor_id, action, path, status, request_id, "
                        + "created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")
                .params(Ids.next("aud"), caller.tenantId(),
                        caller.environment() == null ? null : caller.environment().wire(),
                        caller.type().name().toLowerCase(java.util.Locale.ROOT), caller.actorId(), action,
                        path.length() > 300 ? path.substring(0, 300) : path, status, requestId,
                        Timestamp.from(clock.instant()))
                .update();
    }

    @Transactional(readOnly = true)
    public Outcome<Page<AuditEntry>> list(Caller caller, PageRequest page) {
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
