package io.emboss.authorization;

import static org.assertj.core.api.Assertions.assertThat;

import io.emboss.support.Api;
import io.emboss.support.PostgresSchema;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.env.Environment;
import tools.jackson.databind.JsonNode;

/**
 * Races on one card and one authorization: parallel authorizations approve exactly what the card
 * can afford (on one instance and across two), a capture racing a reversal lets exactly one win,
 * parallel partial captures never post more than was held.
 */
class AuthorizationRaceTest extends AuthorizationTestBase {

    @Autowired
    private Environment environment;

    @Test
    void fifty_parallel_authorizations_of_ten_on_a_hundred_approve_exactly_ten() throws Exception {
        Holder h = newHolder();
        String card = fundedCard(h, "100.00");

        List<Api.Resp> responses = inParallel(50, i -> () -> authorize(h.key(), card, "10.00"));

        int approved = 0;
        int declined = 0;
        for (Api.Resp r : responses) {
            assertThat(r.status()).as(r.toString()).isEqualTo(201);
            if (r.data().get("approved").asBoolean()) {
                approved++;
            } else {
                assertThat(r.text("declineReason")).as(r.toString()).isEqualTo("insufficient_funds");
                declined++;
            }
        }
        assertThat(approved).isEqualTo(10);
        assertThat(declined).isEqualTo(40);
        assertBalance(h.key(), card, "0.00", "100.00", "100.00");
        assertThat(count(h.key(), "status=pending&cardId=" + card)).isEqualTo(10);
        assertThat(count(h.key(), "status=declined&cardId=" + card)).isEqualTo(40);
        assertThat(events(h.key(), "authorization.created")).hasSize(10);
        assertThat(events(h.key(), "authorization.declined")).hasSize(40);
        assertLedgerBalanced();
    }

    @Test
    void across_two_instances_the_card_still_approves_exactly_what_it_can_afford() throws Exception {
        Holder h = newHolder();
        String card = fundedCard(h, "100.00");
        try (ConfigurableApplicationContext second = PostgresSchema.secondInstance(environment)) {
            Api other = new Api(Integer.parseInt(second.getEnvironment().getProperty("local.server.port")));
            List<Api.Resp> responses = inParallel(40, i -> () -> (i % 2 == 0 ? api : other).post(
                    "/v1/simulate/authorizations", h.key(), body("cardId", card, "amount", "7.00", "currency", "USD",
                            "merchant", shop())));
            long approved = responses.stream().filter(r -> r.data().get("approved").asBoolean()).count();
            for (Api.Resp r : responses) {
                if (!r.data().get("approved").asBoolean()) {
                    assertThat(r.text("declineReason")).isEqualTo("insufficient_funds");
                }
            }
            // 14 × 7.00 = 98.00; a fifteenth would need 105.00
            assertThat(approved).isEqualTo(14);
        }
        assertBalance(h.key(), card, "2.00", "98.00", "100.00");
        assertLedgerBalanced();
    }

    @Test
    void a_capture_racing_a_reversal_lets_exactly_one_win() throws Exception {
        Holder h = newHolder();
        String card = fundedCard(h, "200.00");
        int captured = 0;
        int reversed = 0;
        for (int round = 0; round < 10; round++) {
            String auth = approved(h.key(), card, "10.00");
            List<Api.Resp> two = inParallel(2, i -> () -> action(h.key(), auth, i == 0 ? "capture" : "reverse", null));
            Api.Resp capture = two.get(0);
            Api.Resp reverse = two.get(1);
            assertThat(List.of(capture.status(), reverse.status())).as(two.toString())
                    .containsExactlyInAnyOrder(200, 409);
            JsonNode after = authorization(h.key(), auth);
            assertThat(after.get("heldAmount").asString()).isEqualTo("0.00");
            if (capture.status() == 200) {
                captured++;
                assertThat(after.get("status").asString()).isEqualTo("completed");
                assertThat(after.get("capturedAmount").asString()).isEqualTo("10.00");
                assertThat(after.get("reversedAmount").asString()).isEqualTo("0.00");
            } else {
                reversed++;
                assertThat(after.get("status").asString()).isEqualTo("reversed");
                assertThat(after.get("capturedAmount").asString()).isEqualTo("0.00");
            }
        }
        String posted = String.format("%d.00", 200 - 10 * captured);
        assertThat(captured + reversed).isEqualTo(10);
        assertBalance(h.key(), card, posted, "0.00", posted);
        assertLedgerBalanced();
    }

    @Test
    void parallel_partial_captures_never_post_more_than_was_held() throws Exception {
        Holder h = newHolder();
        String card = fundedCard(h, "100.00");
        String auth = approved(h.key(), card, "100.00");

        List<Api.Resp> responses = inParallel(6, i -> () -> action(h.key(), auth, "capture", body("amount", "30.00",
                "finalCapture", false)));
        long ok = responses.stream().filter(r -> r.status() == 200).count();
        long refused = responses.stream().filter(r -> r.status() == 409).count();
        // 30 + 30 + 30 leave 10.00 held; 30.00 is more than 10.00 + 15 %
        assertThat(ok).as(responses.toString()).isEqualTo(3);
        assertThat(refused).as(responses.toString()).isEqualTo(3);
        JsonNode after = authorization(h.key(), auth);
        assertThat(after.get("capturedAmount").asString()).isEqualTo("90.00");
        assertThat(after.get("heldAmount").asString()).isEqualTo("10.00");
        assertThat(after.get("captures").size()).isEqualTo(3);
        assertBalance(h.key(), card, "0.00", "10.00", "10.00");
        assertLedgerBalanced();
    }

    @Test
    void of_parallel_final_partial_captures_exactly_one_posts_and_releases_the_rest() throws Exception {
        Holder h = newHolder();
        String card = fundedCard(h, "100.00");
        String auth = approved(h.key(), card, "100.00");

        List<Api.Resp> responses = inParallel(6, i -> () -> action(h.key(), auth, "capture", body("amount", "30.00")));
        assertThat(responses.stream().filter(r -> r.status() == 200).count()).as(responses.toString()).isEqualTo(1);
        assertThat(responses.stream().filter(r -> r.status() == 409).map(Api.Resp::errorCode))
                .as(responses.toString()).hasSize(5).containsOnly("invalid_state");
        assertAuthorization(authorization(h.key(), auth), "completed", "0.00", "30.00", "70.00");
        assertBalance(h.key(), card, "70.00", "0.00", "70.00");
        assertLedgerBalanced();
    }

    @Test
    void parallel_refunds_of_one_capture_never_refund_more_than_was_captured() throws Exception {
        Holder h = newHolder();
        String card = fundedCard(h, "100.00");
        String auth = approved(h.key(), card, "50.00");
        assertThat(action(h.key(), auth, "capture", null).status()).isEqualTo(200);

        List<Api.Resp> responses = inParallel(8, i -> () -> api.post("/v1/simulate/refunds", h.key(),
                body("cardId", card, "amount", "20.00", "authorizationId", auth)));
        assertThat(responses.stream().filter(r -> r.status() == 201).count()).as(responses.toString()).isEqualTo(2);
        assertThat(responses.stream().filter(r -> r.status() == 409).count()).isEqualTo(6);
        assertThat(authorization(h.key(), auth).get("refundedAmount").asString()).isEqualTo("40.00");
        assertBalance(h.key(), card, "90.00", "0.00", "90.00");
        assertLedgerBalanced();
    }

    @Test
    void retries_of_one_authorization_with_an_idempotency_key_hold_once() throws Exception {
        Holder h = newHolder();
        String card = fundedCard(h, "100.00");
        java.util.Map<String, String> key = java.util.Map.of("Idempotency-Key", "auth-retry-1");
        java.util.Map<String, Object> request = body("cardId", card, "amount", "25.00", "currency", "USD",
                "merchant", shop());

        List<Api.Resp> responses = inParallel(10, i -> () -> api.post("/v1/simulate/authorizations", h.key(),
                request, key));
        java.util.Set<String> ids = new java.util.HashSet<>();
        for (Api.Resp r : responses) {
            if (r.status() == 201) {
                ids.add(r.text("id"));
            } else {
                assertThat(r.status()).as(r.toString()).isEqualTo(409);
                assertThat(r.errorCode()).isEqualTo("idempotency_request_in_progress");
            }
        }
        Api.Resp replay = api.post("/v1/simulate/authorizations", h.key(), request, key);
        assertThat(replay.status()).as(replay.toString()).isEqualTo(201);
        ids.add(replay.text("id"));
        assertThat(ids).hasSize(1);
        assertBalance(h.key(), card, "75.00", "25.00", "100.00");
        assertThat(count(h.key(), "type=authorization&cardId=" + card)).isEqualTo(1);
        assertLedgerBalanced();
    }

    @Test
    void reversals_and_captures_racing_new_authorizations_on_one_card_all_complete() throws Exception {
        Holder h = newHolder();
        String card = fundedCard(h, "1000.00");
        List<String> earlier = new java.util.ArrayList<>();
        for (int i = 0; i < 30; i++) {
            earlier.add(approved(h.key(), card, "10.00"));
        }
        // every third: a new authorization, a reversal, a final partial capture (both release spending)
        List<Api.Resp> responses = inParallel(45, i -> () -> i % 3 == 0 ? authorize(h.key(), card, "10.00")
                : action(h.key(), earlier.get(i / 3 * 2 + (i % 3 == 1 ? 0 : 1)), i % 3 == 1 ? "reverse" : "capture",
                        i % 3 == 1 ? null : body("amount", "4.00")));
        for (int i = 0; i < responses.size(); i++) {
            Api.Resp r = responses.get(i);
            assertThat(r.status()).as(i + " " + r).isEqualTo(i % 3 == 0 ? 201 : 200);
            if (i % 3 == 0) {
                assertThat(r.data().get("approved").asBoolean()).as(r.toString()).isTrue();
            }
        }
        // of the 30 earlier holds 15 were reversed and 15 captured for 4.00 (the rest released); 15 new holds
        assertBalance(h.key(), card, "790.00", "150.00", "940.00");
        assertLedgerBalanced();
    }

    private int count(String key, String query) {
        Api.Resp r = api.get("/v1/transactions?limit=100&" + query, key);
        assertThat(r.status()).as(r.toString()).isEqualTo(200);
        assertThat(r.data().get("hasMore").asBoolean()).isFalse();
        return r.data().get("items").size();
    }
}
