package io.emboss.dashboard;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import io.emboss.support.Api;
import io.emboss.support.ApiTest;
import io.emboss.support.ApiTestBase;
import io.emboss.support.ConsoleClient;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.BooleanSupplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.springframework.test.context.TestPropertySource;
import tools.jackson.databind.JsonNode;

/**
 * The Developers pages over real HTTP, with a real webhook receiver on a local port. Retries are
 * sped up and a delivery is given up after a second, so a failing one reaches the overview quickly.
 */
@ApiTest
@TestPropertySource(properties = {
        "emboss.webhooks.retry-schedule=200ms",
        "emboss.webhooks.poll-interval-ms=50",
        "emboss.webhooks.timeout=3s",
        "emboss.webhooks.max-age=1s",
        "emboss.webhooks.disable-after=1h",
        "emboss.webhooks.allow-private-targets=true"})
class DeveloperPagesTest extends ApiTestBase {
    private static final Pattern SECRET = Pattern.compile("id=\"new-secret\"[^>]*value=\"([^\"]+)\"");

    @Test
    void a_key_created_in_the_console_is_shown_once_works_and_stops_working_when_revoked() {
        TenantKeys t = newTenant();
        ConsoleClient browser = new ConsoleClient(port).signIn(t.email(), t.password());
        browser.get("/dashboard/developers/api-keys");
        ConsoleClient.Page created = browser.post("/dashboard/developers/api-keys", Map.of("name", "Back office"));
        assertThat(created.status()).as(created.toString()).isEqualTo(201);
        assertThat(created.html()).contains("only time the secret is shown");
        String secret = secretOn(created);
        assertThat(secret).startsWith("sk_test_");

        assertThat(api.get("/v1/customers", secret).status()).isEqualTo(200);
        ConsoleClient.Page again = browser.get("/dashboard/developers/api-keys");
        assertThat(again.html()).contains("Back office").contains(secret.substring(0, 8) + "…"
                + secret.substring(secret.length() - 4)).doesNotContain(secret).doesNotContain("new-secret");
        JsonNode listed = api.get("/v1/api-keys?limit=100", t.sandboxKey()).data().get("items");
        String keyId = null;
        for (JsonNode k : listed) {
            if (k.get("name").asString().equals("Back office")) {
                keyId = k.get("id").asString();
            }
        }
        assertThat(keyId).isNotNull();

        ConsoleClient.Page revoked = browser.post("/dashboard/developers/api-keys/" + keyId + "/revoke", Map.of());
        assertThat(browser.follow(revoked).html()).contains("API key " + keyId + " revoked.").doesNotContain(secret);
        assertThat(api.get("/v1/customers", secret).status()).isEqualTo(401);
    }

    @Test
    void a_user_without_admin_is_refused_key_creation_with_the_services_message_and_nothing_is_created() {
        TenantKeys t = newTenant();
        String userId = api.get("/v1/users", t.liveKey()).data().get("items").get(0).get("id").asString();
        Api.Resp demoted = api.patch("/v1/users/" + userId, t.liveKey(), body("permissions", List.of()));
        assertThat(demoted.status()).as(demoted.toString()).isEqualTo(200);
        int keysBefore = api.get("/v1/api-keys?limit=100", t.sandboxKey()).data().get("items").size();

        ConsoleClient browser = new ConsoleClient(port).signIn(t.email(), t.password());
        browser.get("/dashboard/developers/api-keys");
        ConsoleClient.Page refused = browser.post("/dashboard/developers/api-keys", Map.of("name", "Sneaky"));
        assertThat(refused.status()).as(refused.toString()).isEqualTo(302);
        ConsoleClient.Page after = browser.follow(refused);
        assertThat(after.html()).contains("needs the admin permission").doesNotContain("sk_test_")
                .doesNotContain("Sneaky");
        assertThat(api.get("/v1/api-keys?limit=100", t.sandboxKey()).data().get("items")).hasSize(keysBefore);
    }

    @Test
    void a_failed_delivery_shows_on_the_overview_and_redeliver_reaches_the_receiver() throws IOException {
        TenantKeys t = newTenant();
        try (Receiver receiver = new Receiver(500)) {
            ConsoleClient browser = new ConsoleClient(port).signIn(t.email(), t.password());
            browser.get("/dashboard/developers/webhooks");
            ConsoleClient.Page created = browser.post("/dashboard/developers/webhooks",
                    Map.of("url", receiver.url(), "events", "customer.created", "description", "Ops hooks"));
            assertThat(created.status()).as(created.toString()).isEqualTo(201);
            assertThat(created.html()).contains("only time this signing secret is shown");
            String secret = secretOn(created);
            assertThat(secret).startsWith("whsec_");
            JsonNode endpoint = api.get("/v1/webhook-endpoints", t.sandboxKey()).data().get("items").get(0);
            String endpointId = endpoint.get("id").asString();
            assertThat(endpoint.get("url").asString()).isEqualTo(receiver.url());
            assertThat(browser.get("/dashboard/developers/webhooks/" + endpointId).html()).doesNotContain(secret);

            String customer = newCustomer(t.sandboxKey());
            JsonNode event = events(t.sandboxKey(), "customer.created").get(0);
            String eventId = event.get("id").asString();
            assertThat(event.get("data").get("object").get("id").asString()).isEqualTo(customer);
            until("the delivery is given up", () -> browser.get("/dashboard").html().contains(">failed<"));
            ConsoleClient.Page overview = browser.get("/dashboard");
            assertThat(overview.html()).contains("Failed webhook deliveries").contains(eventId)
                    .contains("/dashboard/developers/webhooks/" + endpointId).contains("HTTP 500");
            int failedAttempts = receiver.received().size();
            assertThat(failedAttempts).isGreaterThanOrEqualTo(1);
            assertThat(browser.get("/dashboard/developers/webhooks/" + endpointId).html()).contains(eventId)
                    .contains(">failed<").contains(">500<").contains("Redeliver");

            receiver.answer(200);
            ConsoleClient.Page redelivered = browser.post("/dashboard/developers/events/" + eventId + "/redeliver",
                    Map.of("endpointId", endpointId, "back", "/dashboard"));
            assertThat(redelivered.location()).endsWith("/dashboard");
            assertThat(browser.follow(redelivered).html()).contains("Redelivery scheduled");
            until("the receiver gets the redelivery", () -> receiver.received().size() > failedAttempts);
            assertThat(receiver.received().get(failedAttempts)).contains(eventId);
            until("the attempt is recorded", () -> browser.get("/dashboard/developers/webhooks/" + endpointId)
                    .html().contains(">succeeded<"));
            assertThat(browser.get("/dashboard").html()).doesNotContain("/dashboard/developers/events/" + eventId);

            ConsoleClient.Page eventPage = browser.get("/dashboard/developers/events/" + eventId);
            assertThat(eventPage.html()).contains("<pre class=\"payload\">").contains("&quot;customer.created&quot;")
                    .contains(customer);
            assertThat(browser.get("/dashboard/developers/events").html())
                    .contains("/dashboard/developers/events/" + eventId);
        }
    }

    @Test
    void another_tenants_endpoint_and_event_are_not_found() throws IOException {
        TenantKeys owner = newTenant();
        Api.Resp endpoint = api.post("/v1/webhook-endpoints", owner.sandboxKey(),
                body("url", "http://127.0.0.1:9/emboss", "events", List.of("*")));
        assertThat(endpoint.status()).as(endpoint.toString()).isEqualTo(201);
        newCustomer(owner.sandboxKey());
        String eventId = events(owner.sandboxKey(), "customer.created").get(0).get("id").asString();
        ConsoleClient owners = new ConsoleClient(port).signIn(owner.email(), owner.password());
        until("the owner's delivery fails", () -> owners.get("/dashboard").html().contains(eventId));
        TenantKeys other = newTenant();
        ConsoleClient stranger = new ConsoleClient(port).signIn(other.email(), other.password());
        assertThat(stranger.get("/dashboard/developers/webhooks/" + endpoint.text("id")).status()).isEqualTo(404);
        assertThat(stranger.get("/dashboard/developers/events/" + eventId).status()).isEqualTo(404);
        stranger.get("/dashboard/developers/events");
        assertThat(stranger.post("/dashboard/developers/events/" + eventId + "/redeliver", Map.of()).status())
                .isEqualTo(404);
        assertThat(stranger.post("/dashboard/developers/webhooks/" + endpoint.text("id") + "/rotate-secret",
                Map.of()).status()).isEqualTo(404);
        assertThat(stranger.get("/dashboard").html()).doesNotContain(eventId).contains("Failed webhook deliveries");
    }

    @Test
    void the_decision_endpoint_is_saved_with_its_secret_shown_once_and_the_audit_log_lists_changes() {
        TenantKeys t = newTenant();
        newCustomer(t.sandboxKey());
        ConsoleClient browser = new ConsoleClient(port).signIn(t.email(), t.password());
        assertThat(browser.get("/dashboard/developers").html()).contains("Audit log").contains("API keys");
        assertThat(browser.get("/dashboard/developers/decision-endpoint").html()).contains("No endpoint");
        ConsoleClient.Page saved = browser.post("/dashboard/developers/decision-endpoint",
                Map.of("url", "http://127.0.0.1:9/decide", "standIn", "approve", "timeoutMs", "800"));
        assertThat(saved.status()).as(saved.toString()).isEqualTo(200);
        String secret = secretOn(saved);
        JsonNode endpoint = api.get("/v1/authorization-endpoint", t.sandboxKey()).data();
        assertThat(endpoint.get("url").asString()).isEqualTo("http://127.0.0.1:9/decide");
        assertThat(endpoint.get("timeoutMs").asInt()).isEqualTo(800);
        assertThat(browser.get("/dashboard/developers/decision-endpoint").html()).contains("http://127.0.0.1:9/decide")
                .doesNotContain(secret);
        ConsoleClient.Page tooSlow = browser.post("/dashboard/developers/decision-endpoint",
                Map.of("url", "http://127.0.0.1:9/other", "timeoutMs", "99999"));
        assertThat(browser.follow(tooSlow).html()).contains("timeoutMs");
        assertThat(api.get("/v1/authorization-endpoint", t.sandboxKey()).text("url")).endsWith("/decide");
        ConsoleClient.Page deleted = browser.post("/dashboard/developers/decision-endpoint/delete", Map.of());
        assertThat(browser.follow(deleted).html()).contains("No endpoint");
        assertThat(api.get("/v1/authorization-endpoint", t.sandboxKey()).status()).isEqualTo(404);

        String audit = browser.get("/dashboard/developers/audit-log").html();
        assertThat(audit).contains("/v1/customers");
    }

    private static String secretOn(ConsoleClient.Page page) {
        Matcher m = SECRET.matcher(page.html());
        assertThat(m.find()).as(page.toString()).isTrue();
        return m.group(1);
    }

    /** Polls against a deadline (no fixed waits): delivery is asynchronous. */
    private static void until(String what, BooleanSupplier condition) {
        long deadline = System.nanoTime() + 30_000_000_000L;
        while (!condition.getAsBoolean()) {
            assertThat(System.nanoTime()).as("timed out waiting for " + what).isLessThan(deadline);
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(e);
            }
        }
    }

    /** A real webhook receiver on a local port (the browser scenario's too): records every body, answers with the status set last. */
    static final class Receiver implements AutoCloseable {
        private final HttpServer server;
        private final List<String> bodies = new CopyOnWriteArrayList<>();
        private volatile int status;

        Receiver(int status) throws IOException {
            this.status = status;
            server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
            server.createContext("/", exchange -> {
                bodies.add(new String(exchange.getRequestBody().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8));
                exchange.sendResponseHeaders(this.status, -1);
                exchange.close();
            });
            server.start();
        }

        String url() {
            return "http://127.0.0.1:" + server.getAddress().getPort() + "/hooks";
        }

        void answer(int next) {
            status = next;
        }

        List<String> received() {
            return bodies;
        }

        @Override
        public void close() {
            server.stop(0);
        }
    }
}
