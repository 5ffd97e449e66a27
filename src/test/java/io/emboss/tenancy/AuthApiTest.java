package io.emboss.tenancy;

import static org.assertj.core.api.Assertions.assertThat;

import io.emboss.support.Api;
import io.emboss.support.ApiTestBase;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.TestPropertySource;

/**
 * Dashboard logins: access and refresh tokens, rotation with reuse detection, logout, and how
 * passwords and tokens are kept at rest.
 */
class AuthApiTest extends ApiTestBase {

    @Autowired
    JdbcClient jdbc;

    /** A token pair as the login and refresh endpoints answer it. */
    record Pair(String access, String refresh) {
    }

    @Test
    void login_returns_a_token_pair_that_works_on_the_api() {
        TenantKeys t = newTenant();
        Api.Resp r = api.post("/v1/auth/login", null, body("email", t.email(), "password", t.password()));

        assertThat(r.status()).as(r.toString()).isEqualTo(200);
        String access = r.text("accessToken");
        String refresh = r.text("refreshToken");
        assertThat(access).startsWith("at_").hasSizeGreaterThan(30);
        assertThat(refresh).startsWith("rt_").hasSizeGreaterThan(30);
        assertThat(r.data().get("expiresIn").asLong()).isEqualTo(900);
        assertThat(r.text("environment")).isEqualTo("sandbox");

        Api.Resp created = api.post("/v1/customers", access, body("name", "Via token", "email", "tok@x.test"));
        assertThat(created.status()).as(created.toString()).isEqualTo(201);
        Api.Resp seenByKey = api.get("/v1/customers/" + created.text("id"), t.sandboxKey());
        assertThat(seenByKey.status()).as("a sandbox token works on the tenant's sandbox data").isEqualTo(200);
        assertThat(api.get("/v1/customers/" + created.text("id"), t.liveKey()).status()).isEqualTo(404);

        Api.Resp refreshAsBearer = api.get("/v1/customers", refresh);
        assertThat(refreshAsBearer.status()).as("a refresh token is not an access token").isEqualTo(401);
    }

    @Test
    void login_ignores_the_case_of_the_email() {
        TenantKeys t = newTenant();
        Api.Resp r = api.post("/v1/auth/login", null, body("email", " " + t.email().toUpperCase() + " ",
                "password", t.password()));
        assertThat(r.status()).as(r.toString()).isEqualTo(200);
    }

    @Test
    void a_wrong_password_and_an_unknown_email_are_both_invalid_credentials() {
        TenantKeys t = newTenant();
        long tokensBefore = jdbc.sql("SELECT COUNT(*) FROM access_tokens").query(Long.class).single();

        Api.Resp wrong = api.post("/v1/auth/login", null, body("email", t.email(), "password", t.password() + "x"));
        assertThat(wrong.status()).as(wrong.toString()).isEqualTo(401);
        assertThat(wrong.errorCode()).isEqualTo("invalid_credentials");
        assertThat(wrong.data() == null || wrong.data().isNull()).as(wrong.toString()).isTrue();

        Api.Resp unknown = api.post("/v1/auth/login", null,
                body("email", "nobody-" + System.nanoTime() + "@nowhere.test", "password", t.password()));
        assertThat(unknown.status()).as(unknown.toString()).isEqualTo(401);
        assertThat(unknown.errorCode()).isEqualTo("invalid_credentials");
        assertThat(unknown.body().get("message").asString()).isEqualTo(wrong.body().get("message").asString());

        Api.Resp otherTenantsPassword = api.post("/v1/auth/login", null,
                body("email", t.email(), "password", newTenant().password()));
        assertThat(otherTenantsPassword.status()).isEqualTo(401);

        assertThat(jdbc.sql("SELECT COUNT(*) FROM access_tokens").query(Long.class).single())
                .isEqualTo(tokensBefore);
    }

    @Test
    void login_validates_its_input() {
        Api.Resp empty = api.post("/v1/auth/login", null, body());
        assertThat(empty.status()).as(empty.toString()).isEqualTo(400);
        assertThat(empty.errorCode()).isEqualTo("validation_failed");
        assertThat(TenantsAndKeysApiTest.fieldNames(empty)).containsExactlyInAnyOrder("email", "password");

        TenantKeys t = newTenant();
        Api.Resp badEnv = api.post("/v1/auth/login", null,
                body("email", t.email(), "password", t.password(), "environment", "staging"));
        assertThat(badEnv.status()).as(badEnv.toString()).isEqualTo(400);
        assertThat(TenantsAndKeysApiTest.fieldNames(badEnv)).containsExactly("environment");
    }

    @Test
    void a_live_login_gives_a_token_on_live_data_only() {
        TenantKeys t = newTenant();
        String liveCustomer = newCustomer(t.liveKey());
        String sandboxCustomer = newCustomer(t.sandboxKey());

        Api.Resp r = api.post("/v1/auth/login", null,
                body("email", t.email(), "password", t.password(), "environment", "live"));
        assertThat(r.status()).as(r.toString()).isEqualTo(200);
        assertThat(r.text("environment")).isEqualTo("live");
        String liveToken = r.text("accessToken");

        assertThat(api.get("/v1/customers/" + liveCustomer, liveToken).status()).isEqualTo(200);
        assertThat(api.get("/v1/customers/" + sandboxCustomer, liveToken).status()).isEqualTo(404);
        assertThat(TenantsAndKeysApiTest.ids(api.get("/v1/customers", liveToken))).containsExactly(liveCustomer);

        String sandboxToken = login(t).access();
        assertThat(TenantsAndKeysApiTest.ids(api.get("/v1/customers", sandboxToken)))
                .containsExactly(sandboxCustomer);

        // a refreshed live token stays live
        Api.Resp refreshed = api.post("/v1/auth/refresh", null, body("refreshToken", r.text("refreshToken")));
        assertThat(refreshed.status()).as(refreshed.toString()).isEqualTo(200);
        assertThat(refreshed.text("environment")).isEqualTo("live");
        assertThat(api.get("/v1/customers/" + liveCustomer, refreshed.text("accessToken")).status()).isEqualTo(200);
    }

    @Test
    void refresh_rotates_and_a_reused_refresh_token_revokes_the_whole_family() {
        TenantKeys t = newTenant();
        Pair first = login(t);

        Pair second = refresh(first.refresh());
        assertThat(second.access()).startsWith("at_").isNotEqualTo(first.access());
        assertThat(second.refresh()).startsWith("rt_").isNotEqualTo(first.refresh());
        assertThat(api.get("/v1/customers", second.access()).status()).isEqualTo(200);

        Pair third = refresh(second.refresh());
        assertThat(api.get("/v1/customers", third.access()).status()).isEqualTo(200);

        // a parallel login of the same user is another family and must survive
        Pair otherSession = login(t);

        Api.Resp reuse = api.post("/v1/auth/refresh", null, body("refreshToken", first.refresh()));
        assertThat(reuse.status()).as(reuse.toString()).isEqualTo(401);
        assertThat(reuse.errorCode()).isEqualTo("refresh_token_reused");

        for (String access : List.of(first.access(), second.access(), third.access())) {
            Api.Resp r = api.get("/v1/customers", access);
            assertThat(r.status()).as(r.toString()).isEqualTo(401);
            assertThat(r.errorCode()).isEqualTo("invalid_credentials");
        }
        Api.Resp newest = api.post("/v1/auth/refresh", null, body("refreshToken", third.refresh()));
        assertThat(newest.status()).as(newest.toString()).isEqualTo(401);
        assertThat(newest.body().get("data").has("accessToken")).isFalse();
        Api.Resp middle = api.post("/v1/auth/refresh", null, body("refreshToken", second.refresh()));
        assertThat(middle.status()).isEqualTo(401);

        assertThat(api.get("/v1/customers", otherSession.access()).status()).isEqualTo(200);
        assertThat(refresh(otherSession.refresh()).access()).startsWith("at_");
    }

    @Test
    void unknown_or_malformed_refresh_tokens_are_refused() {
        Api.Resp garbage = api.post("/v1/auth/refresh", null, body("refreshToken", "rt_notarealtoken"));
        assertThat(garbage.status()).as(garbage.toString()).isEqualTo(401);
        assertThat(garbage.errorCode()).isEqualTo("invalid_credentials");

        TenantKeys t = newTenant();
        Api.Resp accessAsRefresh = api.post("/v1/auth/refresh", null, body("refreshToken", login(t).access()));
        assertThat(accessAsRefresh.status()).isEqualTo(401);
        assertThat(accessAsRefresh.errorCode()).isEqualTo("invalid_credentials");

        Api.Resp missing = api.post("/v1/auth/refresh", null, body());
        assertThat(missing.status()).as(missing.toString()).isEqualTo(400);
        assertThat(TenantsAndKeysApiTest.fieldNames(missing)).containsExactly("refreshToken");
    }

    @Test
    void logout_revokes_the_access_token_and_its_refresh_token_at_once() {
        TenantKeys t = newTenant();
        Pair session = login(t);
        Pair otherSession = login(t);
        assertThat(api.get("/v1/customers", session.access()).status()).isEqualTo(200);

        Api.Resp out = api.post("/v1/auth/logout", session.access(), null);
        assertThat(out.status()).as(out.toString()).isEqualTo(200);
        assertThat(out.data().get("loggedOut").asBoolean()).isTrue();

        Api.Resp after = api.get("/v1/customers", session.access());
        assertThat(after.status()).as(after.toString()).isEqualTo(401);
        assertThat(after.errorCode()).isEqualTo("invalid_credentials");
        Api.Resp refreshAfter = api.post("/v1/auth/refresh", null, body("refreshToken", session.refresh()));
        assertThat(refreshAfter.status()).as(refreshAfter.toString()).isEqualTo(401);
        assertThat(api.post("/v1/auth/logout", session.access(), null).status()).isEqualTo(401);

        assertThat(api.get("/v1/customers", otherSession.access()).status()).as("another login survives")
                .isEqualTo(200);
    }

    @Test
    void logout_after_a_rotation_ends_the_whole_login() {
        TenantKeys t = newTenant();
        Pair first = login(t);
        Pair second = refresh(first.refresh());

        assertThat(api.post("/v1/auth/logout", second.access(), null).status()).isEqualTo(200);

        assertThat(api.get("/v1/customers", first.access()).status()).isEqualTo(401);
        assertThat(api.post("/v1/auth/refresh", null, body("refreshToken", second.refresh())).status())
                .isEqualTo(401);
    }

    @Test
    void logout_is_not_for_api_keys_and_needs_credentials() {
        TenantKeys t = newTenant();
        Api.Resp withKey = api.post("/v1/auth/logout", t.sandboxKey(), null);
        assertThat(withKey.status()).as(withKey.toString()).isEqualTo(403);
        assertThat(withKey.errorCode()).isEqualTo("forbidden");
        assertThat(api.get("/v1/customers", t.sandboxKey()).status()).as("the key still works").isEqualTo(200);

        Api.Resp anonymous = api.post("/v1/auth/logout", null, null);
        assertThat(anonymous.status()).as(anonymous.toString()).isEqualTo(401);
        assertThat(anonymous.errorCode()).isEqualTo("missing_credentials");
    }

    @Test
    void passwords_are_bcrypt_hashes_and_tokens_are_stored_hashed() {
        TenantKeys t = newTenant();
        Pair session = login(t);
        Pair rotated = refresh(session.refresh());

        Map<String, Object> user = jdbc.sql("SELECT * FROM users WHERE email = ?").param(t.email())
                .query().singleRow();
        String hash = (String) user.get("password_hash");
        assertThat(hash).startsWith("$2").hasSize(60);
        for (Object value : user.values()) {
            assertThat(String.valueOf(value)).doesNotContain(t.password());
        }

        List<String> secrets = List.of(session.access(), session.refresh(), rotated.access(), rotated.refresh());
        for (String table : List.of("access_tokens", "refresh_tokens")) {
            List<Map<String, Object>> rows = jdbc.sql("SELECT * FROM " + table + " WHERE user_id = ?")
                    .param(user.get("id")).query().listOfRows();
            assertThat(rows).as(table).hasSize(2);
            for (Map<String, Object> row : rows) {
                for (Object value : row.values()) {
                    for (String secret : secrets) {
                        assertThat(String.valueOf(value)).doesNotContain(secret.substring(3));
                    }
                }
            }
        }
        assertThat(jdbc.sql("SELECT COUNT(*) FROM access_tokens WHERE token_hash = ?")
                .param(TenantsAndKeysApiTest.sha256Hex(rotated.access())).query(Long.class).single()).isEqualTo(1);
        assertThat(jdbc.sql("SELECT COUNT(*) FROM refresh_tokens WHERE token_hash = ?")
                .param(TenantsAndKeysApiTest.sha256Hex(rotated.refresh())).query(Long.class).single()).isEqualTo(1);
    }

    @Test
    void malformed_bearer_headers_are_refused() {
        Api.Resp basic = api.send("GET", "/v1/customers", null, null, Map.of("Authorization", "Basic dXNlcjpwYXNz"));
        assertThat(basic.status()).as(basic.toString()).isEqualTo(401);
        assertThat(basic.errorCode()).isEqualTo("invalid_credentials");

        Api.Resp made_up = api.get("/v1/customers", "at_thisisnotatoken");
        assertThat(made_up.status()).isEqualTo(401);
        assertThat(made_up.errorCode()).isEqualTo("invalid_credentials");

        Api.Resp forgedKey = api.get("/v1/customers", "sk_test_" + "A".repeat(40));
        assertThat(forgedKey.status()).isEqualTo(401);
        assertThat(forgedKey.errorCode()).isEqualTo("invalid_credentials");

        Api.Resp none = api.get("/v1/customers", null);
        assertThat(none.status()).isEqualTo(401);
        assertThat(none.errorCode()).isEqualTo("missing_credentials");
    }

    /** Access tokens that live one second, in a context of their own. */
    @Nested
    @TestPropertySource(properties = "emboss.auth.access-token-ttl=PT1S")
    class ShortLivedAccessTokens extends ApiTestBase {

        @Test
        void an_expired_access_token_is_token_expired_and_the_refresh_token_still_rotates() throws Exception {
            TenantKeys t = newTenant();
            Api.Resp r = api.post("/v1/auth/login", null, body("email", t.email(), "password", t.password()));
            assertThat(r.status()).as(r.toString()).isEqualTo(200);
            assertThat(r.data().get("expiresIn").asLong()).isEqualTo(1);

            Thread.sleep(1500);

            Api.Resp expired = api.get("/v1/customers", r.text("accessToken"));
            assertThat(expired.status()).as(expired.toString()).isEqualTo(403);
            assertThat(expired.errorCode()).isEqualTo("token_expired");

            Api.Resp refreshed = api.post("/v1/auth/refresh", null, body("refreshToken", r.text("refreshToken")));
            assertThat(refreshed.status()).as(refreshed.toString()).isEqualTo(200);
            assertThat(refreshed.text("accessToken")).startsWith("at_").isNotEqualTo(r.text("accessToken"));
        }
    }

    // ---------------------------------------------------------------- helpers

    private Pair login(TenantKeys t) {
        Api.Resp r = api.post("/v1/auth/login", null, body("email", t.email(), "password", t.password()));
        assertThat(r.status()).as(r.toString()).isEqualTo(200);
        return new Pair(r.text("accessToken"), r.text("refreshToken"));
    }

    private Pair refresh(String refreshToken) {
        Api.Resp r = api.post("/v1/auth/refresh", null, body("refreshToken", refreshToken));
        assertThat(r.status()).as(r.toString()).isEqualTo(200);
        return new Pair(r.text("accessToken"), r.text("refreshToken"));
    }
}
