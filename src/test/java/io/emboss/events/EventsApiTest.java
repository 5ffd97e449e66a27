package io.emboss.events;

import static org.assertj.core.api.Assertions.assertThat;

import io.emboss.support.Api;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * The events API: every foundation change records an event with the API shape of its object, in
 * the transaction of the change; listing filters and pages; tenants and environments stay apart.
 */
class EventsApiTest extends WebhookTestBase {

    @Test
    void every_foundation_change_records_an_event_with_the_api_shape_of_its_object() {
        TenantKeys t = newTenant();
        String key = t.sandboxKey();

        Api.Resp created = createCustomer(key, uniqueEmail("ev"));
        String customerId = created.text("id");
        Api.Resp updated = api.patch("/v1/customers/" + customerId, key, body("name", "Renamed", "phone",
                "+573001234567"));
        assertThat(updated.status()).as(updated.toString()).isEqualTo(200);
        Api.Resp submitted = api.post("/v1/customers/" + customerId + "/kyc", key,
                body("documents", List.of(Map.of("type", "passport", "country", "CO", "reference", "P-1"))));
        assertThat(submitted.status()).as(submitted.toString()).isEqualTo(200);
        Api.Resp approved = api.post("/v1/simulate/customers/" + customerId + "/kyc", key,
                body("decision", "approved"));
        assertThat(approved.status()).as(approved.toString()).isEqualTo(200);
        Api.Resp deposit = api.post("/v1/simulate/deposits", key,
                body("customerId", customerId, "currency", "USD", "amount", "125.50"));
        assertThat(deposit.status()).as(deposit.toString()).isEqualTo(201);
        Api.Resp funding = api.post("/v1/simulate/tenant-funding", key, body("currency", "USD", "amount", "900.00"));
        assertThat(funding.status()).as(funding.toString()).isEqualTo(201);

        List<JsonNode> events = allEvents(key, null);
        assertThat(events).extracting(e -> e.get("type").asString()).containsExactly(
                "balance.funding_succeeded", "wallet.deposit_succeeded", "customer.kyc_updated",
                "customer.kyc_updated", "customer.updated", "customer.created");
        // each event's object is exactly what the API answered for that change
        assertThat(events.get(0).get("data").get("object")).isEqualTo(funding.data());
        assertThat(events.get(1).get("data").get("object")).isEqualTo(deposit.data());
        assertThat(events.get(2).get("data").get("object")).isEqualTo(approved.data());
        assertThat(events.get(3).get("data").get("object")).isEqualTo(submitted.data());
        assertThat(events.get(4).get("data").get("object")).isEqualTo(updated.data());
        assertThat(events.get(5).get("data").get("object")).isEqualTo(created.data());
        assertThat(events.get(2).get("data").get("object").get("kycStatus").asString()).isEqualTo("approved");
        assertThat(events.get(3).get("data").get("object").get("kycStatus").asString()).isEqualTo("in_review");

        Instant previous = Instant.MAX;
        for (JsonNode e : events) {
            List<String> fields = new ArrayList<>();
            e.propertyNames().forEach(fields::add);
            assertThat(fields).containsExactlyInAnyOrder("id", "type", "createdAt", "livemode", "data");
            assertThat(e.get("id").asString()).matches("evt_[A-Za-z0-9]+");
            assertThat(e.get("livemode").asBoolean()).isFalse();
            assertThat(e.get("data").size()).isEqualTo(1);
            Instant at = Instant.parse(e.get("createdAt").asString());
            assertThat(at).isBeforeOrEqualTo(previous);
            previous = at;
            // no secret of any kind in an event (KYC document references included)
            String text = e.toString();
            assertThat(text).doesNotContain("whsec_", "secret", "password", "P-1", t.sandboxKey(), t.liveKey());
            // GET /v1/events/{id} answers the same event
            Api.Resp one = api.get("/v1/events/" + e.get("id").asString(), key);
            assertThat(one.status()).as(one.toString()).isEqualTo(200);
            assertThat(one.data()).isEqualTo(e);
        }
    }

    @Test
    void lists_filter_by_type_and_created_range_and_page_newest_first() {
        TenantKeys t = newTenant();
        String key = t.sandboxKey();
        List<String> customers = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            customers.add(createCustomer(key, uniqueEmail("page" + i)).text("id"));
        }
        api.patch("/v1/customers/" + customers.get(0), key, body("name", "Changed"));
        api.patch("/v1/customers/" + customers.get(1), key, body("name", "Changed too"));

        List<JsonNode> all = allEvents(key, null);
        assertThat(all).hasSize(7);
        // newest first: the two updates, then the creations in reverse order
        assertThat(all).extracting(e -> e.get("type").asString()).containsExactly("customer.updated",
                "customer.updated", "customer.created", "customer.created", "customer.created", "customer.created",
                "customer.created");
        assertThat(all.get(0).get("data").get("object").get("id").asString()).isEqualTo(customers.get(1));
        assertThat(all.get(6).get("data").get("object").get("id").asString()).isEqualTo(customers.get(0));

        // type filter
        List<JsonNode> updates = allEvents(key, "type=customer.updated");
        assertThat(updates).extracting(e -> e.get("id").asString())
                .containsExactly(all.get(0).get("id").asString(), all.get(1).get("id").asString());
        assertThat(allEvents(key, "type=wallet.deposit_succeeded")).isEmpty();

        // cursor pagination: pages of 2 join up to the full list, newest first, without overlap
        List<String> paged = new ArrayList<>();
        String cursor = null;
        int pages = 0;
        do {
            Api.Resp page = api.get("/v1/events?limit=2" + (cursor == null ? "" : "&startingAfter=" + cursor), key);
            assertThat(page.status()).as(page.toString()).isEqualTo(200);
            assertThat(page.data().get("items").size()).isLessThanOrEqualTo(2);
            page.data().get("items").forEach(e -> paged.add(e.get("id").asString()));
            cursor = page.data().get("hasMore").asBoolean() ? page.text("nextCursor") : null;
            pages++;
        } while (cursor != null);
        assertThat(pages).isEqualTo(4);
        assertThat(paged).containsExactlyElementsOf(all.stream().map(e -> e.get("id").asString()).toList());

        // created range: bounds are inclusive and given as ISO instants
        String from = all.get(4).get("createdAt").asString();
        String to = all.get(2).get("createdAt").asString();
        List<JsonNode> range = allEvents(key, "createdFrom=" + from + "&createdTo=" + to);
        assertThat(range).extracting(e -> e.get("id").asString()).containsExactly(all.get(2).get("id").asString(),
                all.get(3).get("id").asString(), all.get(4).get("id").asString());
        assertThat(allEvents(key, "createdFrom=" + all.get(0).get("createdAt").asString()))
                .extracting(e -> e.get("id").asString()).containsExactly(all.get(0).get("id").asString());
        assertThat(allEvents(key, "createdTo=" + all.get(6).get("createdAt").asString()))
                .extracting(e -> e.get("id").asString()).containsExactly(all.get(6).get("id").asString());
        // a bound equal to the createdAt an event shows keeps that event: shown and compared at the same
        // precision (the stored microseconds; a payload with nanoseconds missed half its own events)
        for (JsonNode e : all) {
            String at = e.get("createdAt").asString();
            assertThat(at).matches(".*T\\d{2}:\\d{2}:\\d{2}(\\.\\d{1,6})?Z");
            assertThat(allEvents(key, "createdFrom=" + at + "&createdTo=" + at)).as(at)
                    .extracting(x -> x.get("id").asString()).contains(e.get("id").asString());
        }
        assertThat(allEvents(key, "type=customer.updated&createdTo=" + to)).isEmpty();
        assertThat(allEvents(key, "createdFrom=2099-01-01T00:00:00Z")).isEmpty();
        // years PostgreSQL cannot compare are a 400, not a 500
        Api.Resp far = api.get("/v1/events?createdTo=%2B300000-01-01T00:00:00Z", key);
        assertThat(far.status()).as(far.toString()).isEqualTo(400);
        assertThat(far.body().get("data").get("fields").has("createdTo")).isTrue();
        assertThat(allEvents(key, "createdTo=9999-12-31T23:59:59Z")).hasSize(all.size());
    }

    @Test
    void bad_filters_and_cursors_are_rejected() {
        String key = newTenant().sandboxKey();
        createCustomer(key, uniqueEmail("bad"));
        for (String query : List.of("createdFrom=yesterday", "createdTo=2026-13-01T00:00:00Z",
                "createdFrom=2026-01-01", "type=customer.exploded", "type=", "limit=0", "limit=101", "limit=abc")) {
            Api.Resp r = api.get("/v1/events?" + query, key);
            assertThat(r.status()).as(query + " -> " + r).isEqualTo(400);
            assertThat(r.errorCode()).as(query).isEqualTo("validation_failed");
        }
        Api.Resp cursor = api.get("/v1/events?startingAfter=evt_doesnotexist", key);
        assertThat(cursor.status()).as(cursor.toString()).isEqualTo(400);
        assertThat(cursor.errorCode()).isEqualTo("invalid_cursor");
        Api.Resp missing = api.get("/v1/events/evt_doesnotexist", key);
        assertThat(missing.status()).isEqualTo(404);
        assertThat(missing.errorCode()).isEqualTo("resource_not_found");
        assertThat(api.get("/v1/events", null).status()).isEqualTo(401);
    }

    @Test
    void tenants_and_environments_never_see_each_others_events() {
        TenantKeys a = newTenant();
        TenantKeys b = newTenant();
        String sandboxCustomer = createCustomer(a.sandboxKey(), uniqueEmail("sbx")).text("id");
        Api.Resp live = createCustomer(a.liveKey(), uniqueEmail("live"));
        String liveCustomer = live.text("id");

        List<JsonNode> sandboxEvents = allEvents(a.sandboxKey(), null);
        List<JsonNode> liveEvents = allEvents(a.liveKey(), null);
        assertThat(sandboxEvents).hasSize(1);
        assertThat(liveEvents).hasSize(1);
        JsonNode sandboxEvent = sandboxEvents.get(0);
        JsonNode liveEvent = liveEvents.get(0);
        assertThat(sandboxEvent.get("livemode").asBoolean()).isFalse();
        assertThat(sandboxEvent.get("data").get("object").get("id").asString()).isEqualTo(sandboxCustomer);
        assertThat(liveEvent.get("livemode").asBoolean()).isTrue();
        assertThat(liveEvent.get("data").get("object").get("id").asString()).isEqualTo(liveCustomer);
        assertThat(liveEvent.get("data").get("object")).isEqualTo(live.data());

        // the other environment of the same tenant, and another tenant, get 404 by id and see nothing listed
        String sandboxId = sandboxEvent.get("id").asString();
        String liveId = liveEvent.get("id").asString();
        assertThat(api.get("/v1/events/" + sandboxId, a.liveKey()).status()).isEqualTo(404);
        assertThat(api.get("/v1/events/" + liveId, a.sandboxKey()).status()).isEqualTo(404);
        for (String id : List.of(sandboxId, liveId)) {
            Api.Resp r = api.get("/v1/events/" + id, b.sandboxKey());
            assertThat(r.status()).as(r.toString()).isEqualTo(404);
            assertThat(r.errorCode()).isEqualTo("resource_not_found");
            assertThat(api.get("/v1/events/" + id, b.liveKey()).status()).isEqualTo(404);
            assertThat(api.post("/v1/events/" + id + "/redeliver", b.sandboxKey(), body()).status()).isEqualTo(404);
        }
        assertThat(allEvents(b.sandboxKey(), null)).isEmpty();
        assertThat(allEvents(b.liveKey(), null)).isEmpty();
        // a cursor from another tenant's list is not a cursor here
        Api.Resp foreignCursor = api.get("/v1/events?startingAfter=" + sandboxId, b.sandboxKey());
        assertThat(foreignCursor.status()).isEqualTo(400);
        assertThat(foreignCursor.errorCode()).isEqualTo("invalid_cursor");
    }

    @Test
    void a_rejected_change_records_no_event() {
        TenantKeys tenant = newTenant();
        String key = tenant.sandboxKey();
        String email = uniqueEmail("dup");
        String first = createCustomer(key, email).text("id");
        String second = createCustomer(key, uniqueEmail("other")).text("id");
        long before = count(key);
        assertThat(before).isEqualTo(2);

        Api.Resp duplicate = api.post("/v1/customers", key, body("name", "Dup", "email", email.toUpperCase()));
        assertThat(duplicate.status()).as(duplicate.toString()).isEqualTo(409);
        assertThat(duplicate.errorCode()).isEqualTo("email_already_exists");
        Api.Resp takenOnUpdate = api.patch("/v1/customers/" + second, key, body("email", email));
        assertThat(takenOnUpdate.status()).as(takenOnUpdate.toString()).isEqualTo(409);
        Api.Resp invalid = api.patch("/v1/customers/" + first, key, body("phone", "not a phone"));
        assertThat(invalid.status()).as(invalid.toString()).isEqualTo(400);
        Api.Resp decidedTwice = api.post("/v1/simulate/customers/" + first + "/kyc", key,
                body("decision", "approved"));
        assertThat(decidedTwice.status()).isEqualTo(200);
        Api.Resp again = api.post("/v1/simulate/customers/" + first + "/kyc", key, body("decision", "rejected"));
        assertThat(again.status()).as(again.toString()).isEqualTo(409);
        Api.Resp unknownCustomerDeposit = api.post("/v1/simulate/deposits", key,
                body("customerId", "cus_nobody", "currency", "USD", "amount", "10.00"));
        assertThat(unknownCustomerDeposit.status()).isEqualTo(404);

        // only the one accepted KYC decision added an event; no rejected request left a trace
        List<JsonNode> events = allEvents(key, null);
        assertThat(events).extracting(e -> e.get("type").asString())
                .containsExactly("customer.kyc_updated", "customer.created", "customer.created");
        // this tenant's events only, and the refused name as a value: any random id of another test's
        // event may hold the letters "Dup"
        assertThat(jdbc.sql("SELECT COUNT(*) FROM events WHERE tenant_id = ? AND payload LIKE ?")
                .params(tenant.id(), "%\"Dup\"%").query(Long.class).single()).isZero();
        // and the customer that was refused a new email still has its old one
        Api.Resp secondNow = api.get("/v1/customers/" + second, key);
        assertThat(secondNow.text("email")).isNotEqualTo(email);
    }

    @Test
    void the_catalogue_lists_every_type_the_api_accepts() {
        String key = newTenant().sandboxKey();
        for (Iterator<String> it = EventCatalog.all().keySet().iterator(); it.hasNext();) {
            String type = it.next();
            Api.Resp r = api.get("/v1/events?type=" + type, key);
            assertThat(r.status()).as(type + " " + r).isEqualTo(200);
        }
        assertThat(EventCatalog.all()).containsKeys("customer.created", "customer.updated", "customer.kyc_updated",
                "wallet.deposit_succeeded", "balance.funding_succeeded", "webhook_endpoint.disabled");
    }

    private long count(String key) {
        return allEvents(key, null).size();
    }
}
