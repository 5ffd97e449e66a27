package io.emboss.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import io.emboss.support.Api;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * The README's ISO 8583 steps as a newcomer runs them: the jar on the embedded default (listener
 * on), a card issued over HTTP, {@code java tools/Iso8583Client.java} with its number and expiry,
 * an approval printed, and the authorization in {@code GET /v1/transactions}.
 */
class Iso8583ClientIT {

    @Test
    void the_repository_client_gets_an_approval_that_the_api_then_shows() throws Exception {
        Path workDir = Files.createTempDirectory("emboss-iso");
        try (ServerProcess server = ServerProcess.start(workDir, Map.of())) {
            assertThat(server.iso8583Port).as(server.output()).isNotNull();
            String key = server.sandboxKey;
            Api api = new Api(server.port);
            Api.Resp customer = api.post("/v1/customers", key, Api.map("name", "Newcomer", "email", "n@example.com"));
            String customerId = customer.text("id");
            assertThat(api.post("/v1/simulate/customers/" + customerId + "/kyc", key, Api.map("decision", "approved"))
                    .status()).isEqualTo(200);
            assertThat(api.post("/v1/simulate/deposits", key,
                    Api.map("customerId", customerId, "currency", "USD", "amount", "100.00")).status()).isEqualTo(201);
            String productId = null;
            for (JsonNode p : api.get("/v1/card-products", key).data().get("items")) {
                if ("virtual".equalsIgnoreCase(p.get("formFactor").asString())) {
                    productId = p.get("id").asString();
                }
            }
            Api.Resp card = api.post("/v1/cards", key,
                    Api.map("customerId", customerId, "productId", productId, "initialBalance", "50.00"));
            assertThat(card.status()).as(card.toString()).isEqualTo(201);
            String cardId = card.text("id");
            JsonNode details = api.get("/v1/cards/" + cardId + "/details", key).data();
            String expiry = String.format("%02d%02d", details.get("expiryYear").asInt() % 100,
                    details.get("expiryMonth").asInt());

            String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
            Path client = Path.of(System.getProperty("user.dir"), "tools", "Iso8583Client.java");
            Process run = new ProcessBuilder(java, client.toString(), "--port", server.iso8583Port.toString(), "--pan",
                    details.get("number").asString(), "--expiry", expiry, "--amount", "12.34")
                    .redirectErrorStream(true).start();
            assertThat(run.waitFor(120, TimeUnit.SECONDS)).isTrue();
            String printed = new String(run.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertThat(run.exitValue()).as(printed).isZero();
            assertThat(printed).contains("received 0110").contains("response code 00 (approved)")
                    .doesNotContain(details.get("number").asString());

            // the card's initial balance is listed as a top-up: the authorization is the one to check
            JsonNode items = api.get("/v1/transactions?type=authorization&cardId=" + cardId, key).data()
                    .get("items");
            assertThat(items.size()).isEqualTo(1);
            assertThat(items.get(0).get("status").asString()).isEqualTo("pending");
            assertThat(items.get(0).get("amount").asString()).isEqualTo("12.34");
            assertThat(api.get("/v1/cards/" + cardId + "/balance", key).data().get("available").asString())
                    .isEqualTo("37.66");
        }
    }
}
