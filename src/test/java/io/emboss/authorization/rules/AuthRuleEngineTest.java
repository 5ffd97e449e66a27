package io.emboss.authorization.rules;

import static org.assertj.core.api.Assertions.assertThat;

import io.emboss.authorization.AuthorizationTestBase;
import io.emboss.support.Api;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.env.Environment;

/**
 * Rules decide through HTTP on PostgreSQL: a conditional block declines with its rule's id, a
 * merchant lock lets only its merchants through, a velocity rule approves exactly its count under a
 * race, a draft keeps the active version deciding until promoted.
 */
class AuthRuleEngineTest extends AuthorizationTestBase {

    @Autowired
    private Environment environment;

    private Api.Resp createRule(String key, Map<String, Object> rule) {
        Api.Resp r = api.post("/v1/auth-rules", key, rule);
        assertThat(r.status()).as(r.toString()).isEqualTo(201);
        assertThat(r.text("id")).startsWith("rule_");
        return r;
    }

    private static Map<String, Object> condition(String attribute, String operation, Object value) {
        return body("attribute", attribute, "operation", operation, "value", value);
    }

    @Test
    void a_conditional_block_declines_what_matches_and_names_itself() {
        Holder h = newHolder();
        String card = fundedCard(h, "100.00");
        String rule = createRule(h.key(), body("name", "No gambling abroad", "type", "conditional_block",
                "parameters", body("conditions", List.of(condition("mcc", "is_one_of", List.of("7995")),
                        condition("merchant_country", "is_not_one_of", List.of("US")))))).text("id");

        Api.Resp declined = assertDeclined(authorize(h.key(), card, "10.00", "USD",
                merchant("Casino", "7995", "CO")), "auth_rule");
        approved(h.key(), card, "10.00");
        authorize(h.key(), card, "10.00", "USD", merchant("Casino", "7995", "US"));

        Api.Resp txn = api.get("/v1/transactions/" + declined.text("transactionId"), h.key());
        assertThat(txn.text("declinedByRuleId")).as(txn.toString()).isEqualTo(rule);
        assertBalance(h.key(), card, "80.00", "20.00", "100.00");
        assertLedgerBalanced();
    }

    @Test
    void twenty_parallel_authorizations_on_five_a_minute_approve_exactly_five() throws Exception {
        Holder h = newHolder();
        String card = fundedCard(h, "100.00");
        createRule(h.key(), body("name", "5 a minute", "type", "velocity_limit", "parameters",
                body("window", body("seconds", 60), "countLimit", 5, "scope", "card")));

        List<Api.Resp> responses = inParallel(20, i -> () -> authorize(h.key(), card, "1.00"));

        long approved = responses.stream().filter(r -> r.data().get("approved").asBoolean()).count();
        assertThat(approved).isEqualTo(5);
        responses.stream().filter(r -> !r.data().get("approved").asBoolean())
                .forEach(r -> assertThat(r.text("declineReason")).as(r.toString()).isEqualTo("velocity_exceeded"));
        assertBalance(h.key(), card, "95.00", "5.00", "100.00");
        assertLedgerBalanced();
    }

    @Test
    void a_draft_waits_while_the_active_version_decides_until_promoted() {
        Holder h = newHolder();
        String card = fundedCard(h, "100.00");
        String rule = createRule(h.key(), body("name", "Only the supplier", "type", "merchant_lock", "parameters",
                body("merchants", List.of(body("name", "Corner Shop"))))).text("id");
        approved(h.key(), card, "1.00");
        assertDeclined(authorize(h.key(), card, "1.00", "USD", merchant("Other", "5411", "US")), "auth_rule");

        Api.Resp patched = api.patch("/v1/auth-rules/" + rule, h.key(), body("parameters",
                body("merchants", List.of(body("name", "Other")))));
        assertThat(patched.status()).as(patched.toString()).isEqualTo(200);
        assertThat(patched.data().get("version").asInt()).isEqualTo(1);
        assertThat(patched.data().get("draft").get("version").asInt()).isEqualTo(2);
        approved(h.key(), card, "1.00");
        assertDeclined(authorize(h.key(), card, "1.00", "USD", merchant("Other", "5411", "US")), "auth_rule");

        Api.Resp promoted = api.post("/v1/auth-rules/" + rule + "/promote", h.key(), body());
        assertThat(promoted.status()).as(promoted.toString()).isEqualTo(200);
        assertThat(promoted.data().get("version").asInt()).isEqualTo(2);
        assertThat(promoted.data().get("draft").isNull()).isTrue();
        assertDeclined(authorize(h.key(), card, "1.00"), "auth_rule");
        Api.Resp other = authorize(h.key(), card, "1.00", "USD", merchant("Other", "5411", "US"));
        assertThat(other.data().get("approved").asBoolean()).as(other.toString()).isTrue();
        assertLedgerBalanced();
    }

    @Test
    void a_rule_written_on_one_instance_decides_on_another_after_its_refresh() throws Exception {
        Holder h = newHolder();
        String card = fundedCard(h, "100.00");
        try (ConfigurableApplicationContext second = io.emboss.support.PostgresSchema.secondInstance(environment)) {
            Api other = new Api(Integer.parseInt(second.getEnvironment().getProperty("local.server.port")));
            // the second instance has read the tenant's (empty) rule book before the rule exists
            Api.Resp before = other.post("/v1/simulate/authorizations", h.key(), body("cardId", card, "amount", "1.00",
                    "currency", "USD", "merchant", merchant("Casino", "7995", "US")));
            assertThat(before.data().get("approved").asBoolean()).as(before.toString()).isTrue();

            String rule = createRule(h.key(), body("name", "No casinos", "type", "conditional_block", "parameters",
                    body("conditions", List.of(condition("mcc", "is_one_of", List.of("7995")))))).text("id");
            assertDeclined(authorize(h.key(), card, "1.00", "USD", merchant("Casino", "7995", "US")), "auth_rule");
            long deadline = System.nanoTime() + java.util.concurrent.TimeUnit.SECONDS.toNanos(30);
            Api.Resp there;
            do {
                Thread.sleep(200);
                there = other.post("/v1/simulate/authorizations", h.key(), body("cardId", card, "amount", "1.00",
                        "currency", "USD", "merchant", merchant("Casino", "7995", "US")));
            } while (there.data().get("approved").asBoolean() && System.nanoTime() < deadline);
            assertDeclined(there, "auth_rule");

            Api.Resp deleted = other.delete("/v1/auth-rules/" + rule, h.key());
            assertThat(deleted.status()).as(deleted.toString()).isEqualTo(200);
            assertThat(deleted.text("state")).isEqualTo("inactive");
            Api.Resp after = other.post("/v1/simulate/authorizations", h.key(), body("cardId", card, "amount", "1.00",
                    "currency", "USD", "merchant", merchant("Casino", "7995", "US")));
            assertThat(after.data().get("approved").asBoolean()).as("the deleting instance drops its copy at once: "
                    + after).isTrue();
        }
        assertLedgerBalanced();
    }
}
