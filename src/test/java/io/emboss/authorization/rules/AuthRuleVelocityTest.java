package io.emboss.authorization.rules;

import static org.assertj.core.api.Assertions.assertThat;

import io.emboss.support.Api;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Velocity limits through HTTP: an amount per day, a count per customer across cards, filters that
 * choose what counts, and only approved authorizations counting.
 */
class AuthRuleVelocityTest extends AuthRuleTestBase {

    @Test
    void an_amount_limit_per_day_approves_up_to_the_limit_and_a_velocity_decline_does_not_count() {
        Holder h = newHolder();
        String card = fundedCard(h, "100.00");
        String other = fundedCard(h, "100.00");
        Api.Resp created = createRule(h.key(), body("name", "30 a day", "type", "velocity_limit", "parameters",
                body("window", "day", "amountLimit", "30.00", "scope", "card")));
        String rule = created.text("id");
        assertThat(created.data().get("parameters").get("window").asString()).isEqualTo("day");
        assertThat(created.data().get("parameters").get("scope").asString()).isEqualTo("card");

        approvedAt(h.key(), card, "10.00", shop());
        approvedAt(h.key(), card, "10.00", shop());
        // 15.00 would make 35.00: declined, and not counted
        Api.Resp over = assertDeclined(authorize(h.key(), card, "15.00"), "velocity_exceeded");
        assertThat(declinedBy(h.key(), over)).isEqualTo(rule);
        approvedAt(h.key(), card, "10.00", shop());
        Api.Resp cent = assertDeclined(authorize(h.key(), card, "0.01"), "velocity_exceeded");
        assertThat(declinedBy(h.key(), cent)).isEqualTo(rule);
        // another card of the same customer has its own window
        approvedAt(h.key(), other, "30.00", shop());
        assertDeclined(authorize(h.key(), other, "0.01"), "velocity_exceeded");

        assertBalance(h.key(), card, "70.00", "30.00", "100.00");
        assertBalance(h.key(), other, "70.00", "30.00", "100.00");
        awaitReport(h.key(), rule, "active", new Side(List.of(1), 7, 3, 0, 4));
        assertLedgerBalanced();
    }

    @Test
    void a_customer_count_limit_counts_every_card_of_the_customer_together() {
        Holder h = newHolder();
        String first = fundedCard(h, "100.00");
        String second = fundedCard(h, "100.00");
        Holder sibling = sibling(h);
        String siblings = fundedCard(sibling, "100.00");
        String rule = ruleId(h.key(), body("name", "3 an hour per customer", "type", "velocity_limit", "parameters",
                body("window", body("seconds", 3600), "countLimit", 3, "scope", "customer")));

        approvedAt(h.key(), first, "5.00", shop());
        approvedAt(h.key(), second, "5.00", shop());
        approvedAt(h.key(), first, "5.00", shop());
        assertThat(declinedBy(h.key(), assertDeclined(authorize(h.key(), second, "5.00"), "velocity_exceeded")))
                .isEqualTo(rule);
        assertDeclined(authorize(h.key(), first, "5.00"), "velocity_exceeded");
        for (int i = 0; i < 3; i++) {
            approvedAt(h.key(), siblings, "5.00", shop());
        }
        assertDeclined(authorize(h.key(), siblings, "5.00"), "velocity_exceeded");

        assertBalance(h.key(), first, "90.00", "10.00", "100.00");
        assertBalance(h.key(), second, "95.00", "5.00", "100.00");
        assertBalance(h.key(), siblings, "85.00", "15.00", "100.00");
        assertLedgerBalanced();
    }

    @Test
    void filters_choose_what_counts_and_is_limited() {
        Holder h = newHolder();
        String card = fundedCard(h, "100.00");
        String rule = ruleId(h.key(), body("name", "One grocery an hour", "type", "velocity_limit", "parameters",
                body("window", body("seconds", 3600), "countLimit", 1, "scope", "card", "filters",
                        body("mccs", List.of("5411")))));
        String abroad = ruleId(h.key(), body("name", "Two abroad in person, casinos aside", "type", "velocity_limit",
                "parameters", body("window", body("seconds", 3600), "countLimit", 2, "scope", "card", "filters",
                        body("excludedMccs", List.of("7995"), "countries", List.of("CO"), "channel", "in_person"))));

        approvedAt(h.key(), card, "2.00", shop());
        for (int i = 0; i < 3; i++) {
            approvedAt(h.key(), card, "2.00", restaurant());
        }
        assertThat(declinedBy(h.key(), assertDeclined(authorize(h.key(), card, "2.00"), "velocity_exceeded")))
                .isEqualTo(rule);
        approvedAt(h.key(), card, "2.00", restaurant());

        // the second rule: in-person purchases in CO count, casinos, online and US purchases do not
        Api.Resp casino = inPerson(h.key(), card, "2.00", casino());
        assertThat(casino.data().get("approved").asBoolean()).as(casino.toString()).isTrue();
        Api.Resp bogota = inPerson(h.key(), card, "2.00", merchant("Cafe Bogota", "5814", "CO"));
        assertThat(bogota.data().get("approved").asBoolean()).as(bogota.toString()).isTrue();
        assertThat(online(h.key(), card, "2.00", merchant("Cafe Bogota", "5814", "CO")).data().get("approved")
                .asBoolean()).isTrue();
        assertThat(inPerson(h.key(), card, "2.00", merchant("Cafe Bogota", "5814", "CO")).data().get("approved")
                .asBoolean()).isTrue();
        Api.Resp third = inPerson(h.key(), card, "2.00", merchant("Cafe Bogota", "5814", "CO"));
        assertThat(declinedBy(h.key(), assertDeclined(third, "velocity_exceeded"))).isEqualTo(abroad);
        assertThat(inPerson(h.key(), card, "2.00", merchant("Diner", "5814", "US")).data().get("approved")
                .asBoolean()).isTrue();

        assertBalance(h.key(), card, "80.00", "20.00", "100.00");
        assertLedgerBalanced();
    }

    @Test
    void declined_authorizations_do_not_count_in_a_window() {
        Holder h = newHolder();
        String card = fundedCard(h, "10.00");
        String block = ruleId(h.key(), mccBlock("7995"));
        String rule = ruleId(h.key(), body("name", "Two an hour", "type", "velocity_limit", "parameters",
                body("window", body("seconds", 3600), "countLimit", 2, "scope", "card")));

        assertDeclined(authorize(h.key(), card, "20.00"), "insufficient_funds");
        assertDeclined(authorize(h.key(), card, "20.00"), "insufficient_funds");
        assertThat(declinedBy(h.key(), assertDeclined(authorize(h.key(), card, "1.00", "USD", casino()), "auth_rule")))
                .isEqualTo(block);
        approvedAt(h.key(), card, "1.00", shop());
        approvedAt(h.key(), card, "1.00", shop());
        assertThat(declinedBy(h.key(), assertDeclined(authorize(h.key(), card, "1.00"), "velocity_exceeded")))
                .isEqualTo(rule);
        assertBalance(h.key(), card, "8.00", "2.00", "10.00");
        assertLedgerBalanced();
    }

    @Test
    void a_sliding_window_lets_purchases_through_again_once_it_has_passed() throws Exception {
        Holder h = newHolder();
        String card = fundedCard(h, "100.00");
        ruleId(h.key(), body("name", "One in 2 s", "type", "velocity_limit", "parameters",
                body("window", body("seconds", 2), "countLimit", 1, "scope", "card")));
        approvedAt(h.key(), card, "1.00", shop());
        assertDeclined(authorize(h.key(), card, "1.00"), "velocity_exceeded");
        // a 2-s window in 1-s slices forgets a purchase at most 3 s after it
        Thread.sleep(3_500);
        approvedAt(h.key(), card, "1.00", shop());
        assertDeclined(authorize(h.key(), card, "1.00"), "velocity_exceeded");
        assertBalance(h.key(), card, "98.00", "2.00", "100.00");
        assertLedgerBalanced();
    }
}
