package io.emboss.tenancy;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** Access and refresh tokens of dashboard users, stored as hashes, grouped in rotation families. */
@Repository
class TokenRepository {
    record AccessToken(String userId, String tenantId, String env, String familyId, Instant expiresAt,
                       Instant revokedAt, String permissions, String tenantStatus, Integer rateLimitPerHour) {
    }

    record RefreshToken(String familyId, String userId, String tenantId, String env, Instant expiresAt,
                        Instant usedAt, Instant revokedAt) {
    }

    private final JdbcClient jdbc;
    /** Lookups of an access token by its hash: tests count them to see the credential cache at work. */
    private final java.util.concurrent.atomic.AtomicLong lookups = new java.util.concurrent.atomic.AtomicLong();

    TokenRepository(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** How many lookups of an access token by its hash this instance has made (a method: the bean is a proxy). */
    long lookups() {
        return lookups.get();
    }

    void insertAccess(String hash, String userId, String tenantId, String env, String familyId, Instant expiresAt) {
        jdbc.sql("INSERT INTO access_tokens (token_hash, user_id, tenant_id, env, family_id, expires_at) "
                        + "VALUES (?, ?, ?, ?, ?, ?)")
                .params(hash, userId, tenantId, env, familyId, Timestamp.from(expiresAt)).update();
    }

    void insertRefresh(String hash, String familyId, String userId, String tenantId, String env, Instant expiresAt) {
        jdbc.sql("INSERT INTO refresh_tokens (token_hash, family_id, user_id, tenant_id, env, expires_at) "
                        + "VALUES (?, ?, ?, ?, ?, ?)")
                .params(hash, familyId, userId, tenantId, env, Timestamp.from(expiresAt)).update();
    }

    Optional<AccessToken> access(String hash) {
        lookups.incrementAndGet();
        return jdbc.sql("""
                SELECT a.user_id, a.tenant_id, a.env, a.family_id, a.expires_at, a.revoked_at, u.permissions,
                       t.status, t.rate_limit_per_hour
                FROM access_tokens a JOIN users u ON u.id = a.user_id JOIN tenants t ON t.id = a.tenant_id
                WHERE a.token_hash = ?""")
                .param(hash)
                .query((rs, n) -> new AccessToken(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4),
                        rs.getTimestamp(5).toInstant(), instant(rs.getTimestamp(6)), rs.getString(7),
                        rs.getString(8), (Integer) rs.getObject(9)))
                .optional();
    }

    Optional<RefreshToken> refresh(String hash) {
        return jdbc.sql("SELECT family_id, user_id, tenant_id, env, expires_at, used_at, revoked_at "
                        + "FROM refresh_tokens WHERE token_hash = ?")
                .param(hash)
                .query((rs, n) -> new RefreshToken(rs.getString(1), rs.getString(2), rs.getString(3),
                        rs.getString(4), rs.getTimestamp(5).toInstant(), instant(rs.getTimestamp(6)),
                        instant(rs.getTimestamp(7))))
                .optional();
    }

    /** Marks a refresh token used; false if someone used or revoked it first. */
    boolean markUsed(String hash, Instant now) {
        return jdbc.sql("UPDATE refresh_tokens SET used_at = ? WHERE token_hash = ? AND used_at IS NULL "
                        + "AND revoked_at IS NULL")
                .params(Timestamp.from(now), hash).update() == 1;
    }

    void revokeFamily(String familyId, Instant now) {
        jdbc.sql("UPDATE refresh_tokens SET revoked_at = ? WHERE family_id = ? AND revoked_at IS NULL")
                .params(Timestamp.from(now), familyId).update();
        jdbc.sql("UPDATE access_tokens SET revoked_at = ? WHERE family_id = ? AND revoked_at IS NULL")
                .params(Timestamp.from(now), familyId).update();
    }

    private static Instant instant(Timestamp ts) {
        return ts == null ? null : ts.toInstant();
    }
}
