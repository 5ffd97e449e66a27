package io.emboss.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import io.emboss.support.Api;
import io.emboss.support.PostgresSchema;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The jar on PostgreSQL, configured by EMBOSS_* variables as an operator would: it refuses to start
 * without its secrets, names the missing one, and otherwise starts with no tenant and no
 * generated credentials.
 */
class ProductionModeIT {
    private static final String SECRET_KEY = "ffeeddccbbaa99887766554433221100ffeeddccbbaa99887766554433221100";

    private static Map<String, String> database(String schema) {
        Map<String, String> env = new HashMap<>();
        env.put("EMBOSS_DB_URL", PostgresSchema.urlFor(schema));
        env.put("EMBOSS_DB_USER", PostgresSchema.user());
        env.put("EMBOSS_DB_PASSWORD", PostgresSchema.password());
        // the tests' connection budget (README, Tests) counts one other instance of this size
        env.put("EMBOSS_DB_POOL_SIZE", Integer.toString(PostgresSchema.SECOND_INSTANCE_POOL_SIZE));
        return env;
    }

    @Test
    void missing_or_malformed_secrets_stop_start_up_with_a_clear_message() throws Exception {
        String schema = PostgresSchema.createSchema();
        Path dir = Files.createTempDirectory("emboss-prod");
        try {
            try (ServerProcess nothing = ServerProcess.start(dir, database(schema))) {
                assertThat(nothing.awaitExit(90)).isNotZero();
                assertThat(nothing.output()).contains("EMBOSS_ADMIN_TOKEN is required when EMBOSS_DB_URL is set")
                        .contains("EMBOSS_SECRET_KEY is required when EMBOSS_DB_URL is set")
                        .contains("EMBOSS_PAN_KEY is required").contains("EMBOSS_CVK is required")
                        .contains("EMBOSS_PVK is required");
            }
            Map<String, String> env = database(schema);
            env.put("EMBOSS_ADMIN_TOKEN", "operator-token-0123456789");
            env.put("EMBOSS_SECRET_KEY", "not-hex");
            try (ServerProcess badKey = ServerProcess.start(dir, env)) {
                assertThat(badKey.awaitExit(90)).isNotZero();
                assertThat(badKey.output()).contains("EMBOSS_SECRET_KEY must be exactly 64 hexadecimal digits");
            }
            assertThat(Files.exists(dir.resolve("data"))).isFalse();
        } finally {
            PostgresSchema.dropSchema(schema);
        }
    }

    @Test
    void with_its_settings_it_runs_on_postgresql() throws Exception {
        String schema = PostgresSchema.createSchema();
        Path dir = Files.createTempDirectory("emboss-prod");
        Map<String, String> env = database(schema);
        env.put("EMBOSS_ADMIN_TOKEN", "operator-token-0123456789");
        env.put("EMBOSS_SECRET_KEY", SECRET_KEY);
        env.put("EMBOSS_PAN_KEY", SECRET_KEY);
        env.put("EMBOSS_CVK", "0123456789ABCDEFFEDCBA9876543210");
        env.put("EMBOSS_PVK", "0123456789ABCDEFFEDCBA9876543210");
        env.put("EMBOSS_RATE_LIMIT_PER_HOUR", "7");
        try (ServerProcess server = ServerProcess.start(dir, env)) {
            assertThat(server.port).as(server.output()).isNotNull();
            assertThat(server.sandboxKey).as("no tenant is created on PostgreSQL").isNull();
            assertThat(server.adminToken).as("the operator's token is never printed").isNull();
            Api api = new Api(server.port);
            Api.Resp tenant = api.post("/v1/platform/tenants", "operator-token-0123456789",
                    Api.map("name", "Acme", "adminEmail", "ops@acme.test", "adminPassword", "a long passphrase"));
            assertThat(tenant.status()).as(tenant.toString()).isEqualTo(201);
            Api.Resp list = api.get("/v1/customers", tenant.text("sandboxApiKey"));
            assertThat(list.status()).isEqualTo(200);
            assertThat(list.header("X-RateLimit-Limit")).isEqualTo("7");
            assertThat(Files.exists(dir.resolve("data"))).isFalse();
        } finally {
            PostgresSchema.dropSchema(schema);
        }
    }
}
