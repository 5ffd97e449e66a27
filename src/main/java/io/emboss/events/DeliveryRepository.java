package io.emboss.events;

import io.emboss.shared.Ids;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** Deliveries (one per event and endpoint) and their attempts. */
@Repository
class DeliveryRepository {
    static final String PENDING = "pending";
    static final String SUCCEEDED = "succeeded";
    static final String FAILED = "failed";
    static final String CANCELLED = "cancelled";

    /** A claimed delivery; {@code createdAt} is when it was scheduled (the event's time, or the redelivery's). */
    record Claimed(String id, String tenantId, String env, String endpointId, String eventId, int attempts,
                   Instant createdAt) {
    }

    /** One recorded attempt, as the API lists it. */
    record Attempt(String id, String deliveryId, String endpointId, String eventId, String eventType, int attempt,
                   String outcome, Integer responseCode, long durationMs, String responseBody, String error,
                   Instant createdAt) {
    }

    private final JdbcClient jdbc;
    private final JdbcTemplate template;
    /** H2 (the embedded default) has no PostgreSQL casts for unnest: it gets a JDBC batch. */
    private final boolean postgres;

    DeliveryRepository(JdbcClient jdbc, JdbcTemplate template,
            @org.springframework.beans.factory.annotation.Value("${spring.datasource.url}") String dbUrl) {
        this.jdbc = jdbc;
        this.template = template;
        this.postgres = io.emboss.shared.EmbeddedMode.isPostgres(dbUrl);
    }

    String schedule(StoredEvent event, String endpointId, Instant now) {
        String id = Ids.next("wd");
        jdbc.sql("INSERT INTO webhook_deliveries (id, tenant_id, env, endpoint_id, event_id, status, attempts, "
                        + "next_attempt_at, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, 0, ?, ?, ?)")
                .params(id, event.tenantId(), event.environment(), endpointId, event.id(), PENDING, Timestamp.from(now),
                        Timestamp.from(now), Timestamp.from(now))
                .update();
        return id;
    }

    /** A delivery to insert: due at once, and counted for max-age from the event's time. */
    record NewDelivery(String tenantId, String env, String endpointId, String eventId, Instant eventCreatedAt) {
    }

    /**
     * Inserts pending deliveries with one statement on PostgreSQL (a JDBC batch on H2). Each is due
     * from its event's time, so the oldest events are claimed first, as when they were scheduled with
     * the event.
     */
    void scheduleAll(List<NewDelivery> batch, Instant now) {
        if (batch.isEmpty()) {
            return;
        }
        int n = batch.size();
        String[] ids = new String[n];
        for (int i = 0; i < n; i++) {
            ids[i] = Ids.next("wd");
        }
        if (postgres) {
            String[] tenants = new String[n];
            String[] envs = new String[n];
            String[] endpointIds = new String[n];
            String[] eventIds = new String[n];
            String[] created = new String[n];
            for (int i = 0; i < n; i++) {
                NewDelivery d = batch.get(i);
                tenants[i] = d.tenantId();
                envs[i] = d.env();
                endpointIds[i] = d.endpointId();
                eventIds[i] = d.eventId();
                created[i] = d.eventCreatedAt().toString();
            }
            jdbc.sql("""
                    INSERT INTO webhook_deliveries (id, tenant_id, env, endpoint_id, event_id, status, attempts,
                                                    next_attempt_at, created_at, updated_at)
                    SELECT d.id, d.tenant_id, d.env, d.endpoint_id, d.event_id, 'pending', 0, d.created_at,
                           d.created_at, ?
                    FROM unnest(?::varchar[], ?::varchar[], ?::varchar[], ?::varchar[], ?::varchar[],
                                ?::timestamptz[]) AS d (id, tenant_id, env, endpoint_id, event_id, created_at)""")
                    .params(Timestamp.from(now), ids, tenants, envs, endpointIds, eventIds, created).update();
            return;
        }
        List<Object[]> rows = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            NewDelivery d = batch.get(i);
            Timestamp created = Timestamp.from(d.eventCreatedAt());
            rows.add(new Object[] {ids[i], d.tenantId(), d.env(), d.endpointId(), d.eventId(), PENDING, created,
                    created, Timestamp.from(now)});
        }
        template.batchUpdate("INSERT INTO webhook_deliveries (id, tenant_id, env, endpoint_id, event_id, status, "
                + "attempts, next_attempt_at, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, 0, ?, ?, ?)", rows);
    }

    /** Deliveries not finished (due, or waiting for a retry), counted up to {@code bound}. */
    long countPending(int bound) {
        return jdbc.sql("SELECT COUNT(*) FROM (SELECT 1 FROM webhook_deliveries WHERE status = 'pending' "
                + "FETCH FIRST ? ROWS ONLY) b").param(bound).query(Long.class).single();
    }

    /**
     * Claims due deliveries: rows another worker holds are skipped, and each claimed row's next
     * attempt moves past the lease, so no other worker takes it while this one sends.
     */
    List<Claimed> claimDue(Instant now, int max, Instant leaseUntil) {
        List<Claimed> claimed = jdbc.sql("""
                SELECT id, tenant_id, env, endpoint_id, event_id, attempts, created_at FROM webhook_deliveries
                WHERE status = 'pending' AND next_attempt_at <= ?
                ORDER BY next_attempt_at FETCH FIRST ? ROWS ONLY FOR UPDATE SKIP LOCKED""")
                .params(Timestamp.from(now), max)
                .query((rs, n) -> new Claimed(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4),
                        rs.getString(5), rs.getInt(6), rs.getTimestamp(7).toInstant()))
                .list();
        List<Object[]> leases = new ArrayList<>();
        for (Claimed c : claimed) {
            leases.add(new Object[] {Timestamp.from(leaseUntil), Timestamp.from(now), c.id()});
        }
        if (!leases.isEmpty()) {
            template.batchUpdate("UPDATE webhook_deliveries SET next_attempt_at = ?, updated_at = ? WHERE id = ?", leases);
        }
        return claimed;
    }

    void succeeded(String id, int attempts, int code, Instant now) {
        jdbc.sql("UPDATE webhook_deliveries SET status = ?, attempts = ?, last_response_code = ?, last_error = NULL, "
                        + "updated_at = ? WHERE id = ? AND status = 'pending'")
                .params(SUCCEEDED, attempts, code, Timestamp.from(now), id).update();
    }

    void retryLater(String id, int attempts, Integer code, String error, Instant next, Instant now) {
        jdbc.sql("UPDATE webhook_deliveries SET attempts = ?, last_response_code = ?, last_error = ?, "
                        + "next_attempt_at = ?, updated_at = ? WHERE id = ? AND status = 'pending'")
                .params(attempts, code, error, Timestamp.from(next), Timestamp.from(now), id).update();
    }

    void finish(String id, String status, int attempts, Integer code, String error, Instant now) {
        jdbc.sql("UPDATE webhook_deliveries SET status = ?, attempts = ?, last_response_code = ?, last_error = ?, "
                        + "updated_at = ? WHERE id = ? AND status = 'pending'")
                .params(status, attempts, code, error, Timestamp.from(now), id).update();
    }

    void cancelPendingOf(String endpointId, String reason, Instant now) {
        jdbc.sql("UPDATE webhook_deliveries SET status = ?, last_error = ?, updated_at = ? "
                        + "WHERE endpoint_id = ? AND status = 'pending'")
                .params(CANCELLED, reason, Timestamp.from(now), endpointId).update();
    }

    void recordAttempt(Claimed c, String eventType, int attempt, String outcome, Integer code, long durationMs,
            String body, String error, Instant now) {
        jdbc.sql("INSERT INTO webhook_attempts (id, tenant_id, env, delivery_id, endpoint_id, event_id, event_type, "
                        + "attempt, outcome, response_code, duration_ms, response_body, error, created_at) "
                        + "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")
                .params(Ids.next("wa"), c.tenantId(), c.env(), c.id(), c.endpointId(), c.eventId(), eventType, attempt,
                        outcome, code, durationMs, body, error, Timestamp.from(now))
                .update();
    }

    /**
     * The tenant's deliveries that need attention, newest first: given up, or retrying after a failed
     * attempt, to an endpoint not deleted, with no later successful delivery of that event there.
     */
    List<FailedDelivery> failed(String tenantId, String env, int limit) {
        return jdbc.sql("""
                SELECT d.id, d.endpoint_id, w.url, d.event_id, e.type, d.status, d.attempts, d.last_response_code,
                       d.last_error, d.updated_at
                FROM webhook_deliveries d
                JOIN webhook_endpoints w ON w.id = d.endpoint_id
                JOIN events e ON e.id = d.event_id
                WHERE d.tenant_id = ? AND d.env = ? AND w.deleted_at IS NULL
                  AND (d.status = 'failed' OR (d.status = 'pending' AND d.attempts > 0))
                  AND NOT EXISTS (SELECT 1 FROM webhook_deliveries s WHERE s.endpoint_id = d.endpoint_id
                                  AND s.event_id = d.event_id AND s.status = 'succeeded' AND s.seq > d.seq)
                ORDER BY d.seq DESC FETCH FIRST ? ROWS ONLY""")
                .params(tenantId, env, limit)
                .query((rs, n) -> new FailedDelivery(rs.getString(1), rs.getString(2), rs.getString(3),
                        rs.getString(4), rs.getString(5), rs.getString(6), rs.getInt(7), (Integer) rs.getObject(8),
                        rs.getString(9), rs.getTimestamp(10).toInstant()))
                .list();
    }

    Optional<Long> attemptSeqOf(String endpointId, String id) {
        return jdbc.sql("SELECT seq FROM webhook_attempts WHERE endpoint_id = ? AND id = ?")
                .params(endpointId, id).query(Long.class).optional();
    }

    List<Attempt> attempts(String endpointId, String eventId, int limit, Long before) {
        StringBuilder sql = new StringBuilder("SELECT id, delivery_id, endpoint_id, event_id, event_type, attempt, "
                + "outcome, response_code, duration_ms, response_body, error, created_at FROM webhook_attempts "
                + "WHERE endpoint_id = ?");
        List<Object> params = new ArrayList<>(List.of(endpointId));
        if (eventId != null) {
            sql.append(" AND event_id = ?");
            params.add(eventId);
        }
        if (before != null) {
            sql.append(" AND seq < ?");
            params.add(before);
        }
        sql.append(" ORDER BY seq DESC FETCH FIRST ? ROWS ONLY");
        params.add(limit + 1);
        return jdbc.sql(sql.toString()).params(params).query(DeliveryRepository::mapAttempt).list();
    }

    private static Attempt mapAttempt(ResultSet rs, int n) throws SQLException {
        return new Attempt(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4), rs.getString(5),
                rs.getInt(6), rs.getString(7), (Integer) rs.getObject(8), rs.getLong(9), rs.getString(10),
                rs.getString(11), rs.getTimestamp(12).toInstant());
    }
}
