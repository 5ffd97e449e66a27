package io.emboss.events;

import static org.assertj.core.api.Assertions.assertThat;

import io.emboss.support.Api;
import io.emboss.support.ApiTestBase;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.JsonNode;

/** Helpers shared by the events tests: endpoints, events, attempts and the receivers to close. */
abstract class WebhookTestBase extends ApiTestBase {
    /** An endpoint as created: its id and the secret shown once. */
    record Endpoint(String id, String secret, JsonNode created) {
    }

    @Autowired
    protected JdbcClient jdbc;

    private final List<WebhookReceiver> receivers = new ArrayList<>();

    @AfterEach
    void closeReceivers() {
        receivers.forEach(WebhookReceiver::close);
        receivers.clear();
    }

    /** Starts a receiver that is closed after the test. */
    protected WebhookReceiver receiver(WebhookReceiver.Responder responder) {
        return track(WebhookReceiver.http(responder));
    }

    protected WebhookReceiver track(WebhookReceiver r) {
        receivers.add(r);
        return r;
    }

    protected Endpoint createEndpoint(String key, String url, String... types) {
        Api.Resp r = api.post("/v1/webhook-endpoints", key, body("url", url, "events", List.of(types)));
        assertThat(r.status()).as(r.toString()).isEqualTo(201);
        return new Endpoint(r.text("id"), r.text("secret"), r.data());
    }

    protected Api.Resp createCustomer(String key, String email) {
        Api.Resp r = api.post("/v1/customers", key, body("name", "Customer " + email, "email", email));
        assertThat(r.status()).as(r.toString()).isEqualTo(201);
        return r;
    }

    /** Every event of the caller, newest first (follows the cursor). */
    protected List<JsonNode> allEvents(String key, String query) {
        List<JsonNode> all = new ArrayList<>();
        String cursor = null;
        do {
            String path = "/v1/events?limit=100" + (query == null ? "" : "&" + query)
                    + (cursor == null ? "" : "&startingAfter=" + cursor);
            Api.Resp r = api.get(path, key);
            assertThat(r.status()).as(r.toString()).isEqualTo(200);
            r.data().get("items").forEach(all::add);
            cursor = r.data().get("hasMore").asBoolean() ? r.text("nextCursor") : null;
        } while (cursor != null);
        return all;
    }

    protected List<String> eventIds(String key, String query) {
        return allEvents(key, query).stream().map(e -> e.get("id").asString()).toList();
    }

    /** The single event of a type about an object, or null while there is none. */
    protected JsonNode eventAbout(String key, String type, String objectId) {
        for (JsonNode e : allEvents(key, "type=" + type)) {
            if (objectId.equals(e.get("data").get("object").get("id").asString())) {
                return e;
            }
        }
        return null;
    }

    /** Attempts listed by GET /v1/webhook-endpoints/{id}/deliveries (newest first), optionally for one event. */
    protected List<JsonNode> attempts(String key, String endpointId, String eventId) {
        Api.Resp r = api.get("/v1/webhook-endpoints/" + endpointId + "/deliveries?limit=100"
                + (eventId == null ? "" : "&eventId=" + eventId), key);
        assertThat(r.status()).as(r.toString()).isEqualTo(200);
        List<JsonNode> list = new ArrayList<>();
        r.data().get("items").forEach(list::add);
        return list;
    }

    /** The webhook_deliveries rows of an endpoint (status per event), read straight from the table. */
    protected List<Map<String, Object>> deliveryRows(String endpointId) {
        return jdbc.sql("SELECT id, event_id, status, attempts, last_error FROM webhook_deliveries "
                + "WHERE endpoint_id = ? ORDER BY seq").param(endpointId).query().listOfRows();
    }

    protected String deliveryStatus(String endpointId, String eventId) {
        return jdbc.sql("SELECT status FROM webhook_deliveries WHERE endpoint_id = ? AND event_id = ? ORDER BY seq "
                + "DESC FETCH FIRST 1 ROWS ONLY").params(endpointId, eventId).query(String.class).optional()
                .orElse(null);
    }

    protected static String uniqueEmail(String prefix) {
        return prefix + "-" + io.emboss.shared.Ids.random(10).toLowerCase() + "@example.com";
    }
}
