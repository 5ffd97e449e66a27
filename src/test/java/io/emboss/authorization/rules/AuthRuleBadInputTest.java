package io.emboss.authorization.rules;

import static org.assertj.core.api.Assertions.assertThat;

import io.emboss.support.Api;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Rules the API refuses: each a 400 naming the field that is wrong, creating nothing and moving no
 * money; and the 101st active rule of a tenant.
 */
class AuthRuleBadInputTest extends AuthRuleTestBase {

    private static Map<String, Object> blockOf(Object value, String attribute, String operation) {
        return block("Bad", condition(attribute, operation, value));
    }

    private static Map<String, Object> velocity(Map<String, Object> parameters) {
        return body("name", "Bad velocity", "type", "velocity_limit", "parameters", parameters);
    }

    @Test
    void each_bad_rule_is_400_naming_its_field_and_creates_nothing() {
        Holder h = newHolder();
        String card = fundedCard(h, "50.00");
        Holder other = newHolder();
        String othersCard = fundedCard(other, "10.00");
        String othersCustomer = other.customerId();

        List<Object[]> cases = new ArrayList<>();
        cases.add(new Object[] {blockOf(List.of("US"), "merchant_planet", "is_one_of"),
                "parameters.conditions[0].attribute"});
        cases.add(new Object[] {blockOf(List.of("US"), "merchant_country", "is_about"),
                "parameters.conditions[0].operation"});
        cases.add(new Object[] {blockOf(List.of("5.00"), "amount", "greater_than"), "parameters.conditions[0].value"});
        cases.add(new Object[] {blockOf("-5.00", "amount", "greater_than"), "parameters.conditions[0].value"});
        cases.add(new Object[] {blockOf("five", "amount", "less_than"), "parameters.conditions[0].value"});
        cases.add(new Object[] {blockOf("yes", "three_ds_verified", "is_one_of"), "parameters.conditions[0].value"});
        cases.add(new Object[] {blockOf("5411", "mcc", "greater_than"), "parameters.conditions[0].operation"});
        cases.add(new Object[] {blockOf(List.of("54111"), "mcc", "is_one_of"), "parameters.conditions[0].value"});
        cases.add(new Object[] {blockOf(List.of("us"), "merchant_country", "is_one_of"),
                "parameters.conditions[0].value"});
        cases.add(new Object[] {blockOf(24, "hour_of_day_utc", "greater_than"), "parameters.conditions[0].value"});
        cases.add(new Object[] {blockOf("(a+)+$", "merchant_name", "matches"), "parameters.conditions[0].value"});
        cases.add(new Object[] {blockOf("(a|aa)*b", "merchant_name", "matches"), "parameters.conditions[0].value"});
        cases.add(new Object[] {blockOf("(x+x+)+y", "merchant_name", "matches"), "parameters.conditions[0].value"});
        cases.add(new Object[] {blockOf("(a)\\1", "merchant_name", "matches"), "parameters.conditions[0].value"});
        cases.add(new Object[] {blockOf("[unclosed", "merchant_name", "matches"), "parameters.conditions[0].value"});
        cases.add(new Object[] {blockOf("a".repeat(201), "merchant_name", "matches"),
                "parameters.conditions[0].value"});
        cases.add(new Object[] {block("Second is bad", condition("mcc", "is_one_of", List.of("5411")),
                condition("amount", "greater_than", true)), "parameters.conditions[1].value"});
        cases.add(new Object[] {block("Too many", Collections.nCopies(21, condition("mcc", "is_one_of",
                List.of("5411"))).toArray()), "parameters.conditions"});
        cases.add(new Object[] {block("None"), "parameters.conditions"});
        cases.add(new Object[] {body("name", "No parameters", "type", "conditional_block"), "parameters"});
        cases.add(new Object[] {body("name", "Block with a window", "type", "conditional_block", "parameters",
                body("conditions", List.of(condition("mcc", "is_one_of", List.of("5411"))), "window", "day")),
                "parameters.window"});
        cases.add(new Object[] {blockOf(List.of("by_pigeon"), "channel", "is_one_of"),
                "parameters.conditions[0].value"});
        cases.add(new Object[] {body("name", "No type", "parameters", body("conditions", List.of())), "type"});
        cases.add(new Object[] {with(mccBlock("5411"), "type", "allow_everything"), "type"});
        cases.add(new Object[] {with(mccBlock("5411"), "name", ""), "name"});
        cases.add(new Object[] {with(mccBlock("5411"), "mode", "loud"), "mode"});
        cases.add(new Object[] {with(mccBlock("5411"), "state", "inactive"), "state"});
        cases.add(new Object[] {velocity(body("window", "day", "scope", "card")), "parameters.countLimit"});
        cases.add(new Object[] {velocity(body("window", body("seconds", 0), "countLimit", 1, "scope", "card")),
                "parameters.window.seconds"});
        cases.add(new Object[] {velocity(body("window", body("seconds", 31L * 24 * 3600 + 1), "countLimit", 1,
                "scope", "card")), "parameters.window.seconds"});
        cases.add(new Object[] {velocity(body("window", "week", "countLimit", 1, "scope", "card")),
                "parameters.window"});
        cases.add(new Object[] {velocity(body("window", "day", "countLimit", 0, "scope", "card")),
                "parameters.countLimit"});
        cases.add(new Object[] {velocity(body("window", "day", "amountLimit", "0.00", "scope", "card")),
                "parameters.amountLimit"});
        cases.add(new Object[] {velocity(body("window", "day", "countLimit", 1, "scope", "planet")),
                "parameters.scope"});
        cases.add(new Object[] {velocity(body("window", "day", "countLimit", 1, "scope", "card", "filters",
                body("mccs", List.of("groceries")))), "parameters.filters.mccs"});
        cases.add(new Object[] {velocity(body("window", "day", "countLimit", 1, "scope", "card", "filters",
                body("channel", "telepathy"))), "parameters.filters.channel"});
        cases.add(new Object[] {body("name", "Lock nothing", "type", "merchant_lock", "parameters",
                body("merchants", List.of())), "parameters.merchants"});
        cases.add(new Object[] {body("name", "Lock nobody", "type", "merchant_lock", "parameters",
                body("merchants", List.of(body()))), "parameters.merchants[0]"});
        cases.add(new Object[] {with(mccBlock("5411"), "scope", body("level", "planet")), "scope.level"});
        cases.add(new Object[] {with(mccBlock("5411"), "scope", body("level", "card")), "scope.cardIds"});
        cases.add(new Object[] {with(mccBlock("5411"), "scope", body("level", "card", "cardIds",
                List.of(othersCard))), "scope.cardIds[0]"});
        cases.add(new Object[] {with(mccBlock("5411"), "scope", body("level", "card", "cardIds",
                List.of(card, othersCard))), "scope.cardIds[1]"});
        cases.add(new Object[] {with(mccBlock("5411"), "scope", body("level", "customer", "customerIds",
                List.of(othersCustomer))), "scope.customerIds[0]"});
        cases.add(new Object[] {with(mccBlock("5411"), "scope", body("level", "product", "productIds",
                List.of(defaultProduct(other.key(), "virtual")))), "scope.productIds[0]"});
        cases.add(new Object[] {with(mccBlock("5411"), "scope", body("level", "tenant", "excludedCardIds",
                List.of(othersCard))), "scope.excludedCardIds[0]"});
        cases.add(new Object[] {with(mccBlock("5411"), "scope", body("level", "tenant", "cardIds",
                List.of(card))), "scope"});

        for (Object[] c : cases) {
            @SuppressWarnings("unchecked")
            Map<String, Object> rule = (Map<String, Object>) c[0];
            assertFieldError(api.post("/v1/auth-rules", h.key(), rule), (String) c[1]);
            assertThat(rules(h.key())).as("nothing created by " + rule).isEmpty();
            assertBalance(h.key(), card, "50.00", "0.00", "50.00");
        }
        assertThat(events(h.key(), "auth_rule.created")).isEmpty();
        // the other tenant was not touched either, and a card of neither tenant is still approved
        assertThat(rules(other.key())).isEmpty();
        approved(h.key(), card, "1.00");
        approved(other.key(), othersCard, "1.00");
        assertBalance(h.key(), card, "49.00", "1.00", "50.00");
        assertLedgerBalanced();
    }

    @Test
    void the_largest_allowed_rule_is_accepted_and_decides() {
        Holder h = newHolder();
        String card = fundedCard(h, "50.00");
        List<Object> conditions = new ArrayList<>();
        // 200 characters: the first alternative matches "Corner Shop"
        conditions.add(condition("merchant_name", "matches", "^Corner |" + "q".repeat(191)));
        for (int i = 1; i < 20; i++) {
            conditions.add(condition("mcc", "is_not_one_of", List.of(String.format("%04d", i))));
        }
        Map<String, Object> rule = block("Twenty conditions", conditions.toArray());
        String regex = (String) ((Map<?, ?>) conditions.get(0)).get("value");
        assertThat(regex).hasSize(200);
        Api.Resp created = createRule(h.key(), rule);
        assertThat(created.data().get("parameters").get("conditions").size()).isEqualTo(20);
        assertThat(created.data().get("parameters").get("conditions").get(0).get("value").asString()).isEqualTo(regex);
        assertDeclined(authorize(h.key(), card, "1.00"), "auth_rule");
        approvedAt(h.key(), card, "1.00", restaurant());
        assertBalance(h.key(), card, "49.00", "1.00", "50.00");
        assertLedgerBalanced();
    }

    @Test
    void a_bad_change_is_400_and_makes_no_draft() {
        Holder h = newHolder();
        String card = fundedCard(h, "50.00");
        String rule = ruleId(h.key(), mccBlock("5411"));
        String path = "/v1/auth-rules/" + rule;
        assertFieldError(api.patch(path, h.key(), body("parameters", body("conditions",
                List.of(condition("mcc", "matches", "(a+)+$"))))), "parameters.conditions[0].value");
        assertFieldError(api.patch(path, h.key(), body("type", "velocity_limit")), "type");
        assertFieldError(api.patch(path, h.key(), body("state", "active")), "state");
        assertFieldError(api.patch(path, h.key(), body()), "parameters");
        assertFieldError(api.patch(path, h.key(), body("scope", body("level", "card", "cardIds",
                List.of("card_nobody")))), "scope.cardIds[0]");
        assertThat(rule(h.key(), rule).get("draft").isNull()).isTrue();
        assertThat(rule(h.key(), rule).get("version").asInt()).isEqualTo(1);
        assertThat(events(h.key(), "auth_rule.updated")).isEmpty();
        assertDeclined(authorize(h.key(), card, "1.00"), "auth_rule");
        assertBalance(h.key(), card, "50.00", "0.00", "50.00");
        assertLedgerBalanced();
    }

    @Test
    void a_tenant_has_at_most_100_rules_active_or_in_draft_per_environment() {
        Holder h = newHolder();
        String card = fundedCard(h, "50.00");
        for (int i = 0; i < 99; i++) {
            ruleId(h.key(), mccBlock(String.format("%04d", 1000 + i)));
        }
        // a draft counts: it is evaluated on every authorization it scopes
        String draft = createRule(h.key(), with(mccBlock("7995"), "state", "draft")).text("id");
        assertStatus(api.post("/v1/auth-rules", h.key(), mccBlock("7996")), 400, "too_many_rules");
        assertStatus(api.post("/v1/auth-rules", h.key(), with(mccBlock("7996"), "state", "draft")), 400,
                "too_many_rules");
        assertThat(rules(h.key())).hasSize(100);
        assertThat(events(h.key(), "auth_rule.created")).hasSize(100);
        approvedAt(h.key(), card, "1.00", casino());
        // the live environment counts its own rules
        Api.Resp live = api.post("/v1/auth-rules", h.tenant().liveKey(), mccBlock("7995"));
        assertThat(live.status()).as(live.toString()).isEqualTo(201);
        assertThat(live.data().get("livemode").asBoolean()).isTrue();

        String first = allPages("/v1/auth-rules?state=active", h.key()).get(0).get("id").asString();
        assertThat(api.delete("/v1/auth-rules/" + first, h.key()).status()).isEqualTo(200);
        Api.Resp promoted = api.post("/v1/auth-rules/" + draft + "/promote", h.key(), body());
        assertThat(promoted.status()).as(promoted.toString()).isEqualTo(200);
        assertDeclined(authorize(h.key(), card, "1.00", "USD", casino()), "auth_rule");
        String another = ruleId(h.key(), mccBlock("7996"));
        assertStatus(api.post("/v1/auth-rules", h.key(), mccBlock("7997")), 400, "too_many_rules");
        assertThat(allPages("/v1/auth-rules?state=active", h.key())).hasSize(100)
                .extracting(r -> r.get("id").asString()).contains(draft, another).doesNotContain(first);
        assertBalance(h.key(), card, "49.00", "1.00", "50.00");
        assertLedgerBalanced();
    }
}
