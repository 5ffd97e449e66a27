package io.emboss.authorization;

import static org.assertj.core.api.Assertions.assertThat;

import io.emboss.cards.CardVerificationValue;
import io.emboss.support.Api;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * The sandbox simulator's decisions through the one engine: an approval places a hold; every
 * decline reason the engine knows (but the webhook's) is produced by a real card in the state
 * that causes it, changes no balance, is listed among declined transactions and fires
 * authorization.declined; bad input is a 400, live keys a 403, another tenant's card is unknown.
 */
class AuthorizationDecisionTest extends AuthorizationTestBase {
    private static final String TEST_CVK = "0123456789ABCDEFFEDCBA9876543210";

    @Test
    void an_approval_holds_the_amount_and_fires_authorization_created() {
        Holder h = newHolder();
        String card = fundedCard(h, "100.00");

        Api.Resp r = authorize(h.key(), card, "42.10");
        assertThat(r.status()).as(r.toString()).isEqualTo(201);
        assertThat(r.data().get("approved").asBoolean()).isTrue();
        assertThat(r.text("id")).startsWith("auth_");
        assertThat(r.text("transactionId")).startsWith("txn_");
        assertThat(r.text("status")).isEqualTo("pending");
        assertThat(r.text("authCode")).matches("\\d{6}");
        assertThat(r.data().get("declineReason").isNull()).isTrue();
        assertThat(r.text("amount")).isEqualTo("42.10");
        assertThat(r.text("cardId")).isEqualTo(card);
        assertBalance(h.key(), card, "57.90", "42.10", "100.00");

        JsonNode auth = authorization(h.key(), r.text("id"));
        assertThat(auth.get("id").asString()).isEqualTo(r.text("transactionId"));
        assertThat(auth.get("status").asString()).isEqualTo("pending");
        assertThat(auth.get("type").asString()).isEqualTo("authorization");
        assertThat(auth.get("heldAmount").asString()).isEqualTo("42.10");
        assertThat(auth.get("capturedAmount").asString()).isEqualTo("0.00");
        assertThat(auth.get("customerId").asString()).isEqualTo(h.customerId());
        assertThat(auth.get("merchant").get("name").asString()).isEqualTo("Corner Shop");
        assertThat(auth.get("merchant").get("mcc").asString()).isEqualTo("5411");
        assertThat(auth.get("merchant").get("country").asString()).isEqualTo("US");
        assertThat(auth.get("channel").asString()).isEqualTo("online");
        assertThat(auth.get("captures").size()).isZero();

        List<JsonNode> created = events(h.key(), "authorization.created");
        assertThat(created).hasSize(1);
        JsonNode object = created.get(0).get("data").get("object");
        assertThat(object.get("id").asString()).isEqualTo(r.text("transactionId"));
        assertThat(object.get("amount").asString()).isEqualTo("42.10");
        assertThat(object.get("status").asString()).isEqualTo("pending");
        assertThat(events(h.key(), "authorization.declined")).isEmpty();
        assertLedgerBalanced();
    }

    @Test
    void an_unknown_card_or_number_is_invalid_card_not_an_error() {
        Holder h = newHolder();
        String card = fundedCard(h, "50.00");
        JsonNode details = api.get("/v1/cards/" + card + "/details", h.key()).data();
        String pan = details.get("number").asString();

        assertDeclined(authorize(h.key(), "card_doesnotexist", "10.00"), "invalid_card");
        // a Luhn-valid number no card has: change one digit and fix the check digit
        String unknown = withCheckDigit(pan.substring(0, 14) + ((pan.charAt(14) - '0' + 1) % 10));
        assertThat(unknown).isNotEqualTo(pan);
        assertDeclined(byPan(h.key(), unknown, details.get("expiryMonth").asInt(), details.get("expiryYear").asInt(),
                null, "10.00"), "invalid_card");
        // the real number with a wrong last digit fails Luhn
        String badLuhn = pan.substring(0, 15) + ((pan.charAt(15) - '0' + 1) % 10);
        assertDeclined(byPan(h.key(), badLuhn, details.get("expiryMonth").asInt(), details.get("expiryYear").asInt(),
                null, "10.00"), "invalid_card");

        assertBalance(h.key(), card, "50.00", "0.00", "50.00");
        List<JsonNode> declined = listed(h.key(), "status=declined");
        assertThat(declined).hasSize(3);
        for (JsonNode t : declined) {
            assertThat(t.get("declineReason").asString()).isEqualTo("invalid_card");
            assertThat(t.get("approved").asBoolean()).isFalse();
            assertThat(t.get("heldAmount").asString()).isEqualTo("0.00");
        }
        assertThat(events(h.key(), "authorization.declined")).hasSize(3);
        assertLedgerBalanced();
    }

    @Test
    void by_number_the_expiry_and_cvv_are_checked() {
        Holder h = newHolder();
        String card = fundedCard(h, "100.00");
        JsonNode details = api.get("/v1/cards/" + card + "/details", h.key()).data();
        String pan = details.get("number").asString();
        int month = details.get("expiryMonth").asInt();
        int year = details.get("expiryYear").asInt();
        String cvv = details.get("cvv").asString();
        // the CVV2 the card shows is the one the test CVK computes (Visa's method)
        assertThat(CardVerificationValue.cvv2(HexFormat.of().parseHex(TEST_CVK), pan,
                String.format("%02d%02d", year % 100, month))).isEqualTo(cvv);
        String wrongCvv = String.format("%03d", (Integer.parseInt(cvv) + 1) % 1000);

        assertDeclined(byPan(h.key(), pan, month % 12 + 1, year, cvv, "10.00"), "invalid_expiry");
        assertDeclined(byPan(h.key(), pan, month, year + 1, cvv, "10.00"), "invalid_expiry");
        assertDeclined(byPan(h.key(), pan, month, year, wrongCvv, "10.00"), "invalid_cvv");
        assertBalance(h.key(), card, "100.00", "0.00", "100.00");

        Api.Resp ok = byPan(h.key(), pan, month, year, cvv, "10.00");
        assertThat(ok.data().get("approved").asBoolean()).as(ok.toString()).isTrue();
        assertThat(ok.text("cardId")).isEqualTo(card);
        Api.Resp noCvv = byPan(h.key(), pan, month, year, null, "5.00");
        assertThat(noCvv.data().get("approved").asBoolean()).as(noCvv.toString()).isTrue();
        assertBalance(h.key(), card, "85.00", "15.00", "100.00");

        List<String> reasons = new ArrayList<>();
        listed(h.key(), "status=declined&cardId=" + card).forEach(t -> reasons.add(t.get("declineReason").asString()));
        assertThat(reasons).containsExactly("invalid_cvv", "invalid_expiry", "invalid_expiry");
        assertLedgerBalanced();
    }

    @Test
    void inactive_frozen_and_expired_cards_are_declined() {
        Holder h = newHolder();
        deposit(h.key(), h.customerId(), "USD", "100.00");
        Api.Resp issued = api.post("/v1/cards", h.key(), body("customerId", h.customerId(), "productId",
                defaultProduct(h.key(), "virtual"), "initialBalance", "30.00", "status", "inactive"));
        assertThat(issued.status()).as(issued.toString()).isEqualTo(201);
        String card = issued.text("id");
        assertDeclined(authorize(h.key(), card, "10.00"), "card_not_active");

        assertThat(api.post("/v1/cards/" + card + "/activation", h.key(), null).status()).isEqualTo(200);
        assertThat(api.patch("/v1/cards/" + card, h.key(), body("status", "frozen")).status()).isEqualTo(200);
        assertDeclined(authorize(h.key(), card, "10.00"), "card_frozen");
        assertBalance(h.key(), card, "30.00", "0.00", "30.00");

        assertThat(api.patch("/v1/cards/" + card, h.key(), body("status", "active")).status()).isEqualTo(200);
        approved(h.key(), card, "10.00");
        assertBalance(h.key(), card, "20.00", "10.00", "30.00");

        // The API issues cards expiring 36 months ahead and the clock is the system's: the card's
        // expiry is moved into the past in its row, the way time would have moved it.
        sql("UPDATE cards SET expiry_month = 1, expiry_year = 2020 WHERE id = ?", card);
        assertDeclined(authorize(h.key(), card, "10.00"), "card_expired");
        assertBalance(h.key(), card, "20.00", "10.00", "30.00");

        // closed: the balance went back to the wallet, nothing can be held any more
        sql("UPDATE cards SET expiry_month = 12, expiry_year = 2099 WHERE id = ?", card);
        assertThat(action(h.key(), approved(h.key(), card, "5.00"), "capture", null).status()).isEqualTo(200);
        Api.Resp closed = api.delete("/v1/cards/" + card, h.key());
        assertThat(closed.status()).as(closed.toString()).isEqualTo(200);
        assertDeclined(authorize(h.key(), card, "0.01"), "card_not_active");

        List<String> reasons = new ArrayList<>();
        listed(h.key(), "status=declined&cardId=" + card).forEach(t -> reasons.add(t.get("declineReason").asString()));
        assertThat(reasons).containsExactly("card_not_active", "card_expired", "card_frozen", "card_not_active");
        assertLedgerBalanced();
    }

    @Test
    void three_wrong_pins_block_the_pin_until_it_is_reset() {
        Holder h = newHolder();
        String card = fundedCard(h, "100.00");
        // a card without a PIN cannot pass a PIN check
        assertDeclined(withPin(h.key(), card, "4829", "1.00"), "incorrect_pin");
        assertThat(api.send("PUT", "/v1/cards/" + card + "/pin", h.key(), body("pin", "4829"), Map.of()).status())
                .isEqualTo(200);

        Api.Resp right = withPin(h.key(), card, "4829", "10.00");
        assertThat(right.data().get("approved").asBoolean()).as(right.toString()).isTrue();
        assertDeclined(withPin(h.key(), card, "5830", "10.00"), "incorrect_pin");
        // a right PIN resets the count of wrong ones
        assertThat(withPin(h.key(), card, "4829", "1.00").data().get("approved").asBoolean()).isTrue();
        assertDeclined(withPin(h.key(), card, "5830", "10.00"), "incorrect_pin");
        assertDeclined(withPin(h.key(), card, "6931", "10.00"), "incorrect_pin");
        assertDeclined(withPin(h.key(), card, "7032", "10.00"), "pin_tries_exceeded");
        // blocked: even the right PIN is refused now
        assertDeclined(withPin(h.key(), card, "4829", "10.00"), "pin_tries_exceeded");
        assertBalance(h.key(), card, "89.00", "11.00", "100.00");

        assertThat(api.send("PUT", "/v1/cards/" + card + "/pin", h.key(), body("pin", "3817"), Map.of()).status())
                .isEqualTo(200);
        assertDeclined(withPin(h.key(), card, "4829", "10.00"), "incorrect_pin");
        Api.Resp reset = withPin(h.key(), card, "3817", "10.00");
        assertThat(reset.data().get("approved").asBoolean()).as(reset.toString()).isTrue();
        assertBalance(h.key(), card, "79.00", "21.00", "100.00");
        assertLedgerBalanced();
    }

    @Test
    void funds_and_the_three_spending_limits_decide() {
        Holder h = newHolder();
        String card = fundedCard(h, "300.00");
        assertDeclined(authorize(h.key(), card, "300.01"), "insufficient_funds");

        Api.Resp limits = api.patch("/v1/cards/" + card, h.key(),
                body("limits", body("perTransaction", "50.00", "daily", "80.00", "monthly", "100.00")));
        assertThat(limits.status()).as(limits.toString()).isEqualTo(200);
        assertDeclined(authorize(h.key(), card, "50.01"), "exceeds_transaction_limit");
        String first = approved(h.key(), card, "50.00");
        assertDeclined(authorize(h.key(), card, "30.01"), "exceeds_daily_limit");
        String second = approved(h.key(), card, "30.00");
        assertDeclined(authorize(h.key(), card, "0.01"), "exceeds_daily_limit");
        assertBalance(h.key(), card, "220.00", "80.00", "300.00");

        // a reversal gives its amount back to the day's allowance
        assertThat(action(h.key(), second, "reverse", null).status()).isEqualTo(200);
        approved(h.key(), card, "30.00");
        assertBalance(h.key(), card, "220.00", "80.00", "300.00");

        // The 80.00 spent moves to an earlier day of this month (the API cannot move the clock):
        // the day's allowance is free again, the month's has 20.00 left.
        sql("UPDATE card_spending SET spend_day = 19700101 WHERE card_id = ?", card);
        assertDeclined(authorize(h.key(), card, "20.01"), "exceeds_monthly_limit");
        approved(h.key(), card, "20.00");
        assertBalance(h.key(), card, "200.00", "100.00", "300.00");
        assertThat(first).isNotNull();

        // insufficient funds once the limits are out of the way
        assertThat(api.patch("/v1/cards/" + card, h.key(),
                body("limits", body("perTransaction", "2500.00", "daily", "5000.00", "monthly", "20000.00")))
                .status()).isEqualTo(200);
        assertDeclined(authorize(h.key(), card, "200.01"), "insufficient_funds");
        approved(h.key(), card, "200.00");
        assertDeclined(authorize(h.key(), card, "0.01"), "insufficient_funds");
        assertBalance(h.key(), card, "0.00", "300.00", "300.00");

        List<String> reasons = new ArrayList<>();
        listed(h.key(), "status=declined&cardId=" + card).forEach(t -> reasons.add(t.get("declineReason").asString()));
        assertThat(reasons).containsExactly("insufficient_funds", "insufficient_funds", "exceeds_monthly_limit",
                "exceeds_daily_limit", "exceeds_daily_limit", "exceeds_transaction_limit", "insufficient_funds");
        List<String> declinedEvents = new ArrayList<>();
        events(h.key(), "authorization.declined").forEach(e ->
                declinedEvents.add(e.get("data").get("object").get("declineReason").asString()));
        assertThat(declinedEvents).isEqualTo(reasons);
        assertLedgerBalanced();
    }

    @Test
    void merchant_category_and_country_controls_decide() {
        Holder h = newHolder();
        String card = fundedCard(h, "100.00");
        assertThat(api.patch("/v1/cards/" + card, h.key(), body("controls", body("blockedMccs", List.of("7995"),
                "blockedCountries", List.of("RU")))).status()).isEqualTo(200);
        assertDeclined(authorize(h.key(), card, "10.00", "USD", merchant("Casino", "7995", "US")), "mcc_blocked");
        assertDeclined(authorize(h.key(), card, "10.00", "USD", merchant("Shop", "5411", "RU")), "country_blocked");
        approved(h.key(), card, "1.00");

        // allow lists: only groceries, only the US and Colombia
        assertThat(api.patch("/v1/cards/" + card, h.key(), body("controls", body("blockedMccs", List.of(),
                "allowedMccs", List.of("5411"), "blockedCountries", List.of(), "allowedCountries",
                List.of("US", "CO")))).status()).isEqualTo(200);
        assertDeclined(authorize(h.key(), card, "10.00", "USD", merchant("Restaurant", "5812", "US")), "mcc_blocked");
        assertDeclined(authorize(h.key(), card, "10.00", "USD", merchant("Shop", "5411", "FR")), "country_blocked");
        Api.Resp colombia = authorize(h.key(), card, "2.00", "USD", merchant("Tienda", "5411", "CO"));
        assertThat(colombia.data().get("approved").asBoolean()).as(colombia.toString()).isTrue();
        Api.Resp casino = authorize(h.key(), card, "2.00", "USD", merchant("Casino", "7995", "US"));
        assertDeclined(casino, "mcc_blocked");
        assertBalance(h.key(), card, "97.00", "3.00", "100.00");
        assertLedgerBalanced();
    }

    @Test
    void a_currency_without_a_rate_to_the_cards_is_unsupported() {
        Holder h = newHolder();
        Api.Resp product = api.post("/v1/card-products", h.key(), body("name", "Virtual EUR", "network", "visa",
                "formFactor", "virtual", "currency", "EUR", "issuanceFee", "0.00",
                "topupFee", body("fixed", "0.00", "percent", "0"), "minTopup", "1.00", "maxBalance", "1000.00",
                "limits", body("perTransaction", "500.00", "daily", "500.00", "monthly", "1000.00"),
                "validityMonths", 24));
        assertThat(product.status()).as(product.toString()).isEqualTo(201);
        deposit(h.key(), h.customerId(), "EUR", "50.00");
        Api.Resp issued = api.post("/v1/cards", h.key(), body("customerId", h.customerId(), "productId",
                product.text("id"), "initialBalance", "50.00"));
        assertThat(issued.status()).as(issued.toString()).isEqualTo(201);
        String card = issued.text("id");

        // application.yml has USD-EUR but no COP-EUR rate
        assertDeclined(authorize(h.key(), card, "1000.00", "COP", shop()), "unsupported_currency");
        assertBalance(h.key(), card, "50.00", "0.00", "50.00");
        Api.Resp usd = authorize(h.key(), card, "10.00", "USD", shop());
        assertThat(usd.data().get("approved").asBoolean()).as(usd.toString()).isTrue();
        // 10.00 USD at 0.92 = 9.20 EUR, plus the 2 % fee (0.18)
        assertThat(usd.text("amount")).isEqualTo("9.38");
        assertThat(usd.text("currency")).isEqualTo("EUR");
        assertBalance(h.key(), card, "40.62", "9.38", "50.00");
        assertLedgerBalanced();
    }

    @Test
    void an_amount_worth_less_than_a_cent_once_converted_is_declined_and_holds_nothing() {
        Holder h = newHolder();
        String card = fundedCard(h, "100.00");
        // 12.50 COP at 0.00025 is 0.003 USD: no cent to hold (this was a 500, a hold of zero refused by the ledger)
        Api.Resp tiny = authorize(h.key(), card, "12.50", "COP", shop());
        assertDeclined(tiny, "invalid_amount");
        assertBalance(h.key(), card, "100.00", "0.00", "100.00");
        // 40.00 COP is exactly one cent
        Api.Resp cent = authorize(h.key(), card, "40.00", "COP", shop());
        assertThat(cent.data().get("approved").asBoolean()).as(cent.toString()).isTrue();
        assertLedgerBalanced();
    }

    @Test
    void bad_input_is_a_400_and_records_nothing() {
        Holder h = newHolder();
        String card = fundedCard(h, "100.00");
        List<Map<String, Object>> bad = new ArrayList<>();
        bad.add(body("cardId", card, "amount", "0.00", "currency", "USD", "merchant", shop()));
        bad.add(body("cardId", card, "amount", "-5.00", "currency", "USD", "merchant", shop()));
        bad.add(body("cardId", card, "amount", "ten", "currency", "USD", "merchant", shop()));
        bad.add(body("cardId", card, "amount", "1.001", "currency", "USD", "merchant", shop()));
        bad.add(body("cardId", card, "currency", "USD", "merchant", shop()));
        bad.add(body("cardId", card, "amount", "10.00", "currency", "XYZ", "merchant", shop()));
        bad.add(body("cardId", card, "amount", "10.00", "merchant", shop()));
        bad.add(body("cardId", card, "number", "4111111111111111", "expiryMonth", 1, "expiryYear", 2030,
                "amount", "10.00", "currency", "USD", "merchant", shop()));
        bad.add(body("amount", "10.00", "currency", "USD", "merchant", shop()));
        bad.add(body("number", "4111111111111111", "amount", "10.00", "currency", "USD", "merchant", shop()));
        bad.add(body("number", "4111-1111-1111", "expiryMonth", 1, "expiryYear", 2030, "amount", "10.00",
                "currency", "USD", "merchant", shop()));
        bad.add(body("number", "4111111111111111", "expiryMonth", 13, "expiryYear", 2030, "amount", "10.00",
                "currency", "USD", "merchant", shop()));
        bad.add(body("cardId", card, "amount", "10.00", "currency", "USD"));
        bad.add(body("cardId", card, "amount", "10.00", "currency", "USD", "merchant", merchant("Shop", "54a1", "US")));
        bad.add(body("cardId", card, "amount", "10.00", "currency", "USD", "merchant", merchant("Shop", "541", "US")));
        bad.add(body("cardId", card, "amount", "10.00", "currency", "USD", "merchant", body("mcc", "5411",
                "country", "US")));
        bad.add(body("cardId", card, "amount", "10.00", "currency", "USD", "merchant", merchant("Shop", "5411",
                "USA")));
        bad.add(body("cardId", card, "amount", "10.00", "currency", "USD", "merchant", shop(), "channel", "atm"));
        bad.add(body("cardId", card, "amount", "10.00", "currency", "USD", "merchant", shop(), "cvv", "12"));
        bad.add(body("cardId", card, "amount", "10.00", "currency", "USD", "merchant", shop(), "pin", "12ab"));
        for (Map<String, Object> b : bad) {
            Api.Resp r = api.post("/v1/simulate/authorizations", h.key(), b);
            assertThat(r.status()).as(b + " → " + r).isEqualTo(400);
            assertThat(r.errorCode()).as(r.toString()).isEqualTo("validation_failed");
        }
        Api.Resp notJson = api.raw("POST", "/v1/simulate/authorizations", h.key(), "application/json", "{\"cardId\":");
        assertThat(notJson.status()).isEqualTo(400);

        assertBalance(h.key(), card, "100.00", "0.00", "100.00");
        assertThat(listed(h.key(), "type=authorization")).isEmpty();
        assertThat(events(h.key(), "authorization.declined")).isEmpty();
        assertLedgerBalanced();
    }

    @Test
    void a_live_key_may_not_simulate() {
        Holder h = newHolder();
        String card = fundedCard(h, "10.00");
        Api.Resp r = authorize(h.tenant().liveKey(), card, "1.00");
        assertThat(r.status()).as(r.toString()).isEqualTo(403);
        assertThat(r.errorCode()).isEqualTo("sandbox_only");
        for (String path : List.of("/v1/simulate/authorizations/auth_x/capture", "/v1/simulate/refunds",
                "/v1/simulate/force-posts")) {
            Api.Resp other = api.post(path, h.tenant().liveKey(), body());
            assertThat(other.status()).as(path + " " + other).isEqualTo(403);
            assertThat(other.errorCode()).isEqualTo("sandbox_only");
        }
        assertBalance(h.key(), card, "10.00", "0.00", "10.00");
    }

    @Test
    void another_tenants_card_is_an_unknown_card() {
        Holder victim = newHolder();
        String theirs = fundedCard(victim, "100.00");
        JsonNode details = api.get("/v1/cards/" + theirs + "/details", victim.key()).data();
        Holder attacker = newHolder();

        Api.Resp byId = assertDeclined(authorize(attacker.key(), theirs, "10.00"), "invalid_card");
        assertThat(byId.data().get("cardId").isNull()).as(byId.toString()).isTrue();
        Api.Resp byNumber = assertDeclined(byPan(attacker.key(), details.get("number").asString(),
                details.get("expiryMonth").asInt(), details.get("expiryYear").asInt(),
                details.get("cvv").asString(), "10.00"), "invalid_card");
        assertThat(byNumber.data().get("cardId").isNull()).isTrue();

        // the attacker sees only its own declines, with nothing of the victim's
        List<JsonNode> mine = listed(attacker.key(), "");
        assertThat(mine).hasSize(2);
        for (JsonNode t : mine) {
            assertThat(t.get("cardId").isNull()).isTrue();
            assertThat(t.get("customerId").isNull()).isTrue();
        }
        assertThat(listed(attacker.key(), "cardId=" + theirs)).isEmpty();
        assertThat(api.get("/v1/transactions/" + byId.text("transactionId"), victim.key()).status()).isEqualTo(404);
        // the victim's card is untouched and has no record of it
        assertBalance(victim.key(), theirs, "100.00", "0.00", "100.00");
        assertThat(listed(victim.key(), "type=authorization")).isEmpty();
        assertThat(events(victim.key(), "authorization.declined")).isEmpty();

        // a sandbox card is not found with the same tenant's live key either
        Api.Resp live = api.get("/v1/cards/" + theirs + "/balance", victim.tenant().liveKey());
        assertThat(live.status()).isEqualTo(404);
        assertLedgerBalanced();
    }

    // ---------------------------------------------------------------------------------------------

    private Api.Resp byPan(String key, String number, int month, int year, String cvv, String amount) {
        Map<String, Object> b = body("number", number, "expiryMonth", month, "expiryYear", year, "amount", amount,
                "currency", "USD", "merchant", shop());
        if (cvv != null) {
            b.put("cvv", cvv);
        }
        return api.post("/v1/simulate/authorizations", key, b);
    }

    private Api.Resp withPin(String key, String card, String pin, String amount) {
        return api.post("/v1/simulate/authorizations", key, body("cardId", card, "pin", pin, "amount", amount,
                "currency", "USD", "merchant", shop(), "channel", "in_person"));
    }

    private List<JsonNode> listed(String key, String query) {
        Api.Resp r = api.get("/v1/transactions?limit=100&" + query, key);
        assertThat(r.status()).as(r.toString()).isEqualTo(200);
        List<JsonNode> out = new ArrayList<>();
        r.data().get("items").forEach(out::add);
        return out;
    }

    private static String withCheckDigit(String fifteen) {
        int sum = 0;
        for (int i = 0; i < fifteen.length(); i++) {
            int d = fifteen.charAt(fifteen.length() - 1 - i) - '0';
            if (i % 2 == 0) {
                d *= 2;
                if (d > 9) {
                    d -= 9;
                }
            }
            sum += d;
        }
        return fifteen + ((10 - sum % 10) % 10);
    }
}
