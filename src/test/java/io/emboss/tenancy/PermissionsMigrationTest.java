package io.emboss.tenancy;

import static org.assertj.core.api.Assertions.assertThat;

import io.emboss.support.PostgresSchema;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Arrays;
import java.util.Comparator;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.MigrationInfo;
import org.flywaydb.core.api.MigrationVersion;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Keys and users made before API keys had permissions keep what they could do: every key holds every
 * permission, and each tenant's (first) user manages credentials, keeping its card access if it had it.
 */
class PermissionsMigrationTest {
    private String schema;

    @BeforeEach
    void schema() {
        schema = PostgresSchema.createSchema();
    }

    @AfterEach
    void drop() {
        PostgresSchema.dropSchema(schema);
    }

    @Test
    void existing_keys_keep_every_permission_and_existing_users_become_admins() throws SQLException {
        flyway(lastBefore("21")).migrate();
        try (Connection c = connect(); Statement s = c.createStatement()) {
            s.execute("INSERT INTO tenants (id, name, status, created_at, updated_at) "
                    + "VALUES ('ten_old', 'Old', 'active', now(), now())");
            s.execute("INSERT INTO users (id, tenant_id, email, password_hash, permissions, created_at) VALUES "
                    + "('usr_plain', 'ten_old', 'a@old.test', 'x', '', now()), "
                    + "('usr_reader', 'ten_old', 'b@old.test', 'x', 'cards:read_sensitive', now())");
            s.execute("INSERT INTO api_keys (id, tenant_id, env, key_hash, key_prefix, last4, name, created_at) "
                    + "VALUES ('key_old', 'ten_old', 'live', 'hash', 'sk_live_', 'abcd', 'old', now())");
        }
        flyway(null).migrate();
        try (Connection c = connect(); Statement s = c.createStatement()) {
            assertThat(single(s, "SELECT permissions FROM api_keys WHERE id = 'key_old'"))
                    .isEqualTo("admin,cards:read_sensitive");
            assertThat(single(s, "SELECT permissions FROM users WHERE id = 'usr_plain'")).isEqualTo("admin");
            assertThat(single(s, "SELECT permissions FROM users WHERE id = 'usr_reader'"))
                    .isEqualTo("admin,cards:read_sensitive");
        }
    }

    /** The newest migration older than {@code version}, whichever others have been added meanwhile. */
    private String lastBefore(String version) {
        MigrationVersion limit = MigrationVersion.fromVersion(version);
        return Arrays.stream(flyway(null).info().all()).map(MigrationInfo::getVersion)
                .filter(v -> v.compareTo(limit) < 0).max(Comparator.naturalOrder()).orElseThrow().getVersion();
    }

    private Flyway flyway(String target) {
        var config = Flyway.configure().dataSource(PostgresSchema.urlFor(schema), PostgresSchema.user(),
                PostgresSchema.password()).schemas(schema).locations("classpath:db/migration");
        return (target == null ? config : config.target(target)).load();
    }

    private Connection connect() throws SQLException {
        return DriverManager.getConnection(PostgresSchema.urlFor(schema), PostgresSchema.user(),
                PostgresSchema.password());
    }

    private static String single(Statement s, String sql) throws SQLException {
        try (ResultSet rs = s.executeQuery(sql)) {
            assertThat(rs.next()).isTrue();
            return rs.getString(1);
        }
    }
}
