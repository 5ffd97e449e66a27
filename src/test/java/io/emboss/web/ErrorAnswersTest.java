package io.emboss.web;

import static org.assertj.core.api.Assertions.assertThat;

import io.emboss.support.Api;
import io.emboss.support.ApiTestBase;
import io.emboss.support.RawHttp;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import tools.jackson.databind.JsonNode;

/**
 * Issue 12 item 6 and its class: answers the framework or the container gives on its own (the error
 * page, content negotiation, odd methods, unparseable requests, a charset other than UTF-8) are the
 * envelope in JSON with their documented code, whatever the client asked for, and each is logged in
 * one line without a stack trace.
 */
@ExtendWith(OutputCaptureExtension.class)
class ErrorAnswersTest extends ApiTestBase {

    private static void assertEnvelope(RawHttp.Answer r, int status, String code, String what) {
        assertThat(r.status()).as(what + " -> " + r).isEqualTo(status);
        assertThat(r.header("content-type")).as(what + " -> " + r).startsWith("application/json");
        JsonNode body = r.json();
        assertThat(body).as(what + " -> " + r).isNotNull();
        assertThat(body.get("success").asBoolean()).isFalse();
        assertThat(body.get("errorCode").asString()).as(what + " -> " + r).isEqualTo(code);
        assertThat(body.get("message").asString()).isNotBlank();
        assertThat(r.header("x-request-id")).as(what).isNotBlank();
    }

    private RawHttp.Answer send(String method, String target, String headers, String body) {
        return RawHttp.send(port, method, target, headers, body);
    }

    @Test
    void the_error_page_is_not_a_route_of_its_own(CapturedOutput output) {
        TenantKeys t = newTenant();
        for (String method : List.of("GET", "POST", "PUT", "PATCH", "DELETE", "OPTIONS")) {
            for (String auth : List.of("", "Authorization: Bearer " + t.sandboxKey() + "\r\n")) {
                RawHttp.Answer r = send(method, "/error", auth + "Content-Type: application/json\r\n", "{}");
                assertEnvelope(r, 404, "route_not_found", method + " /error");
            }
        }
        assertEnvelope(send("FOO", "/error", "", null), 405, "method_not_allowed", "FOO /error");
        assertThat(output.getAll()).doesNotContain("\tat ").doesNotContain("internal_error");
    }

    @Test
    void an_accept_without_json_is_a_406_envelope_before_the_endpoint_runs_and_one_log_line(CapturedOutput output) {
        TenantKeys t = newTenant();
        String auth = "Authorization: Bearer " + t.sandboxKey() + "\r\n";
        for (String accept : List.of("text/html", "image/png", "*/*;q=0", "text/html, application/xml;q=0.9",
                "application/json;q=0", "garbage///")) {
            String headers = auth + "Accept: " + accept + "\r\n";
            assertEnvelope(send("GET", "/v1/customers", headers, null), 406, "not_acceptable", "GET " + accept);
            RawHttp.Answer post = send("POST", "/v1/customers", headers + "Content-Type: application/json\r\n",
                    "{\"name\":\"Ana\",\"email\":\"ana-" + accept.length() + "@x.co\"}");
            assertEnvelope(post, 406, "not_acceptable", "POST " + accept);
            // the real error still wins where there is one: no credentials, no such route
            assertEnvelope(send("GET", "/v1/customers", "Accept: " + accept + "\r\n", null), 401,
                    "missing_credentials", "no key " + accept);
            assertEnvelope(send("GET", "/v1/no-such-thing", headers, null), 404, "route_not_found", "404 " + accept);
            assertEnvelope(send("DELETE", "/v1/customers", headers, null), 405, "method_not_allowed", "405 " + accept);
        }
        // nothing was created by the refused POSTs
        assertThat(api.get("/v1/customers", t.sandboxKey()).data().get("items").size()).isZero();
        // JSON among other choices, or with a charset, is served
        for (String accept : List.of("*/*", "application/*", "text/html, application/json;q=0.1",
                "application/json;charset=utf-16")) {
            RawHttp.Answer ok = send("GET", "/v1/customers", auth + "Accept: " + accept + "\r\n", null);
            assertThat(ok.status()).as(accept + " -> " + ok).isEqualTo(200);
            assertThat(ok.header("content-type")).startsWith("application/json");
        }
        assertThat(output.getAll()).doesNotContain("\tat ").doesNotContain("HttpMediaTypeNotAcceptableException: ")
                .doesNotContain("Failure in @ExceptionHandler").contains("refused 406 not_acceptable");
    }

    @Test
    void non_standard_methods_are_405(CapturedOutput output) {
        TenantKeys t = newTenant();
        String auth = "Authorization: Bearer " + t.sandboxKey() + "\r\n";
        for (String method : List.of("QUERY", "FOO", "TRACE", "CONNECT", "PROPFIND")) {
            for (String path : List.of("/v1/customers", "/v1/customers/x", "/compat/core/customers")) {
                RawHttp.Answer r = send(method, path, auth, null);
                assertThat(r.status()).as(method + " " + path + " -> " + r).isEqualTo(405);
                if (path.startsWith("/v1/")) {
                    assertEnvelope(r, 405, "method_not_allowed", method + " " + path);
                }
            }
            RawHttp.Answer withBody = send(method, "/v1/customers", auth + "Content-Type: application/json\r\n",
                    "{\"name\":\"Ana\",\"email\":\"ana@x.co\"}");
            assertEnvelope(withBody, 405, "method_not_allowed", method + " with a body");
        }
        assertThat(api.get("/v1/customers", t.sandboxKey()).data().get("items").size()).isZero();
        assertThat(output.getAll()).doesNotContain("\tat ").contains("refused 405 method_not_allowed");
    }

    @Test
    void requests_the_container_cannot_parse_get_the_envelope_with_a_request_id(CapturedOutput output) {
        TenantKeys t = newTenant();
        String auth = "Authorization: Bearer " + t.sandboxKey() + "\r\n";
        Map<String, String> headers = Map.of(
                "a header over the size limit", auth + "X-Big: " + "a".repeat(20_000) + "\r\n",
                "a Content-Length that is not a number", auth + "Content-Length: abc\r\n",
                "an unknown Transfer-Encoding", auth + "Transfer-Encoding: gzip, chunked\r\n",
                "an unknown expectation", auth + "Expect: 100-foo\r\n",
                "a header without a name", auth + ": x\r\n",
                "a control character in a header", auth + "X-A: a\u0001b\r\n");
        headers.forEach((what, h) -> assertEnvelope(send("GET", "/v1/customers", h, null), 400, "validation_failed",
                what));
        // not in canonical form (Spring Security's firewall): still the envelope
        for (String path : List.of("/v1/customers/a;b", "/v1/customers/a%2Fb", "/v1//customers", "/v1/customers/%25",
                "/v1/./customers", "/v1/customers/a%5Cb")) {
            assertEnvelope(send("GET", path, auth, null), 400, "validation_failed", path);
        }
        assertThat(output.getAll()).doesNotContain("<html").doesNotContain("\tat ");
    }

    @Test
    void headers_too_large_under_a_dialect_get_that_dialects_error_shape_and_an_unreadable_target_the_envelope() {
        String big = "Authorization: Bearer " + "a".repeat(9_000) + "\r\n";
        // the request line was read, so its path names the dialect (this was the native envelope)
        JsonNode core = send("POST", "/compat/core/cards", big + "Content-Type: application/json\r\n", "{}").json();
        assertThat(core).as("core").isNotNull();
        assertThat(core.has("error") && core.has("message") && !core.has("success")).as(core.toString()).isTrue();
        RawHttp.Answer alix = send("POST", "/compat/alix/api/v2/auth/refresh-token", big, null);
        assertThat(alix.status()).isEqualTo(400);
        assertThat(alix.json().path("errorCode").isIntegralNumber()).as(alix.toString()).isTrue();
        JsonNode ops = send("POST", "/compat/ops/card/info", big, null).json();
        assertThat(ops.path("code").isString() && !ops.has("success")).as(ops.toString()).isTrue();
        // a fragment: refused while the request line is read, before there is a path (docs/compat.md)
        assertEnvelope(send("POST", "/compat/core/cards#x", "", null), 400, "validation_failed", "a fragment");
    }

    @Test
    void a_body_we_would_not_read_as_json_is_415_before_anything_parses_it(CapturedOutput output) {
        TenantKeys t = newTenant();
        String key = t.sandboxKey();
        String json = "{\"name\":\"Ana\",\"email\":\"ana@x.co\"}";
        for (String charset : List.of("ISO-8859-1", "utf-16", "windows-1252", "foo")) {
            Api.Resp r = api.raw("POST", "/v1/customers", key, "application/json; charset=" + charset, json);
            assertThat(r.status()).as(charset + " -> " + r).isEqualTo(415);
            assertThat(r.errorCode()).isEqualTo("unsupported_media_type");
        }
        // forms and multipart bodies were parsed by the container first: a bad escape or a missing
        // boundary was a 500 whose log quoted the value
        String auth = "Authorization: Bearer " + key + "\r\n";
        for (String method : List.of("POST", "PATCH", "PUT", "DELETE")) {
            for (String type : List.of("application/x-www-form-urlencoded", "multipart/form-data",
                    "multipart/form-data; boundary=x")) {
                RawHttp.Answer r = send(method, "/v1/customers/x", auth + "Content-Type: " + type + "\r\n",
                        "a=4000001234567899%zz");
                assertEnvelope(r, 415, "unsupported_media_type", method + " " + type);
            }
        }
        RawHttp.Answer gzip = send("POST", "/v1/customers", auth + "Content-Type: application/json\r\n"
                + "Content-Encoding: gzip\r\n", json);
        assertEnvelope(gzip, 415, "unsupported_media_type", "gzip");
        assertThat(api.get("/v1/customers", key).data().get("items").size()).isZero();
        Api.Resp utf8 = api.raw("POST", "/v1/customers", key, "application/json; charset=\"UTF-8\"", json);
        assertThat(utf8.status()).as(utf8.toString()).isEqualTo(201);
        assertThat(output.getAll()).doesNotContain("4000001234567899").doesNotContain("\tat ");
    }

    @Test
    void an_id_that_looks_like_a_card_number_is_not_repeated_in_a_404() {
        TenantKeys t = newTenant();
        for (String path : List.of("/v1/cards/4000001234567899", "/v1/customers/4000001234567899",
                "/v1/cards/4000001234567899/movements", "/v1/transactions/4000001234567899")) {
            Api.Resp r = api.get(path, t.sandboxKey());
            assertThat(r.status()).as(path + " -> " + r).isEqualTo(404);
            assertThat(r.errorCode()).isEqualTo("resource_not_found");
            assertThat(r.raw().body()).doesNotContain("4000001234567899");
        }
        assertThat(api.get("/v1/customers/cus_nope", t.sandboxKey()).body().get("message").asString())
                .isEqualTo("No such customer cus_nope");
    }

    @Test
    void a_huge_id_in_a_body_is_a_prompt_404_that_does_not_repeat_it() {
        TenantKeys t = newTenant();
        Api.Resp customer = api.post("/v1/customers", t.sandboxKey(), body("name", "Ann", "email",
                "ann-" + System.nanoTime() + "@example.com"));
        assertThat(customer.status()).as(customer.toString()).isEqualTo(201);
        Api.Resp events = api.get("/v1/events?limit=1", t.sandboxKey());
        String eventId = events.data().get("items").get(0).get("id").asString();
        // the fuzzer's case: a 300,000-character endpoint id held a request for minutes while the 404's
        // message was redacted by a backtracking regular expression (the client's timeout is far shorter)
        Api.Resp r = api.post("/v1/events/" + eventId + "/redeliver", t.sandboxKey(),
                body("endpointId", "\u00e9".repeat(300_000)));
        assertThat(r.status()).as(r.toString()).isIn(400, 404);
        assertThat(r.raw().body().length()).isLessThan(1_000);
    }
}
