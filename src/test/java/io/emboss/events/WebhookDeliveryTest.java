package io.emboss.events;

import static org.assertj.core.api.Assertions.assertThat;

import io.emboss.support.Api;
import io.emboss.support.EndlessBody;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.springframework.test.context.TestPropertySource;
import tools.jackson.databind.JsonNode;

/**
 * Delivery to real receivers on local ports: every request's signature is checked with the
 * Standard Webhooks library. Retries are sped up (200 ms, 300 ms, 400 ms…). The timeout stays a
 * few seconds so that a busy test machine never turns a healthy delivery into a timeout.
 */
@TestPropertySource(properties = {
        "emboss.webhooks.retry-schedule=200ms,300ms,400ms",
        "emboss.webhooks.poll-interval-ms=50",
        "emboss.webhooks.timeout=3s",
        "emboss.webhooks.max-age=1h",
        "emboss.webhooks.disable-after=1h"})
@org.springframework.context.annotation.Import(ScriptedResolver.Config.class)
class WebhookDeliveryTest extends WebhookTestBase {
    private static final Duration TIMEOUT = Duration.ofSeconds(3);

    @org.springframework.beans.factory.annotation.Autowired
    ScriptedResolver dns;

    /**
     * The name is resolved once, on the connection, through the resolver the destination policy
     * checks with, and the request goes to that address under the endpoint's own host name (no
     * system DNS knows this .test name); PrivateTargetsRefusedTest shows the refusals.
     */
    @Test
    void a_connection_goes_to_the_address_the_policy_resolved_under_the_endpoints_host_name() {
        String key = newTenant().sandboxKey();
        WebhookReceiver r = receiver(WebhookReceiver.status(200));
        String host = "receiver.rebind.test";
        dns.script(host, "127.0.0.1");
        Endpoint e = createEndpoint(key, "http://" + host + ":" + r.port() + "/hook", "customer.created");
        String customer = createCustomer(key, uniqueEmail("named")).text("id");
        String eventId = eventAbout(key, "customer.created", customer).get("id").asString();

        Poll.until("delivered", () -> r.withId(eventId).size() == 1, r::toString);
        WebhookReceiver.Received got = r.withId(eventId).get(0);
        got.verifiedWith(e.secret());
        assertThat(got.header("host")).isEqualTo(host + ":" + r.port());
        assertThat(got.header("user-agent")).isEqualTo("Emboss-Webhooks/1");
        assertThat(dns.lookups(host)).as("one lookup, by the connection").isEqualTo(1);
    }

    @Test
    void every_foundation_event_is_delivered_once_signed_with_the_event_as_its_body() {
        TenantKeys t = newTenant();
        String key = t.sandboxKey();
        WebhookReceiver r = receiver(WebhookReceiver.status(200));
        Endpoint e = createEndpoint(key, r.url(), "*");

        String customer = createCustomer(key, uniqueEmail("all")).text("id");
        assertThat(api.patch("/v1/customers/" + customer, key, body("name", "Changed")).status()).isEqualTo(200);
        assertThat(api.post("/v1/customers/" + customer + "/kyc", key, body("documents",
                List.of(Map.of("type", "passport", "country", "CO")))).status()).isEqualTo(200);
        assertThat(api.post("/v1/simulate/customers/" + customer + "/kyc", key, body("decision", "approved"))
                .status()).isEqualTo(200);
        deposit(key, customer, "USD", "40.00");
        assertThat(api.post("/v1/simulate/tenant-funding", key, body("currency", "EUR", "amount", "10.00")).status())
                .isEqualTo(201);

        List<JsonNode> events = allEvents(key, null);
        List<String> ids = events.stream().map(ev -> ev.get("id").asString()).toList();
        assertThat(events).extracting(ev -> ev.get("type").asString()).containsExactlyInAnyOrder(
                "customer.created", "customer.updated", "customer.kyc_updated", "customer.kyc_updated",
                "wallet.deposit_succeeded", "balance.funding_succeeded");
        Poll.until("every event delivered", () -> r.hasAll(ids), r::toString);
        Poll.until("every delivery recorded as succeeded", () -> deliveryRows(e.id()).stream()
                .allMatch(row -> "succeeded".equals(row.get("status"))), () -> deliveryRows(e.id()));

        assertThat(deliveryRows(e.id())).hasSize(ids.size());
        assertThat(r.count()).as("no duplicates in the normal path").isEqualTo(ids.size());
        for (JsonNode event : events) {
            String id = event.get("id").asString();
            WebhookReceiver.Received got = r.withId(id).get(0);
            JsonNode body = got.verifiedWith(e.secret());
            assertThat(body).isEqualTo(event);
            assertThat(body).isEqualTo(api.get("/v1/events/" + id, key).data());
            assertThat(got.method()).isEqualTo("POST");
            assertThat(got.path()).isEqualTo("/hook");
            assertThat(got.header("content-type")).startsWith("application/json");
            assertThat(got.header("webhook-signature")).startsWith("v1,");
            assertThat(Long.parseLong(got.header("webhook-timestamp")))
                    .isBetween(java.time.Instant.now().getEpochSecond() - 120, java.time.Instant.now().getEpochSecond());
            List<JsonNode> attempts = attempts(key, e.id(), id);
            assertThat(attempts).hasSize(1);
            assertThat(attempts.get(0).get("status").asString()).isEqualTo("succeeded");
            assertThat(attempts.get(0).get("responseCode").asInt()).isEqualTo(200);
            assertThat(attempts.get(0).get("responseBody").asString()).isEqualTo("ok");
            assertThat(attempts.get(0).get("eventType").asString()).isEqualTo(event.get("type").asString());
            assertThat(attempts.get(0).get("attempt").asInt()).isEqualTo(1);
        }
        // a signature made with another secret does not verify: the check above is meaningful
        Endpoint other = createEndpoint(key, "http://127.0.0.1:9/unused", "customer.kyc_updated");
        assertThat(r.received().get(0).verifies(other.secret())).isFalse();
    }

    @Test
    void a_500_is_retried_and_every_attempt_is_listed() {
        String key = newTenant().sandboxKey();
        WebhookReceiver r = receiver(WebhookReceiver.sequence(500, 200));
        Endpoint e = createEndpoint(key, r.url(), "customer.created", "customer.updated");
        String customer = createCustomer(key, uniqueEmail("retry")).text("id");
        String eventId = eventAbout(key, "customer.created", customer).get("id").asString();

        Poll.until("two attempts listed, the second succeeded", () -> {
            List<JsonNode> a = attempts(key, e.id(), eventId);
            return a.size() == 2 && "succeeded".equals(a.get(0).get("status").asString());
        }, () -> attempts(key, e.id(), eventId));
        List<JsonNode> attempts = attempts(key, e.id(), eventId);
        JsonNode second = attempts.get(0);
        JsonNode first = attempts.get(1);
        assertThat(first.get("attempt").asInt()).isEqualTo(1);
        assertThat(first.get("status").asString()).isEqualTo("failed");
        assertThat(first.get("responseCode").asInt()).isEqualTo(500);
        assertThat(first.get("responseBody").asString()).isEqualTo("failure 500");
        assertThat(first.get("durationMs").isIntegralNumber()).isTrue();
        assertThat(first.get("durationMs").asLong()).isGreaterThanOrEqualTo(0);
        assertThat(second.get("attempt").asInt()).isEqualTo(2);
        assertThat(second.get("status").asString()).isEqualTo("succeeded");
        assertThat(second.get("responseCode").asInt()).isEqualTo(200);
        assertThat(second.get("responseBody").asString()).isEqualTo("ok");
        assertThat(second.get("error").isNull()).isTrue();
        assertThat(second.get("deliveryId").asString()).isEqualTo(first.get("deliveryId").asString());
        assertThat(second.get("eventId").asString()).isEqualTo(eventId);
        assertThat(second.get("id").asString()).isNotEqualTo(first.get("id").asString());
        assertThat(deliveryStatus(e.id(), eventId)).isEqualTo("succeeded");

        assertThat(r.received()).hasSize(2);
        for (WebhookReceiver.Received got : r.received()) {
            assertThat(got.webhookId()).isEqualTo(eventId);
            assertThat(got.verifiedWith(e.secret()).get("id").asString()).isEqualTo(eventId);
        }
        assertThat(r.received().get(0).body()).isEqualTo(r.received().get(1).body());

        // the list filters by event and pages with the attempt id as cursor
        assertThat(api.patch("/v1/customers/" + customer, key, body("name", "Again")).status()).isEqualTo(200);
        String updateId = eventAbout(key, "customer.updated", customer).get("id").asString();
        Poll.until("the update delivered", () -> attempts(key, e.id(), updateId).size() == 1
                && "succeeded".equals(attempts(key, e.id(), updateId).get(0).get("status").asString()));
        List<JsonNode> all = attempts(key, e.id(), null);
        assertThat(all).extracting(a -> a.get("eventId").asString()).containsExactly(updateId, eventId, eventId);
        Api.Resp page1 = api.get("/v1/webhook-endpoints/" + e.id() + "/deliveries?limit=2", key);
        assertThat(page1.data().get("hasMore").asBoolean()).isTrue();
        Api.Resp page2 = api.get("/v1/webhook-endpoints/" + e.id() + "/deliveries?limit=2&startingAfter="
                + page1.text("nextCursor"), key);
        assertThat(page2.data().get("hasMore").asBoolean()).isFalse();
        List<String> paged = new ArrayList<>();
        page1.data().get("items").forEach(a -> paged.add(a.get("id").asString()));
        page2.data().get("items").forEach(a -> paged.add(a.get("id").asString()));
        assertThat(paged).containsExactlyElementsOf(all.stream().map(a -> a.get("id").asString()).toList());
        r.received().forEach(got -> got.verifiedWith(e.secret()));
    }

    @Test
    void a_slow_receiver_times_out_and_is_retried() {
        String key = newTenant().sandboxKey();
        WebhookReceiver slow = receiver(WebhookReceiver.slowFirst(1, TIMEOUT.plusSeconds(3), 200));
        WebhookReceiver quick = receiver(WebhookReceiver.status(200));
        Endpoint slowEndpoint = createEndpoint(key, slow.url(), "customer.created");
        Endpoint quickEndpoint = createEndpoint(key, quick.url(), "customer.created");
        String customer = createCustomer(key, uniqueEmail("slow")).text("id");
        String eventId = eventAbout(key, "customer.created", customer).get("id").asString();

        // the other endpoint of the same event is served normally
        Poll.until("the quick receiver served", () -> quick.withId(eventId).size() == 1, quick::toString);
        Poll.until("a timed-out attempt then a successful one", () -> {
            List<JsonNode> a = attempts(key, slowEndpoint.id(), eventId);
            return a.size() == 2 && "succeeded".equals(a.get(0).get("status").asString());
        }, () -> attempts(key, slowEndpoint.id(), eventId));
        List<JsonNode> attempts = attempts(key, slowEndpoint.id(), eventId);
        JsonNode timedOut = attempts.get(1);
        assertThat(timedOut.get("status").asString()).isEqualTo("failed");
        assertThat(timedOut.get("responseCode").isNull()).isTrue();
        assertThat(timedOut.get("error").asString()).containsIgnoringCase("timeout");
        assertThat(timedOut.get("durationMs").asLong()).isGreaterThanOrEqualTo(TIMEOUT.toMillis());
        assertThat(attempts.get(0).get("responseCode").asInt()).isEqualTo(200);
        assertThat(slow.withId(eventId)).hasSize(2);
        slow.received().forEach(got -> got.verifiedWith(slowEndpoint.secret()));
        quick.received().forEach(got -> got.verifiedWith(quickEndpoint.secret()));
        assertThat(attempts(key, quickEndpoint.id(), eventId)).hasSize(1);
    }

    @Test
    void a_redirect_is_a_failure_and_is_not_followed() {
        String key = newTenant().sandboxKey();
        WebhookReceiver target = receiver(WebhookReceiver.status(200));
        WebhookReceiver.Responder redirecting = WebhookReceiver.redirect(302, target.url());
        WebhookReceiver.Responder permanent = WebhookReceiver.redirect(308, target.url());
        WebhookReceiver r = receiver((ex, i) -> {
            if (i == 0) {
                redirecting.respond(ex, i);
            } else if (i == 1) {
                permanent.respond(ex, i);
            } else {
                WebhookReceiver.reply(ex, 204, "");
            }
        });
        Endpoint e = createEndpoint(key, r.url(), "customer.created");
        String customer = createCustomer(key, uniqueEmail("redirect")).text("id");
        String eventId = eventAbout(key, "customer.created", customer).get("id").asString();

        Poll.until("two redirects failed, then a 204 succeeded", () -> {
            List<JsonNode> a = attempts(key, e.id(), eventId);
            return a.size() == 3 && "succeeded".equals(a.get(0).get("status").asString());
        }, () -> attempts(key, e.id(), eventId));
        List<JsonNode> attempts = attempts(key, e.id(), eventId);
        assertThat(attempts).extracting(a -> a.get("status").asString())
                .containsExactly("succeeded", "failed", "failed");
        assertThat(attempts).extracting(a -> a.get("responseCode").asInt()).containsExactly(204, 308, 302);
        assertThat(target.count()).as("the redirect target was never called").isZero();
        assertThat(r.withId(eventId)).hasSize(3);
        r.received().forEach(got -> got.verifiedWith(e.secret()));
    }

    @Test
    void an_unreachable_receiver_is_retried_until_it_comes_up() {
        String key = newTenant().sandboxKey();
        int port = WebhookReceiver.closedPort();
        Endpoint e = createEndpoint(key, "http://127.0.0.1:" + port + "/hook", "customer.created");
        String customer = createCustomer(key, uniqueEmail("down")).text("id");
        String eventId = eventAbout(key, "customer.created", customer).get("id").asString();

        Poll.until("at least two failed attempts", () -> attempts(key, e.id(), eventId).size() >= 2,
                () -> attempts(key, e.id(), eventId));
        for (JsonNode a : attempts(key, e.id(), eventId)) {
            assertThat(a.get("status").asString()).isEqualTo("failed");
            assertThat(a.get("responseCode").isNull()).isTrue();
            assertThat(a.get("responseBody").isNull()).isTrue();
            assertThat(a.get("error").asString()).startsWith("connection failed");
        }
        assertThat(deliveryStatus(e.id(), eventId)).isEqualTo("pending");

        WebhookReceiver r = track(WebhookReceiver.http(port, WebhookReceiver.status(200)));
        Poll.until("delivered once the receiver is up", () -> r.withId(eventId).size() == 1, r::toString);
        r.received().get(0).verifiedWith(e.secret());
        Poll.until("recorded as succeeded", () -> "succeeded".equals(deliveryStatus(e.id(), eventId)));
        assertThat(attempts(key, e.id(), eventId).get(0).get("status").asString()).isEqualTo("succeeded");
        assertThat(r.count()).isEqualTo(1);
    }

    @Test
    void a_certificate_nobody_trusts_is_refused() {
        String key = newTenant().sandboxKey();
        WebhookReceiver tls = track(WebhookReceiver.https(WebhookReceiver.selfSignedTls(), WebhookReceiver.status(200)));
        assertThat(tls.url()).startsWith("https://127.0.0.1:");
        Endpoint e = createEndpoint(key, tls.url(), "customer.created");
        String customer = createCustomer(key, uniqueEmail("tls")).text("id");
        String eventId = eventAbout(key, "customer.created", customer).get("id").asString();

        Poll.until("a failed attempt", () -> !attempts(key, e.id(), eventId).isEmpty());
        JsonNode failed = attempts(key, e.id(), eventId).get(0);
        assertThat(failed.get("status").asString()).isEqualTo("failed");
        assertThat(failed.get("responseCode").isNull()).isTrue();
        assertThat(failed.get("error").asString()).contains("TLS");
        assertThat(tls.count()).as("no request got through the refused handshake").isZero();

        // the delivery keeps retrying; once the tenant points the endpoint at a good receiver it arrives
        WebhookReceiver plain = receiver(WebhookReceiver.status(200));
        assertThat(api.patch("/v1/webhook-endpoints/" + e.id(), key, body("url", plain.url())).status())
                .isEqualTo(200);
        Poll.until("delivered to the new URL", () -> plain.withId(eventId).size() == 1, plain::toString);
        plain.received().get(0).verifiedWith(e.secret());
        assertThat(tls.count()).isZero();
    }

    @Test
    void a_huge_response_body_is_read_only_up_to_a_bound() {
        String key = newTenant().sandboxKey();
        long size = 50L * 1024 * 1024;
        WebhookReceiver.HugeBody huge = WebhookReceiver.hugeBody(size);
        WebhookReceiver r = receiver(huge);
        Endpoint e = createEndpoint(key, r.url(), "customer.created");
        String customer = createCustomer(key, uniqueEmail("huge")).text("id");
        String eventId = eventAbout(key, "customer.created", customer).get("id").asString();

        Poll.until("recorded as succeeded", () -> "succeeded".equals(deliveryStatus(e.id(), eventId)),
                () -> deliveryRows(e.id()));
        List<JsonNode> attempts = attempts(key, e.id(), eventId);
        assertThat(attempts).hasSize(1);
        assertThat(attempts.get(0).get("status").asString()).isEqualTo("succeeded");
        assertThat(attempts.get(0).get("responseCode").asInt()).isEqualTo(200);
        String recorded = attempts.get(0).get("responseBody").asString();
        assertThat(recorded).startsWith("0123456789abcdef0123456789abcdef");
        assertThat(recorded.length()).isLessThanOrEqualTo(2048);
        assertThat(r.count()).isEqualTo(1);
        r.received().get(0).verifiedWith(e.secret());
        // Emboss hung up after a bounded prefix instead of reading the 50 MB
        Poll.until("the receiver's write ended", () -> huge.ended, () -> huge.written.get() + " bytes written");
        assertThat(huge.completed).as("the whole body was read").isFalse();
        assertThat(huge.written.get()).isLessThan(size / 2);
    }

    @Test
    void a_response_body_that_drips_is_cut_off_at_the_timeout_and_what_came_is_kept() throws Exception {
        String key = newTenant().sandboxKey();
        EndlessBody drip = EndlessBody.drip("accepted, thinking", Duration.ofMillis(100));
        WebhookReceiver r = receiver((ex, i) -> {
            if (i == 0) {
                drip.respond(ex);
            } else {
                // a NUL cannot be stored in a PostgreSQL text column: the excerpt replaces it
                WebhookReceiver.reply(ex, 200, "ok\u0000done");
            }
        });
        Endpoint e = createEndpoint(key, r.url(), "customer.created");
        String dripping = eventAbout(key, "customer.created", createCustomer(key, uniqueEmail("drip")).text("id"))
                .get("id").asString();

        // the 200 came in time: that is the answer (no retry); the body is read until the timeout, then cut off
        Poll.until("the dripping delivery recorded", () -> "succeeded".equals(deliveryStatus(e.id(), dripping)),
                () -> deliveryRows(e.id()));
        long cut = drip.awaitCut(Duration.ofSeconds(10));
        assertThat(cut).as("ms until Emboss hung up on the drip (-1: never)").isBetween(0L, TIMEOUT.toMillis() + 4_000);
        List<JsonNode> attempts = attempts(key, e.id(), dripping);
        assertThat(attempts).hasSize(1);
        JsonNode attempt = attempts.get(0);
        assertThat(attempt.get("responseCode").asInt()).isEqualTo(200);
        assertThat(attempt.get("durationMs").asLong()).isBetween(TIMEOUT.toMillis(), TIMEOUT.toMillis() + 4_000);
        assertThat(attempt.get("responseBody").asString()).startsWith("accepted, thinking")
                .hasSizeLessThanOrEqualTo(2048);

        String withNul = eventAbout(key, "customer.created", createCustomer(key, uniqueEmail("nul")).text("id"))
                .get("id").asString();
        Poll.until("the delivery answered with a NUL recorded", () -> "succeeded".equals(deliveryStatus(e.id(),
                withNul)), () -> deliveryRows(e.id()));
        assertThat(attempts(key, e.id(), withNul).get(0).get("responseBody").asString()).isEqualTo("ok\ufffddone");
        r.received().forEach(got -> got.verifiedWith(e.secret()));
    }

    @Test
    void events_go_only_to_endpoints_subscribed_to_their_type_and_environment() {
        TenantKeys t = newTenant();
        String key = t.sandboxKey();
        WebhookReceiver all = receiver(WebhookReceiver.status(200));
        WebhookReceiver updates = receiver(WebhookReceiver.status(200));
        WebhookReceiver kyc = receiver(WebhookReceiver.status(200));
        Endpoint allEndpoint = createEndpoint(key, all.url(), "*");
        Endpoint updatesEndpoint = createEndpoint(key, updates.url(), "customer.updated");
        Endpoint kycEndpoint = createEndpoint(key, kyc.url(), "customer.kyc_updated", "wallet.deposit_succeeded");
        // another tenant's endpoint for everything must see none of this tenant's events
        WebhookReceiver stranger = receiver(WebhookReceiver.status(200));
        Endpoint strangerEndpoint = createEndpoint(newTenant().sandboxKey(), stranger.url(), "*");

        String customer = createCustomer(key, uniqueEmail("sub")).text("id");
        assertThat(api.patch("/v1/customers/" + customer, key, body("name", "Updated")).status()).isEqualTo(200);
        createCustomer(t.liveKey(), uniqueEmail("live-only"));
        String created = eventAbout(key, "customer.created", customer).get("id").asString();
        String updated = eventAbout(key, "customer.updated", customer).get("id").asString();

        Poll.until("deliveries done", () -> all.hasAll(List.of(created, updated)) && updates.hasAll(List.of(updated))
                && deliveryRows(allEndpoint.id()).stream().allMatch(row -> "succeeded".equals(row.get("status")))
                && deliveryRows(updatesEndpoint.id()).stream().allMatch(row -> "succeeded".equals(row.get("status"))));
        // deliveries are scheduled in the event's transaction: the rows show who is (not) a target
        assertThat(deliveryRows(allEndpoint.id())).extracting(row -> row.get("event_id"))
                .containsExactlyInAnyOrder(created, updated);
        assertThat(deliveryRows(updatesEndpoint.id())).extracting(row -> row.get("event_id")).containsExactly(updated);
        assertThat(deliveryRows(kycEndpoint.id())).isEmpty();
        assertThat(deliveryRows(strangerEndpoint.id())).isEmpty();
        assertThat(all.count()).isEqualTo(2);
        assertThat(updates.count()).isEqualTo(1);
        assertThat(kyc.count()).isZero();
        assertThat(stranger.count()).isZero();
        all.received().forEach(got -> assertThat(got.verifiedWith(allEndpoint.secret()).get("livemode").asBoolean())
                .isFalse());
        assertThat(updates.received().get(0).verifiedWith(updatesEndpoint.secret()).get("type").asString())
                .isEqualTo("customer.updated");
    }

    @Test
    void a_disabled_endpoint_receives_nothing_until_enabled_again() {
        String key = newTenant().sandboxKey();
        WebhookReceiver off = receiver(WebhookReceiver.status(200));
        WebhookReceiver on = receiver(WebhookReceiver.status(200));
        Endpoint offEndpoint = createEndpoint(key, off.url(), "*");
        Endpoint onEndpoint = createEndpoint(key, on.url(), "*");
        Api.Resp disabled = api.patch("/v1/webhook-endpoints/" + offEndpoint.id(), key, body("enabled", false));
        assertThat(disabled.data().get("enabled").asBoolean()).isFalse();

        String first = createCustomer(key, uniqueEmail("off")).text("id");
        String firstEvent = eventAbout(key, "customer.created", first).get("id").asString();
        Poll.until("the enabled endpoint served", () -> "succeeded".equals(deliveryStatus(onEndpoint.id(), firstEvent)));
        assertThat(deliveryRows(offEndpoint.id())).isEmpty();
        assertThat(off.count()).isZero();
        Api.Resp refused = api.post("/v1/events/" + firstEvent + "/redeliver", key,
                body("endpointId", offEndpoint.id()));
        assertThat(refused.status()).as(refused.toString()).isEqualTo(409);
        assertThat(refused.errorCode()).isEqualTo("invalid_state");
        assertThat(deliveryRows(offEndpoint.id())).isEmpty();

        assertThat(api.patch("/v1/webhook-endpoints/" + offEndpoint.id(), key, body("enabled", true)).status())
                .isEqualTo(200);
        String second = createCustomer(key, uniqueEmail("on-again")).text("id");
        String secondEvent = eventAbout(key, "customer.created", second).get("id").asString();
        Poll.until("delivered after re-enabling", () -> off.withId(secondEvent).size() == 1, off::toString);
        Poll.until("recorded", () -> "succeeded".equals(deliveryStatus(offEndpoint.id(), secondEvent)));
        assertThat(off.ids()).containsExactly(secondEvent);
        off.received().forEach(got -> got.verifiedWith(offEndpoint.secret()));
        on.received().forEach(got -> got.verifiedWith(onEndpoint.secret()));
        assertThat(on.ids()).containsExactlyInAnyOrder(firstEvent, secondEvent);
    }

    @Test
    void deleting_or_disabling_an_endpoint_mid_retry_stops_its_retries() {
        String key = newTenant().sandboxKey();
        WebhookReceiver deletedReceiver = receiver(WebhookReceiver.status(500));
        WebhookReceiver disabledReceiver = receiver(WebhookReceiver.status(503));
        Endpoint deleted = createEndpoint(key, deletedReceiver.url(), "customer.created");
        Endpoint disabled = createEndpoint(key, disabledReceiver.url(), "customer.created");
        String customer = createCustomer(key, uniqueEmail("midretry")).text("id");
        String eventId = eventAbout(key, "customer.created", customer).get("id").asString();

        Poll.until("both endpoints retrying", () -> deletedReceiver.count() >= 2 && disabledReceiver.count() >= 2);
        assertThat(api.delete("/v1/webhook-endpoints/" + deleted.id(), key).status()).isEqualTo(200);
        assertThat(api.patch("/v1/webhook-endpoints/" + disabled.id(), key, body("enabled", false)).status())
                .isEqualTo(200);
        int deletedAt = deletedReceiver.count();
        int disabledAt = disabledReceiver.count();
        assertThat(deliveryStatus(deleted.id(), eventId)).isEqualTo("cancelled");
        assertThat(deliveryStatus(disabled.id(), eventId)).isEqualTo("cancelled");

        // a send already in flight may still land (it finishes within the timeout); after that, nothing
        Poll.pause(TIMEOUT.toMillis() + 300);
        int settledDeleted = deletedReceiver.count();
        int settledDisabled = disabledReceiver.count();
        assertThat(settledDeleted).isLessThanOrEqualTo(deletedAt + 1);
        assertThat(settledDisabled).isLessThanOrEqualTo(disabledAt + 1);
        Poll.holds("no further requests", Duration.ofMillis(2000),
                () -> deletedReceiver.count() == settledDeleted && disabledReceiver.count() == settledDisabled,
                () -> deletedReceiver.count() + " / " + disabledReceiver.count());
        assertThat(deliveryStatus(deleted.id(), eventId)).isEqualTo("cancelled");
        assertThat(deliveryStatus(disabled.id(), eventId)).isEqualTo("cancelled");
        deletedReceiver.received().forEach(got -> got.verifiedWith(deleted.secret()));
        disabledReceiver.received().forEach(got -> got.verifiedWith(disabled.secret()));
        // the event is still readable and can be redelivered elsewhere
        assertThat(api.get("/v1/events/" + eventId, key).status()).isEqualTo(200);
    }

    @Test
    void redeliver_sends_the_event_again_to_every_endpoint_or_to_one() {
        TenantKeys t = newTenant();
        String key = t.sandboxKey();
        WebhookReceiver a = receiver(WebhookReceiver.status(200));
        WebhookReceiver b = receiver(WebhookReceiver.status(200));
        Endpoint ea = createEndpoint(key, a.url(), "customer.created");
        Endpoint eb = createEndpoint(key, b.url(), "*");
        String customer = createCustomer(key, uniqueEmail("redeliver")).text("id");
        String eventId = eventAbout(key, "customer.created", customer).get("id").asString();
        Poll.until("first deliveries", () -> a.withId(eventId).size() == 1 && b.withId(eventId).size() == 1);

        Api.Resp again = api.post("/v1/events/" + eventId + "/redeliver", key, body());
        assertThat(again.status()).as(again.toString()).isEqualTo(200);
        assertThat(again.text("eventId")).isEqualTo(eventId);
        assertThat(again.data().get("deliveries")).extracting(d -> d.get("endpointId").asString())
                .containsExactlyInAnyOrder(ea.id(), eb.id());
        Poll.until("redelivered to both", () -> a.withId(eventId).size() == 2 && b.withId(eventId).size() == 2);

        Api.Resp one = api.post("/v1/events/" + eventId + "/redeliver", key, body("endpointId", ea.id()));
        assertThat(one.status()).as(one.toString()).isEqualTo(200);
        assertThat(one.data().get("deliveries")).extracting(d -> d.get("endpointId").asString())
                .containsExactly(ea.id());
        Poll.until("redelivered to the named endpoint", () -> a.withId(eventId).size() == 3);
        Api.Resp noBody = api.raw("POST", "/v1/events/" + eventId + "/redeliver", key, null, null);
        assertThat(noBody.status()).as(noBody.toString()).isEqualTo(200);
        Poll.until("redelivered without a body", () -> a.withId(eventId).size() == 4 && b.withId(eventId).size() == 3);
        Poll.until("all recorded", () -> deliveryRows(ea.id()).stream().allMatch(r -> "succeeded".equals(r.get("status")))
                && deliveryRows(eb.id()).stream().allMatch(r -> "succeeded".equals(r.get("status"))));
        assertThat(deliveryRows(ea.id())).hasSize(4);
        assertThat(deliveryRows(eb.id())).hasSize(3);
        assertThat(b.withId(eventId)).hasSize(3);

        // every copy is the same signed event; each redelivery is a delivery of its own
        String firstBody = a.received().get(0).body();
        for (WebhookReceiver.Received got : a.received()) {
            assertThat(got.verifiedWith(ea.secret()).get("id").asString()).isEqualTo(eventId);
            assertThat(got.body()).isEqualTo(firstBody);
        }
        b.received().forEach(got -> got.verifiedWith(eb.secret()));
        Set<String> deliveryIds = new HashSet<>();
        attempts(key, ea.id(), eventId).forEach(at -> {
            assertThat(at.get("status").asString()).isEqualTo("succeeded");
            deliveryIds.add(at.get("deliveryId").asString());
        });
        assertThat(deliveryIds).hasSize(4);

        assertThat(api.post("/v1/events/evt_nope/redeliver", key, body()).status()).isEqualTo(404);
        Api.Resp unknownEndpoint = api.post("/v1/events/" + eventId + "/redeliver", key, body("endpointId", "we_nope"));
        assertThat(unknownEndpoint.status()).isEqualTo(404);
        assertThat(api.post("/v1/events/" + eventId + "/redeliver", t.liveKey(), body()).status()).isEqualTo(404);
        Endpoint foreign = createEndpoint(newTenant().sandboxKey(), "http://127.0.0.1:9/foreign", "*");
        assertThat(api.post("/v1/events/" + eventId + "/redeliver", key, body("endpointId", foreign.id())).status())
                .isEqualTo(404);
    }

    @Test
    void a_rotated_secret_signs_with_both_secrets_during_the_overlap_and_only_the_new_one_without() {
        String key = newTenant().sandboxKey();
        WebhookReceiver r = receiver(WebhookReceiver.status(200));
        Endpoint e = createEndpoint(key, r.url(), "customer.created");

        String c0 = createCustomer(key, uniqueEmail("rot0")).text("id");
        String ev0 = eventAbout(key, "customer.created", c0).get("id").asString();
        Poll.until("delivered before rotation", () -> r.withId(ev0).size() == 1);
        WebhookReceiver.Received before = r.withId(ev0).get(0);
        before.verifiedWith(e.secret());
        assertThat(before.header("webhook-signature").split(" ")).hasSize(1);

        Api.Resp rotated = api.post("/v1/webhook-endpoints/" + e.id() + "/rotate-secret", key,
                body("overlapSeconds", 3600));
        assertThat(rotated.status()).as(rotated.toString()).isEqualTo(200);
        String second = rotated.text("secret");
        String c1 = createCustomer(key, uniqueEmail("rot1")).text("id");
        String ev1 = eventAbout(key, "customer.created", c1).get("id").asString();
        Poll.until("delivered during the overlap", () -> r.withId(ev1).size() == 1);
        WebhookReceiver.Received during = r.withId(ev1).get(0);
        during.verifiedWith(second, e.secret());
        assertThat(during.header("webhook-signature").split(" ")).hasSize(2).allMatch(s -> s.startsWith("v1,"));
        assertThat(before.verifies(second)).isFalse();

        Api.Resp immediate = api.post("/v1/webhook-endpoints/" + e.id() + "/rotate-secret", key,
                body("overlapSeconds", 0));
        assertThat(immediate.status()).isEqualTo(200);
        String third = immediate.text("secret");
        String c2 = createCustomer(key, uniqueEmail("rot2")).text("id");
        String ev2 = eventAbout(key, "customer.created", c2).get("id").asString();
        Poll.until("delivered after an immediate rotation", () -> r.withId(ev2).size() == 1);
        WebhookReceiver.Received after = r.withId(ev2).get(0);
        after.verifiedWith(third);
        assertThat(after.verifies(second)).as("the previous secret no longer signs").isFalse();
        assertThat(after.verifies(e.secret())).as("the first secret no longer signs").isFalse();
        assertThat(after.header("webhook-signature").split(" ")).hasSize(1);

        // redelivering an old event signs it with the current secret
        assertThat(api.post("/v1/events/" + ev0 + "/redeliver", key, body()).status()).isEqualTo(200);
        Poll.until("old event redelivered", () -> r.withId(ev0).size() == 2);
        WebhookReceiver.Received redelivered = r.withId(ev0).get(1);
        redelivered.verifiedWith(third);
        assertThat(redelivered.verifies(e.secret())).isFalse();
        assertThat(r.count()).isEqualTo(4);

        // an overlap ends: once it has passed, only the newest secret signs
        Api.Resp brief = api.post("/v1/webhook-endpoints/" + e.id() + "/rotate-secret", key,
                body("overlapSeconds", 1));
        String fourth = brief.text("secret");
        java.time.Instant overlapEnds = java.time.Instant.parse(brief.text("previousSecretExpiresAt"));
        Poll.until("the overlap is over", () -> java.time.Instant.now().isAfter(overlapEnds.plusMillis(50)));
        String c3 = createCustomer(key, uniqueEmail("rot3")).text("id");
        String ev3 = eventAbout(key, "customer.created", c3).get("id").asString();
        Poll.until("delivered after the overlap", () -> r.withId(ev3).size() == 1);
        WebhookReceiver.Received late = r.withId(ev3).get(0);
        late.verifiedWith(fourth);
        assertThat(late.verifies(third)).as("the overlap has ended").isFalse();
        assertThat(late.header("webhook-signature").split(" ")).hasSize(1);
    }
}
