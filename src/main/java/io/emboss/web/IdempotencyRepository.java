package io.emboss.web;

import io.emboss.shared.EmbeddedMode;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * Idempotency keys and the responses they replay, per tenant and environment. A key's row is
 * inserted by the request's own transaction and carries its response when that transaction
 * commits: a committed row always has an answer, and a row whose transaction died is gone with it.
 */
@Repository
public class IdempotencyRepository {
    record Stored(String requestHash, int responseStatus, String responseBody) {
    }

    /** A key of one tenant and environment, with the fingerprint of the request that claims it. */
    record Claim(String tenantId, String env, String key, String requestHash) {
    }

    /** A claimed key's answer. */
    record Answer(Claim claim, int status, String body) {
    }

    private static final int PURGE_BATCH = 5000;
    private final JdbcClient jdbc;
    private final io.emboss.shared.Bulk bulk;
    private final boolean postgres;

    IdempotencyRepository(JdbcClient jdbc, io.emboss.shared.Bulk bulk, @Value("${spring.datasource.url}") String dbUrl) {
        this.jdbc = jdbc;
        this.bulk = bulk;
        this.postgres = EmbeddedMode.isPostgres(dbUrl);
    }

    /**
     * Inserts the keys' rows in the current transaction with one statement (a money batch's
     * keyed requests); returns the claims that did not insert, because a committed or concurrent
     * row holds their key (a concurrent one makes this wait for its transaction). Keys are
     * distinct: a batch refuses its own duplicates before asking.
     */
    Set<Claim> claimAll(List<Claim> claims) {
        List<Object[]> rows = claims.stream()
                .map(c -> new Object[] {c.tenantId(), c.env(), c.key(), c.requestHash()}).toList();
        List<Boolean> inserted = bulk.eachAffected("""
                INSERT INTO idempotency_keys (tenant_id, env, idem_key, request_hash, created_at)
                SELECT u.t, u.e, u.k, u.h, CURRENT_TIMESTAMP
                FROM unnest(?::text[], ?::text[], ?::text[], ?::text[]) AS u(t, e, k, h)
                ON CONFLICT DO NOTHING RETURNING tenant_id, env, idem_key""",
                """
                INSERT INTO idempotency_keys (tenant_id, env, idem_key, request_hash, created_at)
                VALUES (?, ?, ?, ?, CURRENT_TIMESTAMP) ON CONFLICT DO NOTHING""",
                new String[] {"text", "text", "text", "text"}, rows, 3);
        Set<Claim> refused = new HashSet<>();
        for (int i = 0; i < claims.size(); i++) {
            if (!inserted.get(i)) {
                refused.add(claims.get(i));
            }
        }
        return refused;
    }

    /** Writes the answers into the rows {@link #claimAll} inserted in this transaction. */
    void completeAll(List<Answer> answers) {
        List<Object[]> rows = answers.stream().map(a -> new Object[] {a.claim().tenantId(), a.claim().env(),
                a.claim().key(), a.status(), a.body()}).toList();
        int updated = bulk.update("""
                UPDATE idempotency_keys i SET response_status = u.s, response_body = u.b
                FROM unnest(?::text[], ?::text[], ?::text[], ?::int[], ?::text[]) AS u(t, e, k, s, b)
                WHERE i.tenant_id = u.t AND i.env = u.e AND i.idem_key = u.k AND i.response_status IS NULL""",
                "UPDATE idempotency_keys SET response_status = ?, response_body = ? "
                        + "WHERE tenant_id = ? AND env = ? AND idem_key = ? AND response_status IS NULL",
                new String[] {"text", "text", "text", "int", "text"},
                postgres ? rows : rows.stream().map(r -> new Object[] {r[3], r[4], r[0], r[1], r[2]}).toList());
        if (updated != answers.size()) {
            throw new IllegalStateException("every answered key was claimed by this transaction and must be open");
        }
    }

    /**
     * Inserts the key's row in the current transaction. True when this request now owns the key;
     * false when a committed row holds it. A concurrent request holding the key uncommitted makes
     * this wait until it commits or rolls back, at most {@code wait}: past it PostgreSQL gives up
     * (a {@link org.springframework.dao.PessimisticLockingFailureException}).
     */
    boolean claim(String tenantId, String env, String key, String requestHash, Duration wait) {
        if (postgres) {
            jdbc.sql("SELECT set_config('lock_timeout', ?, true)").param(wait.toMillis() + "ms").query().singleValue();
        }
        int inserted = jdbc.sql("""
                INSERT INTO idempotency_keys (tenant_id, env, idem_key, request_hash, created_at)
                VALUES (?, ?, ?, ?, ?) ON CONFLICT DO NOTHING""")
                .params(tenantId, env, key, requestHash, Timestamp.from(Instant.now()))
                .update();
        if (postgres) {
            // the request's own lock waits keep the session's setting
            jdbc.sql("SET LOCAL lock_timeout TO DEFAULT").update();
        }
        return inserted == 1;
    }

    /** Writes the response into the row claimed by the current transaction, which then commits both. */
    void complete(String tenantId, String env, String key, int status, String body) {
        int updated = jdbc.sql("UPDATE idempotency_keys SET response_status = ?, response_body = ? "
                        + "WHERE tenant_id = ? AND env = ? AND idem_key = ? AND response_status IS NULL")
                .params(status, body, tenantId, env, key)
                .update();
        if (updated != 1) {
            throw new IllegalStateException("the key's row was claimed by this transaction and must be open");
        }
    }

    /**
     * Keeps the answer of a request whose own changes were rolled back (a refusal): in a transaction
     * of its own, and only if no other request took the key meanwhile.
     */
    void storeRefusal(String tenantId, String env, String key, String requestHash, int status, String body) {
        jdbc.sql("""
                INSERT INTO idempotency_keys (tenant_id, env, idem_key, request_hash, response_status, response_body,
                                              created_at)
                VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING""")
                .params(tenantId, env, key, requestHash, status, body, Timestamp.from(Instant.now()))
                .update();
    }

    Optional<Stored> find(String tenantId, String env, String key) {
        return jdbc.sql("SELECT request_hash, response_status, response_body FROM idempotency_keys "
                        + "WHERE tenant_id = ? AND env = ? AND idem_key = ? AND response_status IS NOT NULL")
                .params(tenantId, env, key)
                .query((rs, n) -> new Stored(rs.getString(1), rs.getInt(2), rs.getString(3)))
                .optional();
    }

    /**
     * Keys are kept for a day, as Stripe does; older ones may be reused. Deleted in batches so no
     * statement outlives the database timeout however many keys a day brought.
     */
    public int purgeOlderThan(Instant cutoff) {
        int total = 0;
        int deleted;
        do {
            deleted = jdbc.sql("""
                    DELETE FROM idempotency_keys WHERE (tenant_id, env, idem_key) IN (
                        SELECT tenant_id, env, idem_key FROM idempotency_keys
                        WHERE created_at < ? AND response_status IS NOT NULL ORDER BY created_at LIMIT ?)""")
                    .params(Timestamp.from(cutoff), PURGE_BATCH)
                    .update();
            total += deleted;
        } while (deleted == PURGE_BATCH);
        return total;
    }

    /** For tests and operators: keys whose request has not committed an answer (always 0 once idle). */
    public long openCount() {
        return jdbc.sql("SELECT count(*) FROM idempotency_keys WHERE response_status IS NULL")
                .query(Long.class).single();
    }
}
