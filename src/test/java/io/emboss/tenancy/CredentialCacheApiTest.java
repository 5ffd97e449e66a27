package io.emboss.tenancy;

import static org.assertj.core.api.Assertions.assertThat;

import io.emboss.support.Api;
import io.emboss.support.ApiTestBase;
import io.emboss.support.PostgresSchema;
import java.util.List;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.env.Environment;
import org.springframework.test.context.TestPropertySource;

/**
 * Credentials are resolved from a short cache: an authenticated request costs no query, a change
 * made through an instance holds there at once, and on every other instance within the bound
 * (emboss.auth.credential-cache-ms, 2 s by default; docs/tenancy-and-auth.md).
 */
class CredentialCacheApiTest extends ApiTestBase {
    /** The default bound, and what a loaded machine may add to it before a poll sees the change. */
    static final long BOUND_MS = 2_000;
    static final long MARGIN_MS = 2_000;

    @Autowired
    Environment environment;

    @Autowired
    ApiKeyRepository keys;

    @Autowired
    TokenRepository tokens;

    @Test
    void a_request_whose_credential_was_resolved_moments_ago_queries_no_credential() {
        TenantKeys t = newTenant();
        String access = login(t);

        long keyLookups = keys.lookups();
        assertThat(api.get("/v1/customers", t.sandboxKey()).status()).isEqualTo(200);
        assertThat(keys.lookups()).as("the first request resolves the key").isEqualTo(keyLookups + 1);
        for (int i = 0; i < 5; i++) {
            Api.Resp r = api.get("/v1/customers", t.sandboxKey());
            assertThat(r.status()).as(r.toString()).isEqualTo(200);
        }
        assertThat(keys.lookups()).as("the next ones find it cached").isEqualTo(keyLookups + 1);

        long tokenLookups = tokens.lookups();
        assertThat(api.get("/v1/customers", access).status()).isEqualTo(200);
        assertThat(api.get("/v1/customers", access).status()).isEqualTo(200);
        assertThat(tokens.lookups()).isEqualTo(tokenLookups + 1);
    }

    @Test
    void an_unknown_secret_is_asked_of_the_database_every_time() {
        String forged = "sk_test_" + "B".repeat(40);
        long before = keys.lookups();
        for (int i = 0; i < 3; i++) {
            assertThat(api.get("/v1/customers", forged).status()).isEqualTo(401);
        }
        assertThat(keys.lookups()).as("misses are not cached").isEqualTo(before + 3);
    }

    @Test
    void revocation_logout_a_permission_change_and_suspension_hold_at_once_on_the_instance_that_made_them() {
        TenantKeys t = newTenant();
        Api.Resp created = api.post("/v1/api-keys", t.sandboxKey(), body("name", "to revoke"));
        assertThat(created.status()).as(created.toString()).isEqualTo(201);
        String key = created.text("secret");
        assertThat(api.get("/v1/customers", key).status()).as("cached now").isEqualTo(200);
        Api.Resp revoked = api.delete("/v1/api-keys/" + created.text("id"), t.sandboxKey());
        assertThat(revoked.status()).as(revoked.toString()).isEqualTo(200);
        Api.Resp refused = api.get("/v1/customers", key);
        assertThat(refused.status()).as(refused.toString()).isEqualTo(401);
        assertThat(refused.errorCode()).isEqualTo("invalid_credentials");

        String loggedOut = login(t);
        assertThat(api.get("/v1/customers", loggedOut).status()).isEqualTo(200);
        assertThat(api.post("/v1/auth/logout", loggedOut, null).status()).isEqualTo(200);
        assertThat(api.get("/v1/customers", loggedOut).status()).isEqualTo(401);

        // the user's admin, taken away by the live key, is gone from its cached token at once
        String userId = api.get("/v1/users", t.liveKey()).data().get("items").get(0).get("id").asString();
        String admin = login(t);
        assertThat(api.get("/v1/api-keys", admin).status()).isEqualTo(200);
        Api.Resp demoted = api.patch("/v1/users/" + userId, t.liveKey(), body("permissions", List.of()));
        assertThat(demoted.status()).as(demoted.toString()).isEqualTo(200);
        assertThat(api.get("/v1/api-keys", admin).status()).isEqualTo(403);

        assertThat(api.get("/v1/customers", t.liveKey()).status()).isEqualTo(200);
        suspend(api, t);
        Api.Resp suspended = api.get("/v1/customers", t.liveKey());
        assertThat(suspended.status()).as(suspended.toString()).isEqualTo(403);
        assertThat(suspended.errorCode()).isEqualTo("tenant_suspended");
    }

    @Test
    void another_instance_refuses_a_revoked_key_and_a_suspended_tenant_within_the_bound() throws Exception {
        TenantKeys t = newTenant();
        Api.Resp created = api.post("/v1/api-keys", t.sandboxKey(), body("name", "seen by both"));
        assertThat(created.status()).as(created.toString()).isEqualTo(201);
        String key = created.text("secret");

        ConfigurableApplicationContext second = PostgresSchema.secondInstance(environment);
        try {
            Api other = new Api(Integer.parseInt(second.getEnvironment().getProperty("local.server.port")));
            ApiKeyRepository otherKeys = second.getBean(ApiKeyRepository.class);
            assertThat(other.get("/v1/customers", key).status()).as("a key made on the first works at once")
                    .isEqualTo(200);
            assertThat(other.get("/v1/customers", t.liveKey()).status()).isEqualTo(200);
            long lookups = otherKeys.lookups();
            assertThat(other.get("/v1/customers", key).status()).isEqualTo(200);
            assertThat(otherKeys.lookups()).as("the second instance holds the key cached").isEqualTo(lookups);

            Api.Resp revoked = api.delete("/v1/api-keys/" + created.text("id"), t.sandboxKey());
            assertThat(revoked.status()).as(revoked.toString()).isEqualTo(200);
            long revokedAt = System.currentTimeMillis();
            assertThat(api.get("/v1/customers", key).status()).isEqualTo(401);
            assertThat(refusedWithin(other, key, 401)).as("ms until the second instance refused the key")
                    .isLessThanOrEqualTo(BOUND_MS + MARGIN_MS);
            assertThat(System.currentTimeMillis() - revokedAt).isLessThanOrEqualTo(BOUND_MS + MARGIN_MS + 500);

            assertThat(other.get("/v1/customers", t.liveKey()).status()).isEqualTo(200);
            suspend(api, t);
            assertThat(api.get("/v1/customers", t.liveKey()).status()).isEqualTo(403);
            assertThat(refusedWithin(other, t.liveKey(), 403)).as("ms until the second instance refused the tenant")
                    .isLessThanOrEqualTo(BOUND_MS + MARGIN_MS);
        } finally {
            second.close();
        }
    }

    /** Polls the instance until it answers {@code status}; returns how long that took (or fails). */
    private static long refusedWithin(Api instance, String credential, int status) throws InterruptedException {
        long start = System.currentTimeMillis();
        while (System.currentTimeMillis() - start <= BOUND_MS + MARGIN_MS) {
            Api.Resp r = instance.get("/v1/customers", credential);
            if (r.status() == status) {
                return System.currentTimeMillis() - start;
            }
            assertThat(r.status()).as(r.toString()).isEqualTo(200);
            Thread.sleep(50);
        }
        throw new AssertionError("still accepted " + (BOUND_MS + MARGIN_MS) + " ms after the change");
    }

    private static void suspend(Api api, TenantKeys t) {
        Api.Resp r = api.patch("/v1/platform/tenants/" + t.id(), ADMIN, body("status", "suspended"));
        assertThat(r.status()).as(r.toString()).isEqualTo(200);
    }

    private String login(TenantKeys t) {
        Api.Resp r = api.post("/v1/auth/login", null, body("email", t.email(), "password", t.password()));
        assertThat(r.status()).as(r.toString()).isEqualTo(200);
        return r.text("accessToken");
    }

    /** Access tokens that live two seconds, cached for a minute: the expiry is the clock's, not the cache's. */
    @Nested
    @TestPropertySource(properties = {"emboss.auth.access-token-ttl=PT2S", "emboss.auth.credential-cache-ms=60000"})
    class ExpiryOfACachedToken extends ApiTestBase {
        @Autowired
        TokenRepository tokens;

        @Test
        void an_expired_access_token_is_refused_though_its_entry_is_cached() throws Exception {
            TenantKeys t = newTenant();
            Api.Resp r = api.post("/v1/auth/login", null, body("email", t.email(), "password", t.password()));
            assertThat(r.status()).as(r.toString()).isEqualTo(200);
            String access = r.text("accessToken");
            assertThat(api.get("/v1/customers", access).status()).isEqualTo(200);
            long lookups = tokens.lookups();

            Thread.sleep(2_300);

            Api.Resp expired = api.get("/v1/customers", access);
            assertThat(expired.status()).as(expired.toString()).isEqualTo(403);
            assertThat(expired.errorCode()).isEqualTo("token_expired");
            assertThat(tokens.lookups()).as("answered from the cached entry").isEqualTo(lookups);
        }
    }
}
