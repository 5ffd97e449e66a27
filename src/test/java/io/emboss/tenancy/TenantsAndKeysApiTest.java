package io.emboss.tenancy;

import static org.assertj.core.api.Assertions.assertThat;

import io.emboss.support.Api;
import io.emboss.support.ApiTestBase;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.JsonNode;

/**
 * The platform operator's tenant API, tenants' own API keys (hashed at rest, shown once, revocable,
 * paginated) and the wall between sandbox and live data and between tenants.
 */
class TenantsAndKeysApiTest extends ApiTestBase {

    @Autowired
    JdbcClient jdbc;

    // ---------------------------------------------------------------- platform: tenants

    @Test
    void admin_creates_a_tenant_with_a_sandbox_and_a_live_key_that_both_work() {
        String email = "founder-" + System.nanoTime() + "@acme.test";
        Api.Resp r = api.post("/v1/platform/tenants", ADMIN,
                body("name", "Acme Cards", "adminEmail", email, "adminPassword", "a long enough password"));

        assertThat(r.status()).as(r.toString()).isEqualTo(201);
        assertThat(r.body().get("success").asBoolean()).isTrue();
        assertThat(r.text("id")).startsWith("ten_");
        assertThat(r.text("name")).isEqualTo("Acme Cards");
        assertThat(r.text("status")).isEqualTo("active");
        String sandbox = r.text("sandboxApiKey");
        String live = r.text("liveApiKey");
        assertThat(sandbox).startsWith("sk_test_").hasSizeGreaterThan(30);
        assertThat(live).startsWith("sk_live_").hasSizeGreaterThan(30);
        assertThat(r.raw().body()).doesNotContain("a long enough password");

        Api.Resp viaSandbox = api.get("/v1/customers", sandbox);
        assertThat(viaSandbox.status()).as(viaSandbox.toString()).isEqualTo(200);
        Api.Resp viaLive = api.get("/v1/customers", live);
        assertThat(viaLive.status()).as(viaLive.toString()).isEqualTo(200);

        Api.Resp login = api.post("/v1/auth/login", null, body("email", email, "password", "a long enough password"));
        assertThat(login.status()).as(login.toString()).isEqualTo(200);
    }

    @Test
    void tenant_creation_lists_every_invalid_field() {
        Api.Resp empty = api.post("/v1/platform/tenants", ADMIN, body());
        assertThat(empty.status()).as(empty.toString()).isEqualTo(400);
        assertThat(empty.errorCode()).isEqualTo("validation_failed");
        assertThat(fieldNames(empty)).containsExactlyInAnyOrder("name", "adminEmail", "adminPassword");

        Api.Resp missingName = api.post("/v1/platform/tenants", ADMIN,
                body("adminEmail", "ok-" + System.nanoTime() + "@x.test", "adminPassword", "twelve chars!"));
        assertThat(missingName.status()).as(missingName.toString()).isEqualTo(400);
        assertThat(fieldNames(missingName)).containsExactly("name");

        Api.Resp badEmail = api.post("/v1/platform/tenants", ADMIN,
                body("name", "X", "adminEmail", "not-an-email", "adminPassword", "twelve chars!"));
        assertThat(badEmail.status()).as(badEmail.toString()).isEqualTo(400);
        assertThat(fieldNames(badEmail)).containsExactly("adminEmail");

        Api.Resp shortPassword = api.post("/v1/platform/tenants", ADMIN,
                body("name", "X", "adminEmail", "short-" + System.nanoTime() + "@x.test",
                        "adminPassword", "elevenchars"));
        assertThat(shortPassword.status()).as(shortPassword.toString()).isEqualTo(400);
        assertThat(fieldNames(shortPassword)).containsExactly("adminPassword");

        Api.Resp both = api.post("/v1/platform/tenants", ADMIN,
                body("name", "  ", "adminEmail", "a@b", "adminPassword", "x"));
        assertThat(both.status()).isEqualTo(400);
        assertThat(fieldNames(both)).containsExactlyInAnyOrder("name", "adminEmail", "adminPassword");
    }

    @Test
    void an_invalid_tenant_creation_creates_nothing() {
        long before = jdbc.sql("SELECT COUNT(*) FROM tenants").query(Long.class).single();
        api.post("/v1/platform/tenants", ADMIN,
                body("name", "Nope", "adminEmail", "nope-" + System.nanoTime() + "@x.test", "adminPassword", "short"));
        long after = jdbc.sql("SELECT COUNT(*) FROM tenants").query(Long.class).single();
        assertThat(after).isEqualTo(before);
    }

    @Test
    void a_second_tenant_with_the_same_admin_email_is_a_conflict_whatever_the_case() {
        TenantKeys first = newTenant();
        long tenantsBefore = jdbc.sql("SELECT COUNT(*) FROM tenants").query(Long.class).single();

        Api.Resp again = api.post("/v1/platform/tenants", ADMIN,
                body("name", "Copycat", "adminEmail", first.email().toUpperCase(), "adminPassword", "another password 1"));

        assertThat(again.status()).as(again.toString()).isEqualTo(409);
        assertThat(again.errorCode()).isEqualTo("email_already_exists");
        assertThat(jdbc.sql("SELECT COUNT(*) FROM tenants").query(Long.class).single()).isEqualTo(tenantsBefore);
    }

    @Test
    void the_platform_api_needs_the_admin_token() {
        TenantKeys t = newTenant();
        Map<String, Object> create = body("name", "X", "adminEmail", "who-" + System.nanoTime() + "@x.test",
                "adminPassword", "a long enough password");

        Api.Resp none = api.post("/v1/platform/tenants", null, create);
        assertThat(none.status()).as(none.toString()).isEqualTo(401);
        assertThat(none.errorCode()).isEqualTo("missing_credentials");

        Api.Resp wrong = api.post("/v1/platform/tenants", "not-the-admin-token-at-all", create);
        assertThat(wrong.status()).as(wrong.toString()).isEqualTo(401);
        assertThat(wrong.errorCode()).isEqualTo("invalid_credentials");

        Api.Resp sandboxKey = api.post("/v1/platform/tenants", t.sandboxKey(), create);
        assertThat(sandboxKey.status()).as(sandboxKey.toString()).isEqualTo(403);
        assertThat(sandboxKey.errorCode()).isEqualTo("forbidden");

        Api.Resp liveKey = api.get("/v1/platform/tenants", t.liveKey());
        assertThat(liveKey.status()).as(liveKey.toString()).isEqualTo(403);

        String accessToken = login(t.email(), t.password());
        Api.Resp token = api.patch("/v1/platform/tenants/" + t.id(), accessToken, body("rateLimitPerHour", 1));
        assertThat(token.status()).as(token.toString()).isEqualTo(403);
        assertThat(platformTenant(t.id()).get("rateLimitPerHour").isNull()).isTrue();

        assertThat(jdbc.sql("SELECT COUNT(*) FROM users WHERE email = ?").param(create.get("adminEmail"))
                .query(Long.class).single()).isZero();
    }

    @Test
    void the_admin_token_is_not_a_tenant_credential() {
        Api.Resp r = api.get("/v1/customers", ADMIN);
        assertThat(r.status()).as(r.toString()).isEqualTo(403);
    }

    @Test
    void admin_lists_gets_and_pages_tenants_newest_first() {
        TenantKeys a = newTenant();
        TenantKeys b = newTenant();
        TenantKeys c = newTenant();

        Api.Resp all = api.get("/v1/platform/tenants?limit=100", ADMIN);
        assertThat(all.status()).as(all.toString()).isEqualTo(200);
        List<String> ids = ids(all);
        assertThat(ids).containsSubsequence(c.id(), b.id(), a.id());
        assertThat(all.raw().body()).doesNotContain(a.sandboxKey()).doesNotContain("sk_test_");

        Api.Resp first = api.get("/v1/platform/tenants?limit=2", ADMIN);
        assertThat(ids(first)).containsExactly(c.id(), b.id());
        assertThat(first.data().get("hasMore").asBoolean()).isTrue();
        assertThat(first.data().get("nextCursor").asString()).isEqualTo(b.id());
        Api.Resp second = api.get("/v1/platform/tenants?limit=1&startingAfter=" + b.id(), ADMIN);
        assertThat(ids(second)).containsExactly(a.id());

        Api.Resp one = api.get("/v1/platform/tenants/" + b.id(), ADMIN);
        assertThat(one.status()).as(one.toString()).isEqualTo(200);
        assertThat(one.text("id")).isEqualTo(b.id());
        assertThat(one.text("name")).isEqualTo("Tenant " + b.email());
        assertThat(one.text("status")).isEqualTo("active");
        assertThat(one.data().get("rateLimitPerHour").isNull()).isTrue();
        assertThat(one.text("createdAt")).isNotBlank();

        Api.Resp badCursor = api.get("/v1/platform/tenants?startingAfter=ten_nosuchtenant", ADMIN);
        assertThat(badCursor.status()).as(badCursor.toString()).isEqualTo(400);
        assertThat(badCursor.errorCode()).isEqualTo("invalid_cursor");
    }

    @Test
    void unknown_tenant_ids_are_404() {
        Api.Resp get = api.get("/v1/platform/tenants/ten_doesnotexist000000000", ADMIN);
        assertThat(get.status()).as(get.toString()).isEqualTo(404);
        assertThat(get.errorCode()).isEqualTo("resource_not_found");

        Api.Resp patch = api.patch("/v1/platform/tenants/ten_doesnotexist000000000", ADMIN, body("name", "Ghost"));
        assertThat(patch.status()).as(patch.toString()).isEqualTo(404);
        assertThat(patch.errorCode()).isEqualTo("resource_not_found");
    }

    @Test
    void admin_patches_name_status_and_rate_limit_and_null_clears_the_limit() {
        TenantKeys t = newTenant();

        Api.Resp limited = api.patch("/v1/platform/tenants/" + t.id(), ADMIN, body("rateLimitPerHour", 50));
        assertThat(limited.status()).as(limited.toString()).isEqualTo(200);
        assertThat(limited.data().get("rateLimitPerHour").asInt()).isEqualTo(50);
        Api.Resp used = api.get("/v1/customers", t.sandboxKey());
        assertThat(used.header("X-RateLimit-Limit")).isEqualTo("50");

        Api.Resp renamed = api.patch("/v1/platform/tenants/" + t.id(), ADMIN, body("name", "  Renamed Co  "));
        assertThat(renamed.status()).as(renamed.toString()).isEqualTo(200);
        assertThat(renamed.text("name")).isEqualTo("Renamed Co");
        assertThat(renamed.data().get("rateLimitPerHour").asInt()).as("absent field is left alone").isEqualTo(50);
        assertThat(renamed.text("status")).isEqualTo("active");

        Api.Resp cleared = api.patch("/v1/platform/tenants/" + t.id(), ADMIN, body("rateLimitPerHour", null));
        assertThat(cleared.status()).as(cleared.toString()).isEqualTo(200);
        assertThat(cleared.data().get("rateLimitPerHour").isNull()).isTrue();
        assertThat(cleared.text("name")).isEqualTo("Renamed Co");
        assertThat(platformTenant(t.id()).get("rateLimitPerHour").isNull()).isTrue();
        Api.Resp defaultLimit = api.get("/v1/customers", t.sandboxKey());
        assertThat(defaultLimit.header("X-RateLimit-Limit")).isEqualTo("1000");

        JsonNode stored = platformTenant(t.id());
        assertThat(stored.get("name").asString()).isEqualTo("Renamed Co");
    }

    @Test
    void tenant_patch_rejects_bad_values_and_changes_nothing() {
        TenantKeys t = newTenant();
        api.patch("/v1/platform/tenants/" + t.id(), ADMIN, body("rateLimitPerHour", 70));

        Api.Resp badStatus = api.patch("/v1/platform/tenants/" + t.id(), ADMIN, body("status", "deleted"));
        assertThat(badStatus.status()).as(badStatus.toString()).isEqualTo(400);
        assertThat(fieldNames(badStatus)).containsExactly("status");

        Api.Resp zero = api.patch("/v1/platform/tenants/" + t.id(), ADMIN, body("rateLimitPerHour", 0));
        assertThat(zero.status()).as(zero.toString()).isEqualTo(400);
        assertThat(fieldNames(zero)).containsExactly("rateLimitPerHour");

        Api.Resp text = api.patch("/v1/platform/tenants/" + t.id(), ADMIN,
                body("rateLimitPerHour", "abc", "name", ""));
        assertThat(text.status()).as(text.toString()).isEqualTo(400);
        assertThat(fieldNames(text)).containsExactlyInAnyOrder("rateLimitPerHour", "name");

        Api.Resp fraction = api.patch("/v1/platform/tenants/" + t.id(), ADMIN, body("rateLimitPerHour", 1.5));
        assertThat(fraction.status()).as(fraction.toString()).isEqualTo(400);

        JsonNode stored = platformTenant(t.id());
        assertThat(stored.get("status").asString()).isEqualTo("active");
        assertThat(stored.get("rateLimitPerHour").asInt()).isEqualTo(70);
        assertThat(stored.get("name").asString()).isEqualTo("Tenant " + t.email());
    }

    @Test
    void a_suspended_tenant_is_refused_on_every_credential_until_reactivated() {
        TenantKeys t = newTenant();
        TenantKeys other = newTenant();
        String accessToken = login(t.email(), t.password());

        Api.Resp suspend = api.patch("/v1/platform/tenants/" + t.id(), ADMIN, body("status", "suspended"));
        assertThat(suspend.status()).as(suspend.toString()).isEqualTo(200);
        assertThat(suspend.text("status")).isEqualTo("suspended");

        for (String credential : List.of(t.sandboxKey(), t.liveKey(), accessToken)) {
            Api.Resp r = api.get("/v1/customers", credential);
            assertThat(r.status()).as(r.toString()).isEqualTo(403);
            assertThat(r.errorCode()).isEqualTo("tenant_suspended");
        }
        Api.Resp write = api.post("/v1/customers", t.sandboxKey(), body("name", "Blocked", "email", "b@x.test"));
        assertThat(write.status()).isEqualTo(403);
        assertThat(write.errorCode()).isEqualTo("tenant_suspended");
        assertThat(jdbc.sql("SELECT COUNT(*) FROM customers WHERE tenant_id = ?").param(t.id())
                .query(Long.class).single()).isZero();
        assertThat(api.get("/v1/customers", other.sandboxKey()).status()).as("other tenants unaffected")
                .isEqualTo(200);

        Api.Resp reactivate = api.patch("/v1/platform/tenants/" + t.id(), ADMIN, body("status", "active"));
        assertThat(reactivate.status()).as(reactivate.toString()).isEqualTo(200);
        for (String credential : List.of(t.sandboxKey(), t.liveKey(), accessToken)) {
            Api.Resp r = api.get("/v1/customers", credential);
            assertThat(r.status()).as(r.toString()).isEqualTo(200);
        }
    }

    // ---------------------------------------------------------------- API keys

    @Test
    void api_keys_are_stored_only_as_sha256_hashes() {
        TenantKeys t = newTenant();
        Api.Resp created = api.post("/v1/api-keys", t.sandboxKey(), body("name", "CI key"));
        assertThat(created.status()).as(created.toString()).isEqualTo(201);
        String extra = created.text("secret");

        List<Map<String, Object>> rows = jdbc.sql("SELECT * FROM api_keys WHERE tenant_id = ?").param(t.id())
                .query().listOfRows();
        assertThat(rows).hasSize(3);
        for (String secret : List.of(t.sandboxKey(), t.liveKey(), extra)) {
            String random = secret.substring("sk_test_".length());
            for (Map<String, Object> row : rows) {
                for (Object value : row.values()) {
                    assertThat(String.valueOf(value)).doesNotContain(random);
                }
            }
            List<Map<String, Object>> byHash = rows.stream()
                    .filter(row -> sha256Hex(secret).equals(row.get("key_hash"))).toList();
            assertThat(byHash).as("exactly one row holds the sha256 of " + secret.substring(0, 8)).hasSize(1);
            assertThat(byHash.get(0).get("last4")).isEqualTo(secret.substring(secret.length() - 4));
            assertThat(byHash.get(0).get("key_prefix")).isEqualTo(secret.substring(0, 8));
        }
        for (Map<String, Object> row : rows) {
            assertThat((String) row.get("key_hash")).matches("[0-9a-f]{64}");
        }
    }

    @Test
    void a_created_key_lives_in_the_callers_environment_and_its_secret_is_shown_once() {
        TenantKeys t = newTenant();

        Api.Resp sandbox = api.post("/v1/api-keys", t.sandboxKey(), body("name", "Sandbox backend"));
        assertThat(sandbox.status()).as(sandbox.toString()).isEqualTo(201);
        String secret = sandbox.text("secret");
        assertThat(secret).startsWith("sk_test_");
        assertThat(sandbox.text("id")).startsWith("key_");
        assertThat(sandbox.text("environment")).isEqualTo("sandbox");
        assertThat(sandbox.text("name")).isEqualTo("Sandbox backend");
        assertThat(sandbox.text("redacted")).isEqualTo("sk_test_…" + secret.substring(secret.length() - 4));
        assertThat(sandbox.data().get("revokedAt").isNull()).isTrue();

        Api.Resp live = api.post("/v1/api-keys", t.liveKey(), null);
        assertThat(live.status()).as(live.toString()).isEqualTo(201);
        String liveSecret = live.text("secret");
        assertThat(liveSecret).startsWith("sk_live_");
        assertThat(live.text("environment")).isEqualTo("live");
        assertThat(live.text("name")).isEqualTo("API key");

        // the new keys work, each in its own environment
        String customer = newCustomer(secret);
        assertThat(api.get("/v1/customers/" + customer, t.sandboxKey()).status()).isEqualTo(200);
        assertThat(api.get("/v1/customers/" + customer, liveSecret).status()).isEqualTo(404);

        Api.Resp list = api.get("/v1/api-keys", t.sandboxKey());
        assertThat(list.status()).as(list.toString()).isEqualTo(200);
        assertThat(list.raw().body()).doesNotContain(secret.substring(8)).doesNotContain(t.sandboxKey().substring(8))
                .doesNotContain("\"secret\"");
        assertThat(ids(list)).hasSize(2).contains(sandbox.text("id")).doesNotContain(live.text("id"));
        for (JsonNode item : list.data().get("items")) {
            assertThat(item.get("environment").asString()).isEqualTo("sandbox");
            assertThat(item.get("redacted").asString()).matches("sk_test_….{4}");
            assertThat(item.has("secret")).isFalse();
        }
        Api.Resp liveList = api.get("/v1/api-keys", t.liveKey());
        assertThat(ids(liveList)).hasSize(2).contains(live.text("id")).doesNotContain(sandbox.text("id"));

        Api.Resp badName = api.post("/v1/api-keys", t.sandboxKey(), body("name", ""));
        assertThat(badName.status()).as(badName.toString()).isEqualTo(400);
        assertThat(fieldNames(badName)).containsExactly("name");
    }

    @Test
    void a_revoked_key_is_refused_at_once_and_stays_listed_as_revoked() {
        TenantKeys t = newTenant();
        Api.Resp created = api.post("/v1/api-keys", t.sandboxKey(), body("name", "doomed"));
        String id = created.text("id");
        String secret = created.text("secret");
        assertThat(api.get("/v1/customers", secret).status()).isEqualTo(200);

        Api.Resp revoked = api.delete("/v1/api-keys/" + id, t.sandboxKey());
        assertThat(revoked.status()).as(revoked.toString()).isEqualTo(200);
        assertThat(revoked.text("id")).isEqualTo(id);
        assertThat(revoked.text("revokedAt")).isNotBlank();

        Api.Resp refused = api.get("/v1/customers", secret);
        assertThat(refused.status()).as(refused.toString()).isEqualTo(401);
        assertThat(refused.errorCode()).isEqualTo("invalid_credentials");
        Api.Resp refusedWrite = api.post("/v1/customers", secret, body("name", "X", "email", "x@x.test"));
        assertThat(refusedWrite.status()).isEqualTo(401);

        // the key that revoked it still works; the list shows the revoked one with its revocation time
        Api.Resp list = api.get("/v1/api-keys", t.sandboxKey());
        assertThat(list.status()).isEqualTo(200);
        JsonNode item = itemWithId(list, id);
        assertThat(item.get("revokedAt").isNull()).isFalse();

        // revoking again is harmless and keeps the first revocation time
        Api.Resp again = api.delete("/v1/api-keys/" + id, t.sandboxKey());
        assertThat(again.status()).isEqualTo(200);
        assertThat(again.text("revokedAt")).isEqualTo(revoked.text("revokedAt"));
        assertThat(api.get("/v1/customers", secret).status()).isEqualTo(401);
    }

    @Test
    void a_key_can_revoke_itself() {
        TenantKeys t = newTenant();
        String defaultKeyId = ids(api.get("/v1/api-keys", t.sandboxKey())).get(0);
        Api.Resp r = api.delete("/v1/api-keys/" + defaultKeyId, t.sandboxKey());
        assertThat(r.status()).as(r.toString()).isEqualTo(200);
        Api.Resp after = api.get("/v1/customers", t.sandboxKey());
        assertThat(after.status()).isEqualTo(401);
        assertThat(after.errorCode()).isEqualTo("invalid_credentials");
        assertThat(api.get("/v1/customers", t.liveKey()).status()).as("the live key is another key").isEqualTo(200);
    }

    @Test
    void keys_of_another_tenant_or_environment_cannot_be_revoked_or_seen() {
        TenantKeys owner = newTenant();
        TenantKeys intruder = newTenant();
        Api.Resp created = api.post("/v1/api-keys", owner.sandboxKey(), body("name", "precious"));
        String id = created.text("id");
        String secret = created.text("secret");

        Api.Resp otherTenant = api.delete("/v1/api-keys/" + id, intruder.sandboxKey());
        assertThat(otherTenant.status()).as(otherTenant.toString()).isEqualTo(404);
        assertThat(otherTenant.errorCode()).isEqualTo("resource_not_found");

        Api.Resp otherEnvironment = api.delete("/v1/api-keys/" + id, owner.liveKey());
        assertThat(otherEnvironment.status()).as(otherEnvironment.toString()).isEqualTo(404);

        Api.Resp unknown = api.delete("/v1/api-keys/key_nosuchkey0000000000000", owner.sandboxKey());
        assertThat(unknown.status()).isEqualTo(404);

        assertThat(api.get("/v1/customers", secret).status()).as("still active").isEqualTo(200);
        assertThat(ids(api.get("/v1/api-keys", intruder.sandboxKey()))).doesNotContain(id);
        Api.Resp cursor = api.get("/v1/api-keys?startingAfter=" + id, intruder.sandboxKey());
        assertThat(cursor.status()).isEqualTo(400);
        assertThat(cursor.errorCode()).isEqualTo("invalid_cursor");
    }

    @Test
    void the_key_list_pages_newest_first_with_a_cursor() {
        TenantKeys t = newTenant();
        List<String> created = new ArrayList<>();
        created.add(ids(api.get("/v1/api-keys", t.sandboxKey())).get(0));
        for (int i = 1; i <= 4; i++) {
            Api.Resp r = api.post("/v1/api-keys", t.sandboxKey(), body("name", "k" + i));
            assertThat(r.status()).isEqualTo(201);
            created.add(r.text("id"));
        }
        List<String> newestFirst = new ArrayList<>(created);
        java.util.Collections.reverse(newestFirst);

        Api.Resp p1 = api.get("/v1/api-keys?limit=2", t.sandboxKey());
        assertThat(p1.status()).as(p1.toString()).isEqualTo(200);
        assertThat(ids(p1)).containsExactly(newestFirst.get(0), newestFirst.get(1));
        assertThat(p1.data().get("hasMore").asBoolean()).isTrue();
        assertThat(p1.data().get("nextCursor").asString()).isEqualTo(newestFirst.get(1));

        Api.Resp p2 = api.get("/v1/api-keys?limit=2&startingAfter=" + p1.data().get("nextCursor").asString(),
                t.sandboxKey());
        assertThat(ids(p2)).containsExactly(newestFirst.get(2), newestFirst.get(3));
        assertThat(p2.data().get("hasMore").asBoolean()).isTrue();

        Api.Resp p3 = api.get("/v1/api-keys?limit=2&startingAfter=" + p2.data().get("nextCursor").asString(),
                t.sandboxKey());
        assertThat(ids(p3)).containsExactly(newestFirst.get(4));
        assertThat(p3.data().get("hasMore").asBoolean()).isFalse();
        assertThat(p3.data().get("nextCursor").isNull()).isTrue();

        Api.Resp exact = api.get("/v1/api-keys?limit=5", t.sandboxKey());
        assertThat(ids(exact)).containsExactlyElementsOf(newestFirst);
        assertThat(exact.data().get("hasMore").asBoolean()).isFalse();
        Api.Resp defaults = api.get("/v1/api-keys", t.sandboxKey());
        assertThat(ids(defaults)).containsExactlyElementsOf(newestFirst);

        Api.Resp invalidCursor = api.get("/v1/api-keys?startingAfter=key_nosuchkey", t.sandboxKey());
        assertThat(invalidCursor.status()).as(invalidCursor.toString()).isEqualTo(400);
        assertThat(invalidCursor.errorCode()).isEqualTo("invalid_cursor");
        String liveKeyId = ids(api.get("/v1/api-keys", t.liveKey())).get(0);
        Api.Resp crossEnvCursor = api.get("/v1/api-keys?startingAfter=" + liveKeyId, t.sandboxKey());
        assertThat(crossEnvCursor.errorCode()).isEqualTo("invalid_cursor");

        for (String limit : List.of("0", "101", "abc", "-1")) {
            Api.Resp bad = api.get("/v1/api-keys?limit=" + limit, t.sandboxKey());
            assertThat(bad.status()).as("limit=" + limit + ": " + bad).isEqualTo(400);
            assertThat(bad.errorCode()).isEqualTo("validation_failed");
            assertThat(fieldNames(bad)).containsExactly("limit");
        }
        assertThat(api.get("/v1/api-keys?limit=100", t.sandboxKey()).status()).isEqualTo(200);
        assertThat(api.get("/v1/api-keys?limit=1", t.sandboxKey()).status()).isEqualTo(200);
    }

    // ---------------------------------------------------------------- sandbox vs live, tenant vs tenant

    @Test
    void sandbox_and_live_data_never_mix() {
        TenantKeys t = newTenant();
        String sandboxCustomer = newCustomer(t.sandboxKey());
        String liveCustomer = newCustomer(t.liveKey());

        Api.Resp crossGet = api.get("/v1/customers/" + sandboxCustomer, t.liveKey());
        assertThat(crossGet.status()).as(crossGet.toString()).isEqualTo(404);
        assertThat(crossGet.errorCode()).isEqualTo("resource_not_found");
        Api.Resp crossPatch = api.patch("/v1/customers/" + sandboxCustomer, t.liveKey(), body("name", "Hijack"));
        assertThat(crossPatch.status()).isEqualTo(404);
        assertThat(api.get("/v1/customers/" + liveCustomer, t.sandboxKey()).status()).isEqualTo(404);

        assertThat(ids(api.get("/v1/customers?limit=100", t.liveKey())))
                .containsExactly(liveCustomer);
        assertThat(ids(api.get("/v1/customers?limit=100", t.sandboxKey())))
                .containsExactly(sandboxCustomer);

        Api.Resp sandboxOwn = api.get("/v1/customers/" + sandboxCustomer, t.sandboxKey());
        assertThat(sandboxOwn.status()).isEqualTo(200);
        assertThat(sandboxOwn.text("name")).doesNotContain("Hijack");

        // the same email may exist once per environment: they are separate books
        String email = "shared-" + System.nanoTime() + "@example.com";
        assertThat(api.post("/v1/customers", t.sandboxKey(), body("name", "S", "email", email)).status())
                .isEqualTo(201);
        assertThat(api.post("/v1/customers", t.liveKey(), body("name", "L", "email", email)).status())
                .isEqualTo(201);
    }

    @Test
    void simulation_endpoints_answer_only_sandbox_credentials() {
        TenantKeys t = newTenant();
        String liveCustomer = newCustomer(t.liveKey());

        Api.Resp kyc = api.post("/v1/simulate/customers/" + liveCustomer + "/kyc", t.liveKey(),
                body("decision", "approved"));
        assertThat(kyc.status()).as(kyc.toString()).isEqualTo(403);
        assertThat(kyc.errorCode()).isEqualTo("sandbox_only");
        assertThat(api.get("/v1/customers/" + liveCustomer, t.liveKey()).text("kycStatus")).isEqualTo("pending");

        Api.Resp deposit = api.post("/v1/simulate/deposits", t.liveKey(),
                body("customerId", liveCustomer, "currency", "USD", "amount", "10.00"));
        assertThat(deposit.status()).isEqualTo(403);
        assertThat(deposit.errorCode()).isEqualTo("sandbox_only");

        String liveToken = login(t.email(), t.password(), "live");
        Api.Resp viaToken = api.post("/v1/simulate/tenant-funding", liveToken,
                body("currency", "USD", "amount", "10.00"));
        assertThat(viaToken.status()).as(viaToken.toString()).isEqualTo(403);
        assertThat(viaToken.errorCode()).isEqualTo("sandbox_only");

        String sandboxCustomer = newApprovedCustomer(t.sandboxKey());
        assertThat(api.get("/v1/customers/" + sandboxCustomer, t.sandboxKey()).text("kycStatus"))
                .isEqualTo("approved");
    }

    @Test
    void another_tenants_customer_is_a_404_for_every_verb() {
        TenantKeys owner = newTenant();
        TenantKeys intruder = newTenant();
        String customer = newCustomer(owner.sandboxKey());

        Api.Resp get = api.get("/v1/customers/" + customer, intruder.sandboxKey());
        assertThat(get.status()).as(get.toString()).isEqualTo(404);
        assertThat(get.errorCode()).isEqualTo("resource_not_found");
        assertThat(api.patch("/v1/customers/" + customer, intruder.sandboxKey(), body("name", "Mine")).status())
                .isEqualTo(404);
        assertThat(api.post("/v1/simulate/customers/" + customer + "/kyc", intruder.sandboxKey(),
                body("decision", "approved")).status()).isEqualTo(404);
        assertThat(api.get("/v1/customers/" + customer + "/wallets", intruder.sandboxKey()).status())
                .isEqualTo(404);
        assertThat(ids(api.get("/v1/customers?limit=100", intruder.sandboxKey()))).doesNotContain(customer);
        String intruderToken = login(intruder.email(), intruder.password());
        assertThat(api.get("/v1/customers/" + customer, intruderToken).status()).isEqualTo(404);

        Api.Resp mine = api.get("/v1/customers/" + customer, owner.sandboxKey());
        assertThat(mine.status()).isEqualTo(200);
        assertThat(mine.text("kycStatus")).isEqualTo("pending");
        assertThat(mine.text("name")).doesNotContain("Mine");
    }

    // ---------------------------------------------------------------- helpers

    private String login(String email, String password) {
        return login(email, password, null);
    }

    private String login(String email, String password, String environment) {
        Map<String, Object> b = body("email", email, "password", password);
        if (environment != null) {
            b.put("environment", environment);
        }
        Api.Resp r = api.post("/v1/auth/login", null, b);
        assertThat(r.status()).as(r.toString()).isEqualTo(200);
        return r.text("accessToken");
    }

    private JsonNode platformTenant(String id) {
        Api.Resp r = api.get("/v1/platform/tenants/" + id, ADMIN);
        assertThat(r.status()).as(r.toString()).isEqualTo(200);
        return r.data();
    }

    static List<String> ids(Api.Resp list) {
        assertThat(list.status()).as(list.toString()).isEqualTo(200);
        List<String> ids = new ArrayList<>();
        for (JsonNode item : list.data().get("items")) {
            ids.add(item.get("id").asString());
        }
        return ids;
    }

    static JsonNode itemWithId(Api.Resp list, String id) {
        for (JsonNode item : list.data().get("items")) {
            if (item.get("id").asString().equals(id)) {
                return item;
            }
        }
        throw new AssertionError("no item " + id + " in " + list);
    }

    static List<String> fieldNames(Api.Resp r) {
        assertThat(r.data()).as(r.toString()).isNotNull();
        JsonNode fields = r.data().get("fields");
        assertThat(fields).as(r.toString()).isNotNull();
        List<String> names = new ArrayList<>();
        fields.propertyNames().forEach(names::add);
        return names;
    }

    static String sha256Hex(String s) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(s.getBytes(StandardCharsets.UTF_8)));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
