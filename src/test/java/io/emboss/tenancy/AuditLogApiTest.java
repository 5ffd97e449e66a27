package io.emboss.tenancy;

import static org.assertj.core.api.Assertions.assertThat;

import io.emboss.support.Api;
import io.emboss.support.ApiTestBase;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.JsonNode;

/** The audit log: every state-changing call, readable by its tenant only, holding no secret. */
class AuditLogApiTest extends ApiTestBase {

    @Autowired
    JdbcClient jdbc;

    /** What a test expects one audit entry to say. */
    record Expected(String actorType, String actorId, String action, String path, int status, String requestId) {
        static Expected of(String actorType, String actorId, Api.Resp r, String action, String path) {
            return new Expected(actorType, actorId, action, path, r.status(), r.header("X-Request-Id"));
        }
    }

    @Test
    void state_changing_calls_are_listed_newest_first_with_who_what_and_the_request_id() {
        TenantKeys t = newTenant();
        String keyId = TenantsAndKeysApiTest.ids(api.get("/v1/api-keys", t.sandboxKey())).get(0);
        List<Expected> expected = new ArrayList<>();

        Api.Resp created = api.post("/v1/customers", t.sandboxKey(), body("name", "Ana", "email", "ana@x.test"));
        assertThat(created.status()).isEqualTo(201);
        String customer = created.text("id");
        expected.add(Expected.of("api_key", keyId, created, "POST", "/v1/customers"));

        Api.Resp patched = api.patch("/v1/customers/" + customer, t.sandboxKey(), body("name", "Ana Maria"));
        assertThat(patched.status()).isEqualTo(200);
        expected.add(Expected.of("api_key", keyId, patched, "PATCH", "/v1/customers/" + customer));

        Api.Resp invalid = api.post("/v1/customers", t.sandboxKey(), body("name", "", "email", "nope"));
        assertThat(invalid.status()).isEqualTo(400);
        expected.add(Expected.of("api_key", keyId, invalid, "POST", "/v1/customers"));

        Api.Resp ownId = api.post("/v1/customers", t.sandboxKey(), body("name", "Bo", "email", "bo@x.test"),
                Map.of("X-Request-Id", "client-chosen-id-42"));
        assertThat(ownId.header("X-Request-Id")).isEqualTo("client-chosen-id-42");
        expected.add(Expected.of("api_key", keyId, ownId, "POST", "/v1/customers"));

        Api.Resp newKey = api.post("/v1/api-keys", t.sandboxKey(), body("name", "temp"));
        assertThat(newKey.status()).isEqualTo(201);
        expected.add(Expected.of("api_key", keyId, newKey, "POST", "/v1/api-keys"));

        Api.Resp revoked = api.delete("/v1/api-keys/" + newKey.text("id"), t.sandboxKey());
        assertThat(revoked.status()).isEqualTo(200);
        expected.add(Expected.of("api_key", keyId, revoked, "DELETE", "/v1/api-keys/" + newKey.text("id")));

        Api.Resp missing = api.delete("/v1/api-keys/key_nosuchkey000000000000", t.sandboxKey());
        assertThat(missing.status()).isEqualTo(404);
        expected.add(Expected.of("api_key", keyId, missing, "DELETE", "/v1/api-keys/key_nosuchkey000000000000"));

        // reads are not audited
        assertThat(api.get("/v1/customers", t.sandboxKey()).status()).isEqualTo(200);
        assertThat(api.get("/v1/customers/" + customer, t.sandboxKey()).status()).isEqualTo(200);

        // a dashboard user is an actor of its own kind
        String userId = jdbc.sql("SELECT id FROM users WHERE email = ?").param(t.email()).query(String.class).single();
        Api.Resp login = api.post("/v1/auth/login", null, body("email", t.email(), "password", t.password()));
        String token = login.text("accessToken");
        Api.Resp byUser = api.patch("/v1/customers/" + customer, token, body("phone", "+573001234567"));
        assertThat(byUser.status()).as(byUser.toString()).isEqualTo(200);
        expected.add(Expected.of("user", userId, byUser, "PATCH", "/v1/customers/" + customer));
        Api.Resp logout = api.post("/v1/auth/logout", token, null);
        assertThat(logout.status()).isEqualTo(200);
        expected.add(Expected.of("user", userId, logout, "POST", "/v1/auth/logout"));

        List<Expected> newestFirst = new ArrayList<>(expected);
        java.util.Collections.reverse(newestFirst);

        JsonNode items = auditItems(t.sandboxKey(), newestFirst.size());
        List<Expected> actual = new ArrayList<>();
        for (JsonNode item : items) {
            actual.add(new Expected(item.get("actorType").asString(), item.get("actorId").asString(),
                    item.get("action").asString(), item.get("path").asString(), item.get("status").asInt(),
                    item.get("requestId").asString()));
            assertThat(item.get("id").asString()).startsWith("aud_");
            assertThat(item.get("createdAt").asString()).isNotBlank();
            assertThat(item.get("action").asString()).isNotEqualTo("GET");
        }
        assertThat(actual).containsExactlyElementsOf(newestFirst);
    }

    @Test
    void a_tenant_sees_only_its_own_entries_in_its_own_environment() {
        TenantKeys t = newTenant();
        TenantKeys other = newTenant();
        Api.Resp mine = api.post("/v1/customers", t.sandboxKey(), body("name", "A", "email", "a@x.test"));
        Api.Resp mineLive = api.post("/v1/customers", t.liveKey(), body("name", "L", "email", "l@x.test"));
        Api.Resp theirs = api.post("/v1/customers", other.sandboxKey(), body("name", "B", "email", "b@x.test"));

        JsonNode sandbox = auditItems(t.sandboxKey(), 1);
        assertThat(requestIds(sandbox)).containsExactly(mine.header("X-Request-Id"));
        JsonNode live = auditItems(t.liveKey(), 1);
        assertThat(requestIds(live)).containsExactly(mineLive.header("X-Request-Id"));
        JsonNode otherItems = auditItems(other.sandboxKey(), 1);
        assertThat(requestIds(otherItems)).containsExactly(theirs.header("X-Request-Id"));

        Api.Resp otherLive = api.get("/v1/audit-logs", other.liveKey());
        assertThat(otherLive.data().get("items").size()).isZero();

        String foreignEntry = sandbox.get(0).get("id").asString();
        Api.Resp cursor = api.get("/v1/audit-logs?startingAfter=" + foreignEntry, other.sandboxKey());
        assertThat(cursor.status()).as(cursor.toString()).isEqualTo(400);
        assertThat(cursor.errorCode()).isEqualTo("invalid_cursor");

        Api.Resp anonymous = api.get("/v1/audit-logs", null);
        assertThat(anonymous.status()).isEqualTo(401);
        Api.Resp admin = api.get("/v1/audit-logs", ADMIN);
        assertThat(admin.status()).as("the platform admin is not a tenant").isEqualTo(403);
    }

    @Test
    void the_audit_log_pages_with_a_cursor() {
        TenantKeys t = newTenant();
        List<String> requestIds = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            Api.Resp r = api.post("/v1/customers", t.sandboxKey(), body("name", "C" + i, "email", "c" + i + "@x.test"));
            requestIds.add(r.header("X-Request-Id"));
        }
        java.util.Collections.reverse(requestIds);
        auditItems(t.sandboxKey(), 5);

        Api.Resp p1 = api.get("/v1/audit-logs?limit=2", t.sandboxKey());
        assertThat(p1.status()).as(p1.toString()).isEqualTo(200);
        assertThat(requestIds(p1.data().get("items"))).containsExactlyElementsOf(requestIds.subList(0, 2));
        assertThat(p1.data().get("hasMore").asBoolean()).isTrue();
        Api.Resp p2 = api.get("/v1/audit-logs?limit=2&startingAfter=" + p1.data().get("nextCursor").asString(),
                t.sandboxKey());
        assertThat(requestIds(p2.data().get("items"))).containsExactlyElementsOf(requestIds.subList(2, 4));
        Api.Resp p3 = api.get("/v1/audit-logs?limit=2&startingAfter=" + p2.data().get("nextCursor").asString(),
                t.sandboxKey());
        assertThat(requestIds(p3.data().get("items"))).containsExactlyElementsOf(requestIds.subList(4, 5));
        assertThat(p3.data().get("hasMore").asBoolean()).isFalse();
        assertThat(p3.data().get("nextCursor").isNull()).isTrue();

        assertThat(api.get("/v1/audit-logs?limit=0", t.sandboxKey()).status()).isEqualTo(400);
        assertThat(api.get("/v1/audit-logs?limit=101", t.sandboxKey()).status()).isEqualTo(400);
        assertThat(api.get("/v1/audit-logs?startingAfter=aud_nope", t.sandboxKey()).errorCode())
                .isEqualTo("invalid_cursor");
    }

    @Test
    void no_secret_ever_reaches_the_audit_table() {
        // the admin call creating the tenant carries a password in its body and keys in its answer
        TenantKeys t = newTenant();
        Api.Resp newKey = api.post("/v1/api-keys", t.sandboxKey(), body("name", "ci"));
        String keySecret = newKey.text("secret");
        Api.Resp login = api.post("/v1/auth/login", null, body("email", t.email(), "password", t.password()));
        String access = login.text("accessToken");
        String refresh = login.text("refreshToken");
        Api.Resp rotated = api.post("/v1/auth/refresh", null, body("refreshToken", refresh));
        String access2 = rotated.text("accessToken");
        String refresh2 = rotated.text("refreshToken");

        // secrets in a query string or a body must stay out (the path is recorded: it names the object)
        Api.Resp customer = api.post("/v1/customers?apiKey=" + keySecret + "&password="
                + t.password().replace(' ', '+'), t.sandboxKey(), body("name", t.password(), "email", "p@x.test"));
        assertThat(customer.status()).as(customer.toString()).isEqualTo(201);
        api.patch("/v1/customers/" + customer.text("id") + "?token=" + access2, access2, body("name", refresh2));
        api.post("/v1/api-keys", access2, body("name", access));
        api.patch("/v1/platform/tenants/" + t.id(), ADMIN, body("rateLimitPerHour", 500));
        api.delete("/v1/api-keys/" + newKey.text("id"), keySecret);
        api.post("/v1/auth/logout", access2, null);

        List<String> secrets = List.of(t.sandboxKey(), t.liveKey(), keySecret, t.password(), access, refresh,
                access2, refresh2, ADMIN);
        auditWritten();
        List<Map<String, Object>> rows = jdbc.sql("SELECT * FROM audit_log").query().listOfRows();
        assertThat(rows.size()).as("the calls above were audited").isGreaterThanOrEqualTo(7);
        for (Map<String, Object> row : rows) {
            for (Map.Entry<String, Object> column : row.entrySet()) {
                String value = String.valueOf(column.getValue());
                for (String secret : secrets) {
                    assertThat(value).as("audit_log." + column.getKey()).doesNotContain(secret);
                    // nor a recognisable part of it (the random body after the prefix)
                    assertThat(value).as("audit_log." + column.getKey())
                            .doesNotContain(secret.substring(Math.min(8, secret.length() / 2)));
                }
            }
        }
        assertThat(rows).anySatisfy(row -> assertThat(row.get("path")).isEqualTo("/v1/customers"));
        assertThat(rows).anySatisfy(row -> assertThat(row.get("actor_type")).isEqualTo("platform_admin"));
    }

    // ---------------------------------------------------------------- helpers

    /**
     * The tenant's audit entries once at least {@code count} are there. An entry is written just
     * after its response is sent, so the newest one may land a moment after the client has read it.
     */
    private JsonNode auditItems(String key, int count) {
        Api.Resp r = null;
        for (int attempt = 0; attempt < 50; attempt++) {
            r = api.get("/v1/audit-logs?limit=100", key);
            assertThat(r.status()).as(r.toString()).isEqualTo(200);
            if (r.data().get("items").size() >= count) {
                return r.data().get("items");
            }
            sleep(100);
        }
        throw new AssertionError("expected " + count + " audit entries, got " + r);
    }

    private static List<String> requestIds(JsonNode items) {
        List<String> ids = new ArrayList<>();
        for (JsonNode item : items) {
            ids.add(item.get("requestId").asString());
        }
        return ids;
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
