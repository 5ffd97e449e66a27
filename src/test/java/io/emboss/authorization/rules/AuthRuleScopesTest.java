package io.emboss.authorization.rules;

import static org.assertj.core.api.Assertions.assertThat;

import io.emboss.support.Api;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * Which cards a rule judges: the whole tenant (minus excluded cards), a product's, a card's or a
 * customer's cards, for each rule type; and never another tenant's cards, whose rules are 404 here.
 */
class AuthRuleScopesTest extends AuthRuleTestBase {

    @Test
    void a_tenant_block_judges_every_card_of_the_tenant_but_its_excluded_cards_and_no_other_tenants() {
        Holder h = newHolder();
        String a = fundedCard(h, "100.00");
        String excluded = fundedCard(h, "100.00");
        Holder sibling = sibling(h);
        String b = fundedCard(sibling, "100.00");
        Holder stranger = newHolder();
        String strangers = fundedCard(stranger, "100.00");

        Api.Resp created = createRule(h.key(), with(mccBlock("7995"), "scope",
                body("level", "tenant", "excludedCardIds", List.of(excluded))));
        String rule = created.text("id");
        assertThat(created.data().get("scope").get("level").asString()).isEqualTo("tenant");
        assertThat(created.data().get("scope").get("excludedCardIds").get(0).asString()).isEqualTo(excluded);
        assertThat(created.text("state")).isEqualTo("active");
        assertThat(created.text("mode")).isEqualTo("active");
        assertThat(created.data().get("version").asInt()).isEqualTo(1);
        assertThat(created.data().get("livemode").asBoolean()).isFalse();

        assertThat(declinedBy(h.key(), assertDeclined(authorize(h.key(), a, "10.00", "USD", casino()), "auth_rule")))
                .isEqualTo(rule);
        assertThat(declinedBy(h.key(), assertDeclined(authorize(h.key(), b, "10.00", "USD", casino()), "auth_rule")))
                .isEqualTo(rule);
        approvedAt(h.key(), excluded, "10.00", casino());
        approvedAt(h.key(), a, "10.00", shop());
        approvedAt(stranger.key(), strangers, "10.00", casino());

        assertBalance(h.key(), a, "90.00", "10.00", "100.00");
        assertBalance(h.key(), excluded, "90.00", "10.00", "100.00");
        assertBalance(h.key(), b, "100.00", "0.00", "100.00");
        assertBalance(stranger.key(), strangers, "90.00", "10.00", "100.00");
        // the list filter by card: the rule may judge a and b, not the excluded card
        assertThat(ids(api.get("/v1/auth-rules?cardId=" + a, h.key()))).containsExactly(rule);
        assertThat(ids(api.get("/v1/auth-rules?cardId=" + excluded, h.key()))).isEmpty();
        assertLedgerBalanced();
    }

    @Test
    void a_product_merchant_lock_judges_only_the_cards_of_its_product() {
        Holder h = newHolder();
        // issued first: fundedCard takes the first virtual USD product listed, which the new one would be
        String free = fundedCard(h, "100.00");
        String product = newProduct(h.key(), "Supplier cards");
        String locked = cardOf(h, product, "100.00");

        Api.Resp created = createRule(h.key(), body("name", "Supplier only", "type", "merchant_lock", "parameters",
                body("merchants", List.of(body("name", "Corner Shop", "mcc", "5411"), body("merchantId", "M-77"))),
                "scope", body("level", "product", "productIds", List.of(product))));
        String rule = created.text("id");
        assertThat(created.data().get("scope").get("productIds").get(0).asString()).isEqualTo(product);

        approvedAt(h.key(), locked, "5.00", shop());
        // the name matches ignoring case, but every field given must match: the mcc differs
        assertThat(declinedBy(h.key(), assertDeclined(authorize(h.key(), locked, "5.00", "USD",
                merchant("CORNER SHOP", "5812", "US")), "auth_rule"))).isEqualTo(rule);
        assertDeclined(authorize(h.key(), locked, "5.00", "USD", restaurant()), "auth_rule");
        Map<String, Object> byId = merchant("Anything", "7995", "CO");
        byId.put("id", "M-77");
        approvedAt(h.key(), locked, "5.00", byId);
        approvedAt(h.key(), free, "5.00", restaurant());

        assertBalance(h.key(), locked, "90.00", "10.00", "100.00");
        assertBalance(h.key(), free, "95.00", "5.00", "100.00");
        assertThat(ids(api.get("/v1/auth-rules?productId=" + product, h.key()))).containsExactly(rule);
        assertThat(ids(api.get("/v1/auth-rules?cardId=" + free, h.key()))).isEmpty();
        assertLedgerBalanced();
    }

    @Test
    void a_card_velocity_rule_counts_and_limits_only_its_card() {
        Holder h = newHolder();
        String limited = fundedCard(h, "100.00");
        String other = fundedCard(h, "100.00");
        String rule = ruleId(h.key(), body("name", "One an hour", "type", "velocity_limit", "parameters",
                body("window", body("seconds", 3600), "countLimit", 1, "scope", "card"),
                "scope", body("level", "card", "cardIds", List.of(limited))));

        approvedAt(h.key(), limited, "3.00", shop());
        Api.Resp second = assertDeclined(authorize(h.key(), limited, "3.00"), "velocity_exceeded");
        assertThat(declinedBy(h.key(), second)).isEqualTo(rule);
        for (int i = 0; i < 3; i++) {
            approvedAt(h.key(), other, "3.00", shop());
        }
        assertBalance(h.key(), limited, "97.00", "3.00", "100.00");
        assertBalance(h.key(), other, "91.00", "9.00", "100.00");
        assertThat(ids(api.get("/v1/auth-rules?cardId=" + limited, h.key()))).containsExactly(rule);
        assertThat(ids(api.get("/v1/auth-rules?cardId=" + other, h.key()))).isEmpty();
        assertLedgerBalanced();
    }

    @Test
    void a_customer_3ds_rule_challenges_both_cards_of_its_customer_but_the_excluded_one_and_no_other_customer() {
        Holder h = newHolder();
        String first = fundedCard(h, "100.00");
        String second = fundedCard(h, "100.00");
        String spared = fundedCard(h, "100.00");
        Holder sibling = sibling(h);
        String siblings = fundedCard(sibling, "100.00");

        Api.Resp created = createRule(h.key(), body("name", "Code above 20", "type", "conditional_3ds",
                "parameters", body("conditions", List.of(condition("amount", "greater_than", "20.00"))),
                "scope", body("level", "customer", "customerIds", List.of(h.customerId()), "excludedCardIds",
                        List.of(spared))));
        assertThat(new java.math.BigDecimal(created.data().get("parameters").get("conditions").get(0).get("value")
                .asString())).isEqualByComparingTo("20.00");

        JsonNode passed = passChallenge(h.key(), first, online(h.key(), first, "25.00", shop()));
        assertThat(passed.get("approved").asBoolean()).as(passed.toString()).isTrue();
        Api.Resp challenged = online(h.key(), second, "25.00", shop());
        assertThat(challenged.text("status")).as(challenged.toString()).isEqualTo("challenge_required");
        assertThat(challenged.data().get("approved").asBoolean()).isFalse();
        // not online, or not above 20.00: no challenge
        assertThat(inPerson(h.key(), second, "25.00", shop()).text("status")).isEqualTo("pending");
        assertThat(online(h.key(), second, "20.00", shop()).text("status")).isEqualTo("pending");
        assertThat(online(h.key(), spared, "25.00", shop()).text("status")).isEqualTo("pending");
        assertThat(online(h.key(), siblings, "25.00", shop()).text("status")).isEqualTo("pending");

        assertBalance(h.key(), first, "75.00", "25.00", "100.00");
        assertBalance(h.key(), second, "55.00", "45.00", "100.00");
        assertBalance(h.key(), spared, "75.00", "25.00", "100.00");
        assertBalance(h.key(), siblings, "75.00", "25.00", "100.00");
        assertLedgerBalanced();
    }

    @Test
    void another_tenants_rule_never_judges_this_tenants_cards_and_is_404_here() {
        Holder mine = newHolder();
        String card = fundedCard(mine, "100.00");
        Holder theirs = newHolder();
        String theirCard = fundedCard(theirs, "100.00");
        String theirRule = ruleId(theirs.key(), block("Everything", condition("amount", "greater_than", "0.01")));
        String myRule = ruleId(mine.key(), mccBlock("7995"));
        api.patch("/v1/auth-rules/" + theirRule, theirs.key(), body("name", "Everything, renamed"));
        Api.Resp theirBacktest = api.post("/v1/auth-rules/" + theirRule + "/backtests", theirs.key(),
                body("start", Instant.now().minusSeconds(60).toString(), "end",
                        Instant.now().plusSeconds(60).toString()));
        assertThat(theirBacktest.status()).as(theirBacktest.toString()).isEqualTo(202);

        approvedAt(mine.key(), card, "5.00", shop());
        assertDeclined(authorize(theirs.key(), theirCard, "5.00"), "auth_rule");

        String path = "/v1/auth-rules/" + theirRule;
        assertStatus(api.get(path, mine.key()), 404, "resource_not_found");
        assertStatus(api.patch(path, mine.key(), body("name", "Mine now")), 404, "resource_not_found");
        assertStatus(api.delete(path, mine.key()), 404, "resource_not_found");
        assertStatus(api.post(path + "/promote", mine.key(), body()), 404, "resource_not_found");
        assertStatus(api.post(path + "/backtests", mine.key(), body("start", Instant.now().minusSeconds(60).toString(),
                "end", Instant.now().toString())), 404, "resource_not_found");
        assertStatus(api.get(path + "/backtests/" + theirBacktest.text("id"), mine.key()), 404, "resource_not_found");
        // their backtest is not reachable under my rule either
        assertStatus(api.get("/v1/auth-rules/" + myRule + "/backtests/" + theirBacktest.text("id"), mine.key()), 404,
                "resource_not_found");
        assertStatus(api.get(path + "/report", mine.key()), 404, "resource_not_found");
        // the live key of the same tenant is another environment: the sandbox rule is not there
        assertStatus(api.get("/v1/auth-rules/" + myRule, mine.tenant().liveKey()), 404, "resource_not_found");

        assertThat(rules(mine.key())).extracting(r -> r.get("id").asString()).containsExactly(myRule);
        JsonNode untouched = rule(theirs.key(), theirRule);
        assertThat(untouched.get("state").asString()).isEqualTo("active");
        assertThat(untouched.get("draft").get("name").asString()).isEqualTo("Everything, renamed");
        assertDeclined(authorize(theirs.key(), theirCard, "5.00"), "auth_rule");
        approvedAt(mine.key(), card, "5.00", shop());
        assertBalance(mine.key(), card, "90.00", "10.00", "100.00");
        assertBalance(theirs.key(), theirCard, "100.00", "0.00", "100.00");
        assertLedgerBalanced();
    }

    private static List<String> ids(Api.Resp list) {
        assertThat(list.status()).as(list.toString()).isEqualTo(200);
        List<String> out = new java.util.ArrayList<>();
        list.data().get("items").forEach(i -> out.add(i.get("id").asString()));
        return out;
    }
}
