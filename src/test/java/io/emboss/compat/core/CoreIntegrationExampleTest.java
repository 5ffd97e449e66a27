package io.emboss.compat.core;

import static org.assertj.core.api.Assertions.assertThat;

import io.emboss.support.Api;
import io.emboss.support.ApiTestBase;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

/**
 * Seed 004's "Complete Integration Example", as the seed prints it, run by Node (its built-in
 * {@code fetch}, no packages) against the real server: only the base URL is replaced, and the
 * tenant's dashboard user has the example's own credentials. A recorder around {@code fetch} notes
 * each call's status (the example itself checks none); afterwards the native API shows what the
 * flow did.
 */
class CoreIntegrationExampleTest extends ApiTestBase {
    private static final String EXAMPLE = "/compat/seed004-complete-integration-example.js";
    private static final String SEED_BASE = "https://api.example.com";

    private static final String RECORDER = """
            const realFetch = globalThis.fetch;
            const recorded = [];
            globalThis.fetch = async (url, init) => {
              const response = await realFetch(url, init);
              recorded.push({ url: String(url), method: (init && init.method) || 'GET', status: response.status });
              return response;
            };
            """;

    @TempDir
    Path dir;

    @Test
    void the_seed_example_runs_unchanged_in_node_and_leaves_an_active_funded_assigned_card() throws Exception {
        Api.Resp tenant = api.post("/v1/platform/tenants", ADMIN,
                body("name", "Company", "adminEmail", "admin@company.com", "adminPassword", "secure_password"));
        assertThat(tenant.status()).as(tenant.toString()).isEqualTo(201);
        String key = tenant.text("sandboxApiKey");
        Api.Resp funded = api.post("/v1/simulate/tenant-funding", key, body("currency", "USD", "amount", "1000.00"));
        assertThat(funded.status()).as(funded.toString()).isEqualTo(201);

        String example = read(EXAMPLE);
        assertThat(example).contains(SEED_BASE + "/auth/login").contains("console.log('Card ready for use!');");
        String script = RECORDER + example.replace(SEED_BASE, api.base() + "/compat/core")
                + "\nconsole.log(JSON.stringify({ recorded, cardId, customerId }));\n";
        Path file = dir.resolve("example.mjs");
        Files.writeString(file, script);

        Process node = new ProcessBuilder("node", file.toString()).redirectErrorStream(true).start();
        boolean finished = node.waitFor(60, TimeUnit.SECONDS);
        String output = new String(node.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!finished) {
            node.destroyForcibly();
        }
        assertThat(finished).as("node did not finish: " + output).isTrue();
        assertThat(node.exitValue()).as(output).isZero();
        String[] lines = output.strip().split("\n");
        assertThat(lines[lines.length - 2]).isEqualTo("Card ready for use!");

        JsonNode run = Api.JSON.readTree(lines[lines.length - 1]);
        assertThat(run.get("recorded").size()).isEqualTo(6);
        for (JsonNode call : run.get("recorded")) {
            assertThat(call.get("status").asInt()).as(call.toString()).isEqualTo(200);
        }
        String cardId = run.get("cardId").asString();
        String customerId = run.get("customerId").asString();
        assertThat(cardId).startsWith("card_");
        assertThat(customerId).startsWith("cus_");

        Api.Resp card = api.get("/v1/cards/" + cardId, key);
        assertThat(card.text("status")).isEqualTo("active");
        assertThat(card.text("customerId")).isEqualTo(customerId);
        assertThat(card.text("formFactor")).isEqualToIgnoringCase("virtual");
        Api.Resp balance = api.get("/v1/cards/" + cardId + "/balance", key);
        assertThat(balance.text("available")).isEqualTo("500.00");
        Api.Resp customer = api.get("/v1/customers/" + customerId, key);
        assertThat(customer.text("email")).isEqualTo("juan@email.com");
        assertThat(customer.text("kycStatus")).isEqualTo("approved");
        assertThat(customer.text("kycReason")).isEqualTo("kyc_by_tenant");
        // 1000 − issuance fee 1.00 − (500 + top-up fee 0.50 + 1 % = 5.50)
        assertThat(fundingAvailable(key, "USD")).isEqualTo("493.50");
        assertLedgerBalanced();
    }

    private static String read(String resource) throws IOException {
        try (InputStream in = CoreIntegrationExampleTest.class.getResourceAsStream(resource)) {
            assertThat(in).as(resource).isNotNull();
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }
}
