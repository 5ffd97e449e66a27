package io.emboss.tenancy;

import io.emboss.shared.PageRequest;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

@Repository
class ApiKeyRepository {
    private static final String COLUMNS = "id, name, env, key_prefix, last4, permissions, created_at, revoked_at";

    record KeyOwner(String keyId, String tenantId, String env, String tenantStatus, Integer rateLimitPerHour,
                    Set<String> permissions) {
    }

    private final JdbcClient jdbc;
    /** Lookups of a key by its secret's hash: tests count them to see the credential cache at work. */
    private final java.util.concurrent.atomic.AtomicLong lookups = new java.util.concurrent.atomic.AtomicLong();

    ApiKeyRepository(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** How many lookups of a key by its secret's hash this instance has made (a method: the bean is a proxy). */
    long lookups() {
        return lookups.get();
    }

    void insert(String id, String tenantId, String env, String keyHash, String prefix, String last4, String name,
            Set<String> permissions, Instant now) {
        jdbc.sql("INSERT INTO api_keys (id, tenant_id, env, key_hash, key_prefix, last4, name, permissions, "
                        + "created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)")
                .params(id, tenantId, env, keyHash, prefix, last4, name, String.join(",", new TreeSet<>(permissions)),
                        Timestamp.from(now))
                .update();
    }

    Optional<KeyOwner> activeByHash(String keyHash) {
        lookups.incrementAndGet();
        return jdbc.sql("""
                SELECT k.id, k.tenant_id, k.env, t.status, t.rate_limit_per_hour, k.permissions
                FROM api_keys k JOIN tenants t ON t.id = k.tenant_id
                WHERE k.key_hash = ? AND k.revoked_at IS NULL""")
                .param(keyHash)
                .query((rs, n) -> new KeyOwner(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4),
                        (Integer) rs.getObject(5), UserRepository.parse(rs.getString(6))))
                .optional();
    }

    List<ApiKey> page(String tenantId, String env, PageRequest page, Long beforeSeq) {
        // the cursor clause only when there is a cursor: PostgreSQL cannot type a bare "? IS NULL"
        if (beforeSeq == null) {
            return jdbc.sql("SELECT " + COLUMNS + " FROM api_keys WHERE tenant_id = ? AND env = ? "
                            + "ORDER BY seq DESC FETCH FIRST ? ROWS ONLY")
                    .params(tenantId, env, page.limit() + 1)
                    .query(ApiKeyRepository::map).list();
        }
        return jdbc.sql("SELECT " + COLUMNS + " FROM api_keys WHERE tenant_id = ? AND env = ? "
                        + "AND seq < ? ORDER BY seq DESC FETCH FIRST ? ROWS ONLY")
                .params(tenantId, env, beforeSeq, page.limit() + 1)
                .query(ApiKeyRepository::map).list();
    }

    Optional<Long> seqOf(String tenantId, String env, String id) {
        return jdbc.sql("SELECT seq FROM api_keys WHERE tenant_id = ? AND env = ? AND id = ?")
                .params(tenantId, env, id).query(Long.class).optional();
    }

    Optional<ApiKey> find(String tenantId, String env, String id) {
        return jdbc.sql("SELECT " + COLUMNS + " FROM api_keys WHERE tenant_id = ? AND env = ? AND id = ?")
                .params(tenantId, env, id).query(ApiKeyRepository::map).optional();
    }

    void revoke(String tenantId, String env, String id, Instant now) {
        jdbc.sql("UPDATE api_keys SET revoked_at = ? WHERE tenant_id = ? AND env = ? AND id = ? "
                        + "AND revoked_at IS NULL")
                .params(Timestamp.from(now), tenantId, env, id).update();
    }

    private static ApiKey map(ResultSet rs, int n) throws SQLException {
        Timestamp revoked = rs.getTimestamp(8);
        return new ApiKey(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4), rs.getString(5),
                UserRepository.parse(rs.getString(6)), rs.getTimestamp(7).toInstant(),
                revoked == null ? null : revoked.toInstant());
    }
}
