package io.emboss.tenancy;

import static org.assertj.core.api.Assertions.assertThat;

import io.emboss.customers.CustomerService;
import io.emboss.shared.Caller;
import io.emboss.shared.Environment;
import io.emboss.support.Api;
import io.emboss.support.ApiTestBase;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import tools.jackson.databind.JsonNode;

/**
 * No credential mints a stronger one. Managing API keys and users needs {@code admin}; a new key holds
 * at most its creator's permissions; a user never changes its own permissions; a sandbox key never
 * grants what works in live. Each refusal leaves everything as it was.
 */
class CredentialEscalationTest extends ApiTestBase {
    @Autowired
    TenantService tenants;
    @Autowired
    CustomerService customers;
    @Autowired
    UserService users;

    @Test
    void an_admin_without_card_access_cannot_mint_a_key_or_grant_itself_card_access() {
        TenantKeys t = newTenant();
        String card = cardOf(t.sandboxKey());
        String user = login(t, "sandbox");
        String userId = userId(t);
        int keysBefore = keys(t.sandboxKey()).size();

        Api.Resp stronger = api.post("/v1/api-keys", user, body("name", "x", "permissions",
                List.of("cards:read_sensitive")));
        assertForbidden(stronger);
        assertThat(stronger.raw().body()).doesNotContain("sk_test_");
        assertThat(keys(t.sandboxKey())).hasSize(keysBefore);

        // by default a key holds what its creator holds, and nothing more
        Api.Resp minted = api.post("/v1/api-keys", user, body("name", "dashboard-made"));
        assertThat(minted.status()).as(minted.toString()).isEqualTo(201);
        assertThat(minted.data().get("permissions").toString()).isEqualTo("[\"admin\"]");
        String weakKey = minted.text("secret");
        assertForbidden(api.get("/v1/cards/" + card + "/details", weakKey));
        Api.Resp opsInfo = api.post("/compat/ops/card/info", weakKey, body("card_id", opsCardId(t.sandboxKey(), card)));
        assertThat(opsInfo.status()).as(opsInfo.toString()).isEqualTo(200);
        assertThat(opsInfo.body().get("cvv").asString()).isEqualTo("***");
        assertThat(opsInfo.body().get("number").asString()).contains("******");
        // nor can that key, or the user, grant the user what neither holds
        assertForbidden(api.patch("/v1/users/" + userId, weakKey, body("permissions",
                List.of("admin", "cards:read_sensitive"))));
        String liveUser = login(t, "live");
        assertForbidden(api.patch("/v1/users/" + userId, liveUser, body("permissions",
                List.of("admin", "cards:read_sensitive"))));
        Api.Resp liveMinted = api.post("/v1/api-keys", liveUser, body("name", "live dashboard-made"));
        assertThat(liveMinted.status()).as(liveMinted.toString()).isEqualTo(201);
        assertForbidden(api.patch("/v1/users/" + userId, liveMinted.text("secret"), body("permissions",
                List.of("admin", "cards:read_sensitive"))));
        assertForbidden(api.get("/v1/cards/" + card + "/details", user));
        assertThat(permissionsOf(t, userId)).isEqualTo("[\"admin\"]");
    }

    @Test
    void without_admin_no_key_is_created_listed_or_revoked_and_no_user_changed() {
        TenantKeys t = newTenant();
        String userId = userId(t);
        // the live key (every permission) takes the user's admin away
        Api.Resp demoted = api.patch("/v1/users/" + userId, t.liveKey(), body("permissions", List.of()));
        assertThat(demoted.status()).as(demoted.toString()).isEqualTo(200);
        String user = login(t, "sandbox");
        Api.Resp readOnly = api.post("/v1/api-keys", t.sandboxKey(), body("name", "read only", "permissions", List.of()));
        assertThat(readOnly.status()).as(readOnly.toString()).isEqualTo(201);
        assertThat(readOnly.data().get("permissions").size()).isZero();
        String readOnlyKey = readOnly.text("secret");
        List<JsonNode> before = keys(t.sandboxKey());
        String victim = before.get(before.size() - 1).get("id").asString();

        for (String credential : List.of(user, readOnlyKey)) {
            assertForbidden(api.post("/v1/api-keys", credential, body("name", "mine")));
            assertForbidden(api.post("/v1/api-keys", credential, body("name", "mine", "permissions", List.of())));
            assertForbidden(api.get("/v1/api-keys", credential));
            assertForbidden(api.delete("/v1/api-keys/" + victim, credential));
            assertForbidden(api.get("/v1/users", credential));
            assertForbidden(api.patch("/v1/users/" + userId, credential, body("permissions", List.of("admin"))));
            // webhook and decision endpoints carry signing secrets: credentials too
            assertForbidden(api.post("/v1/webhook-endpoints", credential, body("url", "https://example.com/hook",
                    "events", List.of("transaction.created"))));
            assertForbidden(api.patch("/v1/webhook-endpoints/we_nope", credential, body("enabled", false)));
            assertForbidden(api.post("/v1/webhook-endpoints/we_nope/rotate-secret", credential, body()));
            assertForbidden(api.delete("/v1/webhook-endpoints/we_nope", credential));
            assertForbidden(api.send("PUT", "/v1/authorization-endpoint", credential,
                    body("url", "https://example.com/decide"), Map.of()));
            assertForbidden(api.delete("/v1/authorization-endpoint", credential));
        }
        assertThat(keys(t.sandboxKey())).as("nothing created, nothing revoked").isEqualTo(before);
        assertThat(api.get("/v1/customers", t.sandboxKey()).status()).as("the tenant's key still works").isEqualTo(200);
        assertThat(permissionsOf(t, userId)).isEqualTo("[]");
        // what they may do, they still do
        assertThat(api.get("/v1/customers", user).status()).isEqualTo(200);
        assertThat(api.get("/v1/customers", readOnlyKey).status()).isEqualTo(200);
    }

    @Test
    void a_user_never_changes_its_own_permissions_and_a_sandbox_key_never_grants() {
        TenantKeys t = newTenant();
        String userId = userId(t);
        Api.Resp full = api.patch("/v1/users/" + userId, t.liveKey(), body("permissions",
                List.of("admin", "cards:read_sensitive")));
        assertThat(full.status()).as(full.toString()).isEqualTo(200);
        String liveUser = login(t, "live");
        // not even to give up or keep what it holds: its permissions are someone else's to change
        assertForbidden(api.patch("/v1/users/" + userId, liveUser, body("permissions", List.of("admin"))));
        assertForbidden(api.patch("/v1/users/" + userId, liveUser, body("permissions",
                List.of("admin", "cards:read_sensitive"))));

        Api.Resp demoted = api.patch("/v1/users/" + userId, t.liveKey(), body("permissions", List.of("admin")));
        assertThat(demoted.status()).as(demoted.toString()).isEqualTo(200);
        // the sandbox key holds every permission, but users' permissions work in live too
        assertForbidden(api.patch("/v1/users/" + userId, t.sandboxKey(), body("permissions",
                List.of("admin", "cards:read_sensitive"))));
        assertThat(permissionsOf(t, userId)).isEqualTo("[\"admin\"]");
        Api.Resp unknown = api.patch("/v1/users/" + userId, t.liveKey(), body("permissions", List.of("cards:all")));
        assertThat(unknown.status()).as(unknown.toString()).isEqualTo(400);
        assertThat(unknown.errorCode()).isEqualTo("validation_failed");
        Api.Resp unknownKey = api.post("/v1/api-keys", t.liveKey(), body("permissions", List.of("root")));
        assertThat(unknownKey.status()).as(unknownKey.toString()).isEqualTo(400);
        assertThat(unknownKey.raw().body()).doesNotContain("root");
    }

    @Test
    void a_key_with_card_access_hands_it_on_and_the_tenants_own_keys_hold_everything() {
        TenantKeys t = newTenant();
        String card = cardOf(t.sandboxKey());
        for (JsonNode key : keys(t.sandboxKey())) {
            assertThat(key.get("permissions").toString()).isEqualTo("[\"admin\",\"cards:read_sensitive\"]");
        }
        Api.Resp reader = api.post("/v1/api-keys", t.sandboxKey(), body("name", "reader", "permissions",
                List.of("cards:read_sensitive")));
        assertThat(reader.status()).as(reader.toString()).isEqualTo(201);
        assertThat(api.get("/v1/cards/" + card + "/details", reader.text("secret")).status()).isEqualTo(200);
        assertForbidden(api.get("/v1/api-keys", reader.text("secret")));
        // and a live user given card access by a live key reads details
        String userId = userId(t);
        assertThat(api.patch("/v1/users/" + userId, t.liveKey(), body("permissions",
                List.of("cards:read_sensitive"))).status()).isEqualTo(200);
        assertThat(api.get("/v1/cards/" + card + "/details", login(t, "sandbox")).status()).isEqualTo(200);
    }

    /**
     * The operator's own operations refuse a tenant credential in the service too, not only by the
     * /v1/platform/ URL rule: a live KYC approval or a KYC delegation must not be one route away.
     */
    @Test
    void operator_operations_refuse_a_tenant_credential_in_the_service() {
        TenantKeys t = newTenant();
        String customer = newCustomer(t.liveKey());
        Caller tenantKey = new Caller(Caller.Type.API_KEY, t.id(), Environment.LIVE, "key_x", Caller.ALL_PERMISSIONS);
        assertThat(tenants.update(tenantKey, t.id(), new TenantService.TenantChanges(null, null, null, false, true))
                .rejection().code()).isEqualTo("forbidden");
        assertThat(tenants.create(tenantKey, "Mine", "mine-" + t.email(), "long enough password").isOk()).isFalse();
        assertThat(customers.decideKycAsOperator(tenantKey, customer, true, null).rejection().code())
                .isEqualTo("forbidden");
        assertThat(users.unlockAsOperator(tenantKey, t.email(), null).rejection().code()).isEqualTo("forbidden");
        assertThat(api.get("/v1/platform/tenants/" + t.id(), ADMIN).data().get("kycDelegated").asBoolean()).isFalse();
        assertThat(api.get("/v1/customers/" + customer, t.liveKey()).text("kycStatus")).isEqualTo("pending");
    }

    private static void assertForbidden(Api.Resp r) {
        assertThat(r.status()).as(r.toString()).isEqualTo(403);
        assertThat(r.errorCode()).isEqualTo("forbidden");
    }

    private String login(TenantKeys t, String environment) {
        Api.Resp r = api.post("/v1/auth/login", null, body("email", t.email(), "password", t.password(),
                "environment", environment));
        assertThat(r.status()).as(r.toString()).isEqualTo(200);
        return r.text("accessToken");
    }

    private String userId(TenantKeys t) {
        Api.Resp r = api.get("/v1/users", t.liveKey());
        assertThat(r.status()).as(r.toString()).isEqualTo(200);
        return r.data().get("items").get(0).get("id").asString();
    }

    private String permissionsOf(TenantKeys t, String userId) {
        for (JsonNode u : api.get("/v1/users", t.liveKey()).data().get("items")) {
            if (u.get("id").asString().equals(userId)) {
                return u.get("permissions").toString();
            }
        }
        throw new AssertionError("no user " + userId);
    }

    private List<JsonNode> keys(String key) {
        return allPages("/v1/api-keys", key);
    }

    private String cardOf(String key) {
        String customer = newApprovedCustomer(key);
        deposit(key, customer, "USD", "10.00");
        String product = null;
        for (JsonNode p : api.get("/v1/card-products", key).data().get("items")) {
            if (p.get("formFactor").asString().equals("VIRTUAL")) {
                product = p.get("id").asString();
            }
        }
        Api.Resp r = api.post("/v1/cards", key, body("customerId", customer, "productId", product));
        assertThat(r.status()).as(r.toString()).isEqualTo(201);
        return r.text("id");
    }

    private long opsCardId(String key, String card) {
        Api.Resp r = api.post("/compat/ops/ids", key, body("ids", List.of(card)));
        assertThat(r.status()).as(r.toString()).isEqualTo(200);
        return r.body().get("data").get(0).get("card_id").asLong();
    }
}
