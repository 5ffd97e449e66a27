package io.emboss.authorization;

import static org.assertj.core.api.Assertions.assertThat;

import io.emboss.support.Api;
import io.emboss.support.PostgresSchema;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.env.Environment;
import org.springframework.test.context.TestPropertySource;
import tools.jackson.databind.JsonNode;

/**
 * Holds not captured within the hold window expire by themselves: the ledger's ShedLock job voids
 * them and the authorization follows. Here the window is two seconds and the job runs five times a
 * second; the tests poll with a deadline, they never assert how long it took.
 */
@TestPropertySource(properties = {"emboss.authorization.hold-window=PT2S", "emboss.ledger.expiry-interval-ms=200"})
class HoldExpiryJobTest extends AuthorizationTestBase {
    private static final long DEADLINE_MS = 60_000;

    @Autowired
    private Environment environment;

    @Test
    void an_uncaptured_authorization_expires_by_itself_and_the_funds_return() {
        Holder h = newHolder();
        String card = fundedCard(h, "100.00");
        String auth = approved(h.key(), card, "30.00");

        JsonNode expired = await(() -> authorization(h.key(), auth), a -> "expired".equals(a.get("status").asString()));
        assertThat(expired.get("heldAmount").asString()).isEqualTo("0.00");
        assertThat(expired.get("capturedAmount").asString()).isEqualTo("0.00");
        assertBalance(h.key(), card, "100.00", "0.00", "100.00");
        List<JsonNode> updated = events(h.key(), "transaction.updated");
        assertThat(updated).hasSize(1);
        assertThat(updated.get(0).get("data").get("object").get("status").asString()).isEqualTo("expired");

        Api.Resp capture = action(h.key(), auth, "capture", null);
        assertThat(capture.status()).as(capture.toString()).isEqualTo(409);
        assertBalance(h.key(), card, "100.00", "0.00", "100.00");
        assertLedgerBalanced();
    }

    @Test
    void the_remainder_of_a_non_final_partial_capture_expires_and_the_capture_stays() {
        Holder h = newHolder();
        String card = fundedCard(h, "100.00");
        String auth = approved(h.key(), card, "50.00");
        Api.Resp partial = action(h.key(), auth, "capture", body("amount", "20.00", "finalCapture", false));
        assertThat(partial.status()).as(partial.toString()).isEqualTo(200);

        JsonNode done = await(() -> authorization(h.key(), auth), a -> "0.00".equals(a.get("heldAmount").asString()));
        assertThat(done.get("status").asString()).isEqualTo("completed");
        assertThat(done.get("capturedAmount").asString()).isEqualTo("20.00");
        assertBalance(h.key(), card, "80.00", "0.00", "80.00");
        assertLedgerBalanced();
    }

    @Test
    void the_expiry_job_leaves_an_authorization_closed_by_a_final_capture_alone() {
        Holder h = newHolder();
        String card = fundedCard(h, "100.00");
        String closed = approved(h.key(), card, "50.00");
        Api.Resp capture = action(h.key(), closed, "capture", body("amount", "20.00"));
        assertThat(capture.status()).as(capture.toString()).isEqualTo(200);
        assertThat(capture.text("status")).isEqualTo("completed");
        // held after the capture, so its hold times out later than the closed one's would have: once it has
        // expired, the job has run past the closed authorization's window
        String witness = approved(h.key(), card, "10.00");
        await(() -> authorization(h.key(), witness), a -> "expired".equals(a.get("status").asString()));

        JsonNode after = authorization(h.key(), closed);
        assertAuthorization(after, "completed", "0.00", "20.00", "30.00");
        assertThat(after.get("updatedAt").asString()).isEqualTo(capture.text("updatedAt"));
        // one update for the capture, one for the witness's expiry, none for the closed authorization
        assertThat(events(h.key(), "transaction.updated")).extracting(e -> e.get("data").get("object").get("status")
                .asString()).containsExactlyInAnyOrder("completed", "expired");
        assertBalance(h.key(), card, "80.00", "0.00", "80.00");
        assertLedgerBalanced();
    }

    @Test
    void a_hold_that_expires_on_a_closed_card_goes_back_to_the_wallet() {
        Holder h = newHolder();
        String card = fundedCard(h, "100.00");
        String auth = approved(h.key(), card, "30.00");
        Api.Resp close = api.delete("/v1/cards/" + card, h.key());
        assertThat(close.text("refundAmount")).as(close.toString()).isEqualTo("70.00");

        await(() -> authorization(h.key(), auth), a -> "expired".equals(a.get("status").asString()));
        assertBalance(h.key(), card, "0.00", "0.00", "0.00");
        assertThat(walletAvailable(h.key(), h.customerId(), "USD")).isEqualTo("100.00");
        assertThat(api.get("/v1/cards/" + card, h.key()).data().get("refundAmount").asString()).isEqualTo("100.00");
        assertLedgerBalanced();
    }

    @Test
    void with_two_instances_every_hold_expires_exactly_once() {
        Holder h = newHolder();
        String card = fundedCard(h, "100.00");
        try (ConfigurableApplicationContext second = PostgresSchema.secondInstance(environment,
                "--emboss.authorization.hold-window=PT2S", "--emboss.ledger.expiry-interval-ms=200")) {
            Api other = new Api(Integer.parseInt(second.getEnvironment().getProperty("local.server.port")));
            List<String> auths = new ArrayList<>();
            for (int i = 0; i < 10; i++) {
                Api via = i % 2 == 0 ? api : other;
                Api.Resp r = via.post("/v1/simulate/authorizations", h.key(), body("cardId", card, "amount", "7.00",
                        "currency", "USD", "merchant", shop()));
                assertThat(r.data().get("approved").asBoolean()).as(r.toString()).isTrue();
                auths.add(r.text("id"));
            }
            for (String auth : auths) {
                await(() -> authorization(h.key(), auth), a -> "expired".equals(a.get("status").asString()));
            }
            assertBalance(h.key(), card, "100.00", "0.00", "100.00");
            // one expiry each, whichever instance's job voided it
            assertThat(events(h.key(), "transaction.updated")).hasSize(10);
            JsonNode verification = assertLedgerBalanced();
            assertThat(verification).isNotNull();
        }
        assertBalance(h.key(), card, "100.00", "0.00", "100.00");
        assertLedgerBalanced();
    }

    private static JsonNode await(Supplier<JsonNode> read, java.util.function.Predicate<JsonNode> done) {
        long deadline = System.currentTimeMillis() + DEADLINE_MS;
        JsonNode last = read.get();
        while (!done.test(last)) {
            if (System.currentTimeMillis() > deadline) {
                throw new AssertionError("not reached within " + DEADLINE_MS + " ms: " + last);
            }
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(e);
            }
            last = read.get();
        }
        return last;
    }
}
