package io.emboss.events;

import static org.assertj.core.api.Assertions.assertThat;

import io.emboss.support.Api;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.annotation.Import;
import org.springframework.test.context.TestPropertySource;
import tools.jackson.databind.JsonNode;

/**
 * A sandbox on PostgreSQL whose operator has not allowed private targets (the rest of the suite
 * allows them, see PostgresSchema): a sandbox key can no longer point a webhook or decision endpoint
 * at loopback, private or link-local addresses and read the answers in the delivery log. Checked
 * when saved and again on every connection, on the address the connection uses: names resolve
 * through {@link ScriptedResolver}, a DNS server the test controls, which rebinds a name from a
 * public address to 127.0.0.1 where a real receiver listens. The receiver must never be reached.
 * One attempt per delivery (the first retry is an hour away), so lookups can be counted.
 */
@TestPropertySource(properties = {
        "emboss.webhooks.allow-private-targets=false",
        "emboss.webhooks.retry-schedule=1h",
        "emboss.webhooks.poll-interval-ms=50",
        "emboss.webhooks.timeout=2s"})
@Import(ScriptedResolver.Config.class)
class PrivateTargetsRefusedTest extends WebhookTestBase {
    /** TEST-NET-3: a public address nothing answers on. */
    private static final String PUBLIC = "203.0.113.10";

    @Autowired
    ScriptedResolver dns;

    @Test
    void sandbox_endpoints_on_loopback_private_or_link_local_addresses_are_refused_when_saved() {
        String key = newTenant().sandboxKey();
        WebhookReceiver local = receiver(WebhookReceiver.status(200));
        dns.script("internal.rebind.test", "10.1.2.3");
        for (String url : List.of(local.url(), "http://localhost:" + local.port() + "/hook",
                "http://169.254.169.254/latest/meta-data", "http://10.0.0.1/hook", "http://192.168.1.1/",
                "http://[::1]:8080/x", "http://[::ffff:127.0.0.1]/x", "http://internal.rebind.test/hook")) {
            Api.Resp hook = api.post("/v1/webhook-endpoints", key, body("url", url, "events", List.of("*")));
            assertThat(hook.status()).as(url + " -> " + hook).isEqualTo(400);
            assertThat(hook.body().get("data").get("fields").get("url").asString()).as(url)
                    .contains("loopback, private or link-local");
            Api.Resp decision = api.send("PUT", "/v1/authorization-endpoint", key, body("url", url), Map.of());
            assertThat(decision.status()).as(url + " -> " + decision).isEqualTo(400);
        }
        // a public address is fine, over http in sandbox, but cannot be moved onto a private one
        Api.Resp ok = api.post("/v1/webhook-endpoints", key, body("url", "http://" + PUBLIC + "/hook", "events",
                List.of("customer.kyc_updated")));
        assertThat(ok.status()).as(ok.toString()).isEqualTo(201);
        Api.Resp moved = api.patch("/v1/webhook-endpoints/" + ok.text("id"), key, body("url", local.url()));
        assertThat(moved.status()).as(moved.toString()).isEqualTo(400);
        assertThat(api.get("/v1/webhook-endpoints", key).data().get("items")).hasSize(1);
        assertThat(local.count()).isZero();
    }

    @Test
    void a_webhook_host_that_rebinds_to_loopback_after_it_was_saved_is_refused_at_send_time() {
        String key = newTenant().sandboxKey();
        WebhookReceiver local = receiver(WebhookReceiver.status(200));
        String host = "hooks.rebind.test";
        dns.script(host, PUBLIC, "127.0.0.1");
        Endpoint e = createEndpoint(key, "http://" + host + ":" + local.port() + "/hook", "customer.created");
        assertThat(dns.lookups(host)).as("checked when saved").isEqualTo(1);

        String customer = createCustomer(key, uniqueEmail("rebind")).text("id");
        String eventId = eventAbout(key, "customer.created", customer).get("id").asString();
        Poll.until("an attempt", () -> !attempts(key, e.id(), eventId).isEmpty());
        JsonNode attempt = attempts(key, e.id(), eventId).get(0);
        assertThat(attempt.get("status").asString()).isEqualTo("failed");
        assertThat(attempt.get("error").asString()).startsWith("destination refused");
        assertThat(attempt.get("responseCode").isNull()).isTrue();
        assertThat(attempt.get("responseBody").isNull()).isTrue();
        assertThat(local.count()).as("nothing reached the service on loopback").isZero();
    }

    @Test
    void a_host_that_rebinds_between_the_check_and_the_connection_never_reaches_loopback() {
        String key = newTenant().sandboxKey();
        WebhookReceiver local = receiver(WebhookReceiver.status(200));
        String host = "flip.rebind.test";
        dns.script(host, PUBLIC);
        Endpoint e = createEndpoint(key, "http://" + host + ":" + local.port() + "/hook", "customer.created");
        // the attack on a client that checks one lookup and connects with another: public, then loopback
        dns.script(host, PUBLIC, "127.0.0.1");

        String customer = createCustomer(key, uniqueEmail("flip")).text("id");
        String eventId = eventAbout(key, "customer.created", customer).get("id").asString();
        Poll.until("an attempt", () -> !attempts(key, e.id(), eventId).isEmpty());
        JsonNode attempt = attempts(key, e.id(), eventId).get(0);
        assertThat(attempt.get("status").asString()).isEqualTo("failed");
        // it went to the public address it checked (nothing answers there) ...
        assertThat(attempt.get("error").asString()).doesNotStartWith("destination refused");
        // ... resolved once, on the connection itself: no second lookup could name another address
        assertThat(dns.lookups(host)).isEqualTo(1);
        assertThat(local.count()).isZero();
    }

    @Test
    void a_decision_endpoint_that_rebinds_to_loopback_is_not_called_and_the_stand_in_rule_decides() {
        String key = newTenant().sandboxKey();
        WebhookReceiver local = receiver((ex, i) -> WebhookReceiver.reply(ex, 200, "{\"approved\": true}"));
        String host = "decide.rebind.test";
        dns.script(host, PUBLIC, "127.0.0.1");
        Api.Resp saved = api.send("PUT", "/v1/authorization-endpoint", key, body("url", "http://" + host + ":"
                + local.port() + "/decide", "standIn", "decline", "timeoutMs", 1500), Map.of());
        assertThat(saved.status()).as(saved.toString()).isEqualTo(200);
        String card = fundedCard(key, "20.00");

        Api.Resp refused = authorize(key, card);
        assertThat(refused.data().get("approved").asBoolean()).as(refused.toString()).isFalse();
        assertThat(refused.text("declineReason")).isEqualTo("webhook_timeout");
        assertThat(dns.lookups(host)).as("checked again before the call").isEqualTo(2);

        // rebinding between a check and a connection: the call goes where the check looked, or nowhere
        dns.script(host, PUBLIC, "127.0.0.1");
        Api.Resp flipped = authorize(key, card);
        assertThat(flipped.data().get("approved").asBoolean()).as(flipped.toString()).isFalse();
        assertThat(dns.lookups(host)).isEqualTo(1);

        assertThat(local.count()).as("the decision service on loopback was never called").isZero();
        assertThat(api.get("/v1/cards/" + card + "/balance", key).text("available")).isEqualTo("20.00");
        assertLedgerBalanced();
    }

    /** An active virtual USD card with this balance, for an approved customer. */
    private String fundedCard(String key, String balance) {
        String customer = newApprovedCustomer(key);
        deposit(key, customer, "USD", new java.math.BigDecimal(balance).add(java.math.BigDecimal.ONE).toPlainString());
        String product = null;
        for (JsonNode p : api.get("/v1/card-products", key).data().get("items")) {
            if ("Virtual USD Visa".equals(p.get("name").asString())) {
                product = p.get("id").asString();
            }
        }
        Api.Resp card = api.post("/v1/cards", key, body("customerId", customer, "productId", product,
                "initialBalance", balance));
        assertThat(card.status()).as(card.toString()).isEqualTo(201);
        return card.text("id");
    }

    private Api.Resp authorize(String key, String card) {
        Api.Resp r = api.post("/v1/simulate/authorizations", key, body("cardId", card, "amount", "5.00", "currency",
                "USD", "merchant", body("name", "Corner Shop", "mcc", "5411", "country", "US", "city", "Bogota")));
        assertThat(r.status()).as(r.toString()).isEqualTo(201);
        return r;
    }
}
