package io.emboss.web;

import static org.assertj.core.api.Assertions.assertThat;

import io.emboss.support.Api;
import io.emboss.support.ApiTestBase;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The seam that lets a compatibility dialect answer errors in its own shape and take its credential
 * from a header of its own, while authentication, rate limits and audit stay the native ones.
 */
class DialectSeamTest extends ApiTestBase {
    private static final String P = SeamTestDialect.PREFIX;

    private static void assertDialectError(Api.Resp r, int status, String problem) {
        assertThat(r.status()).as(r.toString()).isEqualTo(status);
        assertThat(r.body().get("ok").asBoolean()).as(r.toString()).isFalse();
        assertThat(r.body().get("problem").asString()).as(r.toString()).isEqualTo(problem);
        assertThat(r.body().has("success")).as("no native envelope: " + r).isFalse();
    }

    private Api.Resp withHeader(String method, String path, String token) {
        return api.send(method, path, null, null, token == null ? Map.of() : Map.of("x-seam-token", token));
    }

    @Test
    void filter_errors_are_written_in_the_dialect_shape() {
        assertDialectError(api.get(P + "whoami", null), 418, "missing_credentials");
        assertDialectError(api.get(P + "whoami", "sk_test_nope"), 418, "invalid_credentials");
        assertDialectError(withHeader("GET", P + "whoami", "sk_test_nope"), 418, "invalid_credentials");
        assertDialectError(api.get(P + "whoami", ADMIN), 403, "forbidden");
        Api.Resp wrongScheme = api.send("GET", P + "whoami", null, null, Map.of("Authorization", "Token abc"));
        assertDialectError(wrongScheme, 418, "invalid_credentials");
    }

    @Test
    void the_dialect_header_and_bearer_both_authenticate_and_are_rate_limited_and_audited() {
        TenantKeys t = newTenant();
        Api.Resp viaHeader = withHeader("GET", P + "whoami", t.sandboxKey());
        assertThat(viaHeader.status()).as(viaHeader.toString()).isEqualTo(200);
        assertThat(viaHeader.body().get("tenant").asString()).isEqualTo(t.id());
        assertThat(viaHeader.header("X-RateLimit-Limit")).isEqualTo("1000");
        Api.Resp viaBearer = api.get(P + "whoami", t.sandboxKey());
        assertThat(viaBearer.status()).isEqualTo(200);
        assertThat(Integer.parseInt(viaBearer.header("X-RateLimit-Remaining")))
                .isLessThan(Integer.parseInt(viaHeader.header("X-RateLimit-Remaining")));

        Api.Resp echoed = api.post(P + "echo", t.sandboxKey(), Map.of("a", 1));
        assertThat(echoed.status()).isEqualTo(200);
        Api.Resp audit = api.get("/v1/audit-logs?limit=100", t.sandboxKey());
        assertThat(audit.status()).as(audit.toString()).isEqualTo(200);
        assertThat(audit.raw().body()).contains(P + "echo");

        Api.Resp limited = api.patch("/v1/platform/tenants/" + t.id(), ADMIN, Map.of("rateLimitPerHour", 1));
        assertThat(limited.status()).as(limited.toString()).isEqualTo(200);
        assertDialectError(withHeader("GET", P + "whoami", t.sandboxKey()), 429, "rate_limited");
    }

    @Test
    void mvc_errors_are_written_in_the_dialect_shape_and_native_paths_keep_the_envelope() {
        TenantKeys t = newTenant();
        assertDialectError(api.get(P + "no-such-route", t.sandboxKey()), 404, "route_not_found");
        assertDialectError(api.raw("POST", P + "echo", t.sandboxKey(), "application/json", "{\"a\":"), 400,
                "malformed_json");
        assertDialectError(api.delete(P + "echo", t.sandboxKey()), 405, "method_not_allowed");
        Api.Resp bug = api.get(P + "boom", t.sandboxKey());
        assertDialectError(bug, 500, "internal_error");
        assertThat(bug.raw().body()).doesNotContain("secret");

        Api.Resp nativeError = api.get("/v1/no-such-thing", t.sandboxKey());
        assertThat(nativeError.status()).isEqualTo(404);
        assertThat(nativeError.errorCode()).isEqualTo("route_not_found");
    }

    @Test
    void a_public_dialect_path_needs_no_credentials() {
        Api.Resp open = api.get(P + "open", null);
        assertThat(open.status()).as(open.toString()).isEqualTo(200);
        assertThat(open.body().get("open").asBoolean()).isTrue();
    }
}
