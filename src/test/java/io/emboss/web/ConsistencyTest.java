package io.emboss.web;

import static org.assertj.core.api.Assertions.assertThat;

import io.emboss.support.Api;
import io.emboss.support.ApiTestBase;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * Issue 12 item 12 (a-c): what a newcomer found inconsistent. Every timestamp of every answer has six
 * fractional digits (it had 9, 6 or 3 by path, and none when they were zero); the ledger verification
 * reports decimal strings like every other amount; a card's initial load is a transaction like a
 * top-up, not only a movement.
 */
class ConsistencyTest extends ApiTestBase {
    private static final Pattern LOOKS_LIKE_TIMESTAMP = Pattern.compile("\\d{4}-\\d{2}-\\d{2}T.*");
    private static final Pattern MICROSECONDS = Pattern.compile("\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}\\.\\d{6}Z");

    /** Every string of a JSON tree that looks like a timestamp, by path. */
    private static void timestamps(JsonNode node, String path, Map<String, String> out) {
        if (node == null) {
            return;
        }
        if (node.isString() && LOOKS_LIKE_TIMESTAMP.matcher(node.asString()).matches()) {
            out.put(path, node.asString());
        } else if (node.isObject()) {
            node.properties().forEach(e -> timestamps(e.getValue(), path + "." + e.getKey(), out));
        } else if (node.isArray()) {
            for (int i = 0; i < node.size(); i++) {
                timestamps(node.get(i), path + "[" + i + "]", out);
            }
        }
    }

    private static Api.Resp ok(Api.Resp r) {
        assertThat(r.status()).as(r.toString()).isBetween(200, 201);
        return r;
    }

    /** A funded customer's card issued with an initial balance of 50.00 USD; returns its id. */
    private String cardWithInitialBalance(String key, String customer, List<Api.Resp> answers) {
        deposit(key, customer, "USD", "200.00");
        Api.Resp card = ok(api.post("/v1/cards", key, body("customerId", customer, "productId",
                defaultVirtualUsd(key), "initialBalance", "50.00")));
        answers.add(card);
        return card.text("id");
    }

    private String defaultVirtualUsd(String key) {
        for (JsonNode p : ok(api.get("/v1/card-products?limit=100", key)).data().get("items")) {
            if (p.get("name").asString().equals("Virtual USD Visa")) {
                return p.get("id").asString();
            }
        }
        throw new AssertionError("no default product");
    }

    @Test
    void every_timestamp_of_every_answer_has_six_fractional_digits() {
        TenantKeys t = newTenant();
        String key = t.sandboxKey();
        List<Api.Resp> answers = new ArrayList<>();
        answers.add(ok(api.post("/v1/platform/tenants", ADMIN, body("name", "Another", "adminEmail",
                "other-" + io.emboss.shared.Ids.random(6).toLowerCase() + "@x.co", "adminPassword", "correct horse 12"))));
        answers.add(ok(api.get("/v1/platform/tenants/" + t.id(), ADMIN)));
        String customer = newApprovedCustomer(key);
        answers.add(ok(api.get("/v1/customers/" + customer, key)));
        String cardId = cardWithInitialBalance(key, customer, answers);
        answers.add(ok(api.post("/v1/cards/" + cardId + "/topups", key, body("amount", "20.00"))));
        Api.Resp auth = ok(api.post("/v1/simulate/authorizations", key, body("cardId", cardId, "amount", "10.00",
                "currency", "USD", "merchant", body("name", "Corner Shop", "mcc", "5411", "country", "US"))));
        answers.add(auth);
        answers.add(ok(api.post("/v1/simulate/authorizations/" + auth.text("id") + "/capture", key,
                body("amount", "4.00"))));
        for (String path : List.of("/v1/customers", "/v1/cards/" + cardId, "/v1/cards", "/v1/cards/" + cardId
                + "/topups", "/v1/authorizations/" + auth.text("id"), "/v1/transactions", "/v1/transactions/"
                + auth.text("transactionId"), "/v1/cards/" + cardId + "/movements", "/v1/events?limit=100",
                "/v1/audit-logs", "/v1/customers/" + customer + "/wallets", "/compat/core/cards/" + cardId
                + "/movements")) {
            answers.add(ok(api.get(path, key)));
        }
        Map<String, String> seen = new LinkedHashMap<>();
        for (Api.Resp r : answers) {
            timestamps(r.body(), r.raw().uri().getPath(), seen);
        }
        assertThat(seen).as("timestamps found").hasSizeGreaterThan(60);
        assertThat(seen.keySet()).anyMatch(p -> p.contains("captures[0].createdAt"))
                .anyMatch(p -> p.endsWith(".date")).anyMatch(p -> p.contains("/v1/events"))
                .anyMatch(p -> p.contains("/compat/core/"));
        seen.forEach((path, value) -> assertThat(value).as(path).matches(MICROSECONDS));
        // shown when made = read back later (the clock ticks in the database's precision)
        Api.Resp issued = answers.stream().filter(r -> "POST".equals(r.raw().request().method())
                && r.raw().uri().getPath().equals("/v1/cards")).findFirst().orElseThrow();
        assertThat(ok(api.get("/v1/cards/" + cardId, key)).text("createdAt")).isEqualTo(issued.text("createdAt"));
        assertLedgerBalanced();
    }

    @Test
    void ledger_verification_reports_decimal_strings_with_their_currency() {
        TenantKeys t = newTenant();
        String customer = newApprovedCustomer(t.sandboxKey());
        deposit(t.sandboxKey(), customer, "USD", "100.50");
        deposit(t.sandboxKey(), customer, "USDT", "12.345678");
        JsonNode verification = assertLedgerBalanced();
        Map<String, Pattern> amounts = Map.of("USD", Pattern.compile("\\d+\\.\\d{2}"), "USDT",
                Pattern.compile("\\d+\\.\\d{6}"));
        int checked = 0;
        for (JsonNode c : verification.get("currencies")) {
            Pattern decimal = amounts.get(c.get("currency").asString());
            if (decimal == null) {
                continue;
            }
            for (String field : List.of("debitsPending", "debitsPosted", "creditsPending", "creditsPosted")) {
                assertThat(c.get(field).isString()).as(c.toString()).isTrue();
                assertThat(c.get(field).asString()).as(field + " of " + c).matches(decimal);
                checked++;
            }
        }
        assertThat(checked).isEqualTo(8);
    }

    @Test
    void a_cards_initial_load_is_a_transaction_like_a_topup() {
        TenantKeys t = newTenant();
        String key = t.sandboxKey();
        String customer = newApprovedCustomer(key);
        String cardId = cardWithInitialBalance(key, customer, new ArrayList<>());
        ok(api.post("/v1/cards/" + cardId + "/topups", key, body("amount", "20.00")));
        List<JsonNode> transactions = allPages("/v1/transactions?cardId=" + cardId, key);
        assertThat(transactions).hasSize(2).allSatisfy(x -> {
            assertThat(x.get("type").asString()).isEqualTo("topup");
            assertThat(x.get("status").asString()).isEqualTo("completed");
            assertThat(x.get("customerId").asString()).isEqualTo(customer);
        });
        JsonNode initial = transactions.get(1);
        assertThat(initial.get("amount").asString()).isEqualTo("50.00");
        assertThat(initial.get("currency").asString()).isEqualTo("USD");
        assertThat(initial.get("description").asString()).isEqualTo("Initial balance");
        assertThat(allPages("/v1/transactions?type=topup&customerId=" + customer, key)).hasSize(2);
        // movements and transactions now tell the same story
        List<JsonNode> movements = allPages("/v1/cards/" + cardId + "/movements", key);
        assertThat(movements).extracting(m -> m.get("description").asString()).contains("Initial balance");
        assertThat(movements).extracting(m -> m.get("amount").asString()).contains("50.00");
        // a card issued without one has no such transaction
        String empty = ok(api.post("/v1/cards", key, body("customerId", customer, "productId",
                defaultVirtualUsd(key)))).text("id");
        assertThat(allPages("/v1/transactions?cardId=" + empty, key)).isEmpty();
        assertLedgerBalanced();
    }
}
