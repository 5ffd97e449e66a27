package io.emboss.web;

import static org.assertj.core.api.Assertions.assertThat;

import io.emboss.support.Api;
import io.emboss.support.ApiTestBase;
import io.emboss.support.RawHttp;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMethod;
import org.springframework.web.method.HandlerMethod;
import org.springframework.web.servlet.mvc.method.RequestMappingInfo;
import org.springframework.web.servlet.mvc.method.annotation.RequestMappingHandlerMapping;

/**
 * Issue 12 item 7 (second half) and 12(d): text in a JSON body is checked once, centrally, for every
 * endpoint: an unpaired UTF-16 surrogate (stored as "?" before) or a NUL / control character is a 400
 * validation_failed naming the field by its JSON path, and nothing is stored; a body that is an
 * array, string, number or null where an object is expected says so.
 */
class JsonTextTest extends ApiTestBase {
    private static final String SURROGATE_BODY = "{\"name\":\"Ana \\ud800 G\"}";

    @Autowired
    @Qualifier("requestMappingHandlerMapping")
    private RequestMappingHandlerMapping mappings;

    /** Every operation that reads a JSON body: "METHOD pattern". */
    private List<String> bodyOperations() {
        TreeSet<String> out = new TreeSet<>();
        for (Map.Entry<RequestMappingInfo, HandlerMethod> e : mappings.getHandlerMethods().entrySet()) {
            boolean readsBody = false;
            for (var p : e.getValue().getMethodParameters()) {
                readsBody |= p.hasParameterAnnotation(RequestBody.class);
            }
            if (!readsBody) {
                continue;
            }
            for (RequestMethod method : e.getKey().getMethodsCondition().getMethods()) {
                for (String pattern : e.getKey().getPatternValues()) {
                    out.add(method.name() + " " + pattern);
                }
            }
        }
        return new ArrayList<>(out);
    }

    private String alixToken(TenantKeys t) {
        Api.Resp tokens = api.post("/compat/alix/api/v2/auth/access-token", null,
                body("partnerCode", t.email(), "signature", t.password()));
        assertThat(tokens.status()).as(tokens.toString()).isEqualTo(200);
        return tokens.data().get("accessToken").asString();
    }

    @Test
    void every_endpoint_with_a_body_refuses_an_unpaired_surrogate_naming_the_field() {
        TenantKeys t = newTenant();
        String alix = alixToken(t);
        List<String> operations = bodyOperations();
        assertThat(operations).hasSizeGreaterThan(40).contains("POST /v1/customers", "PATCH /v1/customers/{id}",
                "POST /compat/core/customers", "POST /compat/alix/api/v2/cards/topup");
        for (String operation : operations) {
            String method = operation.substring(0, operation.indexOf(' '));
            String path = operation.substring(operation.indexOf(' ') + 1).replaceAll("\\{[^}]+}", "x");
            String auth = path.startsWith("/v1/platform/") ? "Authorization: Bearer " + ADMIN + "\r\n"
                    : path.startsWith("/compat/alix/") ? "access-token: " + alix + "\r\n"
                    : "Authorization: Bearer " + t.sandboxKey() + "\r\n";
            RawHttp.Answer r = RawHttp.send(port, method, path, auth + "Content-Type: application/json\r\n",
                    SURROGATE_BODY);
            assertThat(r.status()).as(operation + " -> " + r).isEqualTo(400);
            assertThat(r.body()).as(operation + " -> " + r).contains("\"name\"").contains("unpaired UTF-16 surrogate");
            if (path.startsWith("/v1/")) {
                assertThat(r.json().get("errorCode").asString()).isEqualTo("validation_failed");
                assertThat(r.json().get("data").get("fields").get("name").asString()).contains("surrogate");
            }
        }
        // nothing was stored, not even as "?"
        assertThat(api.get("/v1/customers", t.sandboxKey()).data().get("items").size()).isZero();
    }

    @Test
    void the_field_is_named_by_its_json_path_and_names_that_could_be_values_are_not_repeated() {
        TenantKeys t = newTenant();
        String key = t.sandboxKey();
        Api.Resp nested = api.raw("POST", "/v1/cards", key, "application/json",
                "{\"productId\":\"x\",\"shipping\":{\"name\":\"Ana\",\"line1\":\"Calle \\udc00 93\"}}");
        assertThat(nested.status()).as(nested.toString()).isEqualTo(400);
        assertThat(nested.data().get("fields").has("shipping.line1")).as(nested.toString()).isTrue();

        Api.Resp inArray = api.raw("PATCH", "/v1/users/usr_x", key, "application/json",
                "{\"permissions\":[\"cards:read\",\"\\ud83d\"]}");
        assertThat(inArray.status()).as(inArray.toString()).isEqualTo(400);
        assertThat(inArray.data().get("fields").has("permissions[1]")).as(inArray.toString()).isTrue();

        Api.Resp badName = api.raw("POST", "/v1/customers", key, "application/json",
                "{\"4000001234567899\\ud800\":\"x\",\"name\":\"Ana\"}");
        assertThat(badName.status()).as(badName.toString()).isEqualTo(400);
        assertThat(badName.raw().body()).doesNotContain("4000001234567899");
        Api.Resp panName = api.raw("POST", "/v1/customers", key, "application/json",
                "{\"4000001234567899\":\"x\",\"name\":\"Ana\",\"email\":\"a@x.co\"}");
        assertThat(panName.status()).as(panName.toString()).isEqualTo(400);
        assertThat(panName.raw().body()).doesNotContain("4000001234567899");
        assertThat(panName.data().get("fields").has("body")).isTrue();
        assertThat(api.get("/v1/customers", key).data().get("items").size()).isZero();
    }

    @Test
    void nul_and_control_characters_are_refused_and_a_valid_pair_is_kept() {
        TenantKeys t = newTenant();
        String key = t.sandboxKey();
        for (String text : List.of("Ana\\u0000", "Ana\\u0007G", "Ana\\u001b[31m", "Ana\\u007f", "Ana\\u0085")) {
            Api.Resp r = api.raw("POST", "/v1/customers", key, "application/json",
                    "{\"name\":\"" + text + "\",\"email\":\"ana@x.co\"}");
            assertThat(r.status()).as(text + " -> " + r).isEqualTo(400);
            assertThat(r.errorCode()).isEqualTo("validation_failed");
            assertThat(r.data().get("fields").has("name")).as(text + " -> " + r).isTrue();
        }
        // a single-line field refuses tab and newline too (web.Fields); a surrogate pair is text like any other
        Api.Resp tab = api.raw("POST", "/v1/customers", key, "application/json",
                "{\"name\":\"Ana\\tG\",\"email\":\"ana@x.co\"}");
        assertThat(tab.status()).as(tab.toString()).isEqualTo(400);
        Api.Resp emoji = api.raw("POST", "/v1/customers", key, "application/json",
                "{\"name\":\"Ana \\ud83d\\ude00 G\",\"email\":\"ana@x.co\"}");
        assertThat(emoji.status()).as(emoji.toString()).isEqualTo(201);
        Api.Resp read = api.get("/v1/customers/" + emoji.text("id"), key);
        assertThat(read.text("name")).isEqualTo("Ana \ud83d\ude00 G");
    }

    @Test
    void a_body_that_is_not_an_object_says_so() {
        TenantKeys t = newTenant();
        for (String body : List.of("[]", "[{\"name\":\"Ana\"}]", "\"Ana\"", "42", "true", "null")) {
            for (String path : List.of("/v1/customers", "/compat/core/customers")) {
                Api.Resp r = api.raw("POST", path, t.sandboxKey(), "application/json", body);
                assertThat(r.status()).as(path + " " + body + " -> " + r).isEqualTo(400);
                assertThat(r.raw().body()).as(path + " " + body).contains("must be a JSON object")
                        .doesNotContain("not valid JSON");
                if (path.startsWith("/v1/")) {
                    assertThat(r.errorCode()).isEqualTo("malformed_json");
                    assertThat(r.body().get("message").asString()).startsWith("The body must be a JSON object");
                }
            }
        }
        // where the body is optional, JSON null (what generated clients send for none) is no body; [] is still refused
        Api.Resp keyWithoutBody = api.raw("POST", "/v1/api-keys", t.sandboxKey(), "application/json", "null");
        assertThat(keyWithoutBody.status()).as(keyWithoutBody.toString()).isEqualTo(201);
        Api.Resp keyFromArray = api.raw("POST", "/v1/api-keys", t.sandboxKey(), "application/json", "[]");
        assertThat(keyFromArray.errorCode()).as(keyFromArray.toString()).isEqualTo("malformed_json");
        Api.Resp notJson = api.raw("POST", "/v1/customers", t.sandboxKey(), "application/json", "{\"name\":");
        assertThat(notJson.errorCode()).isEqualTo("malformed_json");
        Api.Resp empty = api.raw("POST", "/v1/customers", t.sandboxKey(), "application/json", "");
        assertThat(empty.errorCode()).isEqualTo("malformed_json");
        assertThat(api.get("/v1/customers", t.sandboxKey()).data().get("items").size()).isZero();
    }
}
