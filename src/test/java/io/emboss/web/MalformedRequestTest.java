package io.emboss.web;

import static org.assertj.core.api.Assertions.assertThat;

import io.emboss.support.ApiTestBase;
import io.emboss.support.RawHttp;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.test.context.TestPropertySource;
import org.springframework.web.bind.annotation.RequestMethod;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.method.HandlerMethod;
import org.springframework.web.servlet.mvc.method.RequestMappingInfo;
import org.springframework.web.servlet.mvc.method.annotation.RequestMappingHandlerMapping;
import tools.jackson.databind.JsonNode;

/**
 * Issue 12 item 5: a malformed query string or path segment was a 500 whose log quoted the raw value
 * (a PAN in a search). Every GET operation, found by walking the request mappings, gets each malformed
 * form: all are 400 validation_failed with the envelope (or the dialect's shape), and the PAN reaches
 * neither the answer nor the log, even with Spring MVC and Tomcat's parameter parsing at DEBUG.
 */
@ExtendWith(OutputCaptureExtension.class)
@TestPropertySource(properties = {"logging.level.org.springframework.web=DEBUG",
        "logging.level.org.apache.tomcat.util.http=DEBUG"})
class MalformedRequestTest extends ApiTestBase {
    private static final String PAN = "4000001234567899";
    /** Each form of malformed query the probe found, plus the same bytes on a named parameter. */
    private static final List<String> QUERIES = List.of("=x", "%zz", "%", "%C0%AF", "%FF", "customerId=%00",
            "search=" + PAN + "%FF", "search=" + PAN + "%C0%AF", "search=" + PAN + "%zz", "search=" + PAN + "%",
            "search=" + PAN + "%0A", "search=" + PAN + "%ED%A0%80", PAN + "%FF=1", "limit=1&=" + PAN);
    private static final List<String> SEGMENTS = List.of("%zz", "%", "%C0%AF", "%FF", "%00", PAN + "%FF",
            PAN + "%09", "%ED%A0%80", "%7F");

    @Autowired
    @Qualifier("requestMappingHandlerMapping")
    private RequestMappingHandlerMapping mappings;

    /** Every GET operation of the native API and the dialects, path variables left as {@code {name}}. */
    private List<String> getOperations(boolean listsOnly) {
        TreeSet<String> out = new TreeSet<>();
        for (Map.Entry<RequestMappingInfo, HandlerMethod> e : mappings.getHandlerMethods().entrySet()) {
            var methods = e.getKey().getMethodsCondition().getMethods();
            if (!(methods.isEmpty() || methods.contains(RequestMethod.GET)) || (listsOnly && !isList(e.getValue()))) {
                continue;
            }
            for (String pattern : e.getKey().getPatternValues()) {
                if (pattern.startsWith("/v1/") || pattern.startsWith("/compat/")) {
                    out.add(pattern);
                }
            }
        }
        return new ArrayList<>(out);
    }

    private static boolean isList(HandlerMethod method) {
        for (var p : method.getMethodParameters()) {
            RequestParam param = p.getParameterAnnotation(RequestParam.class);
            if (param != null && List.of("limit", "startingAfter").contains(param.name().isEmpty()
                    ? p.getParameterName() : param.name())) {
                return true;
            }
        }
        return false;
    }

    private void assertRefused(RawHttp.Answer r, String path, String field) {
        assertThat(r.status()).as(path + " -> " + r).isEqualTo(400);
        assertThat(r.json()).as(path + " -> " + r).isNotNull();
        assertThat(r.body()).as(path).doesNotContain(PAN);
        assertThat(r.header("x-request-id")).as(path).isNotBlank();
        if (path.startsWith("/v1/")) {
            JsonNode body = r.json();
            assertThat(body.get("success").asBoolean()).isFalse();
            assertThat(body.get("errorCode").asString()).as(path + " -> " + r).isEqualTo("validation_failed");
            assertThat(body.get("data").get("fields").has(field)).as(path + " -> " + r).isTrue();
        }
    }

    @Test
    void every_get_operation_refuses_each_malformed_query_with_400_and_no_value_in_the_log(CapturedOutput output) {
        TenantKeys t = newTenant();
        List<String> lists = getOperations(true);
        assertThat(lists).as("the list operations found by walking the mappings").hasSizeGreaterThanOrEqualTo(12)
                .contains("/v1/customers", "/v1/transactions", "/v1/cards", "/v1/events");
        List<String> operations = getOperations(false);
        for (String operation : operations) {
            String path = operation.replaceAll("\\{[^}]+}", "x");
            for (String query : QUERIES) {
                RawHttp.Answer r = RawHttp.send(port, "GET", path + "?" + query,
                        "Authorization: Bearer " + t.sandboxKey() + "\r\n", null);
                String field = query.startsWith("search=") ? "search" : query.startsWith("customerId") ? "customerId"
                        : "query";
                assertRefused(r, path + "?" + query, field);
            }
        }
        assertThat(output.getAll()).doesNotContain(PAN).doesNotContain("InvalidParameterException")
                .doesNotContain("unhandled error");
        assertThat(output.getAll()).contains("refused 400 validation_failed: malformed path or query string");
    }

    @Test
    void every_path_variable_refuses_the_same_bytes_with_400(CapturedOutput output) {
        TenantKeys t = newTenant();
        for (String operation : getOperations(false)) {
            if (!operation.contains("{")) {
                continue;
            }
            for (String segment : SEGMENTS) {
                String path = operation.replaceFirst("\\{[^}]+}", segment).replaceAll("\\{[^}]+}", "x");
                RawHttp.Answer r = RawHttp.send(port, "GET", path,
                        "Authorization: Bearer " + t.sandboxKey() + "\r\n", null);
                assertRefused(r, path, "path");
            }
        }
        assertThat(output.getAll()).doesNotContain(PAN).doesNotContain("<html");
    }

    @Test
    void raw_bytes_and_characters_tomcat_refuses_in_the_request_line_are_the_envelope_and_not_logged(
            CapturedOutput output) {
        TenantKeys t = newTenant();
        String auth = "Authorization: Bearer " + t.sandboxKey() + "\r\n";
        for (String target : List.of("/v1/customers?search=" + PAN + "|", "/v1/customers?search=" + PAN + "\u00ff",
                "/v1/customers/" + PAN + "\u00ff", "/v1/customers?search=" + PAN + "{x}")) {
            RawHttp.Answer r = RawHttp.send(port, "GET", target, auth, null);
            assertThat(r.status()).as(target + " -> " + r).isEqualTo(400);
            assertThat(r.json().get("errorCode").asString()).isEqualTo("validation_failed");
            assertThat(r.header("content-type")).startsWith("application/json");
            assertThat(r.header("x-request-id")).startsWith("req_");
            assertThat(r.body()).doesNotContain(PAN);
        }
        // a query Tomcat parses but with more parameters than it allows was a 500 too
        String many = String.join("&", java.util.stream.IntStream.range(0, 1001).mapToObj(i -> "a" + i + "=1")
                .toList());
        RawHttp.Answer tooMany = RawHttp.send(port, "GET", "/v1/customers?" + many, auth, null);
        assertThat(tooMany.status()).as(tooMany.toString()).isEqualTo(400);
        assertThat(tooMany.json().get("data").get("fields").has("query")).isTrue();
        assertThat(output.getAll()).doesNotContain(PAN).doesNotContain("unhandled error").doesNotContain("\tat ");
    }

    @Test
    void well_formed_queries_still_pass() {
        TenantKeys t = newTenant();
        String id = newCustomer(t.sandboxKey());
        for (String query : List.of("limit=1", "limit=5&startingAfter=" + id, "search=caf%C3%A9+con+leche",
                "search=%F0%9F%98%80", "limit=2&&limit=", "kycStatus=pending")) {
            var r = api.get("/v1/customers?" + query, t.sandboxKey());
            assertThat(r.status()).as(query + " -> " + r).isIn(200, 400);
            if (r.status() == 400) {
                assertThat(r.data().get("fields").has("query")).as(query + " -> " + r).isFalse();
            }
        }
        assertThat(api.get("/v1/customers?limit=1&search=caf%C3%A9", t.sandboxKey()).status()).isEqualTo(200);
    }
}
