package io.emboss.compat;

import static org.assertj.core.api.Assertions.assertThat;

import io.emboss.support.ApiContract;

import com.networknt.schema.Error;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import io.emboss.support.Api;
import io.emboss.support.ApiTestBase;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The compat dialects' own OpenAPI documents ({@code /v3/api-docs/core}, {@code /alix}, {@code /ops}):
 * each lists exactly its dialect's operations, every body is typed, operation ids are readable and
 * unique, security and errors are the dialect's; and real answers of each dialect, success and error,
 * validate against their document's schema (JSON Schema 2020-12, with every object closed, so a field
 * the document does not list fails too).
 */
class CompatDocumentsTest extends ApiTestBase {
    static final Map<String, Set<String>> OPERATIONS = Map.of(
            "core", Set.of("POST /compat/core/auth/login", "POST /compat/core/auth/logout",
                    "POST /compat/core/customers", "GET /compat/core/customers", "POST /compat/core/cards",
                    "POST /compat/core/cards/assign", "PATCH /compat/core/cards/status",
                    "POST /compat/core/balances/add", "GET /compat/core/cards/{id}/movements"),
            "alix", Set.of("POST /compat/alix/api/v2/auth/access-token", "POST /compat/alix/api/v2/auth/refresh-token",
                    "POST /compat/alix/api/v2/cards/topup"),
            "ops", Set.of("POST /compat/ops/card/recharge", "POST /compat/ops/card/balance",
                    "POST /compat/ops/card/info", "POST /compat/ops/card/transactions", "POST /compat/ops/card/status",
                    "POST /compat/ops/card/pin", "POST /compat/ops/ids"));
    /** The paths each dialect serves without credentials: its login and refresh. */
    static final Set<String> PUBLIC = Set.of("/compat/core/auth/login", "/compat/alix/api/v2/auth/access-token",
            "/compat/alix/api/v2/auth/refresh-token");
    static final Map<String, String> ERROR_BODY = Map.of("core", "CoreError", "alix", "AlixError", "ops", "OpsError");
    /** Response fields that may be left out of an answer: a 400's fields, the one number an id row has. */
    static final Map<String, Set<String>> OMITTABLE = Map.of("CoreError", Set.of("fields"),
            "OpsError", Set.of("fields"), "OpsIdRow", Set.of("user_id", "card_id", "template_id"));

    private final Map<String, JsonNode> documents = new HashMap<>();

    JsonNode document(String dialect) {
        return documents.computeIfAbsent(dialect, d -> {
            Api.Resp r = api.get("/v3/api-docs/" + d, null);
            assertThat(r.status()).as("/v3/api-docs/" + d + ": " + r).isEqualTo(200);
            return r.body();
        });
    }

    @Test
    void each_dialect_has_a_document_of_its_own_listing_exactly_its_operations() {
        for (String dialect : OPERATIONS.keySet()) {
            JsonNode doc = document(dialect);
            assertThat(doc.get("openapi").asString()).startsWith("3.1");
            assertThat(doc.get("info").get("title").asString()).as(dialect).isNotBlank().doesNotContain("Emboss API");
            Set<String> operations = new TreeSet<>();
            doc.get("paths").properties().forEach(path -> path.getValue().properties()
                    .forEach(op -> operations.add(op.getKey().toUpperCase() + " " + path.getKey())));
            assertThat(operations).as(dialect).isEqualTo(new TreeSet<>(OPERATIONS.get(dialect)));
            String prefix = Character.toUpperCase(dialect.charAt(0)) + dialect.substring(1);
            assertThat(doc.get("components").get("schemas").propertyNames())
                    .as(dialect + ": only the dialect's own shapes (no JSON node, no native schema)")
                    .allMatch(name -> name.startsWith(prefix));
        }
        Api.Resp nativeDoc = api.get("/v3/api-docs", null);
        assertThat(nativeDoc.status()).as("the native document still answers").isEqualTo(200);
        assertThat(nativeDoc.body().get("paths").has("/v1/customers")).isTrue();
    }

    @Test
    void every_operation_is_typed_with_a_readable_unique_id_its_tag_security_and_the_dialects_errors() {
        Set<String> ids = new HashSet<>();
        for (String dialect : OPERATIONS.keySet()) {
            JsonNode doc = document(dialect);
            Set<String> tags = new HashSet<>();
            doc.get("tags").forEach(t -> tags.add(t.get("name").asString()));
            assertThat(doc.get("components").get("securitySchemes").size()).as(dialect).isPositive();
            assertThat(doc.get("security").size()).as(dialect + ": credentials by default").isPositive();
            doc.get("paths").properties().forEach(path -> path.getValue().properties().forEach(entry -> {
                String where = entry.getKey().toUpperCase() + " " + path.getKey();
                JsonNode op = entry.getValue();
                String id = op.get("operationId").asString();
                assertThat(id).as(where).matches(dialect + "[A-Z][A-Za-z]+");
                assertThat(ids.add(id)).as("operationId " + id + " is unique").isTrue();
                assertThat(op.get("summary").asString()).as(where).isNotBlank();
                assertThat(op.get("tags")).as(where).hasSize(1);
                assertThat(tags).as(where).contains(op.get("tags").get(0).asString());
                boolean isPublic = PUBLIC.contains(path.getKey());
                assertThat(op.has("security") && op.get("security").isEmpty()).as(where + " needs no credentials")
                        .isEqualTo(isPublic);
                if (op.has("requestBody")) {
                    assertTyped(doc, op.get("requestBody").get("content").get("application/json").get("schema"),
                            where + " request");
                }
                responses(doc, dialect, where, op.get("responses"), isPublic);
            }));
        }
        assertThat(ids).hasSize(OPERATIONS.values().stream().mapToInt(Set::size).sum());
    }

    private void responses(JsonNode doc, String dialect, String where, JsonNode responses, boolean isPublic) {
        Set<String> statuses = new TreeSet<>(responses.propertyNames());
        assertThat(statuses.stream().filter(s -> s.startsWith("2")).toList()).as(where + ": one success").hasSize(1);
        assertThat(statuses).as(where).contains("400", "500");
        if (!isPublic) {
            assertThat(statuses).as(where).contains("401", "403", "429");
        }
        responses.properties().forEach(r -> {
            String what = where + " -> " + r.getKey();
            assertThat(r.getValue().get("description").asString()).as(what).isNotBlank();
            JsonNode content = r.getValue().get("content");
            assertThat(content.propertyNames()).as(what + " answers JSON").containsExactly("application/json");
            JsonNode schema = content.get("application/json").get("schema");
            assertTyped(doc, schema, what);
            if (!r.getKey().startsWith("2")) {
                assertThat(schema.get("$ref").asString()).as(what + " in the dialect's error body")
                        .isEqualTo("#/components/schemas/" + ERROR_BODY.get(dialect));
            }
            assertRequired(doc, schema, what, new HashSet<>());
        });
    }

    /** No bare object: every schema has a type, a reference or alternatives; objects have their properties. */
    private static void assertTyped(JsonNode doc, JsonNode schema, String where) {
        JsonNode s = resolve(doc, schema);
        if (s.has("anyOf") || s.has("oneOf")) {
            (s.has("anyOf") ? s.get("anyOf") : s.get("oneOf")).forEach(alt -> assertTyped(doc, alt, where));
            return;
        }
        assertThat(s.has("type")).as(where + ": typed " + s).isTrue();
        Set<String> types = new HashSet<>();
        if (s.get("type").isArray()) {
            s.get("type").forEach(t -> types.add(t.asString()));
        } else {
            types.add(s.get("type").asString());
        }
        assertThat(types).as(where + ": " + s).doesNotContain("").isNotEmpty();
        if (types.contains("object")) {
            boolean described = s.has("properties") && !s.get("properties").isEmpty()
                    || s.has("additionalProperties") && s.get("additionalProperties").isObject();
            assertThat(described).as(where + ": an object with its properties " + s).isTrue();
            if (s.has("properties")) {
                s.get("properties").properties().forEach(p -> assertTyped(doc, p.getValue(), where + "." + p.getKey()));
            }
            if (s.has("additionalProperties") && s.get("additionalProperties").isObject()) {
                assertTyped(doc, s.get("additionalProperties"), where + "{}");
            }
        }
        if (types.contains("array")) {
            assertTyped(doc, s.get("items"), where + "[]");
        }
    }

    /** An answer's fields are all required (the dialects write every one), but for the omittable ones. */
    private static void assertRequired(JsonNode doc, JsonNode schema, String where, Set<String> seen) {
        String name = schema.has("$ref") ? schema.get("$ref").asString().replace("#/components/schemas/", "") : null;
        if (name != null && !seen.add(name)) {
            return;
        }
        JsonNode s = resolve(doc, schema);
        s.path("anyOf").forEach(alt -> assertRequired(doc, alt, where, seen));
        if (s.has("items")) {
            assertRequired(doc, s.get("items"), where, seen);
        }
        if (!s.has("properties")) {
            return;
        }
        Set<String> required = new HashSet<>();
        s.path("required").forEach(r -> required.add(r.asString()));
        Set<String> expected = new TreeSet<>(s.get("properties").propertyNames());
        expected.removeAll(OMITTABLE.getOrDefault(name, Set.of()));
        assertThat(required).as(where + ": required fields of " + name).containsAll(expected);
        s.get("properties").forEach(p -> assertRequired(doc, p, where, seen));
    }

    private static JsonNode resolve(JsonNode doc, JsonNode schema) {
        JsonNode s = schema;
        while (s.has("$ref")) {
            s = doc.get("components").get("schemas").get(s.get("$ref").asString().replace("#/components/schemas/", ""));
            assertThat(s).as("the schema " + schema + " exists").isNotNull();
        }
        return s;
    }

    // ---- real answers against the documents ----

    @Test
    void core_answers_conform_to_the_core_document() {
        TenantKeys t = newTenant();
        Api.Resp funded = api.post("/v1/simulate/tenant-funding", t.sandboxKey(),
                body("currency", "USD", "amount", "1000.00"));
        assertThat(funded.status()).as(funded.toString()).isEqualTo(201);
        String core = "/compat/core";
        Api.Resp login = conforms("core", "POST", core + "/auth/login",
                api.post(core + "/auth/login", null, body("email", t.email(), "password", t.password())), 200);
        String token = login.body().get("token").asString();
        Api.Resp customer = conforms("core", "POST", core + "/customers", api.post(core + "/customers", token,
                body("name", "Juan Perez", "email", "juan-" + t.id().toLowerCase() + "@email.com")), 200);
        conforms("core", "GET", core + "/customers", api.get(core + "/customers", token), 200);
        Api.Resp card = conforms("core", "POST", core + "/cards",
                api.post(core + "/cards", token, body("currency", "USD")), 200);
        String cardId = card.body().get("cardId").asString();
        conforms("core", "POST", core + "/cards/assign", api.post(core + "/cards/assign", token,
                body("cardId", cardId, "customerId", customer.body().get("customerId").asString())), 200);
        conforms("core", "PATCH", core + "/cards/status",
                api.patch(core + "/cards/status", token, body("cardId", cardId, "status", "active")), 200);
        conforms("core", "POST", core + "/balances/add",
                api.post(core + "/balances/add", token, body("cardId", cardId, "amount", 25.5)), 200);
        conforms("core", "GET", core + "/cards/{id}/movements", api.get(core + "/cards/" + cardId + "/movements",
                token), 200);
        // errors: a 400 with fields, a 404, a 409, a 401
        conforms("core", "POST", core + "/balances/add",
                api.post(core + "/balances/add", token, body("cardId", cardId, "amount", "100")), 400);
        conforms("core", "GET", core + "/cards/{id}/movements", api.get(core + "/cards/card_nope/movements", token),
                404);
        conforms("core", "PATCH", core + "/cards/status",
                api.patch(core + "/cards/status", token, body("cardId", cardId, "status", "cancelled")), 200);
        conforms("core", "PATCH", core + "/cards/status",
                api.patch(core + "/cards/status", token, body("cardId", cardId, "status", "active")), 409);
        conforms("core", "GET", core + "/customers", api.get(core + "/customers", null), 401);
        conforms("core", "POST", core + "/auth/logout", api.post(core + "/auth/logout", token, null), 200);
    }

    @Test
    void alix_answers_conform_to_the_alix_document() {
        TenantKeys t = newTenant();
        String key = t.sandboxKey();
        String customer = newApprovedCustomer(key);
        deposit(key, customer, "USDT", "500");
        deposit(key, customer, "USD", "20.00"); // the issuance fee
        Api.Resp card = api.post("/v1/cards", key, body("customerId", customer, "productId",
                product(key, "Virtual USD Visa")));
        assertThat(card.status()).as(card.toString()).isEqualTo(201);
        String auth = "/compat/alix/api/v2/auth/";
        Api.Resp tokens = conforms("alix", "POST", auth + "access-token", api.post(auth + "access-token", null,
                body("partnerCode", t.email(), "signature", t.password())), 200);
        String refresh = tokens.body().get("data").get("refreshToken").asString();
        Api.Resp rotated = conforms("alix", "POST", auth + "refresh-token", api.post(auth + "refresh-token", null,
                body("partnerCode", t.email(), "refreshToken", refresh, "signature", t.password())), 200);
        String access = rotated.body().get("data").get("accessToken").asString();
        String topup = "/compat/alix/api/v2/cards/topup";
        Map<String, String> header = Map.of("access-token", access);
        conforms("alix", "POST", topup, api.send("POST", topup, null, body("cardId", card.text("id"), "amount", "100"),
                header), 200);
        // errors: a 400 with its fields in data, a 404, a reused refresh token, no token
        conforms("alix", "POST", topup, api.send("POST", topup, null, body("cardId", card.text("id")), header), 400);
        conforms("alix", "POST", topup, api.send("POST", topup, null, body("cardId", "card_nope", "amount", "1"),
                header), 404);
        conforms("alix", "POST", auth + "refresh-token", api.post(auth + "refresh-token", null,
                body("refreshToken", refresh)), 401);
        conforms("alix", "POST", topup, api.post(topup, null, body("cardId", card.text("id"), "amount", "1")), 401);
    }

    @Test
    void ops_answers_conform_to_the_ops_document() {
        TenantKeys t = newTenant();
        String key = t.sandboxKey();
        Api.Resp funded = api.post("/v1/simulate/tenant-funding", key, body("currency", "USD", "amount", "500.00"));
        assertThat(funded.status()).as(funded.toString()).isEqualTo(201);
        String customer = newApprovedCustomer(key);
        deposit(key, customer, "USD", "100.00");
        String productId = product(key, "Virtual USD Visa");
        Api.Resp card = api.post("/v1/cards", key, body("customerId", customer, "productId", productId,
                "initialBalance", "10.00"));
        assertThat(card.status()).as(card.toString()).isEqualTo(201);
        String ops = "/compat/ops";
        Api.Resp ids = conforms("ops", "POST", ops + "/ids", api.post(ops + "/ids", key,
                body("ids", List.of(customer, card.text("id"), productId))), 200);
        long userId = ids.body().get("data").get(0).get("user_id").asLong();
        long cardId = ids.body().get("data").get(1).get("card_id").asLong();
        Map<String, Object> ref = body("user_id", userId, "card_id", cardId);
        conforms("ops", "POST", ops + "/card/balance", api.post(ops + "/card/balance", key, ref), 200);
        conforms("ops", "POST", ops + "/card/info", api.post(ops + "/card/info", key, ref), 200);
        conforms("ops", "POST", ops + "/card/recharge", api.post(ops + "/card/recharge", key,
                body("card_id", cardId, "amount", 20.0)), 200);
        conforms("ops", "POST", ops + "/card/pin", api.post(ops + "/card/pin", key,
                body("card_id", cardId, "pin", "4826")), 200);
        conforms("ops", "POST", ops + "/card/transactions", api.post(ops + "/card/transactions", key,
                body("card_id", cardId, "limit", 5)), 200);
        conforms("ops", "POST", ops + "/card/status", api.post(ops + "/card/status", key,
                body("card_id", cardId, "alter", "LOCK")), 200);
        // errors: a 400 with fields, a 404, a 409, a 401
        conforms("ops", "POST", ops + "/card/recharge", api.post(ops + "/card/recharge", key,
                body("card_id", cardId, "amount", -1)), 400);
        conforms("ops", "POST", ops + "/card/balance", api.post(ops + "/card/balance", key,
                body("card_id", 999_999_999)), 404);
        conforms("ops", "POST", ops + "/card/recharge", api.post(ops + "/card/recharge", key,
                body("card_id", cardId, "amount", 5)), 409);
        conforms("ops", "POST", ops + "/ids", api.post(ops + "/ids", null, body("ids", List.of(customer))), 401);
    }

    /** The id of one of the tenant's card products, by name. */
    private String product(String key, String name) {
        for (JsonNode p : allPages("/v1/card-products", key)) {
            if (p.get("name").asString().equals(name)) {
                return p.get("id").asString();
            }
        }
        throw new AssertionError("no product " + name);
    }

    /**
     * Asserts the answer has the expected status, that its document declares that status for the
     * operation, and that the body validates against the declared schema with every object closed.
     */
    private Api.Resp conforms(String dialect, String method, String path, Api.Resp r, int status) {
        assertThat(r.status()).as(method + " " + path + ": " + r).isEqualTo(status);
        JsonNode doc = document(dialect);
        JsonNode response = doc.path("paths").path(path).path(method.toLowerCase()).path("responses")
                .path(Integer.toString(status));
        assertThat(response.isMissingNode()).as(method + " " + path + " declares " + status).isFalse();
        ObjectNode root = (ObjectNode) ApiContract.closed(
                response.get("content").get("application/json").get("schema"));
        root.put("$schema", "https://json-schema.org/draft/2020-12/schema");
        root.set("components", ApiContract.closed(doc.get("components")));
        List<Error> errors = SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_2020_12).getSchema(root)
                .validate(r.body());
        assertThat(errors).as(method + " " + path + " -> " + status + ": " + r.raw().body()).isEmpty();
        return r;
    }
}
