package io.emboss.web;

import static org.assertj.core.api.Assertions.assertThat;

import io.emboss.support.Api;
import io.emboss.support.ApiTestBase;
import java.util.Map;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** The conventions every endpoint shares, seen from outside over real HTTP. */
class WebConventionsTest extends ApiTestBase {

    private static void assertEnvelope(Api.Resp r, int status, String errorCode) {
        assertThat(r.status()).as(r.toString()).isEqualTo(status);
        assertThat(r.body()).as(r.toString()).isNotNull();
        assertThat(r.body().get("success").asBoolean()).isFalse();
        assertThat(r.errorCode()).isEqualTo(errorCode);
        assertThat(r.body().get("message").asString()).isNotBlank();
        assertThat(r.body().has("data")).isTrue();
        assertThat(r.header("X-Request-Id")).isNotBlank();
    }

    @Test
    void framework_errors_use_the_envelope() {
        TenantKeys t = newTenant();
        assertEnvelope(api.get("/v1/customers", null), 401, "missing_credentials");
        assertEnvelope(api.get("/v1/customers", "sk_test_nope"), 401, "invalid_credentials");
        assertEnvelope(api.raw("GET", "/v1/customers", null, null, null), 401, "missing_credentials");
        assertEnvelope(api.get("/v1/no-such-thing", t.sandboxKey()), 404, "route_not_found");
        assertEnvelope(api.delete("/v1/customers", t.sandboxKey()), 405, "method_not_allowed");
        assertEnvelope(api.raw("POST", "/v1/customers", t.sandboxKey(), "text/plain", "hello"), 415,
                "unsupported_media_type");
        assertEnvelope(api.raw("POST", "/v1/customers", t.sandboxKey(), "application/json", "{\"name\":"), 400,
                "malformed_json");
        assertEnvelope(api.raw("POST", "/v1/customers", t.sandboxKey(), "application/json", ""), 400,
                "malformed_json");
        assertEnvelope(api.get("/v1/platform/tenants", t.sandboxKey()), 403, "forbidden");
        assertEnvelope(api.get("/v1/customers", ADMIN), 403, "forbidden");
    }

    @Test
    void a_bug_is_a_500_with_the_request_id_and_no_internals() {
        Api.Resp r = api.get("/test-only/boom", null);
        assertEnvelope(r, 500, "internal_error");
        assertThat(r.raw().body()).doesNotContain("jdbc").doesNotContain("secret").doesNotContain("Exception");
        assertThat(r.body().get("message").asString()).contains(r.header("X-Request-Id"));
    }

    @Test
    void validation_errors_name_every_field() {
        TenantKeys t = newTenant();
        Api.Resp r = api.post("/v1/customers", t.sandboxKey(), body("email", "not-an-email", "phone", "x"));
        assertEnvelope(r, 400, "validation_failed");
        JsonNode fields = r.data().get("fields");
        assertThat(fields.has("name")).isTrue();
        assertThat(fields.has("email")).isTrue();
        assertThat(fields.has("phone")).isTrue();

        Api.Resp unknown = api.post("/v1/customers", t.sandboxKey(),
                body("name", "A", "email", "a@b.co", "isAdmin", true));
        assertEnvelope(unknown, 400, "validation_failed");
        assertThat(unknown.data().get("fields").has("isAdmin")).isTrue();

        Api.Resp wrongType = api.post("/v1/customers", t.sandboxKey(), body("name", 42, "email", "a@b.co"));
        assertEnvelope(wrongType, 400, "validation_failed");
        assertThat(wrongType.data().get("fields").has("name")).isTrue();
        assertThat(api.get("/v1/customers", t.sandboxKey()).data().get("items").size()).isZero();
    }

    @Test
    void request_ids_are_echoed_or_made() {
        TenantKeys t = newTenant();
        Api.Resp own = api.send("GET", "/v1/customers", t.sandboxKey(), null, Map.of("X-Request-Id", "my-trace-123456"));
        assertThat(own.header("X-Request-Id")).isEqualTo("my-trace-123456");
        Api.Resp hostile = api.send("GET", "/v1/customers", t.sandboxKey(), null,
                Map.of("X-Request-Id", "<script>alert(1)</script>"));
        assertThat(hostile.header("X-Request-Id")).startsWith("req_");
        Api.Resp a = api.get("/v1/customers", t.sandboxKey());
        Api.Resp b = api.get("/v1/customers", t.sandboxKey());
        assertThat(a.header("X-Request-Id")).startsWith("req_").isNotEqualTo(b.header("X-Request-Id"));
    }

    @Test
    void oversized_bodies_are_refused_before_they_are_read() {
        TenantKeys t = newTenant();
        String big = "{\"name\":\"" + "x".repeat(1_100_000) + "\",\"email\":\"big@x.co\"}";
        Api.Resp r = api.raw("POST", "/v1/customers", t.sandboxKey(), "application/json", big);
        assertEnvelope(r, 413, "payload_too_large");
        assertThat(api.get("/v1/customers", t.sandboxKey()).data().get("items").size()).isZero();
    }

    @Test
    void idempotency_keys_replay_the_first_response() {
        TenantKeys t = newTenant();
        Map<String, String> key = Map.of("Idempotency-Key", "create-ana-1");
        Api.Resp first = api.post("/v1/customers", t.sandboxKey(), body("name", "Ana", "email", "ana@x.co"), key);
        Api.Resp replay = api.post("/v1/customers", t.sandboxKey(), body("name", "Ana", "email", "ana@x.co"), key);
        assertThat(first.status()).isEqualTo(201);
        assertThat(replay.status()).isEqualTo(201);
        assertThat(replay.text("id")).isEqualTo(first.text("id"));
        assertThat(replay.header("Idempotent-Replayed")).isEqualTo("true");
        Api.Resp different = api.post("/v1/customers", t.sandboxKey(), body("name", "Bob", "email", "bob@x.co"), key);
        assertEnvelope(different, 409, "idempotency_key_in_use");
        assertThat(api.get("/v1/customers", t.sandboxKey()).data().get("items").size()).isEqualTo(1);

        // a rejected request is answered the same way again, and still changes nothing
        Map<String, String> key2 = Map.of("Idempotency-Key", "dup-email");
        Api.Resp dup = api.post("/v1/customers", t.sandboxKey(), body("name", "Ana 2", "email", "ana@x.co"), key2);
        Api.Resp dupAgain = api.post("/v1/customers", t.sandboxKey(), body("name", "Ana 2", "email", "ana@x.co"), key2);
        assertEnvelope(dup, 409, "email_already_exists");
        assertEnvelope(dupAgain, 409, "email_already_exists");

        // keys belong to one tenant: another tenant may use the same key freely
        TenantKeys other = newTenant();
        Api.Resp theirs = api.post("/v1/customers", other.sandboxKey(), body("name", "Ana", "email", "ana@x.co"), key);
        assertThat(theirs.status()).isEqualTo(201);
        assertThat(theirs.header("Idempotent-Replayed")).isNull();
        assertThat(theirs.text("id")).isNotEqualTo(first.text("id"));

        Api.Resp tooLong = api.post("/v1/customers", t.sandboxKey(), body("name", "C", "email", "c@x.co"),
                Map.of("Idempotency-Key", "k".repeat(300)));
        assertEnvelope(tooLong, 400, "validation_failed");
    }

    @Test
    void secrets_shown_once_are_never_replayed() {
        TenantKeys t = newTenant();
        Map<String, String> key = Map.of("Idempotency-Key", "new-key-1");
        Api.Resp first = api.post("/v1/api-keys", t.sandboxKey(), body("name", "ci"), key);
        assertThat(first.status()).isEqualTo(201);
        assertThat(first.text("secret")).startsWith("sk_test_");
        Api.Resp replay = api.post("/v1/api-keys", t.sandboxKey(), body("name", "ci"), key);
        assertEnvelope(replay, 409, "idempotency_key_in_use");
        assertThat(replay.raw().body()).doesNotContain(first.text("secret"));
    }

    @Test
    void openapi_docs_health_and_metrics_are_served() {
        Api.Resp spec = api.get("/v3/api-docs", null);
        assertThat(spec.status()).isEqualTo(200);
        assertThat(spec.body().get("paths").has("/v1/customers")).isTrue();
        assertThat(spec.body().get("paths").has("/v1/platform/ledger/verification")).isTrue();
        JsonNode tags = spec.body().get("tags");
        assertThat(tags.get(tags.size() - 1).get("description").asString()).as("the error table, after the operations")
                .contains("insufficient_funds");
        Api.Resp ui = api.get("/docs", null);
        assertThat(ui.status()).isIn(200, 302);
        Api.Resp uiPage = api.get("/swagger-ui/index.html", null);
        assertThat(uiPage.status()).isEqualTo(200);
        assertThat(uiPage.raw().body()).contains("Swagger UI");
        Api.Resp health = api.get("/actuator/health", null);
        assertThat(health.status()).isEqualTo(200);
        assertThat(health.body().get("status").asString()).isEqualTo("UP");
        Api.Resp metrics = api.get("/actuator/prometheus", null);
        assertThat(metrics.status()).isEqualTo(200);
        assertThat(metrics.raw().body()).contains("http_server_requests");
    }
}
