package io.emboss.web;

import static org.assertj.core.api.Assertions.assertThat;

import io.emboss.support.Api;
import io.emboss.support.ApiTestBase;
import io.emboss.support.PostgresSchema;
import java.sql.Connection;
import java.sql.DriverManager;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;

/** Keys older than a day are purged (in batches) and may be used again; younger ones still replay. */
class IdempotencyPurgeTest extends ApiTestBase {

    @Autowired
    private IdempotencyPurge purge;

    @Value("${emboss.test.schema}")
    private String schema;

    @Test
    void keys_older_than_a_day_are_purged_and_run_afresh_while_younger_ones_replay() throws Exception {
        TenantKeys t = newTenant();
        String customer = newCustomer(t.sandboxKey());
        Map<String, Object> deposit = body("customerId", customer, "currency", "USD", "amount", "1.00");
        Api.Resp old = api.post("/v1/simulate/deposits", t.sandboxKey(), deposit, Map.of("Idempotency-Key", "old"));
        Api.Resp young = api.post("/v1/simulate/deposits", t.sandboxKey(), deposit, Map.of("Idempotency-Key", "young"));
        assertThat(old.status()).isEqualTo(201);
        assertThat(young.status()).isEqualTo(201);
        try (Connection c = DriverManager.getConnection(PostgresSchema.urlFor(schema), PostgresSchema.user(),
                PostgresSchema.password())) {
            c.createStatement().executeUpdate("UPDATE idempotency_keys SET created_at = now() - interval '25 hours' "
                    + "WHERE idem_key = 'old'");
        }

        purge.purge();

        Api.Resp again = api.post("/v1/simulate/deposits", t.sandboxKey(), deposit, Map.of("Idempotency-Key", "old"));
        assertThat(again.status()).isEqualTo(201);
        assertThat(again.header("Idempotent-Replayed")).as("a purged key runs afresh").isNull();
        assertThat(again.text("id")).isNotEqualTo(old.text("id"));
        Api.Resp replay = api.post("/v1/simulate/deposits", t.sandboxKey(), deposit, Map.of("Idempotency-Key", "young"));
        assertThat(replay.header("Idempotent-Replayed")).isEqualTo("true");
        assertThat(replay.text("id")).isEqualTo(young.text("id"));
        assertThat(walletAvailable(t.sandboxKey(), customer, "USD")).isEqualTo("3.00");
        assertLedgerBalanced();
    }
}
