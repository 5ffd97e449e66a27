package io.emboss.web;

import static org.assertj.core.api.Assertions.assertThat;

import io.emboss.support.Api;
import io.emboss.support.ApiTestBase;
import io.swagger.v3.oas.models.SpecVersion;
import io.swagger.v3.parser.OpenAPIV3Parser;
import io.swagger.v3.parser.core.models.ParseOptions;
import io.swagger.v3.parser.core.models.SwaggerParseResult;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * Issue 14 items 2 and 3: the native API's document ({@code /v3/api-docs}) is valid OpenAPI 3.1 and
 * every operation in it can be built on: a unique readable operationId from {@link ApiOperations},
 * a tag, a summary and a description, its real success status, every error status it can answer with
 * the Error envelope, its security, typed list parameters, and request bodies that say what they
 * require, refuse unknown fields and show an example. Nothing but {@code /v1} is in it.
 */
class OpenApiDocumentTest extends ApiTestBase {
    private static final Set<String> METHODS = Set.of("get", "put", "post", "patch", "delete", "head", "options",
            "trace");

    private String text;
    private JsonNode doc;

    @BeforeEach
    void fetch() {
        Api.Resp r = api.get("/v3/api-docs", null);
        assertThat(r.status()).as(r.toString()).isEqualTo(200);
        text = r.raw().body();
        doc = r.body();
    }

    /** Every operation of the document by "METHOD /path". */
    private Map<String, JsonNode> operations() {
        Map<String, JsonNode> out = new LinkedHashMap<>();
        for (Map.Entry<String, JsonNode> path : doc.get("paths").properties()) {
            for (Map.Entry<String, JsonNode> op : path.getValue().properties()) {
                if (METHODS.contains(op.getKey())) {
                    out.put(op.getKey().toUpperCase(Locale.ROOT) + " " + path.getKey(), op.getValue());
                }
            }
        }
        return out;
    }

    /** The node a local {@code $ref} names, or the node itself. */
    private JsonNode resolve(JsonNode node) {
        JsonNode at = node;
        while (at != null && at.has("$ref")) {
            JsonNode target = doc;
            for (String part : at.get("$ref").asString().substring(2).split("/")) {
                target = target.path(part);
            }
            assertThat(target.isMissingNode()).as("dangling " + at.get("$ref")).isFalse();
            at = target;
        }
        return at;
    }

    private static Set<String> types(JsonNode schema) {
        Set<String> out = new TreeSet<>();
        JsonNode type = schema.path("type");
        if (type.isArray()) {
            type.forEach(t -> out.add(t.asString()));
        } else if (type.isString()) {
            out.add(type.asString());
        }
        return out;
    }

    @Test
    void is_valid_openapi_3_1_as_swagger_parser_reads_it() {
        ParseOptions options = new ParseOptions();
        options.setResolve(true);
        SwaggerParseResult result = new OpenAPIV3Parser().readContents(text, null, options);
        assertThat(result.getMessages()).as("parser messages").isEmpty();
        assertThat(result.getOpenAPI()).isNotNull();
        assertThat(result.getOpenAPI().getOpenapi()).startsWith("3.1.");
        assertThat(result.getOpenAPI().getSpecVersion()).isEqualTo(SpecVersion.V31);
        assertThat(result.getOpenAPI().getPaths()).hasSize(doc.get("paths").size());
    }

    @Test
    void holds_the_native_api_only_and_the_catalogue_matches_it_exactly() {
        for (String path : doc.get("paths").propertyNames()) {
            assertThat(path).as("a path of the native document").startsWith("/v1/");
        }
        assertThat(doc.get("paths").has("/error")).isFalse();
        assertThat(new TreeSet<>(operations().keySet())).isEqualTo(new TreeSet<>(ApiOperations.all().keySet()));
        assertThat(doc.has("security")).as("no global security: each operation says its own").isFalse();
    }

    /**
     * Swagger UI shows the info description above the operations and the tags' descriptions with them:
     * the error-code table is the last tag's description, so it comes after the operations; the server
     * is this one, relative, not a URL guessed from the request.
     */
    @Test
    void the_error_table_comes_after_the_operations_and_the_server_is_this_one() {
        JsonNode tags = doc.get("tags");
        JsonNode last = tags.get(tags.size() - 1);
        assertThat(last.get("name").asString()).isEqualTo("Errors");
        for (String code : io.emboss.web.ErrorCatalog.all().keySet()) {
            assertThat(last.get("description").asString()).as("the table lists " + code).contains("`" + code + "`");
        }
        assertThat(operations().values()).as("no operation is tagged Errors")
                .noneMatch(op -> op.path("tags").toString().contains("\"Errors\""));
        assertThat(doc.get("info").get("description").asString()).doesNotContain("| errorCode |");
        assertThat(doc.get("servers")).hasSize(1);
        assertThat(doc.get("servers").get(0).get("url").asString()).isEqualTo("/");
        assertThat(doc.get("servers").get(0).get("description").asString()).isEqualTo("This Emboss server");
    }

    @Test
    void every_operation_has_a_unique_readable_id_a_tag_a_summary_and_a_description() {
        Set<String> ids = new HashSet<>();
        List<String> tagOrder = new ArrayList<>();
        doc.get("tags").forEach(t -> {
            tagOrder.add(t.get("name").asString());
            assertThat(t.path("description").asString("")).as("tag " + t).isNotBlank();
        });
        List<String> expectedOrder = new ArrayList<>();
        for (ApiOperations.Tag tag : ApiOperations.Tag.values()) {
            expectedOrder.add(tag.title);
        }
        expectedOrder.add("Errors");
        assertThat(tagOrder).as("tags in resource order, then the error table").isEqualTo(expectedOrder);
        operations().forEach((key, op) -> {
            String id = op.path("operationId").asString("");
            assertThat(id).as(key).matches("[a-z][A-Za-z0-9]+").doesNotContain("_");
            assertThat(ids.add(id)).as("operationId " + id + " is used twice").isTrue();
            assertThat(id).as(key).isEqualTo(ApiOperations.all().get(key).id);
            assertThat(op.path("tags").size()).as(key + " tags").isEqualTo(1);
            assertThat(tagOrder).as(key).contains(op.get("tags").get(0).asString());
            assertThat(op.path("summary").asString("")).as(key + " summary").isNotBlank();
            assertThat(op.path("description").asString("")).as(key + " description").isNotBlank();
        });
    }

    @Test
    void success_is_declared_under_its_real_status_in_json() {
        operations().forEach((key, op) -> {
            JsonNode responses = op.get("responses");
            List<String> successes = new ArrayList<>();
            responses.propertyNames().forEach(s -> {
                if (s.startsWith("2")) {
                    successes.add(s);
                }
            });
            int declared = ApiOperations.all().get(key).success;
            List<String> expected = new ArrayList<>(List.of(Integer.toString(declared)));
            ApiOperations.all().get(key).otherSuccesses().keySet().forEach(s -> expected.add(Integer.toString(s)));
            assertThat(successes).as(key).containsExactlyInAnyOrderElementsOf(expected);
            if (!key.startsWith("POST")) {
                assertThat(declared).as(key + ": only a POST creates").isEqualTo(200);
            }
            JsonNode content = responses.get(Integer.toString(declared)).get("content");
            if (ApiOperations.all().get(key).isBinary()) { // a file's bytes, as an attachment
                assertThat(content.propertyNames()).as(key).containsExactly("application/octet-stream");
                assertThat(content.get("application/octet-stream").get("schema").get("format").asString())
                        .as(key).isEqualTo("binary");
                return;
            }
            assertThat(content.propertyNames()).as(key).containsExactly("application/json");
            JsonNode envelope = resolve(content.get("application/json").get("schema"));
            assertThat(envelope.get("properties").propertyNames()).as(key)
                    .contains("success", "errorCode", "message", "data");
            assertThat(types(envelope.get("properties").get("errorCode"))).as(key + ": errorCode is null on success")
                    .containsExactly("null", "string");
        });
    }

    /** The 201s of the catalogue are what the server answers, and so are the 200s of the POSTs beside them. */
    @Test
    void declared_success_statuses_are_the_answers() {
        TenantKeys tenant = newTenant(); // asserts 201
        assertThat(ApiOperations.find("POST", "/v1/platform/tenants").success).isEqualTo(201);
        String customer = newCustomer(tenant.sandboxKey()); // asserts 201
        assertThat(ApiOperations.find("POST", "/v1/customers").success).isEqualTo(201);
        Api.Resp kyc = api.post("/v1/simulate/customers/" + customer + "/kyc", tenant.sandboxKey(),
                body("decision", "approved"));
        assertThat(kyc.status()).as(kyc.toString())
                .isEqualTo(ApiOperations.find("POST", "/v1/simulate/customers/{id}/kyc").success);
        Api.Resp key = api.post("/v1/api-keys", tenant.sandboxKey(), body("name", "docs"));
        assertThat(key.status()).as(key.toString()).isEqualTo(ApiOperations.find("POST", "/v1/api-keys").success);
        Api.Resp login = api.post("/v1/auth/login", null, body("email", tenant.email(), "password", tenant.password()));
        assertThat(login.status()).as(login.toString())
                .isEqualTo(ApiOperations.find("POST", "/v1/auth/login").success);
        Api.Resp funding = api.post("/v1/simulate/tenant-funding", tenant.sandboxKey(),
                body("currency", "USD", "amount", "10.00"));
        assertThat(funding.status()).as(funding.toString())
                .isEqualTo(ApiOperations.find("POST", "/v1/simulate/tenant-funding").success);
    }

    @Test
    void every_operation_declares_the_error_statuses_it_can_answer_with_the_error_envelope() {
        JsonNode error = doc.get("components").get("schemas").get("Error");
        assertThat(error.get("properties").get("success").get("const").asBoolean(true)).isFalse();
        JsonNode codes = resolve(error.get("properties").get("errorCode")).get("enum");
        List<String> enumCodes = new ArrayList<>();
        codes.forEach(c -> enumCodes.add(c.asString()));
        assertThat(enumCodes).containsExactlyElementsOf(ErrorCatalog.all().keySet());
        assertThat(types(error.get("properties").get("data"))).contains("null", "object");
        operations().forEach((key, op) -> {
            String path = key.substring(key.indexOf(' ') + 1);
            boolean open = path.equals("/v1/auth/login") || path.equals("/v1/auth/refresh");
            Set<String> expected = new TreeSet<>(List.of("400", "401", "406", "413", "415", "503"));
            if (!open) {
                expected.add("403");
            }
            if (path.contains("{")) {
                expected.add("404");
            }
            if (key.startsWith("POST") && !open) {
                expected.add("409");
            }
            if (!path.startsWith("/v1/platform/") && !path.equals("/v1/auth/refresh")) {
                expected.add("429");
            }
            Set<String> declared = new TreeSet<>();
            op.get("responses").propertyNames().forEach(s -> {
                if (!s.startsWith("2")) {
                    declared.add(s);
                }
            });
            assertThat(declared).as(key).containsAll(expected);
            for (String status : declared) {
                JsonNode response = resolve(op.get("responses").get(status));
                assertThat(response.path("description").asString("")).as(key + " " + status)
                        .contains("`");
                JsonNode schema = response.get("content").get("application/json").get("schema");
                assertThat(schema.get("$ref").asString()).as(key + " " + status)
                        .isEqualTo("#/components/schemas/Error");
                for (Map.Entry<String, ErrorCatalog.Entry> code : ErrorCatalog.all().entrySet()) {
                    if (code.getValue().status() == Integer.parseInt(status)) {
                        assertThat(response.get("description").asString()).as(key + " " + status)
                                .contains("`" + code.getKey() + "`");
                    }
                }
            }
        });
    }

    @Test
    void security_is_none_for_login_and_refresh_the_admin_token_for_the_platform_and_an_api_key_elsewhere() {
        JsonNode schemes = doc.get("components").get("securitySchemes");
        for (String name : List.of("apiKey", "adminToken")) {
            assertThat(schemes.get(name).get("type").asString()).isEqualTo("http");
            assertThat(schemes.get(name).get("scheme").asString()).isEqualTo("bearer");
        }
        operations().forEach((key, op) -> {
            String path = key.substring(key.indexOf(' ') + 1);
            JsonNode security = op.get("security");
            assertThat(security).as(key + " declares its security").isNotNull();
            if (path.equals("/v1/auth/login") || path.equals("/v1/auth/refresh")) {
                assertThat(security.size()).as(key).isZero();
            } else {
                String scheme = path.startsWith("/v1/platform/") ? "adminToken" : "apiKey";
                assertThat(security.size()).as(key).isEqualTo(1);
                assertThat(security.get(0).propertyNames()).as(key).containsExactly(scheme);
            }
        });
    }

    @Test
    void list_parameters_are_typed() {
        int lists = 0;
        for (Map.Entry<String, JsonNode> e : operations().entrySet()) {
            for (JsonNode p : e.getValue().path("parameters")) {
                JsonNode schema = p.get("schema");
                switch (p.get("name").asString()) {
                    case "limit" -> {
                        lists++;
                        assertThat(types(schema)).as(e.getKey()).containsExactly("integer");
                        assertThat(schema.get("minimum").asInt()).as(e.getKey()).isEqualTo(1);
                        assertThat(schema.get("maximum").asInt()).as(e.getKey()).isEqualTo(100);
                    }
                    case "startingAfter" -> assertThat(types(schema)).as(e.getKey()).containsExactly("string");
                    default -> assertThat(types(schema)).as(e.getKey() + " " + p.get("name")).isNotEmpty();
                }
            }
        }
        assertThat(lists).as("list operations").isGreaterThan(10);
    }

    /** The object schema at a dotted path ({@code merchant}, {@code documents[]}) under a body's schema. */
    private JsonNode nested(JsonNode schema, String path) {
        JsonNode at = schema;
        for (String part : path.split("\\.")) {
            boolean items = part.endsWith("[]");
            at = resolve(at.get("properties").get(items ? part.substring(0, part.length() - 2) : part));
            at = items ? resolve(at.get("items")) : at;
        }
        return at;
    }

    /** Text fields and filters that take a closed set of values list them. */
    @Test
    void closed_sets_of_values_are_enums() {
        Map<String, JsonNode> ops = operations();
        JsonNode product = resolve(ops.get("POST /v1/card-products").get("requestBody").get("content")
                .get("application/json").get("schema")).get("properties");
        assertThat(product.get("network").get("enum").toString()).isEqualTo("[\"visa\",\"mastercard\"]");
        assertThat(product.get("currency").get("enum").toString()).contains("\"USD\"", "\"USDT\"");
        JsonNode shipping = resolve(ops.get("POST /v1/simulate/cards/{id}/shipping").get("requestBody").get("content")
                .get("application/json").get("schema")).get("properties");
        assertThat(shipping.get("status").get("enum").toString()).isEqualTo("[\"shipped\",\"delivered\",\"returned\"]");
        JsonNode status = null;
        for (JsonNode p : ops.get("GET /v1/cards").get("parameters")) {
            status = p.get("name").asString().equals("status") ? p.get("schema") : status;
        }
        assertThat(status.get("enum").toString()).isEqualTo("[\"inactive\",\"active\",\"frozen\",\"closed\"]");
    }

    /** Creating a card product requires its fee and limits in full; changing one requires nothing. */
    @Test
    void what_one_operation_requires_of_a_nested_object_another_does_not() {
        JsonNode create = resolve(operations().get("POST /v1/card-products").get("requestBody").get("content")
                .get("application/json").get("schema"));
        JsonNode update = resolve(operations().get("PATCH /v1/card-products/{id}").get("requestBody").get("content")
                .get("application/json").get("schema"));
        assertThat(nested(create, "limits").path("required").size()).isEqualTo(3);
        assertThat(nested(update, "limits").has("required")).isFalse();
        assertThat(nested(update, "topupFee").has("required")).isFalse();
        assertThat(update.has("required")).isFalse();
    }

    @Test
    void request_bodies_require_refuse_unknown_fields_and_show_an_example() {
        assertThat(doc.get("components").get("schemas").has("JsonNode")).as("no Jackson tree as a type").isFalse();
        operations().forEach((key, op) -> {
            JsonNode body = op.get("requestBody");
            ApiOperations.Operation entry = ApiOperations.all().get(key);
            if (body == null) {
                assertThat(entry.requiredFields()).as(key + " has no body").isEmpty();
                return;
            }
            JsonNode content = body.get("content");
            if (entry.isUpload()) { // multipart/form-data with one binary part, file
                assertThat(content.propertyNames()).as(key).containsExactly("multipart/form-data");
                JsonNode form = resolve(content.get("multipart/form-data").get("schema"));
                assertThat(form.get("properties").get("file").get("format").asString()).as(key).isEqualTo("binary");
                assertThat(form.get("required").toString()).as(key).contains("\"file\"");
                return;
            }
            assertThat(content.propertyNames()).as(key).containsExactly("application/json");
            JsonNode schema = resolve(content.get("application/json").get("schema"));
            assertThat(schema.get("additionalProperties").asBoolean(true)).as(key + " refuses unknown fields")
                    .isFalse();
            Set<String> properties = new HashSet<>(schema.get("properties").propertyNames());
            JsonNode required = schema.path("required");
            required.forEach(r -> assertThat(properties).as(key + " requires a field it has").contains(r.asString()));
            for (String field : entry.requiredFields()) {
                int dot = field.lastIndexOf('.');
                JsonNode holder = dot < 0 ? schema : nested(schema, field.substring(0, dot));
                assertThat(holder.path("required").toString()).as(key + " requires " + field)
                        .contains("\"" + field.substring(dot + 1) + "\"");
            }
            JsonNode example = content.get("application/json").get("example");
            if (key.startsWith("POST") || key.startsWith("PATCH") || key.startsWith("PUT")) {
                assertThat(example).as(key + " has an example body").isNotNull();
            }
            if (example != null) {
                assertThat(properties).as(key + ": the example's fields exist").containsAll(example.propertyNames());
                required.forEach(r -> assertThat(example.has(r.asString())).as(key + " example has " + r).isTrue());
                example.properties().forEach(field -> {
                    JsonNode allowed = resolve(schema.get("properties").get(field.getKey())).get("enum");
                    if (allowed != null) {
                        assertThat(allowed.toString()).as(key + " example " + field).contains(field.getValue().toString());
                    }
                });
            }
        });
    }
}
