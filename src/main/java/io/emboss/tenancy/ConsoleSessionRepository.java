package io.emboss.tenancy;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** The dashboard's sign-ins ({@code console_sessions}), by the SHA-256 of their secret. */
@Repository
class ConsoleSessionRepository {
    record Row(String secretHash, String userId, String tenantId, String env, boolean operator, Instant createdAt,
               Instant lastSeenAt, Instant expiresAt) {
    }

    private final JdbcClient jdbc;

    ConsoleSessionRepository(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    void insert(Row r) {
        jdbc.sql("INSERT INTO console_sessions (secret_hash, user_id, tenant_id, env, operator, created_at, "
                        + "last_seen_at, expires_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)")
                .params(r.secretHash(), r.userId(), r.tenantId(), r.env(), r.operator(), Timestamp.from(r.createdAt()),
                        Timestamp.from(r.lastSeenAt()), Timestamp.from(r.expiresAt()))
                .update();
    }

    Optional<Row> find(String secretHash) {
        return jdbc.sql("SELECT secret_hash, user_id, tenant_id, env, operator, created_at, last_seen_at, expires_at "
                        + "FROM console_sessions WHERE secret_hash = ?")
                .param(secretHash)
                .query((rs, n) -> new Row(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4),
                        rs.getBoolean(5), rs.getTimestamp(6).toInstant(), rs.getTimestamp(7).toInstant(),
                        rs.getTimestamp(8).toInstant()))
                .optional();
    }

    void touch(String secretHash, Instant now) {
        jdbc.sql("UPDATE console_sessions SET last_seen_at = ? WHERE secret_hash = ?")
                .params(Timestamp.from(now), secretHash).update();
    }

    void switchEnvironment(String secretHash, String env) {
        jdbc.sql("UPDATE console_sessions SET env = ? WHERE secret_hash = ? AND operator = FALSE")
                .params(env, secretHash).update();
    }

    void delete(String secretHash) {
        jdbc.sql("DELETE FROM console_sessions WHERE secret_hash = ?").param(secretHash).update();
    }

    int deleteExpired(Instant idleBefore, Instant now) {
        return jdbc.sql("DELETE FROM console_sessions WHERE expires_at <= ? OR last_seen_at < ?")
                .params(Timestamp.from(now), Timestamp.from(idleBefore)).update();
    }
}
