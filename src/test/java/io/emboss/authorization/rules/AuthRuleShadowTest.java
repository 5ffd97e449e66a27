package io.emboss.authorization.rules;

import static org.assertj.core.api.Assertions.assertThat;

import io.emboss.support.Api;
import java.util.List;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * Rules that only watch: shadow mode and drafts beside the active version, seen in the report; and a
 * rule's life: DELETE stops it at once, an inactive rule takes no change, each step emits one event.
 */
class AuthRuleShadowTest extends AuthRuleTestBase {

    @Test
    void a_shadow_rule_never_declines_but_reports_what_it_would_have_declined() {
        Holder h = newHolder();
        String card = fundedCard(h, "100.00");
        String block = ruleId(h.key(), with(mccBlock("7995"), "mode", "shadow"));
        String velocity = ruleId(h.key(), body("name", "One a day, watched", "type", "velocity_limit", "mode", "shadow",
                "parameters", body("window", "day", "countLimit", 1, "scope", "card")));
        assertThat(rule(h.key(), block).get("mode").asString()).isEqualTo("shadow");

        for (int i = 0; i < 3; i++) {
            Api.Resp r = approvedAt(h.key(), card, "2.00", casino());
            assertThat(declinedBy(h.key(), r)).isNull();
        }
        approvedAt(h.key(), card, "2.00", shop());
        approvedAt(h.key(), card, "2.00", restaurant());

        awaitReport(h.key(), block, "active", new Side(List.of(1), 5, 0, 3, 2));
        awaitReport(h.key(), block, "draft", new Side(List.of(), 0, 0, 0, 0));
        // the velocity rule in shadow counts only what it would have let through: the first one
        awaitReport(h.key(), velocity, "active", new Side(List.of(1), 5, 0, 4, 1));
        assertBalance(h.key(), card, "90.00", "10.00", "100.00");
        assertLedgerBalanced();
    }

    @Test
    void a_draft_is_evaluated_beside_the_active_version_and_reported_on_its_own_side() {
        Holder h = newHolder();
        String card = fundedCard(h, "100.00");
        String rule = ruleId(h.key(), mccBlock("7995"));
        Api.Resp patched = api.patch("/v1/auth-rules/" + rule, h.key(), body("name", "Casinos and groceries",
                "parameters", body("conditions", List.of(condition("mcc", "is_one_of", List.of("7995", "5411"))))));
        assertThat(patched.status()).as(patched.toString()).isEqualTo(200);
        assertThat(patched.text("name")).isEqualTo("Block 7995");
        assertThat(patched.data().get("draft").get("name").asString()).isEqualTo("Casinos and groceries");
        assertThat(patched.data().get("draft").get("version").asInt()).isEqualTo(2);

        approvedAt(h.key(), card, "4.00", shop());
        approvedAt(h.key(), card, "4.00", shop());
        approvedAt(h.key(), card, "4.00", restaurant());
        // declined by the active version, and still judged by the draft: both sides count the same purchases
        assertThat(declinedBy(h.key(), assertDeclined(authorize(h.key(), card, "4.00", "USD", casino()),
                "auth_rule"))).isEqualTo(rule);

        awaitReport(h.key(), rule, "active", new Side(List.of(1), 4, 1, 0, 3));
        awaitReport(h.key(), rule, "draft", new Side(List.of(2), 4, 0, 3, 1));

        Api.Resp promoted = api.post("/v1/auth-rules/" + rule + "/promote", h.key(), body());
        assertThat(promoted.status()).as(promoted.toString()).isEqualTo(200);
        assertThat(promoted.data().get("version").asInt()).isEqualTo(2);
        assertThat(promoted.text("name")).isEqualTo("Casinos and groceries");
        assertThat(declinedBy(h.key(), assertDeclined(authorize(h.key(), card, "4.00"), "auth_rule"))).isEqualTo(rule);
        awaitReport(h.key(), rule, "active", new Side(List.of(1, 2), 5, 2, 0, 3));
        awaitReport(h.key(), rule, "draft", new Side(List.of(2), 4, 0, 3, 1));
        assertBalance(h.key(), card, "88.00", "12.00", "100.00");
        assertLedgerBalanced();
    }

    @Test
    void delete_stops_a_rule_at_once_and_an_inactive_rule_takes_no_change() {
        Holder h = newHolder();
        String card = fundedCard(h, "100.00");
        String rule = ruleId(h.key(), mccBlock("5411"));
        assertDeclined(authorize(h.key(), card, "3.00"), "auth_rule");

        Api.Resp deleted = api.delete("/v1/auth-rules/" + rule, h.key());
        assertThat(deleted.status()).as(deleted.toString()).isEqualTo(200);
        assertThat(deleted.text("state")).isEqualTo("inactive");
        approved(h.key(), card, "3.00");
        assertThat(rule(h.key(), rule).get("state").asString()).isEqualTo("inactive");

        Api.Resp patch = api.patch("/v1/auth-rules/" + rule, h.key(), body("name", "Back again"));
        assertStatus(patch, 409, "rule_inactive");
        assertStatus(api.post("/v1/auth-rules/" + rule + "/promote", h.key(), body()), 409, "no_draft");
        Api.Resp again = api.delete("/v1/auth-rules/" + rule, h.key());
        assertThat(again.status()).as(again.toString()).isEqualTo(200);
        assertThat(again.text("state")).isEqualTo("inactive");
        assertThat(rule(h.key(), rule).get("name").asString()).isEqualTo("Block 5411");
        assertThat(allPages("/v1/auth-rules?state=inactive", h.key())).hasSize(1);
        assertThat(allPages("/v1/auth-rules?state=active", h.key())).isEmpty();
        approved(h.key(), card, "3.00");
        // one deactivation, however many DELETEs
        assertThat(awaitEvents(h.key(), "auth_rule.deactivated", e -> !e.isEmpty())).hasSize(1);
        assertBalance(h.key(), card, "94.00", "6.00", "100.00");
        assertLedgerBalanced();
    }

    @Test
    void a_draft_rule_decides_nothing_until_promoted_and_promote_without_a_draft_is_409() {
        Holder h = newHolder();
        String card = fundedCard(h, "100.00");
        Api.Resp created = createRule(h.key(), with(mccBlock("5411"), "state", "draft"));
        String rule = created.text("id");
        assertThat(created.text("state")).isEqualTo("draft");
        approved(h.key(), card, "1.00");

        Api.Resp promoted = api.post("/v1/auth-rules/" + rule + "/promote", h.key(), body());
        assertThat(promoted.status()).as(promoted.toString()).isEqualTo(200);
        assertThat(promoted.text("state")).isEqualTo("active");
        assertThat(promoted.data().get("version").asInt()).isEqualTo(1);
        assertDeclined(authorize(h.key(), card, "1.00"), "auth_rule");
        assertStatus(api.post("/v1/auth-rules/" + rule + "/promote", h.key(), body()), 409, "no_draft");
        assertThat(rule(h.key(), rule).get("version").asInt()).isEqualTo(1);
        awaitReport(h.key(), rule, "draft", new Side(List.of(1), 1, 0, 1, 0));
        awaitReport(h.key(), rule, "active", new Side(List.of(1), 1, 1, 0, 0));
        assertBalance(h.key(), card, "99.00", "1.00", "100.00");
        assertLedgerBalanced();
    }

    @Test
    void each_change_of_a_rule_emits_its_event_once() {
        Holder h = newHolder();
        String rule = ruleId(h.key(), mccBlock("7995"));
        assertThat(api.patch("/v1/auth-rules/" + rule, h.key(), body("mode", "shadow")).status()).isEqualTo(200);
        assertThat(api.post("/v1/auth-rules/" + rule + "/promote", h.key(), body()).status()).isEqualTo(200);
        assertThat(api.delete("/v1/auth-rules/" + rule, h.key()).status()).isEqualTo(200);

        JsonNode createdEvent = single(h.key(), "auth_rule.created");
        assertThat(createdEvent.get("id").asString()).isEqualTo(rule);
        assertThat(createdEvent.get("state").asString()).isEqualTo("active");
        assertThat(createdEvent.get("mode").asString()).isEqualTo("active");
        JsonNode updated = single(h.key(), "auth_rule.updated");
        assertThat(updated.get("id").asString()).isEqualTo(rule);
        assertThat(updated.get("version").asInt()).isEqualTo(1);
        assertThat(updated.get("draft").get("version").asInt()).isEqualTo(2);
        assertThat(updated.get("draft").get("mode").asString()).isEqualTo("shadow");
        JsonNode promoted = single(h.key(), "auth_rule.promoted");
        assertThat(promoted.get("version").asInt()).isEqualTo(2);
        assertThat(promoted.get("mode").asString()).isEqualTo("shadow");
        assertThat(promoted.get("draft").isNull()).isTrue();
        JsonNode deactivated = single(h.key(), "auth_rule.deactivated");
        assertThat(deactivated.get("id").asString()).isEqualTo(rule);
        assertThat(deactivated.get("state").asString()).isEqualTo("inactive");
    }

    private JsonNode single(String key, String type) {
        List<JsonNode> events = awaitEvents(key, type, e -> !e.isEmpty());
        assertThat(events).as(type + ": " + events).hasSize(1);
        assertThat(events.get(0).get("type").asString()).isEqualTo(type);
        return events.get(0).get("data").get("object");
    }
}
