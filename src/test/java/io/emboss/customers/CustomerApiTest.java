package io.emboss.customers;

import static org.assertj.core.api.Assertions.assertThat;

import io.emboss.shared.Ids;
import io.emboss.support.Api;
import io.emboss.support.ApiTestBase;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * Customers through the real HTTP API: create, validation, unique email per tenant and
 * environment, get, list (filters, pagination), PATCH, tenant isolation and KYC (tenant
 * submission, sandbox decision, the platform operator's decision).
 */
class CustomerApiTest extends ApiTestBase {

    // ---------------------------------------------------------------- helpers

    private static String uniqueEmail(String prefix) {
        return prefix + "-" + Ids.random(10).toLowerCase() + "@example.com";
    }

    private Api.Resp create(String key, Object body) {
        return api.post("/v1/customers", key, body);
    }

    private JsonNode createOk(String key, String name, String email) {
        Api.Resp r = create(key, body("name", name, "email", email));
        assertThat(r.status()).as(r.toString()).isEqualTo(201);
        return r.data();
    }

    private static void assertError(Api.Resp r, int status, String errorCode) {
        assertThat(r.status()).as(r.toString()).isEqualTo(status);
        assertThat(r.body()).as(r.toString()).isNotNull();
        assertThat(r.body().get("success").asBoolean()).as(r.toString()).isFalse();
        assertThat(r.errorCode()).as(r.toString()).isEqualTo(errorCode);
        assertThat(r.body().get("message").asString()).as(r.toString()).isNotBlank();
    }

    /** A 400 validation_failed whose data.fields names exactly these fields. */
    private static void assertInvalidFields(Api.Resp r, String... fields) {
        assertError(r, 400, "validation_failed");
        JsonNode named = r.data().get("fields");
        assertThat(named).as(r.toString()).isNotNull();
        List<String> names = new ArrayList<>(named.propertyNames());
        assertThat(names).as(r.toString()).containsExactlyInAnyOrder(fields);
        for (String f : fields) {
            assertThat(named.get(f).asString()).as(r.toString()).isNotBlank();
        }
    }

    private List<String> idsOf(Api.Resp list) {
        assertThat(list.status()).as(list.toString()).isEqualTo(200);
        List<String> ids = new ArrayList<>();
        for (JsonNode item : list.data().get("items")) {
            ids.add(item.get("id").asString());
        }
        return ids;
    }

    private Api.Resp getCustomer(String key, String id) {
        return api.get("/v1/customers/" + id, key);
    }

    private String kycStatusOf(String key, String id) {
        Api.Resp r = getCustomer(key, id);
        assertThat(r.status()).as(r.toString()).isEqualTo(200);
        return r.text("kycStatus");
    }

    private static Map<String, Object> passport() {
        return body("documents", List.of(body("type", "passport", "country", "CO", "reference", "AB123456")));
    }

    private Api.Resp submitKyc(String key, String id, Object body) {
        return api.post("/v1/customers/" + id + "/kyc", key, body);
    }

    private Api.Resp simulateDecision(String key, String id, Object body) {
        return api.post("/v1/simulate/customers/" + id + "/kyc", key, body);
    }

    // ---------------------------------------------------------------- create

    @Test
    void create_returns_201_with_a_cus_id_pending_kyc_and_the_email_lower_cased() {
        TenantKeys t = newTenant();
        String local = "Ana.Maria-" + Ids.random(8);
        Api.Resp r = create(t.sandboxKey(), body("name", "  Ana María  ", "email", local + "@Example.COM",
                "phone", "+57 300 123 4567", "externalId", "crm-42"));

        assertThat(r.status()).as(r.toString()).isEqualTo(201);
        assertThat(r.body().get("success").asBoolean()).isTrue();
        assertThat(r.body().get("errorCode").isNull()).isTrue();
        assertThat(r.text("id")).matches("cus_[A-Za-z0-9]+");
        assertThat(r.text("name")).isEqualTo("Ana María");
        assertThat(r.text("email")).isEqualTo(local.toLowerCase() + "@example.com");
        assertThat(r.text("phone")).isEqualTo("+57 300 123 4567");
        assertThat(r.text("externalId")).isEqualTo("crm-42");
        assertThat(r.text("kycStatus")).isEqualTo("pending");
        assertThat(r.data().get("livemode").asBoolean()).isFalse();
        assertThat(r.text("createdAt")).isNotBlank();

        Api.Resp got = getCustomer(t.sandboxKey(), r.text("id"));
        assertThat(got.status()).as(got.toString()).isEqualTo(200);
        assertThat(got.data()).isEqualTo(r.data());
    }

    @Test
    void a_customer_created_with_the_live_key_is_live_and_invisible_to_the_sandbox_key() {
        TenantKeys t = newTenant();
        JsonNode live = createOk(t.liveKey(), "Live Lucía", uniqueEmail("live"));
        assertThat(live.get("livemode").asBoolean()).isTrue();

        assertError(getCustomer(t.sandboxKey(), live.get("id").asString()), 404, "resource_not_found");
        assertThat(idsOf(api.get("/v1/customers", t.sandboxKey()))).doesNotContain(live.get("id").asString());
        assertThat(idsOf(api.get("/v1/customers", t.liveKey()))).containsExactly(live.get("id").asString());
    }

    @Test
    void create_validation_names_every_offending_field_and_creates_nothing() {
        TenantKeys t = newTenant();
        String key = t.sandboxKey();

        assertInvalidFields(create(key, body()), "name", "email");
        assertInvalidFields(create(key, body("email", uniqueEmail("x"))), "name");
        assertInvalidFields(create(key, body("name", "Ana")), "email");
        assertInvalidFields(create(key, body("name", "   ", "email", uniqueEmail("x"))), "name");
        assertInvalidFields(create(key, body("name", "Ana", "email", "not-an-email")), "email");
        assertInvalidFields(create(key, body("name", "Ana", "email", "ana@nodot")), "email");
        assertInvalidFields(create(key, body("name", "Ana", "email", "a b@example.com")), "email");
        assertInvalidFields(create(key, body("name", "Ana", "email", uniqueEmail("x"), "phone", "call me")),
                "phone");
        assertInvalidFields(create(key, body("name", "Ana", "email", uniqueEmail("x"), "phone", "12")), "phone");
        assertInvalidFields(create(key, body("name", "", "email", "nope", "phone", "abc")), "name", "email", "phone");
        assertInvalidFields(create(key, body("name", "x".repeat(201), "email", uniqueEmail("x"))), "name");
        assertInvalidFields(create(key, body("name", "Ana\u0000Null", "email", uniqueEmail("x"))), "name");

        // wrong JSON types are named too, never coerced into text
        assertInvalidFields(create(key, body("name", 12345, "email", uniqueEmail("x"))), "name");
        assertInvalidFields(create(key, body("name", true, "email", uniqueEmail("x"))), "name");
        assertInvalidFields(create(key, body("name", "Ana", "email", List.of("a@b.co"))), "email");
        assertInvalidFields(create(key, body("name", "Ana", "email", uniqueEmail("x"), "phone", 573001234567L)),
                "phone");
        assertInvalidFields(create(key, body("name", "Ana", "email", uniqueEmail("x"), "nickname", "Annie")),
                "nickname");

        assertError(api.raw("POST", "/v1/customers", key, "application/json", "{\"name\": \"Ana\","), 400,
                "malformed_json");
        assertError(api.raw("POST", "/v1/customers", key, "text/plain", "{\"name\":\"Ana\",\"email\":\"a@b.co\"}"),
                415, "unsupported_media_type");

        Api.Resp list = api.get("/v1/customers", key);
        assertThat(idsOf(list)).as("no customer was created by a rejected request").isEmpty();
    }

    // ---------------------------------------------------------------- unique email

    @Test
    void duplicate_email_in_the_same_tenant_and_environment_is_409_even_with_other_case() {
        TenantKeys t = newTenant();
        String email = uniqueEmail("dup");
        JsonNode first = createOk(t.sandboxKey(), "First", email);

        Api.Resp same = create(t.sandboxKey(), body("name", "Second", "email", email));
        assertError(same, 409, "email_already_exists");
        Api.Resp upper = create(t.sandboxKey(), body("name", "Third", "email", "  " + email.toUpperCase() + " "));
        assertError(upper, 409, "email_already_exists");

        assertThat(idsOf(api.get("/v1/customers", t.sandboxKey()))).containsExactly(first.get("id").asString());
        Api.Resp still = getCustomer(t.sandboxKey(), first.get("id").asString());
        assertThat(still.text("name")).isEqualTo("First");
    }

    @Test
    void the_same_email_is_allowed_in_another_tenant_and_in_the_other_environment() {
        TenantKeys a = newTenant();
        TenantKeys b = newTenant();
        String email = uniqueEmail("shared");
        String inA = createOk(a.sandboxKey(), "In A", email).get("id").asString();
        String inB = createOk(b.sandboxKey(), "In B", email).get("id").asString();
        String inALive = createOk(a.liveKey(), "In A live", email).get("id").asString();

        assertThat(inA).isNotEqualTo(inB).isNotEqualTo(inALive);
        assertThat(getCustomer(a.sandboxKey(), inA).text("name")).isEqualTo("In A");
        assertThat(getCustomer(b.sandboxKey(), inB).text("name")).isEqualTo("In B");
        assertThat(getCustomer(a.liveKey(), inALive).text("name")).isEqualTo("In A live");
    }

    @Test
    void parallel_creates_with_one_email_make_exactly_one_customer() throws Exception {
        TenantKeys t = newTenant();
        String key = t.sandboxKey();
        String email = "race-" + t.id().toLowerCase() + "@example.com";

        ExecutorService pool = Executors.newFixedThreadPool(20);
        List<Api.Resp> responses = new ArrayList<>();
        try {
            CountDownLatch go = new CountDownLatch(1);
            List<Future<Api.Resp>> futures = new ArrayList<>();
            for (int i = 0; i < 20; i++) {
                futures.add(pool.submit(() -> {
                    go.await();
                    return api.post("/v1/customers", key, body("name", "Racer", "email", email));
                }));
            }
            go.countDown();
            for (Future<Api.Resp> f : futures) {
                responses.add(f.get(60, TimeUnit.SECONDS));
            }
        } finally {
            pool.shutdownNow();
        }

        int created = 0;
        for (Api.Resp r : responses) {
            if (r.status() == 201) {
                created++;
            } else {
                assertThat(r.status()).as(r.toString()).isEqualTo(409);
                assertThat(r.errorCode()).isEqualTo("email_already_exists");
            }
        }
        assertThat(created).as(responses.toString()).isEqualTo(1);
        Api.Resp list = api.get("/v1/customers?email=" + email, key);
        assertThat(idsOf(list)).hasSize(1);
    }

    @Test
    void parallel_patches_to_one_email_leave_exactly_one_holder_and_never_500() throws Exception {
        TenantKeys t = newTenant();
        String key = t.sandboxKey();
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            ids.add(newCustomer(key));
        }
        String email = "wanted-" + t.id().toLowerCase() + "@example.com";

        ExecutorService pool = Executors.newFixedThreadPool(ids.size() + 1);
        List<Api.Resp> responses = new ArrayList<>();
        try {
            CountDownLatch go = new CountDownLatch(1);
            List<Future<Api.Resp>> futures = new ArrayList<>();
            for (String id : ids) {
                futures.add(pool.submit(() -> {
                    go.await();
                    return api.patch("/v1/customers/" + id, key, body("email", email));
                }));
            }
            futures.add(pool.submit(() -> {
                go.await();
                return api.post("/v1/customers", key, body("name", "Newcomer", "email", email));
            }));
            go.countDown();
            for (Future<Api.Resp> f : futures) {
                responses.add(f.get(60, TimeUnit.SECONDS));
            }
        } finally {
            pool.shutdownNow();
        }

        int won = 0;
        for (Api.Resp r : responses) {
            if (r.status() == 200 || r.status() == 201) {
                won++;
            } else {
                assertThat(r.status()).as(r.toString()).isEqualTo(409);
                assertThat(r.errorCode()).as(r.toString()).isEqualTo("email_already_exists");
            }
        }
        assertThat(won).as(responses.toString()).isEqualTo(1);
        assertThat(idsOf(api.get("/v1/customers?email=" + email, key))).hasSize(1);
    }

    // ---------------------------------------------------------------- get and list

    @Test
    void get_unknown_id_is_404_with_the_envelope() {
        TenantKeys t = newTenant();
        assertError(getCustomer(t.sandboxKey(), "cus_doesnotexist"), 404, "resource_not_found");
        assertError(getCustomer(t.sandboxKey(), "not-even-an-id"), 404, "resource_not_found");
    }

    @Test
    void list_is_newest_first_and_filters_by_email_and_kyc_status() {
        TenantKeys t = newTenant();
        String key = t.sandboxKey();
        String emailA = uniqueEmail("a");
        String a = createOk(key, "A", emailA).get("id").asString();
        String b = createOk(key, "B", uniqueEmail("b")).get("id").asString();
        String c = createOk(key, "C", uniqueEmail("c")).get("id").asString();
        String d = createOk(key, "D", uniqueEmail("d")).get("id").asString();
        // another tenant's customer never shows up
        createOk(newTenant().sandboxKey(), "Other", uniqueEmail("other"));

        Api.Resp all = api.get("/v1/customers", key);
        assertThat(idsOf(all)).containsExactly(d, c, b, a);
        assertThat(all.data().get("hasMore").asBoolean()).isFalse();
        assertThat(all.data().get("nextCursor").isNull()).isTrue();

        assertThat(idsOf(api.get("/v1/customers?email=" + emailA, key))).containsExactly(a);
        assertThat(idsOf(api.get("/v1/customers?email=" + emailA.toUpperCase(), key))).containsExactly(a);
        assertThat(idsOf(api.get("/v1/customers?email=nobody@example.com", key))).isEmpty();

        assertThat(submitKyc(key, b, passport()).status()).isEqualTo(200);
        assertThat(simulateDecision(key, c, body("decision", "approved")).status()).isEqualTo(200);
        assertThat(simulateDecision(key, d, body("decision", "rejected", "reason", "blurry")).status())
                .isEqualTo(200);

        assertThat(idsOf(api.get("/v1/customers?kycStatus=pending", key))).containsExactly(a);
        assertThat(idsOf(api.get("/v1/customers?kycStatus=in_review", key))).containsExactly(b);
        assertThat(idsOf(api.get("/v1/customers?kycStatus=approved", key))).containsExactly(c);
        assertThat(idsOf(api.get("/v1/customers?kycStatus=rejected", key))).containsExactly(d);
        assertThat(idsOf(api.get("/v1/customers?kycStatus=approved&email=" + emailA, key))).isEmpty();

        assertInvalidFields(api.get("/v1/customers?kycStatus=maybe", key), "kycStatus");
        assertInvalidFields(api.get("/v1/customers?kycStatus=", key), "kycStatus");
    }

    @Test
    void list_paginates_with_limit_starting_after_has_more_and_next_cursor() {
        TenantKeys t = newTenant();
        String key = t.sandboxKey();
        List<String> created = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            created.add(createOk(key, "P" + i, uniqueEmail("p" + i)).get("id").asString());
        }
        List<String> newestFirst = new ArrayList<>(created);
        java.util.Collections.reverse(newestFirst);

        Api.Resp p1 = api.get("/v1/customers?limit=2", key);
        assertThat(idsOf(p1)).containsExactly(newestFirst.get(0), newestFirst.get(1));
        assertThat(p1.data().get("hasMore").asBoolean()).isTrue();
        assertThat(p1.data().get("nextCursor").asString()).isEqualTo(newestFirst.get(1));

        Api.Resp p2 = api.get("/v1/customers?limit=2&startingAfter=" + p1.data().get("nextCursor").asString(), key);
        assertThat(idsOf(p2)).containsExactly(newestFirst.get(2), newestFirst.get(3));
        assertThat(p2.data().get("hasMore").asBoolean()).isTrue();

        Api.Resp p3 = api.get("/v1/customers?limit=2&startingAfter=" + p2.data().get("nextCursor").asString(), key);
        assertThat(idsOf(p3)).containsExactly(newestFirst.get(4));
        assertThat(p3.data().get("hasMore").asBoolean()).isFalse();
        assertThat(p3.data().get("nextCursor").isNull()).isTrue();

        Api.Resp exact = api.get("/v1/customers?limit=5", key);
        assertThat(idsOf(exact)).containsExactlyElementsOf(newestFirst);
        assertThat(exact.data().get("hasMore").asBoolean()).isFalse();
        assertThat(idsOf(api.get("/v1/customers?limit=100", key))).containsExactlyElementsOf(newestFirst);
        assertThat(idsOf(api.get("/v1/customers?limit=1", key))).containsExactly(newestFirst.get(0));

        assertInvalidFields(api.get("/v1/customers?limit=101", key), "limit");
        assertInvalidFields(api.get("/v1/customers?limit=0", key), "limit");
        assertInvalidFields(api.get("/v1/customers?limit=-1", key), "limit");
        assertInvalidFields(api.get("/v1/customers?limit=ten", key), "limit");
        assertError(api.get("/v1/customers?startingAfter=cus_unknown", key), 400, "invalid_cursor");
        // a cursor that names another tenant's customer names nothing in this list
        String foreign = createOk(newTenant().sandboxKey(), "F", uniqueEmail("f")).get("id").asString();
        assertError(api.get("/v1/customers?startingAfter=" + foreign, key), 400, "invalid_cursor");
    }

    // ---------------------------------------------------------------- patch

    @Test
    void patch_changes_name_email_and_phone_and_an_empty_phone_clears_it() {
        TenantKeys t = newTenant();
        String key = t.sandboxKey();
        String oldEmail = uniqueEmail("before");
        String id = createOk(key, "Before", oldEmail).get("id").asString();

        String newEmail = uniqueEmail("after");
        Api.Resp r = api.patch("/v1/customers/" + id, key,
                body("name", "After", "email", newEmail.toUpperCase(), "phone", "+573001234567"));
        assertThat(r.status()).as(r.toString()).isEqualTo(200);
        assertThat(r.text("name")).isEqualTo("After");
        assertThat(r.text("email")).isEqualTo(newEmail);
        assertThat(r.text("phone")).isEqualTo("+573001234567");

        Api.Resp got = getCustomer(key, id);
        assertThat(got.data()).as("the answer shows what a later read returns").isEqualTo(r.data());
        assertThat(got.text("name")).isEqualTo("After");
        assertThat(got.text("email")).isEqualTo(newEmail);
        assertThat(got.text("phone")).isEqualTo("+573001234567");
        assertThat(got.text("kycStatus")).isEqualTo("pending");

        // only what is sent changes
        Api.Resp nameOnly = api.patch("/v1/customers/" + id, key, body("name", "Only Name"));
        assertThat(nameOnly.status()).as(nameOnly.toString()).isEqualTo(200);
        assertThat(nameOnly.text("email")).isEqualTo(newEmail);
        assertThat(nameOnly.text("phone")).isEqualTo("+573001234567");

        Api.Resp cleared = api.patch("/v1/customers/" + id, key, body("phone", ""));
        assertThat(cleared.status()).as(cleared.toString()).isEqualTo(200);
        assertThat(cleared.text("phone")).isNull();
        assertThat(getCustomer(key, id).text("phone")).isNull();
        assertThat(getCustomer(key, id).text("name")).isEqualTo("Only Name");

        // re-sending its own email is not a conflict
        Api.Resp ownEmail = api.patch("/v1/customers/" + id, key, body("email", newEmail));
        assertThat(ownEmail.status()).as(ownEmail.toString()).isEqualTo(200);
        // the old email is free again
        createOk(key, "Takes old email", oldEmail);
    }

    @Test
    void patch_rejects_a_taken_email_bad_values_and_unknown_fields_and_changes_nothing() {
        TenantKeys t = newTenant();
        String key = t.sandboxKey();
        String takenEmail = uniqueEmail("taken");
        createOk(key, "Holder", takenEmail);
        String email = uniqueEmail("mine");
        String id = createOk(key, "Mine", email).get("id").asString();
        Api.Resp before = getCustomer(key, id);

        assertError(api.patch("/v1/customers/" + id, key, body("email", takenEmail)), 409, "email_already_exists");
        assertError(api.patch("/v1/customers/" + id, key, body("email", takenEmail.toUpperCase())), 409,
                "email_already_exists");
        assertInvalidFields(api.patch("/v1/customers/" + id, key, body("nickname", "x")), "nickname");
        assertInvalidFields(api.patch("/v1/customers/" + id, key, body("email", "broken")), "email");
        assertInvalidFields(api.patch("/v1/customers/" + id, key, body("name", "")), "name");
        assertInvalidFields(api.patch("/v1/customers/" + id, key, body("name", 7)), "name");
        assertInvalidFields(api.patch("/v1/customers/" + id, key, body("phone", "phone?")), "phone");
        assertInvalidFields(api.patch("/v1/customers/" + id, key, body("name", "Ok", "email", "bad", "phone", "x")),
                "email", "phone");
        assertError(api.raw("PATCH", "/v1/customers/" + id, key, "application/json", "{name:"), 400,
                "malformed_json");
        assertError(api.patch("/v1/customers/cus_unknown", key, body("name", "Ghost")), 404, "resource_not_found");

        Api.Resp after = getCustomer(key, id);
        assertThat(after.data()).isEqualTo(before.data());
    }

    // ---------------------------------------------------------------- tenant isolation

    @Test
    void another_tenants_customer_is_404_on_get_patch_and_kyc_and_stays_unchanged() {
        TenantKeys owner = newTenant();
        TenantKeys intruder = newTenant();
        String id = createOk(owner.sandboxKey(), "Owned", uniqueEmail("owned")).get("id").asString();
        Api.Resp before = getCustomer(owner.sandboxKey(), id);

        for (String key : List.of(intruder.sandboxKey(), intruder.liveKey(), owner.liveKey())) {
            assertError(getCustomer(key, id), 404, "resource_not_found");
            assertError(api.patch("/v1/customers/" + id, key, body("name", "Hijacked")), 404, "resource_not_found");
            assertError(submitKyc(key, id, passport()), 404, "resource_not_found");
            assertError(api.get("/v1/customers/" + id + "/wallets", key), 404, "resource_not_found");
        }
        assertError(simulateDecision(intruder.sandboxKey(), id, body("decision", "approved")), 404,
                "resource_not_found");
        assertThat(idsOf(api.get("/v1/customers", intruder.sandboxKey()))).isEmpty();

        assertThat(getCustomer(owner.sandboxKey(), id).data()).isEqualTo(before.data());
    }

    @Test
    void customers_need_credentials() {
        assertError(api.get("/v1/customers", null), 401, "missing_credentials");
        assertError(api.post("/v1/customers", null, body("name", "A", "email", uniqueEmail("a"))), 401,
                "missing_credentials");
        assertError(api.get("/v1/customers", "sk_test_wrong"), 401, "invalid_credentials");
    }

    // ---------------------------------------------------------------- KYC

    @Test
    void kyc_submission_puts_the_customer_in_review_and_a_sandbox_decision_approves() {
        TenantKeys t = newTenant();
        String key = t.sandboxKey();
        String id = newCustomer(key);

        Api.Resp submitted = submitKyc(key, id, body("documents", List.of(
                body("type", "passport", "country", "CO"),
                body("type", "selfie", "country", "CO", "reference", "img-1"))));
        assertThat(submitted.status()).as(submitted.toString()).isEqualTo(200);
        assertThat(submitted.text("kycStatus")).isEqualTo("in_review");
        assertThat(kycStatusOf(key, id)).isEqualTo("in_review");

        // in review: a second submission waits for the decision
        assertError(submitKyc(key, id, passport()), 409, "invalid_state");

        Api.Resp approved = simulateDecision(key, id, body("decision", "approved"));
        assertThat(approved.status()).as(approved.toString()).isEqualTo(200);
        assertThat(approved.text("kycStatus")).isEqualTo("approved");
        assertThat(getCustomer(key, id).data()).isEqualTo(approved.data());

        // decided is final
        Api.Resp twice = simulateDecision(key, id, body("decision", "rejected"));
        assertError(twice, 409, "invalid_state");
        assertThat(twice.body().get("message").asString()).contains("approved");
        assertError(simulateDecision(key, id, body("decision", "approved")), 409, "invalid_state");
        assertError(submitKyc(key, id, passport()), 409, "invalid_state");
        assertThat(kycStatusOf(key, id)).isEqualTo("approved");
    }

    @Test
    void kyc_submission_validates_documents_and_changes_nothing_when_invalid() {
        TenantKeys t = newTenant();
        String key = t.sandboxKey();
        String id = newCustomer(key);

        assertInvalidFields(submitKyc(key, id, body("documents", List.of())), "documents");
        assertInvalidFields(submitKyc(key, id, body()), "documents");
        assertInvalidFields(submitKyc(key, id, body("documents", List.of(body("type", "tarot_card", "country", "CO")))),
                "documents[0].type");
        assertInvalidFields(submitKyc(key, id, body("documents", List.of(body("country", "CO")))),
                "documents[0].type");
        assertInvalidFields(submitKyc(key, id, body("documents", List.of(body("type", "passport", "country", "co")))),
                "documents[0].country");
        assertInvalidFields(submitKyc(key, id, body("documents", List.of(body("type", "passport", "country", "COL")))),
                "documents[0].country");
        assertInvalidFields(submitKyc(key, id, body("documents", List.of(body("type", "passport")))),
                "documents[0].country");
        assertInvalidFields(submitKyc(key, id, body("documents", List.of(
                body("type", "passport", "country", "CO"),
                body("type", "bogus", "country", "XXX")))), "documents[1].type", "documents[1].country");
        List<Object> eleven = new ArrayList<>();
        for (int i = 0; i < 11; i++) {
            eleven.add(body("type", "passport", "country", "CO"));
        }
        assertInvalidFields(submitKyc(key, id, body("documents", eleven)), "documents");
        assertError(submitKyc(key, id, body("documents", "passport")), 400, "validation_failed");
        assertError(submitKyc(key, id, body("documents", List.of(body("type", "passport", "country", "CO",
                "color", "blue")))), 400, "validation_failed");
        assertError(submitKyc(key, "cus_unknown", passport()), 404, "resource_not_found");

        assertThat(kycStatusOf(key, id)).isEqualTo("pending");
    }

    @Test
    void kyc_decision_input_is_validated() {
        TenantKeys t = newTenant();
        String key = t.sandboxKey();
        String id = newCustomer(key);
        assertThat(submitKyc(key, id, passport()).status()).isEqualTo(200);

        assertInvalidFields(simulateDecision(key, id, body("decision", "maybe")), "decision");
        assertInvalidFields(simulateDecision(key, id, body("decision", "APPROVED")), "decision");
        assertInvalidFields(simulateDecision(key, id, body()), "decision");
        assertInvalidFields(simulateDecision(key, id, body("decision", true)), "decision");
        assertInvalidFields(simulateDecision(key, id, body("decision", "approved", "reason", "r".repeat(501))),
                "reason");
        assertInvalidFields(simulateDecision(key, id, body("decision", "approved", "score", 99)), "score");
        assertError(simulateDecision(key, "cus_unknown", body("decision", "approved")), 404, "resource_not_found");

        assertThat(kycStatusOf(key, id)).isEqualTo("in_review");
    }

    @Test
    void a_rejected_customer_keeps_the_reason_and_may_resubmit_documents() {
        TenantKeys t = newTenant();
        String key = t.sandboxKey();
        String id = newCustomer(key);
        assertThat(submitKyc(key, id, passport()).status()).isEqualTo(200);

        Api.Resp rejected = simulateDecision(key, id, body("decision", "rejected", "reason", "document expired"));
        assertThat(rejected.status()).as(rejected.toString()).isEqualTo(200);
        assertThat(rejected.text("kycStatus")).isEqualTo("rejected");
        assertThat(rejected.text("kycReason")).isEqualTo("document expired");
        assertThat(getCustomer(key, id).text("kycReason")).isEqualTo("document expired");
        assertError(simulateDecision(key, id, body("decision", "approved")), 409, "invalid_state");

        Api.Resp again = submitKyc(key, id, body("documents", List.of(body("type", "national_id", "country", "CO"))));
        assertThat(again.status()).as(again.toString()).isEqualTo(200);
        assertThat(again.text("kycStatus")).isEqualTo("in_review");
        assertThat(again.text("kycReason")).isNull();

        Api.Resp approved = simulateDecision(key, id, body("decision", "approved"));
        assertThat(approved.status()).as(approved.toString()).isEqualTo(200);
        assertThat(kycStatusOf(key, id)).isEqualTo("approved");
    }

    @Test
    void a_live_key_on_the_kyc_simulator_is_403_sandbox_only() {
        TenantKeys t = newTenant();
        String live = createOk(t.liveKey(), "Live", uniqueEmail("live")).get("id").asString();
        assertThat(submitKyc(t.liveKey(), live, passport()).status()).isEqualTo(200);

        assertError(simulateDecision(t.liveKey(), live, body("decision", "approved")), 403, "sandbox_only");
        // also for a sandbox customer id and for a nonsense body: the credential decides first
        String sandbox = newCustomer(t.sandboxKey());
        assertError(simulateDecision(t.liveKey(), sandbox, body("decision", "approved")), 403, "sandbox_only");
        assertError(api.raw("POST", "/v1/simulate/customers/" + live + "/kyc", t.liveKey(), "application/json",
                "{oops"), 403, "sandbox_only");

        assertThat(kycStatusOf(t.liveKey(), live)).isEqualTo("in_review");
        assertThat(kycStatusOf(t.sandboxKey(), sandbox)).isEqualTo("pending");
    }

    @Test
    void the_platform_operator_decides_kyc_for_a_live_customer() {
        TenantKeys t = newTenant();
        String approvedId = createOk(t.liveKey(), "Live A", uniqueEmail("livea")).get("id").asString();
        String rejectedId = createOk(t.liveKey(), "Live R", uniqueEmail("liver")).get("id").asString();
        assertThat(submitKyc(t.liveKey(), approvedId, passport()).status()).isEqualTo(200);
        assertThat(submitKyc(t.liveKey(), rejectedId, passport()).status()).isEqualTo(200);

        Api.Resp approved = api.post("/v1/platform/customers/" + approvedId + "/kyc", ADMIN,
                body("decision", "approved"));
        assertThat(approved.status()).as(approved.toString()).isEqualTo(200);
        assertThat(approved.text("kycStatus")).isEqualTo("approved");
        assertThat(approved.data().get("livemode").asBoolean()).isTrue();
        assertThat(kycStatusOf(t.liveKey(), approvedId)).isEqualTo("approved");

        Api.Resp rejected = api.post("/v1/platform/customers/" + rejectedId + "/kyc", ADMIN,
                body("decision", "rejected", "reason", "sanctions match"));
        assertThat(rejected.status()).as(rejected.toString()).isEqualTo(200);
        Api.Resp seen = getCustomer(t.liveKey(), rejectedId);
        assertThat(seen.text("kycStatus")).isEqualTo("rejected");
        assertThat(seen.text("kycReason")).isEqualTo("sanctions match");

        assertError(api.post("/v1/platform/customers/" + approvedId + "/kyc", ADMIN, body("decision", "rejected")),
                409, "invalid_state");
        assertInvalidFields(api.post("/v1/platform/customers/" + rejectedId + "/kyc", ADMIN, body("decision", "yes")),
                "decision");
        assertError(api.post("/v1/platform/customers/cus_unknown/kyc", ADMIN, body("decision", "approved")), 404,
                "resource_not_found");
        assertThat(kycStatusOf(t.liveKey(), approvedId)).isEqualTo("approved");
        assertThat(kycStatusOf(t.liveKey(), rejectedId)).isEqualTo("rejected");
    }

    @Test
    void the_operator_kyc_endpoint_answers_403_to_tenant_keys() {
        TenantKeys t = newTenant();
        String live = createOk(t.liveKey(), "Live", uniqueEmail("live")).get("id").asString();
        String sandbox = newCustomer(t.sandboxKey());
        assertThat(submitKyc(t.liveKey(), live, passport()).status()).isEqualTo(200);

        assertError(api.post("/v1/platform/customers/" + live + "/kyc", t.liveKey(), body("decision", "approved")),
                403, "forbidden");
        assertError(api.post("/v1/platform/customers/" + sandbox + "/kyc", t.sandboxKey(),
                body("decision", "approved")), 403, "forbidden");
        assertError(api.post("/v1/platform/customers/" + live + "/kyc", null, body("decision", "approved")), 401,
                "missing_credentials");

        assertThat(kycStatusOf(t.liveKey(), live)).isEqualTo("in_review");
        assertThat(kycStatusOf(t.sandboxKey(), sandbox)).isEqualTo("pending");
    }
}
