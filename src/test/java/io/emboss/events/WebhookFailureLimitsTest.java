package io.emboss.events;

import static org.assertj.core.api.Assertions.assertThat;

import io.emboss.support.Api;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.test.context.TestPropertySource;
import tools.jackson.databind.JsonNode;

/**
 * The limits of retrying, shrunk to seconds: a delivery older than max-age is marked failed and
 * tried no more; an endpoint failing continuously past disable-after is disabled and the tenant
 * is told with a webhook_endpoint.disabled event.
 */
@TestPropertySource(properties = {
        "emboss.webhooks.retry-schedule=200ms,300ms,400ms",
        "emboss.webhooks.poll-interval-ms=50",
        "emboss.webhooks.timeout=3s",
        "emboss.webhooks.max-age=4s",
        "emboss.webhooks.disable-after=15s"})
class WebhookFailureLimitsTest extends WebhookTestBase {
    private static final Duration MAX_AGE = Duration.ofSeconds(4);

    @Test
    void a_delivery_past_max_age_is_marked_failed_and_not_tried_again() {
        String key = newTenant().sandboxKey();
        WebhookReceiver r = receiver(WebhookReceiver.status(500));
        Endpoint e = createEndpoint(key, r.url(), "customer.created");
        String customer = createCustomer(key, uniqueEmail("old")).text("id");
        JsonNode event = eventAbout(key, "customer.created", customer);
        String eventId = event.get("id").asString();

        Poll.until("the delivery marked failed", () -> "failed".equals(deliveryStatus(e.id(), eventId)),
                () -> deliveryRows(e.id()));
        int attemptsAtFailure = attempts(key, e.id(), eventId).size();
        assertThat(attemptsAtFailure).isGreaterThanOrEqualTo(3);
        assertThat(r.count()).isEqualTo(attemptsAtFailure);
        List<JsonNode> attempts = attempts(key, e.id(), eventId);
        assertThat(attempts).allSatisfy(a -> {
            assertThat(a.get("status").asString()).isEqualTo("failed");
            assertThat(a.get("responseCode").asInt()).isEqualTo(500);
        });
        // the last attempt is the first one made at or after max-age
        Instant created = Instant.parse(event.get("createdAt").asString());
        assertThat(Instant.parse(attempts.get(0).get("createdAt").asString()))
                .isAfterOrEqualTo(created.plus(MAX_AGE));
        assertThat(Instant.parse(attempts.get(1).get("createdAt").asString()))
                .isBefore(created.plus(MAX_AGE));
        assertThat(jdbc.sql("SELECT last_error FROM webhook_deliveries WHERE endpoint_id = ?").param(e.id())
                .query(String.class).single()).isEqualTo("HTTP 500");

        Poll.holds("no more attempts after failing", Duration.ofMillis(1500), () -> r.count() == attemptsAtFailure,
                r::toString);
        assertThat(attempts(key, e.id(), eventId)).hasSize(attemptsAtFailure);
        r.received().forEach(got -> got.verifiedWith(e.secret()));
        // not disabled: it has failed for less than disable-after (which must stay well above this test's
        // duration: the endpoint's failing streak is still open when the redelivery below fails once)
        assertThat(api.get("/v1/webhook-endpoints/" + e.id(), key).data().get("enabled").asBoolean()).isTrue();

        // a redelivery of the (now older than max-age) event is a delivery of its own: it is retried
        // through a transient failure like any other, not given up after one attempt
        r.respondWith(WebhookReceiver.sequence(502, 200));
        int before = r.count();
        Api.Resp again = api.post("/v1/events/" + eventId + "/redeliver", key, body("endpointId", e.id()));
        assertThat(again.status()).as(again.toString()).isEqualTo(200);
        String redelivery = again.data().get("deliveries").get(0).get("deliveryId").asString();
        Poll.until("the redelivery finished", () -> !"pending".equals(jdbc.sql(
                "SELECT status FROM webhook_deliveries WHERE id = ?").param(redelivery).query(String.class).single()),
                () -> deliveryRows(e.id()));
        assertThat(jdbc.sql("SELECT status FROM webhook_deliveries WHERE id = ?").param(redelivery)
                .query(String.class).single()).isEqualTo("succeeded");
        assertThat(r.count()).isEqualTo(before + 2);
        r.received().forEach(got -> got.verifiedWith(e.secret()));
        assertThat(r.withId(eventId)).hasSize(before + 2);
    }

    @Test
    void an_endpoint_failing_continuously_is_disabled_and_the_tenant_is_told() {
        String key = newTenant().sandboxKey();
        WebhookReceiver failing = receiver(WebhookReceiver.status(500));
        WebhookReceiver healthy = receiver(WebhookReceiver.status(200));
        Endpoint bad = createEndpoint(key, failing.url(), "customer.created");
        Endpoint good = createEndpoint(key, healthy.url(), "*");

        // keep events coming so the endpoint keeps failing past disable-after (each delivery alone gives up at max-age)
        long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
        while (api.get("/v1/webhook-endpoints/" + bad.id(), key).data().get("enabled").asBoolean()) {
            assertThat(System.nanoTime()).as("the failing endpoint was never disabled").isLessThan(deadline);
            createCustomer(key, uniqueEmail("fail"));
            Poll.pause(250);
        }
        Api.Resp got = api.get("/v1/webhook-endpoints/" + bad.id(), key);
        assertThat(got.data().get("enabled").asBoolean()).isFalse();
        assertThat(got.text("disabledReason")).contains("failing continuously");
        assertThat(api.get("/v1/webhook-endpoints/" + good.id(), key).data().get("enabled").asBoolean()).isTrue();

        // the tenant is told: a webhook_endpoint.disabled event about the endpoint, without its secret
        JsonNode disabledEvent = eventAbout(key, "webhook_endpoint.disabled", bad.id());
        assertThat(disabledEvent).isNotNull();
        assertThat(allEvents(key, "type=webhook_endpoint.disabled")).hasSize(1);
        JsonNode object = disabledEvent.get("data").get("object");
        assertThat(object.get("enabled").asBoolean()).isFalse();
        assertThat(object.get("url").asString()).isEqualTo(failing.url());
        assertThat(object.get("disabledReason").asString()).contains("failing continuously");
        assertThat(object.has("secret")).isFalse();
        assertThat(disabledEvent.toString()).doesNotContain("whsec_").doesNotContain("sealed")
                .doesNotContain(bad.secret().substring(6));
        // ... delivered to the healthy endpoint, signed
        String disabledId = disabledEvent.get("id").asString();
        Poll.until("the disabled event delivered", () -> healthy.withId(disabledId).size() == 1, healthy::toString);
        assertThat(healthy.withId(disabledId).get(0).verifiedWith(good.secret())).isEqualTo(disabledEvent);

        // the disabled endpoint's pending deliveries are cancelled; it gets nothing more
        assertThat(deliveryRows(bad.id())).noneMatch(row -> "pending".equals(row.get("status")));
        Poll.pause(3300); // longer than the timeout: a send in flight when it was disabled has landed
        int settled = failing.count();
        createCustomer(key, uniqueEmail("after"));
        Poll.holds("nothing sent to the disabled endpoint", Duration.ofMillis(1500), () -> failing.count() == settled,
                failing::toString);
        failing.received().forEach(r -> r.verifiedWith(bad.secret()));
        healthy.received().forEach(r -> r.verifiedWith(good.secret()));

        // enabling it again starts afresh
        Api.Resp enabled = api.patch("/v1/webhook-endpoints/" + bad.id(), key, body("enabled", true));
        assertThat(enabled.data().get("enabled").asBoolean()).isTrue();
        assertThat(enabled.text("disabledReason")).isNull();
        failing.respondWith(WebhookReceiver.status(200));
        String customer = createCustomer(key, uniqueEmail("back")).text("id");
        String eventId = eventAbout(key, "customer.created", customer).get("id").asString();
        Poll.until("delivered after re-enabling", () -> failing.withId(eventId).size() == 1);
        failing.withId(eventId).get(0).verifiedWith(bad.secret());
    }
}
