package io.emboss.tenancy;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.Arrays;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

@Repository
class UserRepository {
    record User(String id, String tenantId, String email, String passwordHash, Set<String> permissions) {
    }

    private final JdbcClient jdbc;

    UserRepository(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** False when the email is taken (emails are unique across the platform: they are logins). */
    boolean insert(User user, Instant now) {
        return jdbc.sql("INSERT INTO users (id, tenant_id, email, password_hash, permissions, created_at) "
                        + "VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING")
                .params(user.id(), user.tenantId(), user.email(), user.passwordHash(),
                        String.join(",", user.permissions()), Timestamp.from(now))
                .update() == 1;
    }

    boolean emailTaken(String email) {
        return jdbc.sql("SELECT COUNT(*) FROM users WHERE email = ?").param(email).query(Long.class).single() > 0;
    }

    Optional<User> byEmail(String email) {
        return jdbc.sql("SELECT id, tenant_id, email, password_hash, permissions FROM users WHERE email = ?")
                .param(email)
                .query((rs, n) -> new User(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4),
                        parse(rs.getString(5))))
                .optional();
    }

    java.util.List<User> ofTenant(String tenantId) {
        return jdbc.sql("SELECT id, tenant_id, email, password_hash, permissions FROM users WHERE tenant_id = ? "
                        + "ORDER BY created_at, id")
                .param(tenantId)
                .query((rs, n) -> new User(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4),
                        parse(rs.getString(5))))
                .list();
    }

    Optional<User> find(String tenantId, String id) {
        return jdbc.sql("SELECT id, tenant_id, email, password_hash, permissions FROM users WHERE tenant_id = ? AND id = ?")
                .params(tenantId, id)
                .query((rs, n) -> new User(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4),
                        parse(rs.getString(5))))
                .optional();
    }

    void setPermissions(String id, Set<String> permissions) {
        jdbc.sql("UPDATE users SET permissions = ? WHERE id = ?")
                .params(String.join(",", new java.util.TreeSet<>(permissions)), id).update();
    }

    static Set<String> parse(String csv) {
        if (csv == null || csv.isBlank()) {
            return Set.of();
        }
        return Arrays.stream(csv.split(",")).map(String::trim).filter(s -> !s.isEmpty()).collect(Collectors.toSet());
    }
}
