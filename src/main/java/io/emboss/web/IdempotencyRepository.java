package io.emboss.web;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** Idempotency keys and the responses they replay, per tenant and environment. */
@Repository
public class IdempotencyRepository {
    record Stored(String requestHash, Integer responseStatus, String responseBody) {
    }

    private final JdbcClient jdbc;

    IdempotencyRepository(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** True when this call now owns the key; false when someone used it before. */
    boolean claim(String tenantId, String env, String key, String requestHash) {
        int inserted = jdbc.sql("""
                INSERT INTO idempotency_keys (tenant_id, env, idem_key, request_hash, created_at)
                VALUES (?, ?, ?, ?, ?) ON CONFLICT DO NOTHING""")
                .params(tenantId, env, key, requestHash, Timestamp.from(Instant.now()))
                .update();
        return inserted == 1;
    }

    Optional<Stored> find(String tenantId, String env, String key) {
        return jdbc.sql("SELECT request_hash, response_status, response_body FROM idempotency_keys "
                        + "WHERE tenant_id = ? AND env = ? AND idem_key = ?")
                .params(tenantId, env, key)
                .query((rs, n) -> new Stored(rs.getString(1), (Integer) rs.getObject(2), rs.getString(3)))
                .optional();
    }

    void complete(String tenantId, String env, String key, int status, String body) {
        jdbc.sql("UPDATE idempotency_keys SET response_status = ?, response_body = ? "
                        + "WHERE tenant_id = ? AND env = ? AND idem_key = ?")
                .params(status, body, tenantId, env, key)
                .update();
    }

    void release(String tenantId, String env, String key) {
        jdbc.sql("DELETE FROM idempotency_keys WHERE tenant_id = ? AND env = ? AND idem_key = ? "
                        + "AND response_status IS NULL")
                .params(tenantId, env, key)
                .update();
    }

    /** Keys are kept for a day, as Stripe does; older ones may be reused. */
    public int purgeOlderThan(Instant cutoff) {
        return jdbc.sql("DELETE FROM idempotency_keys WHERE created_at < ?")
                .param(Timestamp.from(cutoff))
                .update();
    }
}
