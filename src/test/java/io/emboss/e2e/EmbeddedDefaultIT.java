package io.emboss.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import io.emboss.support.Api;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Boots the packaged jar exactly as the README's run command does (no database settings, so the
 * embedded H2 default under ./data), reads the credentials it prints, and uses them over HTTP.
 * Then restarts it on the same data directory: the data and the printed credentials survive.
 */
class EmbeddedDefaultIT {

    @Test
    void the_run_command_starts_a_usable_server_on_the_embedded_default() throws Exception {
        Path workDir = Files.createTempDirectory("emboss-e2e");
        String customerId;
        String adminToken;
        String sandboxKey;
        try (ServerProcess first = ServerProcess.start(workDir, Map.of())) {
            assertThat(first.port).as(first.output()).isNotNull();
            assertThat(first.sandboxKey).as(first.output()).startsWith("sk_test_");
            assertThat(first.adminToken).as(first.output()).isNotBlank();
            assertThat(first.loginEmail).isEqualTo("admin@emboss.local");
            assertThat(Files.exists(workDir.resolve("data"))).isTrue();
            adminToken = first.adminToken;
            sandboxKey = first.sandboxKey;
            Api api = new Api(first.port);

            Api.Resp customer = api.post("/v1/customers", sandboxKey,
                    Api.map("name", "Newcomer", "email", "newcomer@example.com"));
            assertThat(customer.status()).as(customer.toString()).isEqualTo(201);
            customerId = customer.text("id");
            assertThat(api.post("/v1/simulate/customers/" + customerId + "/kyc", sandboxKey,
                    Api.map("decision", "approved")).status()).isEqualTo(200);
            Api.Resp deposit = api.post("/v1/simulate/deposits", sandboxKey,
                    Api.map("customerId", customerId, "currency", "USD", "amount", "250.75"));
            assertThat(deposit.status()).as(deposit.toString()).isEqualTo(201);
            Api.Resp wallets = api.get("/v1/customers/" + customerId + "/wallets", sandboxKey);
            assertThat(wallets.data().get("items").get(0).get("available").asString()).isEqualTo("250.75");

            Api.Resp login = api.post("/v1/auth/login", null,
                    Api.map("email", first.loginEmail, "password", first.loginPassword));
            assertThat(login.status()).as(login.toString()).isEqualTo(200);
            assertThat(api.get("/v1/customers/" + customerId, login.text("accessToken")).status()).isEqualTo(200);

            Api.Resp verification = api.get("/v1/platform/ledger/verification", adminToken);
            assertThat(verification.status()).isEqualTo(200);
            assertThat(verification.data().get("balanced").asBoolean()).isTrue();
            assertThat(api.get("/v1/events", sandboxKey).data().get("items").size()).isGreaterThanOrEqualTo(3);
            assertThat(api.get("/actuator/health", null).status()).isEqualTo(200);
            assertThat(api.get("/v3/api-docs", null).status()).isEqualTo(200);
        }

        try (ServerProcess second = ServerProcess.start(workDir, Map.of())) {
            assertThat(second.adminToken).isEqualTo(adminToken);
            assertThat(second.sandboxKey).isEqualTo(sandboxKey);
            Api again = new Api(second.port);
            Api.Resp kept = again.get("/v1/customers/" + customerId, sandboxKey);
            assertThat(kept.status()).as(kept.toString()).isEqualTo(200);
            assertThat(kept.text("kycStatus")).isEqualTo("approved");
            assertThat(again.get("/v1/customers", sandboxKey).data().get("items").size()).isEqualTo(1);
        }
    }
}
