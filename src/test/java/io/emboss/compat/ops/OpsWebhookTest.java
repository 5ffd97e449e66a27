package io.emboss.compat.ops;

import static org.assertj.core.api.Assertions.assertThat;

import io.emboss.support.Api;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.test.context.TestPropertySource;
import tools.jackson.databind.JsonNode;

/**
 * Seed 003's asynchronous results delivered to a real local receiver registered with
 * {@code format: "ops"}: the seed's event names and fields, numeric ids, occur_time in
 * milliseconds, each request signed like every delivery; native events without a seed form are not sent.
 */
@TestPropertySource(properties = {"emboss.webhooks.poll-interval-ms=50", "emboss.webhooks.timeout=3s"})
class OpsWebhookTest extends OpsTestBase {
    private final List<OpsReceiver> receivers = new ArrayList<>();

    @AfterEach
    void closeReceivers() {
        receivers.forEach(OpsReceiver::close);
    }

    private OpsReceiver receiver() {
        OpsReceiver r = new OpsReceiver();
        receivers.add(r);
        return r;
    }

    /** Registers an ops endpoint for every event type; returns its signing secret. */
    private String opsEndpoint(String key, String url) {
        Api.Resp r = api.post("/v1/webhook-endpoints", key, body("url", url, "events", List.of("*"), "format", "ops"));
        assertThat(r.status()).as(r.toString()).isEqualTo(201);
        assertThat(r.text("format")).isEqualTo("ops");
        return r.text("secret");
    }

    @Test
    void the_format_must_be_a_registered_dialect() {
        TenantKeys t = newTenant();
        Api.Resp r = api.post("/v1/webhook-endpoints", t.sandboxKey(), body("url", "http://127.0.0.1:9/x", "events",
                List.of("*"), "format", "opss"));
        assertThat(r.status()).as(r.toString()).isEqualTo(400);
        assertThat(r.toString()).contains("ops");
    }

    @Test
    void recharge_status_and_close_results_arrive_signed_in_the_seed_shape() {
        Holder h = newHolder("60.00", "10.00");
        OpsReceiver receiver = receiver();
        String secret = opsEndpoint(h.key(), receiver.url());

        opsOk("/card/recharge", h.key(), "user_id", h.userId(), "card_id", h.cardNumberId(), "amount", 100.0);
        opsOk("/card/status", h.key(), "card_id", h.cardNumberId(), "alter", "LOCK");
        opsOk("/card/status", h.key(), "card_id", h.cardNumberId(), "alter", "UNLOCK");
        opsOk("/card/status", h.key(), "card_id", h.cardNumberId(), "alter", "CLOSE");
        // native events the seed has no form for (a new customer, a deposit) are not sent to this endpoint
        newApprovedCustomer(h.key());

        until("four results", () -> receiver.received().size() >= 4, receiver::received);
        JsonNode recharge = single(receiver, "CARD_RECHARGE_RESULT", secret);
        assertThat(recharge.get("card_id").asLong()).isEqualTo(h.cardNumberId());
        assertThat(recharge.get("transaction_id").isIntegralNumber()).isTrue();
        assertThat(decimal(recharge.get("receive_amount"))).isEqualByComparingTo("100.00");
        assertThat(recharge.get("status").asString()).isEqualTo("SUCCESS");
        assertThat(recharge.get("currency").asString()).isEqualTo("USD");
        assertOccurTime(h.key(), receiver, "CARD_RECHARGE_RESULT", recharge, "topup.succeeded");

        List<JsonNode> changes = receiver.ofType("CARD_STATUS_CHANGE").stream()
                .map(r -> verified(r, secret)).toList();
        assertThat(changes).extracting(c -> c.get("card_status").asString())
                .containsExactlyInAnyOrder("LOCKED", "ACTIVE");
        for (JsonNode c : changes) {
            assertThat(c.get("card_id").asLong()).isEqualTo(h.cardNumberId());
            assertThat(c.get("status").asString()).isEqualTo("SUCCESS");
            assertThat(c.get("occur_time").isIntegralNumber()).isTrue();
        }

        JsonNode close = single(receiver, "CARD_CLOSE_RESULT", secret);
        assertThat(close.get("card_id").asLong()).isEqualTo(h.cardNumberId());
        assertThat(decimal(close.get("refund_amount"))).isEqualByComparingTo("110.00");
        assertThat(close.get("transaction_id").isIntegralNumber()).isTrue();
        assertThat(close.get("status").asString()).isEqualTo("SUCCESS");
        assertOccurTime(h.key(), receiver, "CARD_CLOSE_RESULT", close, "card.closed");

        assertThat(receiver.received()).as("nothing but the seed's events: " + receiver.received()).hasSize(4);
        for (OpsReceiver.Received r : receiver.received()) {
            assertThat(r.verifies("whsec_" + java.util.Base64.getEncoder().encodeToString(new byte[32])))
                    .as("a signature by another secret does not verify").isFalse();
            assertThat(r.header("webhook-id")).startsWith("evt_");
        }
    }

    /**
     * A LOCK of a locked card or an UNLOCK of an active one answers "Operation requested" like any
     * other: its client then waits for CARD_STATUS_CHANGE, so that arrives too (once it never did).
     */
    @Test
    void a_lock_of_a_locked_card_and_an_unlock_of_an_active_one_are_confirmed_by_webhook_too() {
        Holder h = newHolder("60.00", "10.00");
        OpsReceiver receiver = receiver();
        String secret = opsEndpoint(h.key(), receiver.url());

        JsonNode unlocked = opsOk("/card/status", h.key(), "card_id", h.cardNumberId(), "alter", "UNLOCK");
        assertThat(unlocked.get("message").asString()).isEqualTo("Operation requested");
        until("the confirmation of an UNLOCK of an active card",
                () -> receiver.ofType("CARD_STATUS_CHANGE").size() >= 1, receiver::received);
        opsOk("/card/status", h.key(), "card_id", h.cardNumberId(), "alter", "LOCK");
        opsOk("/card/status", h.key(), "user_id", h.userId(), "card_id", h.cardNumberId(), "alter", "LOCK");
        until("three confirmations", () -> receiver.ofType("CARD_STATUS_CHANGE").size() >= 3, receiver::received);

        List<JsonNode> changes = receiver.ofType("CARD_STATUS_CHANGE").stream().map(r -> verified(r, secret)).toList();
        assertThat(changes).extracting(c -> c.get("card_status").asString())
                .containsExactlyInAnyOrder("ACTIVE", "LOCKED", "LOCKED");
        for (JsonNode c : changes) {
            assertThat(c.get("card_id").asLong()).isEqualTo(h.cardNumberId());
            assertThat(c.get("status").asString()).isEqualTo("SUCCESS");
        }
        assertThat(receiver.received()).hasSize(3);
        // natively: one real change, two confirmations that changed nothing
        assertThat(events(h.key(), "card.status_changed")).hasSize(1);
        assertThat(events(h.key(), "card.status_confirmed")).hasSize(2)
                .allSatisfy(e -> assertThat(e.get("data").get("object").get("status").asString()).isIn("active",
                        "frozen"));
        assertThat(api.get("/v1/cards/" + h.cardId(), h.key()).text("status")).isEqualTo("frozen");
        // an impossible move is still a 409 and confirms nothing
        opsOk("/card/status", h.key(), "card_id", h.cardNumberId(), "alter", "CLOSE");
        assertOpsError(ops("/card/status", h.key(), "card_id", h.cardNumberId(), "alter", "LOCK"), 409,
                "invalid_state");
        assertThat(events(h.key(), "card.status_confirmed")).hasSize(2);
    }

    @Test
    void an_asynchronous_recharge_that_fails_reports_failed_and_the_merchant_account_gets_everything_back() {
        Holder h = newHolder("60.00", "0.00");
        Api.Resp product = api.post("/v1/card-products", h.key(), body("name", "Async USD", "network", "VISA",
                "formFactor", "VIRTUAL", "currency", "USD", "issuanceFee", "0.00", "topupFee",
                body("fixed", "1.00", "percent", "0"), "minTopup", "5.00", "maxBalance", "1000.00", "limits",
                body("perTransaction", "100.00", "daily", "200.00", "monthly", "500.00"), "validityMonths", 36,
                "settlementMode", "async"));
        assertThat(product.status()).as(product.toString()).isEqualTo(201);
        String card = issueCard(h.key(), "customerId", h.customerId(), "productId", product.text("id"));
        long cardNumber = alias(h.key(), card, "card_id");
        OpsReceiver receiver = receiver();
        String secret = opsEndpoint(h.key(), receiver.url());
        String fundingBefore = fundingAvailable(h.key(), "USD");

        opsOk("/card/recharge", h.key(), "card_id", cardNumber, "amount", 40);
        assertThat(fundingAvailable(h.key(), "USD")).as("amount and fee are held")
                .isEqualTo(new BigDecimal(fundingBefore).subtract(new BigDecimal("41.00")).toPlainString());
        JsonNode topup = api.get("/v1/cards/" + card + "/topups", h.key()).data().get("items").get(0);
        assertThat(topup.get("status").asString()).isEqualTo("pending");
        Api.Resp failed = api.post("/v1/simulate/topups/" + topup.get("id").asString(), h.key(),
                body("result", "failed"));
        assertThat(failed.status()).as(failed.toString()).isEqualTo(200);

        until("the failed result", () -> !receiver.ofType("CARD_RECHARGE_RESULT").isEmpty(), receiver::received);
        JsonNode result = single(receiver, "CARD_RECHARGE_RESULT", secret);
        assertThat(result.get("status").asString()).isEqualTo("FAILED");
        assertThat(result.get("card_id").asLong()).isEqualTo(cardNumber);
        assertThat(decimal(result.get("receive_amount"))).isEqualByComparingTo("0");
        assertThat(fundingAvailable(h.key(), "USD")).isEqualTo(fundingBefore);
        assertThat(cardAvailable(h.key(), card)).isEqualTo("0.00");
        assertThat(receiver.received()).as("the pending top-up has no seed form").hasSize(1);
        assertLedgerBalanced();
    }

    @Test
    void assignment_and_physical_activation_results_name_the_user_and_the_card_by_number() {
        Holder h = newHolder("60.00", "0.00");
        OpsReceiver receiver = receiver();
        String secret = opsEndpoint(h.key(), receiver.url());

        String unassigned = issueCard(h.key(), "productId", product(h.key(), "Virtual USD Visa"));
        Api.Resp assign = api.post("/v1/cards/" + unassigned + "/assign", h.key(), body("customerId", h.customerId()));
        assertThat(assign.status()).as(assign.toString()).isEqualTo(200);
        String physical = issueCard(h.key(), "customerId", h.customerId(), "productId",
                product(h.key(), "Physical USD Visa"), "shipping", body("name", "Ana", "line1", "Calle 93",
                        "city", "Bogotá", "postalCode", "110221", "country", "CO"));
        Api.Resp activate = api.post("/v1/cards/" + physical + "/activation", h.key(), body("pin", "4826"));
        assertThat(activate.status()).as(activate.toString()).isEqualTo(200);

        until("both results", () -> receiver.received().size() >= 2, receiver::received);
        JsonNode assigned = single(receiver, "CARD_ASSIGN_RESULT", secret);
        assertThat(assigned.get("card_id").asLong()).isEqualTo(alias(h.key(), unassigned, "card_id"));
        assertThat(assigned.get("user_id").asLong()).isEqualTo(h.userId());
        assertThat(assigned.get("status").asString()).isEqualTo("SUCCESS");
        assertOccurTime(h.key(), receiver, "CARD_ASSIGN_RESULT", assigned, "card.assigned");

        JsonNode activated = single(receiver, "CARD_ACTIVATE_RESULT", secret);
        assertThat(activated.get("card_id").asLong()).isEqualTo(alias(h.key(), physical, "card_id"));
        assertThat(activated.get("status").asString()).isEqualTo("SUCCESS");
        assertThat(activated.get("card_status").asString()).isEqualTo("ACTIVE");
        assertThat(activated.toString()).doesNotContain("4826");
        assertThat(receiver.received()).hasSize(2);
    }

    /** The one request of an event type, its signature verified. */
    private static JsonNode single(OpsReceiver receiver, String type, String secret) {
        List<OpsReceiver.Received> of = receiver.ofType(type);
        assertThat(of).as(type + " in " + receiver.received()).hasSize(1);
        return verified(of.get(0), secret);
    }

    private static JsonNode verified(OpsReceiver.Received r, String secret) {
        assertThat(r.verifies(secret)).as("signed with the endpoint's secret: " + r).isTrue();
        return r.json();
    }

    /** occur_time is the native event's time in milliseconds, and webhook-id its id. */
    private void assertOccurTime(String key, OpsReceiver receiver, String type, JsonNode body, String nativeType) {
        String eventId = receiver.ofType(type).get(0).header("webhook-id");
        Api.Resp event = api.get("/v1/events/" + eventId, key);
        assertThat(event.status()).as(event.toString()).isEqualTo(200);
        assertThat(event.text("type")).isEqualTo(nativeType);
        assertThat(body.get("occur_time").asLong())
                .isEqualTo(java.time.Instant.parse(event.text("createdAt")).toEpochMilli());
    }

    private static void until(String what, BooleanSupplier condition, java.util.function.Supplier<?> detail) {
        long deadline = System.nanoTime() + 30_000_000_000L;
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out waiting for " + what + "; " + detail.get());
            }
            try {
                Thread.sleep(25);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
        // a moment for anything that should not arrive to show itself
        try {
            Thread.sleep(500);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
