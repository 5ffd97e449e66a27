package io.emboss.network;

import static org.assertj.core.api.Assertions.assertThat;

import io.emboss.support.Api;
import java.util.List;
import java.util.Map;
import org.jpos.iso.ISOMsg;
import org.jpos.iso.channel.ASCIIChannel;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * Authorization rules as a card network meets them: rules written through HTTP on the card's
 * tenant, 0100s over a real socket, and field 39 as docs/iso8583.md and docs/auth-rules.md
 * document it (62 for a block or a merchant lock, 65 for a velocity count, 61 for a velocity
 * amount, 00 for a rule in shadow mode), with the declining rule named on the transaction.
 */
class Iso8583AuthRulesTest extends Iso8583TestBase {

    private String createRule(String key, Map<String, Object> rule) {
        Api.Resp r = api.post("/v1/auth-rules", key, rule);
        assertThat(r.status()).as(r.toString()).isEqualTo(201);
        assertThat(r.text("id")).startsWith("rule_");
        return r.text("id");
    }

    private static Map<String, Object> condition(String attribute, String operation, Object value) {
        return body("attribute", attribute, "operation", operation, "value", value);
    }

    /** The card's declined authorizations, as the tenant lists them (newest first). */
    private List<JsonNode> declined(Holder h, NetworkCard card) {
        return allPages("/v1/transactions?cardId=" + card.id() + "&type=authorization&status=declined", h.key());
    }

    /** The one declined authorization of the card: its reason and the rule that declined it, read again by id. */
    private void assertOnlyDecline(Holder h, NetworkCard card, String reason, String ruleId) {
        List<JsonNode> declined = declined(h, card);
        assertThat(declined).as("declined authorizations of " + card.id()).hasSize(1);
        Api.Resp t = api.get("/v1/transactions/" + declined.get(0).get("id").asString(), h.key());
        assertThat(t.status()).as(t.toString()).isEqualTo(200);
        assertThat(t.text("declineReason")).as(t.toString()).isEqualTo(reason);
        assertThat(t.text("declinedByRuleId")).as(t.toString()).isEqualTo(ruleId);
        assertThat(declined.get(0).get("declinedByRuleId").asString()).as("the list shows it too").isEqualTo(ruleId);
    }

    @Test
    void a_conditional_block_on_the_mcc_of_field_18_answers_62() throws Exception {
        Holder h = newHolder();
        NetworkCard card = networkCard(h, "50.00");
        String rule = createRule(h.key(), body("name", "No groceries", "type", "conditional_block", "parameters",
                body("conditions", List.of(condition("mcc", "is_one_of", List.of("5411"))))));
        ASCIIChannel channel = connect();

        assertResponse(exchange(channel, authorization(card, 1000)), "0110", "62");
        ISOMsg restaurant = authorization(card, 1000);
        restaurant.set(18, "5812");
        assertResponse(exchange(channel, restaurant), "0110", "00");

        assertOnlyDecline(h, card, "auth_rule", rule);
        assertBalance(h.key(), card.id(), "40.00", "10.00", "50.00");
        assertLedgerBalanced();
    }

    @Test
    void a_velocity_count_of_two_a_minute_answers_65_to_the_third_0100() throws Exception {
        Holder h = newHolder();
        NetworkCard card = networkCard(h, "50.00");
        String rule = createRule(h.key(), body("name", "2 a minute", "type", "velocity_limit", "parameters",
                body("window", body("seconds", 60), "countLimit", 2, "scope", "card")));
        ASCIIChannel channel = connect();

        assertResponse(exchange(channel, authorization(card, 100)), "0110", "00");
        assertResponse(exchange(channel, authorization(card, 100)), "0110", "00");
        assertResponse(exchange(channel, authorization(card, 100)), "0110", "65");

        assertOnlyDecline(h, card, "velocity_exceeded", rule);
        assertBalance(h.key(), card.id(), "48.00", "2.00", "50.00");
        assertLedgerBalanced();
    }

    @Test
    void a_velocity_amount_limit_answers_61_and_lets_the_purchase_that_reaches_it_exactly_through() throws Exception {
        Holder h = newHolder();
        NetworkCard card = networkCard(h, "50.00");
        String rule = createRule(h.key(), body("name", "10 a day", "type", "velocity_limit", "parameters",
                body("window", "day", "amountLimit", "10.00", "scope", "card")));
        ASCIIChannel channel = connect();

        assertResponse(exchange(channel, authorization(card, 600)), "0110", "00");
        // 6.00 + 5.00 would pass 10.00: the amount limit, not the count, so 61 and not 65
        assertResponse(exchange(channel, authorization(card, 500)), "0110", "61");
        // 6.00 + 4.00 reaches 10.00 and does not pass it; the declined 5.00 was never counted
        assertResponse(exchange(channel, authorization(card, 400)), "0110", "00");
        assertResponse(exchange(channel, authorization(card, 1)), "0110", "61");

        List<JsonNode> declined = declined(h, card);
        assertThat(declined).hasSize(2);
        assertThat(declined).allSatisfy(t -> {
            assertThat(t.get("declineReason").asString()).isEqualTo("velocity_exceeded");
            assertThat(t.get("declinedByRuleId").asString()).isEqualTo(rule);
        });
        assertBalance(h.key(), card.id(), "40.00", "10.00", "50.00");
        assertLedgerBalanced();
    }

    @Test
    void a_merchant_lock_on_the_card_acceptor_id_of_field_42_approves_that_merchant_and_refuses_another()
            throws Exception {
        Holder h = newHolder();
        NetworkCard card = networkCard(h, "50.00");
        String rule = createRule(h.key(), body("name", "Only our supplier", "type", "merchant_lock", "parameters",
                body("merchants", List.of(body("merchantId", "MERCHANT0000001")))));
        ASCIIChannel channel = connect();

        assertResponse(exchange(channel, authorization(card, 700)), "0110", "00");
        ISOMsg elsewhere = authorization(card, 700);
        elsewhere.set(42, "MERCHANT0000002");
        assertResponse(exchange(channel, elsewhere), "0110", "62");
        // same name, MCC and country as the supplier: only the acceptor id of field 42 tells them apart
        ISOMsg noAcceptorId = authorization(card, 700);
        noAcceptorId.unset(42);
        assertResponse(exchange(channel, noAcceptorId), "0110", "62");

        List<JsonNode> declined = declined(h, card);
        assertThat(declined).hasSize(2);
        assertThat(declined).allSatisfy(t -> {
            assertThat(t.get("declineReason").asString()).isEqualTo("auth_rule");
            assertThat(t.get("declinedByRuleId").asString()).isEqualTo(rule);
        });
        assertBalance(h.key(), card.id(), "43.00", "7.00", "50.00");
        assertLedgerBalanced();
    }

    @Test
    void a_rule_in_shadow_mode_approves_with_00_and_reports_what_it_would_have_declined() throws Exception {
        Holder h = newHolder();
        NetworkCard card = networkCard(h, "50.00");
        String rule = createRule(h.key(), body("name", "Watch groceries", "type", "conditional_block", "mode",
                "shadow", "parameters", body("conditions", List.of(condition("mcc", "is_one_of", List.of("5411")),
                        condition("merchant_id", "is_one_of", List.of("MERCHANT0000001"))))));
        ASCIIChannel channel = connect();

        assertResponse(exchange(channel, authorization(card, 1500)), "0110", "00");

        assertThat(declined(h, card)).isEmpty();
        Api.Resp report = api.get("/v1/auth-rules/" + rule + "/report", h.key());
        assertThat(report.status()).as(report.toString()).isEqualTo(200);
        long wouldDecline = 0;
        long declined = 0;
        for (JsonNode day : report.data().get("days")) {
            wouldDecline += day.get("active").get("wouldDecline").asLong();
            declined += day.get("active").get("declined").asLong();
        }
        assertThat(wouldDecline).as(report.toString()).isEqualTo(1);
        assertThat(declined).as(report.toString()).isZero();
        assertBalance(h.key(), card.id(), "35.00", "15.00", "50.00");
        assertLedgerBalanced();
    }
}
