package io.emboss.authorization;

import static org.assertj.core.api.Assertions.assertThat;

import io.emboss.support.Api;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * After the decision: capture (full, final partial, multi-capture, over-capture within tolerance), reverse,
 * increment, expire, refunds, force-posts within the overdraft bound, FX, and the records the API
 * reads (transactions with filters and pages, one authorization, the card's signed movements).
 * Every step is checked on the card's balance and the ledger's verification.
 */
class AuthorizationLifecycleTest extends AuthorizationTestBase {

    @Test
    void a_full_capture_posts_the_hold_and_only_once() {
        Holder h = newHolder();
        String card = fundedCard(h, "100.00");
        String auth = approved(h.key(), card, "40.00");

        Api.Resp captured = action(h.key(), auth, "capture", null);
        assertThat(captured.status()).as(captured.toString()).isEqualTo(200);
        assertThat(captured.text("status")).isEqualTo("completed");
        assertThat(captured.text("capturedAmount")).isEqualTo("40.00");
        assertThat(captured.text("heldAmount")).isEqualTo("0.00");
        assertThat(captured.data().get("captures").size()).isEqualTo(1);
        assertThat(captured.data().get("captures").get(0).get("amount").asString()).isEqualTo("40.00");
        assertBalance(h.key(), card, "60.00", "0.00", "60.00");

        Api.Resp again = action(h.key(), auth, "capture", null);
        assertThat(again.status()).as(again.toString()).isEqualTo(409);
        Api.Resp reverse = action(h.key(), auth, "reverse", null);
        assertThat(reverse.status()).as(reverse.toString()).isEqualTo(409);
        Api.Resp increment = action(h.key(), auth, "increment", body("amount", "1.00"));
        assertThat(increment.status()).as(increment.toString()).isEqualTo(409);
        assertBalance(h.key(), card, "60.00", "0.00", "60.00");

        List<JsonNode> updated = events(h.key(), "transaction.updated");
        assertThat(updated).hasSize(1);
        assertThat(updated.get(0).get("data").get("object").get("status").asString()).isEqualTo("completed");
        assertLedgerBalanced();
    }

    @Test
    void a_non_final_partial_capture_keeps_the_rest_held_and_a_second_capture_takes_it() {
        Holder h = newHolder();
        String card = fundedCard(h, "200.00");
        String auth = approved(h.key(), card, "100.00");

        Api.Resp first = action(h.key(), auth, "capture", body("amount", "40.00", "finalCapture", false));
        assertThat(first.status()).as(first.toString()).isEqualTo(200);
        assertThat(first.text("status")).isEqualTo("pending");
        assertThat(first.text("heldAmount")).isEqualTo("60.00");
        assertThat(first.text("capturedAmount")).isEqualTo("40.00");
        assertBalance(h.key(), card, "100.00", "60.00", "160.00");

        Api.Resp second = action(h.key(), auth, "capture", body("amount", "60.00", "finalCapture", false));
        assertThat(second.status()).as(second.toString()).isEqualTo(200);
        assertThat(second.text("status")).isEqualTo("completed");
        assertThat(second.text("capturedAmount")).isEqualTo("100.00");
        assertThat(second.text("heldAmount")).isEqualTo("0.00");
        assertBalance(h.key(), card, "100.00", "0.00", "100.00");

        JsonNode txn = api.get("/v1/transactions/" + second.text("id"), h.key()).data();
        List<String> captures = new ArrayList<>();
        txn.get("captures").forEach(c -> captures.add(c.get("amount").asString()));
        assertThat(captures).containsExactly("40.00", "60.00");
        assertThat(action(h.key(), auth, "capture", body("amount", "0.01")).status()).isEqualTo(409);
        assertLedgerBalanced();
    }

    @Test
    void a_partial_capture_is_final_by_default_and_releases_the_remainder_at_once() {
        Holder h = newHolder();
        String card = fundedCard(h, "100.00");
        String auth = approved(h.key(), card, "50.00");
        assertBalance(h.key(), card, "50.00", "50.00", "100.00");

        Api.Resp r = action(h.key(), auth, "capture", body("amount", "20.00"));
        assertThat(r.status()).as(r.toString()).isEqualTo(200);
        assertAuthorization(r.data(), "completed", "0.00", "20.00", "30.00");
        // the 30.00 left is available again at once, not when the hold window passes
        assertBalance(h.key(), card, "80.00", "0.00", "80.00");
        JsonNode listed = api.get("/v1/transactions?type=authorization&cardId=" + card, h.key()).data().get("items")
                .get(0);
        assertAuthorization(listed, "completed", "0.00", "20.00", "30.00");
        // the capture's event shows the release
        List<JsonNode> updated = events(h.key(), "transaction.updated");
        assertThat(updated).hasSize(1);
        assertAuthorization(updated.get(0).get("data").get("object"), "completed", "0.00", "20.00", "30.00");
        assertLedgerBalanced();

        // the authorization is closed: nothing more is captured, reversed, incremented or expired
        for (String verb : List.of("capture", "reverse", "expire")) {
            Api.Resp refused = action(h.key(), auth, verb, verb.equals("expire") ? null : body("amount", "1.00"));
            assertThat(refused.status()).as(verb + " " + refused).isEqualTo(409);
            assertThat(refused.errorCode()).isEqualTo("invalid_state");
        }
        Api.Resp whole = action(h.key(), auth, "capture", null);
        assertThat(whole.status()).as(whole.toString()).isEqualTo(409);
        assertThat(action(h.key(), auth, "increment", body("amount", "1.00")).status()).isEqualTo(409);
        assertBalance(h.key(), card, "80.00", "0.00", "80.00");
        assertThat(authorization(h.key(), auth).get("captures").size()).isEqualTo(1);
        assertThat(events(h.key(), "transaction.updated")).hasSize(1);
        // a refund still works, up to what was captured
        Api.Resp refund = api.post("/v1/simulate/refunds", h.key(), body("cardId", card, "amount", "20.00",
                "authorizationId", auth));
        assertThat(refund.status()).as(refund.toString()).isEqualTo(201);
        assertBalance(h.key(), card, "100.00", "0.00", "100.00");
        assertLedgerBalanced();
    }

    @Test
    void the_remainder_a_final_capture_releases_goes_back_to_the_daily_allowance() {
        Holder h = newHolder();
        String card = fundedCard(h, "100.00");
        setLimits(h.key(), card, "50.00", "50.00", "50.00");
        String auth = approved(h.key(), card, "50.00");
        assertDeclined(authorize(h.key(), card, "30.00"), "exceeds_daily_limit");
        assertThat(action(h.key(), auth, "capture", body("amount", "20.00")).status()).isEqualTo(200);
        // 20.00 spent today: the released 30.00 may be spent again, and not a cent more
        assertDeclined(authorize(h.key(), card, "30.01"), "exceeds_daily_limit");
        approved(h.key(), card, "30.00");
        assertBalance(h.key(), card, "50.00", "30.00", "80.00");
        assertLedgerBalanced();
    }

    @Test
    void multi_capture_keeps_the_rest_held_until_a_final_capture_releases_it() {
        Holder h = newHolder();
        String card = fundedCard(h, "200.00");
        String auth = approved(h.key(), card, "100.00");

        Api.Resp first = action(h.key(), auth, "capture", body("amount", "30.00", "finalCapture", false));
        assertThat(first.status()).as(first.toString()).isEqualTo(200);
        assertAuthorization(first.data(), "pending", "70.00", "30.00", "0.00");
        assertBalance(h.key(), card, "100.00", "70.00", "170.00");

        Api.Resp second = action(h.key(), auth, "capture", body("amount", "25.00", "finalCapture", false));
        assertThat(second.status()).as(second.toString()).isEqualTo(200);
        assertThat(second.text("heldAmount")).isEqualTo("45.00");
        assertBalance(h.key(), card, "100.00", "45.00", "145.00");

        // explicit true is the default: the last capture takes 15.00 and releases the 30.00 left
        Api.Resp last = action(h.key(), auth, "capture", body("amount", "15.00", "finalCapture", true));
        assertThat(last.status()).as(last.toString()).isEqualTo(200);
        assertAuthorization(last.data(), "completed", "0.00", "70.00", "30.00");
        assertThat(last.data().get("captures")).extracting(c -> c.get("amount").asString())
                .containsExactly("30.00", "25.00", "15.00");
        assertBalance(h.key(), card, "130.00", "0.00", "130.00");
        Api.Resp more = action(h.key(), auth, "capture", body("amount", "1.00", "finalCapture", false));
        assertThat(more.status()).as(more.toString()).isEqualTo(409);
        assertThat(more.errorCode()).isEqualTo("invalid_state");
        assertBalance(h.key(), card, "130.00", "0.00", "130.00");

        // a reversal of what a non-final capture left closes the authorization too
        String other = approved(h.key(), card, "40.00");
        assertThat(action(h.key(), other, "capture", body("amount", "10.00", "finalCapture", false)).status())
                .isEqualTo(200);
        Api.Resp rest = action(h.key(), other, "reverse", null);
        assertThat(rest.status()).as(rest.toString()).isEqualTo(200);
        assertAuthorization(rest.data(), "completed", "0.00", "10.00", "30.00");
        assertBalance(h.key(), card, "120.00", "0.00", "120.00");
        assertThat(action(h.key(), other, "capture", null).status()).isEqualTo(409);
        assertLedgerBalanced();
    }

    @Test
    void what_a_closed_card_holds_goes_back_to_the_wallet_when_it_is_released() {
        Holder h = newHolder();
        String card = fundedCard(h, "100.00");
        String reversed = approved(h.key(), card, "30.00");
        String captured = approved(h.key(), card, "20.00");
        String expired = approved(h.key(), card, "10.00");
        Api.Resp close = api.delete("/v1/cards/" + card, h.key());
        assertThat(close.status()).as(close.toString()).isEqualTo(200);
        assertThat(close.text("refundAmount")).isEqualTo("40.00");
        assertThat(walletAvailable(h.key(), h.customerId(), "USD")).isEqualTo("40.00");
        assertBalance(h.key(), card, "0.00", "60.00", "60.00");

        // the merchants may still settle or let go; whatever they let go is the customer's, not the closed card's
        assertThat(action(h.key(), reversed, "reverse", null).status()).isEqualTo(200);
        assertThat(action(h.key(), captured, "capture", body("amount", "15.00")).status()).isEqualTo(200);
        assertThat(action(h.key(), expired, "expire", null).status()).isEqualTo(200);
        assertBalance(h.key(), card, "0.00", "0.00", "0.00");
        assertThat(walletAvailable(h.key(), h.customerId(), "USD")).isEqualTo("85.00");
        JsonNode read = api.get("/v1/cards/" + card, h.key()).data();
        assertThat(read.get("status").asString()).isEqualTo("closed");
        assertThat(read.get("refundAmount").asString()).isEqualTo("85.00");
        List<JsonNode> returned = events(h.key(), "card.updated");
        assertThat(returned).extracting(e -> e.get("data").get("object").get("changeReason").asString())
                .containsOnly("hold_released_after_close").hasSize(3);
        assertThat(returned.get(0).get("data").get("object").get("refundAmount").asString()).isEqualTo("85.00");
        assertLedgerBalanced();
    }

    @Test
    void the_capture_flag_is_a_boolean_and_the_old_last_field_is_refused() {
        Holder h = newHolder();
        String card = fundedCard(h, "100.00");
        String auth = approved(h.key(), card, "50.00");
        for (Object bad : List.of("false", 0, "no")) {
            Api.Resp r = action(h.key(), auth, "capture", body("amount", "10.00", "finalCapture", bad));
            assertThat(r.status()).as(bad + " " + r).isEqualTo(400);
        }
        Api.Resp last = action(h.key(), auth, "capture", body("amount", "10.00", "last", true));
        assertThat(last.status()).as(last.toString()).isEqualTo(400);
        assertThat(last.body().get("data").get("fields").get("last").asString()).isEqualTo("is not a known field");
        JsonNode unchanged = authorization(h.key(), auth);
        assertThat(unchanged.get("heldAmount").asString()).isEqualTo("50.00");
        assertThat(unchanged.get("captures").size()).isZero();
        assertBalance(h.key(), card, "50.00", "50.00", "100.00");
        assertLedgerBalanced();
    }

    @Test
    void over_capture_is_allowed_within_fifteen_percent_and_refused_above() {
        Holder h = newHolder();
        String card = fundedCard(h, "300.00");
        String tip = approved(h.key(), card, "100.00");
        Api.Resp within = action(h.key(), tip, "capture", body("amount", "115.00"));
        assertThat(within.status()).as(within.toString()).isEqualTo(200);
        assertThat(within.text("status")).isEqualTo("completed");
        assertThat(within.text("capturedAmount")).isEqualTo("115.00");
        assertBalance(h.key(), card, "185.00", "0.00", "185.00");

        String other = approved(h.key(), card, "100.00");
        Api.Resp above = action(h.key(), other, "capture", body("amount", "115.01"));
        assertThat(above.status()).as(above.toString()).isEqualTo(409);
        assertThat(above.errorCode()).isEqualTo("amount_exceeds_authorization");
        JsonNode unchanged = authorization(h.key(), other);
        assertThat(unchanged.get("status").asString()).isEqualTo("pending");
        assertThat(unchanged.get("heldAmount").asString()).isEqualTo("100.00");
        assertThat(unchanged.get("captures").size()).isZero();
        assertBalance(h.key(), card, "85.00", "100.00", "185.00");

        Api.Resp zero = action(h.key(), other, "capture", body("amount", "0.00"));
        assertThat(zero.status()).as(zero.toString()).isEqualTo(400);
        Api.Resp negative = action(h.key(), other, "capture", body("amount", "-1.00"));
        assertThat(negative.status()).as(negative.toString()).isEqualTo(400);
        assertBalance(h.key(), card, "85.00", "100.00", "185.00");
        assertLedgerBalanced();
    }

    @Test
    void an_over_capture_within_tolerance_needs_the_funds_for_the_excess() {
        // docs/authorizations.md: over-capture within the tolerance "is allowed if the card has the funds"
        Holder h = newHolder();
        String card = fundedCard(h, "105.00");
        String auth = approved(h.key(), card, "100.00");
        Api.Resp short_ = action(h.key(), auth, "capture", body("amount", "110.00"));
        assertThat(short_.status()).as(short_.toString()).isEqualTo(409);
        assertThat(short_.errorCode()).isEqualTo("insufficient_funds");
        JsonNode unchanged = authorization(h.key(), auth);
        assertThat(unchanged.get("heldAmount").asString()).isEqualTo("100.00");
        assertThat(unchanged.get("captures").size()).isZero();
        assertBalance(h.key(), card, "5.00", "100.00", "105.00");

        Api.Resp covered = action(h.key(), auth, "capture", body("amount", "105.00"));
        assertThat(covered.status()).as(covered.toString()).isEqualTo(200);
        assertThat(covered.text("capturedAmount")).isEqualTo("105.00");
        assertBalance(h.key(), card, "0.00", "0.00", "0.00");
        assertLedgerBalanced();
    }

    @Test
    void declined_reversed_expired_and_unknown_authorizations_cannot_be_captured() {
        Holder h = newHolder();
        String card = fundedCard(h, "100.00");
        Api.Resp declined = assertDeclined(authorize(h.key(), card, "500.00"), "insufficient_funds");
        String reversed = approved(h.key(), card, "10.00");
        assertThat(action(h.key(), reversed, "reverse", null).status()).isEqualTo(200);
        String expired = approved(h.key(), card, "20.00");
        Api.Resp expire = action(h.key(), expired, "expire", null);
        assertThat(expire.status()).as(expire.toString()).isEqualTo(200);
        assertThat(expire.text("status")).isEqualTo("expired");
        assertThat(expire.text("heldAmount")).isEqualTo("0.00");

        for (String id : List.of(declined.text("id"), reversed, expired)) {
            for (String verb : List.of("capture", "reverse", "expire")) {
                Api.Resp r = action(h.key(), id, verb, null);
                assertThat(r.status()).as(verb + " " + id + " " + r).isEqualTo(409);
            }
            Api.Resp inc = action(h.key(), id, "increment", body("amount", "1.00"));
            assertThat(inc.status()).as(inc.toString()).isEqualTo(409);
        }
        Api.Resp unknown = action(h.key(), "auth_nope", "capture", null);
        assertThat(unknown.status()).as(unknown.toString()).isEqualTo(404);
        // another tenant cannot touch it
        Holder other = newHolder();
        String live = approved(h.key(), card, "5.00");
        assertThat(action(other.key(), live, "capture", null).status()).isEqualTo(404);
        assertThat(api.get("/v1/authorizations/" + live, other.key()).status()).isEqualTo(404);

        assertThat(authorization(h.key(), reversed).get("status").asString()).isEqualTo("reversed");
        assertThat(authorization(h.key(), expired).get("status").asString()).isEqualTo("expired");
        assertThat(authorization(h.key(), declined.text("id")).get("status").asString()).isEqualTo("declined");
        assertBalance(h.key(), card, "95.00", "5.00", "100.00");
        assertLedgerBalanced();
    }

    @Test
    void reversals_release_all_or_part_of_the_hold() {
        Holder h = newHolder();
        String card = fundedCard(h, "100.00");
        String full = approved(h.key(), card, "25.00");
        Api.Resp r = action(h.key(), full, "reverse", null);
        assertThat(r.status()).as(r.toString()).isEqualTo(200);
        assertThat(r.text("status")).isEqualTo("reversed");
        assertThat(r.text("reversedAmount")).isEqualTo("25.00");
        assertBalance(h.key(), card, "100.00", "0.00", "100.00");

        String part = approved(h.key(), card, "100.00");
        Api.Resp p = action(h.key(), part, "reverse", body("amount", "30.00"));
        assertThat(p.status()).as(p.toString()).isEqualTo(200);
        assertThat(p.text("status")).isEqualTo("pending");
        assertThat(p.text("heldAmount")).isEqualTo("70.00");
        assertThat(p.text("reversedAmount")).isEqualTo("30.00");
        assertBalance(h.key(), card, "30.00", "70.00", "100.00");

        Api.Resp tooMuch = action(h.key(), part, "reverse", body("amount", "70.01"));
        assertThat(tooMuch.status()).as(tooMuch.toString()).isEqualTo(409);
        assertBalance(h.key(), card, "30.00", "70.00", "100.00");

        Api.Resp capture = action(h.key(), part, "capture", null);
        assertThat(capture.status()).as(capture.toString()).isEqualTo(200);
        assertThat(capture.text("capturedAmount")).isEqualTo("70.00");
        assertThat(capture.text("status")).isEqualTo("completed");
        assertBalance(h.key(), card, "30.00", "0.00", "30.00");
        assertThat(action(h.key(), part, "reverse", null).status()).isEqualTo(409);
        assertLedgerBalanced();
    }

    @Test
    void an_increment_raises_the_hold_when_the_card_can_cover_it() {
        Holder h = newHolder();
        String card = fundedCard(h, "100.00");
        String auth = approved(h.key(), card, "50.00");
        Api.Resp inc = action(h.key(), auth, "increment", body("amount", "20.00"));
        assertThat(inc.status()).as(inc.toString()).isEqualTo(200);
        assertThat(inc.text("heldAmount")).isEqualTo("70.00");
        assertThat(inc.text("amount")).isEqualTo("70.00");
        assertThat(inc.text("status")).isEqualTo("pending");
        assertBalance(h.key(), card, "30.00", "70.00", "100.00");

        Api.Resp tooMuch = action(h.key(), auth, "increment", body("amount", "30.01"));
        assertThat(tooMuch.status()).as(tooMuch.toString()).isEqualTo(409);
        assertThat(tooMuch.errorCode()).isEqualTo("insufficient_funds");
        JsonNode unchanged = authorization(h.key(), auth);
        assertThat(unchanged.get("heldAmount").asString()).isEqualTo("70.00");
        assertThat(unchanged.get("amount").asString()).isEqualTo("70.00");
        assertBalance(h.key(), card, "30.00", "70.00", "100.00");
        assertThat(action(h.key(), auth, "increment", null).status()).isEqualTo(400);
        assertThat(action(h.key(), auth, "increment", body("amount", "0")).status()).isEqualTo(400);

        Api.Resp captured = action(h.key(), auth, "capture", null);
        assertThat(captured.text("capturedAmount")).isEqualTo("70.00");
        assertBalance(h.key(), card, "30.00", "0.00", "30.00");
        assertLedgerBalanced();
    }

    @Test
    void the_sandbox_expiry_releases_the_hold() {
        Holder h = newHolder();
        String card = fundedCard(h, "60.00");
        String auth = approved(h.key(), card, "45.00");
        assertBalance(h.key(), card, "15.00", "45.00", "60.00");
        Api.Resp r = action(h.key(), auth, "expire", null);
        assertThat(r.status()).as(r.toString()).isEqualTo(200);
        assertThat(r.text("status")).isEqualTo("expired");
        assertBalance(h.key(), card, "60.00", "0.00", "60.00");
        assertThat(events(h.key(), "transaction.updated").get(0).get("data").get("object").get("status").asString())
                .isEqualTo("expired");
        // the released amount can be spent again, the daily allowance included
        setLimits(h.key(), card, "60.00", "60.00", "60.00");
        approved(h.key(), card, "60.00");
        assertBalance(h.key(), card, "0.00", "60.00", "60.00");
        assertLedgerBalanced();
    }

    @Test
    void refunds_credit_the_card_linked_up_to_what_was_captured_or_unlinked() {
        Holder h = newHolder();
        String card = fundedCard(h, "100.00");
        String auth = approved(h.key(), card, "80.00");
        Api.Resp notCaptured = api.post("/v1/simulate/refunds", h.key(), body("cardId", card, "amount", "1.00",
                "authorizationId", auth));
        assertThat(notCaptured.status()).as(notCaptured.toString()).isEqualTo(409);
        assertThat(action(h.key(), auth, "capture", null).status()).isEqualTo(200);
        assertBalance(h.key(), card, "20.00", "0.00", "20.00");
        String original = authorization(h.key(), auth).get("id").asString();

        Api.Resp first = api.post("/v1/simulate/refunds", h.key(), body("cardId", card, "amount", "30.00",
                "authorizationId", auth));
        assertThat(first.status()).as(first.toString()).isEqualTo(201);
        assertThat(first.text("type")).isEqualTo("refund");
        assertThat(first.text("status")).isEqualTo("completed");
        assertThat(first.text("originalTransactionId")).isEqualTo(original);
        assertThat(first.data().get("merchant").get("name").asString()).isEqualTo("Corner Shop");
        assertBalance(h.key(), card, "50.00", "0.00", "50.00");

        Api.Resp over = api.post("/v1/simulate/refunds", h.key(), body("cardId", card, "amount", "50.01",
                "authorizationId", auth));
        assertThat(over.status()).as(over.toString()).isEqualTo(409);
        assertThat(over.errorCode()).isEqualTo("amount_exceeds_authorization");
        assertBalance(h.key(), card, "50.00", "0.00", "50.00");

        Api.Resp rest = api.post("/v1/simulate/refunds", h.key(), body("cardId", card, "amount", "50.00",
                "authorizationId", auth));
        assertThat(rest.status()).as(rest.toString()).isEqualTo(201);
        assertThat(authorization(h.key(), auth).get("refundedAmount").asString()).isEqualTo("80.00");
        assertThat(api.post("/v1/simulate/refunds", h.key(), body("cardId", card, "amount", "0.01",
                "authorizationId", auth)).status()).isEqualTo(409);
        assertBalance(h.key(), card, "100.00", "0.00", "100.00");

        Api.Resp unlinked = api.post("/v1/simulate/refunds", h.key(), body("cardId", card, "amount", "7.50",
                "merchant", AuthorizationTestBase.merchant("Returns Desk", "5311", "US")));
        assertThat(unlinked.status()).as(unlinked.toString()).isEqualTo(201);
        assertThat(unlinked.data().get("originalTransactionId").isNull()).isTrue();
        assertBalance(h.key(), card, "107.50", "0.00", "107.50");

        // a refund naming another card's authorization, or nonsense, changes nothing
        String otherCard = fundedCard(h, "10.00");
        Api.Resp wrongCard = api.post("/v1/simulate/refunds", h.key(), body("cardId", otherCard, "amount", "1.00",
                "authorizationId", auth));
        assertThat(wrongCard.status()).as(wrongCard.toString()).isEqualTo(404);
        assertThat(api.post("/v1/simulate/refunds", h.key(), body("cardId", card, "amount", "0.00")).status())
                .isEqualTo(400);
        assertThat(api.post("/v1/simulate/refunds", h.key(), body("cardId", "card_nope", "amount", "1.00")).status())
                .isEqualTo(404);
        assertBalance(h.key(), otherCard, "10.00", "0.00", "10.00");
        assertBalance(h.key(), card, "107.50", "0.00", "107.50");
        assertThat(events(h.key(), "transaction.created")).hasSize(3);
        assertLedgerBalanced();
    }

    @Test
    void a_force_post_may_overdraw_the_card_only_down_to_the_bound() {
        Holder h = newHolder();
        String card = fundedCard(h, "20.00");
        Api.Resp post = api.post("/v1/simulate/force-posts", h.key(), body("cardId", card, "amount", "70.00",
                "merchant", AuthorizationTestBase.merchant("Airline", "4511", "US"), "networkReference", "NR-1"));
        assertThat(post.status()).as(post.toString()).isEqualTo(201);
        assertThat(post.text("type")).isEqualTo("force_post");
        assertThat(post.text("status")).isEqualTo("completed");
        assertThat(post.text("capturedAmount")).isEqualTo("70.00");
        assertBalance(h.key(), card, "-50.00", "0.00", "-50.00");
        assertLedgerBalanced();

        Api.Resp beyond = api.post("/v1/simulate/force-posts", h.key(), body("cardId", card, "amount", "0.01",
                "merchant", shop()));
        assertThat(beyond.status()).as(beyond.toString()).isEqualTo(409);
        assertThat(beyond.errorCode()).isEqualTo("insufficient_funds");
        assertBalance(h.key(), card, "-50.00", "0.00", "-50.00");
        // an overdrawn card authorizes nothing
        assertDeclined(authorize(h.key(), card, "0.01"), "insufficient_funds");

        // a second card: one force-post straight past the bound is refused whole
        String other = fundedCard(h, "20.00");
        Api.Resp past = api.post("/v1/simulate/force-posts", h.key(), body("cardId", other, "amount", "70.01",
                "merchant", shop()));
        assertThat(past.status()).as(past.toString()).isEqualTo(409);
        assertBalance(h.key(), other, "20.00", "0.00", "20.00");
        assertThat(api.get("/v1/transactions?type=force_post", h.key()).data().get("items").size()).isEqualTo(1);
        assertThat(api.post("/v1/simulate/force-posts", h.key(), body("cardId", other, "amount", "1.00")).status())
                .isEqualTo(400);

        // a refund brings the overdrawn card back
        assertThat(api.post("/v1/simulate/refunds", h.key(), body("cardId", card, "amount", "60.00")).status())
                .isEqualTo(201);
        assertBalance(h.key(), card, "10.00", "0.00", "10.00");
        assertLedgerBalanced();
    }

    @Test
    void a_purchase_in_euros_converts_at_the_configured_rate_with_the_fx_fee() {
        Holder h = newHolder();
        String card = fundedCard(h, "100.00");
        Api.Resp r = authorize(h.key(), card, "10.00", "EUR", AuthorizationTestBase.merchant("Cafe de Flore", "5812",
                "FR"));
        assertThat(r.status()).as(r.toString()).isEqualTo(201);
        assertThat(r.data().get("approved").asBoolean()).as(r.toString()).isTrue();
        // 10.00 EUR × 1.08 = 10.80 USD, plus 2 % (0.216 → 0.22)
        assertThat(r.text("amount")).isEqualTo("11.02");
        assertThat(r.text("currency")).isEqualTo("USD");
        assertBalance(h.key(), card, "88.98", "11.02", "100.00");

        JsonNode t = api.get("/v1/transactions/" + r.text("transactionId"), h.key()).data();
        assertThat(t.get("amount").asString()).isEqualTo("11.02");
        assertThat(t.get("currency").asString()).isEqualTo("USD");
        assertThat(t.get("merchantAmount").asString()).isEqualTo("10.00");
        assertThat(t.get("merchantCurrency").asString()).isEqualTo("EUR");
        assertThat(t.get("fxFee").asString()).isEqualTo("0.22");

        assertThat(action(h.key(), r.text("id"), "capture", null).status()).isEqualTo(200);
        assertBalance(h.key(), card, "88.98", "0.00", "88.98");
        JsonNode movements = api.get("/v1/cards/" + card + "/movements", h.key()).data();
        assertThat(movements.get("items").get(0).get("amount").asString()).isEqualTo("-11.02");
        assertLedgerBalanced();
    }

    @Test
    void movements_are_signed_and_newest_first() {
        Holder h = newHolder();
        String card = fundedCard(h, "100.00");
        String a = approved(h.key(), card, "40.00");
        assertThat(action(h.key(), a, "capture", body("amount", "30.00")).status()).isEqualTo(200);
        approved(h.key(), card, "5.00"); // held only: not a movement
        assertThat(api.post("/v1/simulate/refunds", h.key(), body("cardId", card, "amount", "12.50",
                "authorizationId", a)).status()).isEqualTo(201);

        Api.Resp r = api.get("/v1/cards/" + card + "/movements", h.key());
        assertThat(r.status()).as(r.toString()).isEqualTo(200);
        JsonNode items = r.data().get("items");
        assertThat(items.size()).isEqualTo(3);
        assertThat(items.get(0).get("amount").asString()).isEqualTo("12.50");
        assertThat(items.get(0).get("description").asString()).isEqualTo("Refund");
        assertThat(items.get(1).get("amount").asString()).isEqualTo("-30.00");
        assertThat(items.get(1).get("description").asString()).isEqualTo("Purchase");
        assertThat(items.get(2).get("amount").asString()).isEqualTo("100.00");
        assertThat(items.get(2).get("description").asString()).isEqualTo("Initial balance");
        for (JsonNode m : items) {
            assertThat(m.get("id").asString()).isNotBlank();
            assertThat(m.get("date").asString()).isNotBlank();
        }
        // the sum of the movements is the posted balance
        assertBalance(h.key(), card, "77.50", "5.00", "82.50");

        Api.Resp page1 = api.get("/v1/cards/" + card + "/movements?limit=2", h.key());
        assertThat(page1.data().get("hasMore").asBoolean()).isTrue();
        Api.Resp page2 = api.get("/v1/cards/" + card + "/movements?limit=2&startingAfter="
                + page1.data().get("nextCursor").asString(), h.key());
        assertThat(page2.data().get("items").size()).isEqualTo(1);
        assertThat(page2.data().get("items").get(0).get("amount").asString()).isEqualTo("100.00");
        assertThat(page2.data().get("hasMore").asBoolean()).isFalse();
        assertThat(api.get("/v1/cards/" + card + "/movements?startingAfter=tr_nope", h.key()).status())
                .isEqualTo(400);
        assertThat(api.get("/v1/cards/card_nope/movements", h.key()).status()).isEqualTo(404);
        assertLedgerBalanced();
    }

    @Test
    void the_transaction_list_filters_and_pages() throws Exception {
        Holder h = newHolder();
        String other = newApprovedCustomer(h.key());
        String cardA = fundedCard(h, "500.00");
        String cardB = fundedCard(new Holder(h.tenant(), h.key(), other), "100.00");

        String coffee = approved(h.key(), cardA, "4.50"); // Corner Shop
        Api.Resp blue = authorize(h.key(), cardA, "3.20", "USD", AuthorizationTestBase.merchant("Blue Bottle COFFEE",
                "5814", "US"));
        assertThat(blue.data().get("approved").asBoolean()).isTrue();
        assertThat(action(h.key(), blue.text("id"), "capture", null).status()).isEqualTo(200);
        Api.Resp middle = authorize(h.key(), cardB, "20.00", "USD", AuthorizationTestBase.merchant("Bookstore",
                "5942", "US"));
        String middleTxn = middle.text("transactionId");
        Thread.sleep(5); // distinct createdAt for the from/to bounds
        assertDeclined(authorize(h.key(), cardB, "1000.00", "USD", AuthorizationTestBase.merchant("Coffee Palace",
                "5814", "US")), "insufficient_funds");
        assertThat(action(h.key(), blue.text("id"), "capture", null).status()).isEqualTo(409);
        Api.Resp refund = api.post("/v1/simulate/refunds", h.key(), body("cardId", cardA, "amount", "1.00",
                "authorizationId", blue.text("id")));
        assertThat(refund.status()).isEqualTo(201);
        assertThat(api.post("/v1/simulate/force-posts", h.key(), body("cardId", cardB, "amount", "2.00",
                "merchant", shop())).status()).isEqualTo(201);
        assertThat(coffee).isNotNull();

        // each funded card's initial balance is a completed top-up too, listed first (issue 12 item 12c)
        List<String> all = ids(h.key(), "");
        assertThat(all).hasSize(8);
        assertThat(ids(h.key(), "cardId=" + cardA)).hasSize(4);
        assertThat(ids(h.key(), "cardId=" + cardB)).hasSize(4);
        assertThat(ids(h.key(), "customerId=" + other)).hasSize(4);
        assertThat(ids(h.key(), "customerId=" + h.customerId())).hasSize(4);
        assertThat(ids(h.key(), "type=topup")).hasSize(2);
        assertThat(ids(h.key(), "type=refund")).containsExactly(refund.text("id"));
        assertThat(ids(h.key(), "type=force_post")).hasSize(1);
        assertThat(ids(h.key(), "type=authorization")).hasSize(4);
        assertThat(ids(h.key(), "status=declined")).hasSize(1);
        assertThat(ids(h.key(), "status=pending")).hasSize(2);
        assertThat(ids(h.key(), "status=completed")).hasSize(5);
        assertThat(ids(h.key(), "status=reversed")).isEmpty();
        // case-insensitive, and the linked refund carries the original's merchant
        assertThat(ids(h.key(), "search=coffee")).hasSize(3).contains(refund.text("id"), blue.text("transactionId"));
        assertThat(ids(h.key(), "search=coffee&status=declined")).hasSize(1);
        assertThat(ids(h.key(), "search=100%25")).isEmpty();
        assertThat(ids(h.key(), "type=authorization&cardId=" + cardB + "&status=pending"))
                .containsExactly(middleTxn);

        String at = api.get("/v1/transactions/" + middleTxn, h.key()).data().get("createdAt").asString();
        List<String> from = ids(h.key(), "from=" + at);
        List<String> to = ids(h.key(), "to=" + at);
        assertThat(from).hasSize(4).contains(middleTxn);
        assertThat(to).hasSize(5).contains(middleTxn);
        assertThat(ids(h.key(), "from=2000-01-01T00:00:00Z&to=2000-01-02T00:00:00Z")).isEmpty();

        // pages of two: newest first, every transaction exactly once
        List<String> paged = new ArrayList<>();
        String cursor = null;
        int pages = 0;
        do {
            Api.Resp p = api.get("/v1/transactions?limit=2" + (cursor == null ? "" : "&startingAfter=" + cursor),
                    h.key());
            assertThat(p.status()).as(p.toString()).isEqualTo(200);
            p.data().get("items").forEach(t -> paged.add(t.get("id").asString()));
            cursor = p.data().get("hasMore").asBoolean() ? p.data().get("nextCursor").asString() : null;
            pages++;
        } while (cursor != null);
        assertThat(pages).isEqualTo(4);
        assertThat(paged).isEqualTo(all);
        assertThat(new HashSet<>(paged)).hasSize(8);
        assertThat(all.get(0)).isNotEqualTo(middleTxn);

        for (String bad : List.of("status=bogus", "type=purchase", "from=yesterday", "limit=0", "limit=101",
                "startingAfter=txn_nope")) {
            Api.Resp r = api.get("/v1/transactions?" + bad, h.key());
            assertThat(r.status()).as(bad + " " + r).isEqualTo(400);
        }
        // dates PostgreSQL cannot hold are a 400 naming the field, not a 500
        for (String field : List.of("from", "to")) {
            for (String date : List.of("%2B300000-01-01T00:00:00Z", "1969-12-31T23:59:59Z",
                    "%2B1000000000-12-31T23:59:59Z", "-290000-01-01T00:00:00Z")) {
                Api.Resp r = api.get("/v1/transactions?" + field + "=" + date, h.key());
                assertThat(r.status()).as(field + "=" + date + " " + r).isEqualTo(400);
                assertThat(r.body().get("data").get("fields").get(field).asString())
                        .isEqualTo("must be a date in the years 1970 to 9999");
            }
        }
        assertThat(ids(h.key(), "from=1970-01-01T00:00:00Z&to=9999-12-31T23:59:59Z")).isEqualTo(all);
        // another tenant sees none of them
        Holder stranger = newHolder();
        assertThat(ids(stranger.key(), "")).isEmpty();
        assertThat(api.get("/v1/transactions/" + middleTxn, stranger.key()).status()).isEqualTo(404);
        Set<String> seen = new HashSet<>(ids(stranger.key(), "cardId=" + cardA));
        assertThat(seen).isEmpty();
        assertLedgerBalanced();
    }

    @Test
    void top_ups_and_withdrawals_are_in_the_cards_history_with_its_customer() {
        Holder h = newHolder();
        String card = fundedCard(h, "100.00");
        deposit(h.key(), h.customerId(), "USD", "50.00");
        Api.Resp topup = api.post("/v1/cards/" + card + "/topups", h.key(), body("amount", "20.00"));
        assertThat(topup.status()).as(topup.toString()).isEqualTo(201);
        Api.Resp withdrawal = api.post("/v1/cards/" + card + "/withdrawals", h.key(), body("amount", "10.00"));
        assertThat(withdrawal.status()).as(withdrawal.toString()).isEqualTo(201);
        assertBalance(h.key(), card, "110.00", "0.00", "110.00");

        List<String> types = new ArrayList<>();
        Api.Resp all = api.get("/v1/transactions?cardId=" + card, h.key());
        all.data().get("items").forEach(t -> types.add(t.get("type").asString()));
        // the card's initial load is a top-up too (issue 12 item 12c)
        assertThat(types).containsExactly("withdrawal", "topup", "topup");
        assertThat(all.data().get("items").get(2).get("description").asString()).isEqualTo("Initial balance");
        for (JsonNode t : all.data().get("items")) {
            assertThat(t.get("status").asString()).isEqualTo("completed");
            assertThat(t.get("customerId").asString()).as(t.toString()).isEqualTo(h.customerId());
        }
        assertThat(ids(h.key(), "customerId=" + h.customerId())).hasSize(3);
        assertThat(ids(h.key(), "type=withdrawal")).hasSize(1);

        JsonNode movements = api.get("/v1/cards/" + card + "/movements", h.key()).data().get("items");
        assertThat(movements.get(0).get("amount").asString()).isEqualTo("-10.00");
        assertThat(movements.get(0).get("description").asString()).isEqualTo("Withdrawal to wallet");
        assertThat(movements.get(1).get("amount").asString()).isEqualTo("20.00");
        assertThat(movements.get(1).get("description").asString()).isEqualTo("Top-up");
        assertLedgerBalanced();
    }

    @Test
    void an_increment_respects_the_cards_limits() {
        Holder h = newHolder();
        String card = fundedCard(h, "500.00");
        setLimits(h.key(), card, "50.00", "80.00", "1000.00");
        String auth = approved(h.key(), card, "40.00");
        Api.Resp perTransaction = action(h.key(), auth, "increment", body("amount", "10.01"));
        assertThat(perTransaction.status()).as(perTransaction.toString()).isEqualTo(409);
        assertThat(perTransaction.errorCode()).isEqualTo("exceeds_transaction_limit");
        assertThat(action(h.key(), auth, "increment", body("amount", "10.00")).status()).isEqualTo(200);
        String other = approved(h.key(), card, "30.00");
        Api.Resp daily = action(h.key(), other, "increment", body("amount", "0.01"));
        assertThat(daily.status()).as(daily.toString()).isEqualTo(409);
        assertThat(daily.errorCode()).isEqualTo("exceeds_daily_limit");
        assertBalance(h.key(), card, "420.00", "80.00", "500.00");
        // a reversal of the incremented authorization frees its whole amount for the day
        assertThat(action(h.key(), auth, "reverse", null).status()).isEqualTo(200);
        assertThat(action(h.key(), other, "increment", body("amount", "20.00")).status()).isEqualTo(200);
        approved(h.key(), card, "30.00");
        assertDeclined(authorize(h.key(), card, "0.01"), "exceeds_daily_limit");
        assertBalance(h.key(), card, "420.00", "80.00", "500.00");
        assertLedgerBalanced();
    }

    private List<String> ids(String key, String query) {
        Api.Resp r = api.get("/v1/transactions?limit=100&" + query, key);
        assertThat(r.status()).as(query + " " + r).isEqualTo(200);
        List<String> out = new ArrayList<>();
        r.data().get("items").forEach(t -> out.add(t.get("id").asString()));
        return out;
    }
}
