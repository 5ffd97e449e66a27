package io.emboss.fuzz;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import tools.jackson.databind.JsonNode;

/**
 * The operations of our own OpenAPI documents, as the fuzzer needs them: the native API's
 * ({@code /v3/api-docs}) and the compat dialects' ({@code /v3/api-docs/core}, {@code alix}, {@code ops}).
 */
final class ApiDocument {
    /** Springdoc describes a {@code JsonNode} field (an amount that may be a string or a number) by this name. */
    static final String ANY_VALUE = "#/components/schemas/JsonNode";
    /** Controllers of the test sources that the test context scans (BoomController, SeamTestDialect): not the product. */
    private static final List<String> TEST_ONLY = List.of("/test-only/", "/compat/seam-test/");

    private final JsonNode doc;
    final List<Operation> operations = new ArrayList<>();

    /** A parameter in the path or the query. */
    /** {@code values}: the enum of its schema, empty when it has none. */
    record Param(String name, String in, boolean required, String type, List<String> values) {
    }

    /** One method on one path, its parameters and its JSON body's schema (null: no body). */
    record Operation(String method, String path, List<Param> params, JsonNode body) {
        String key() {
            return method + " " + path;
        }

        /** The dialect whose error shape this path answers with: core, alix, ops, or native. */
        String dialect() {
            if (path.startsWith("/compat/")) {
                return path.split("/")[2];
            }
            return "native";
        }

        boolean platform() {
            return path.startsWith("/v1/platform/");
        }
    }

    /** The documents given, their schemas merged (each dialect names its own: Core…, Alix…, Ops…). */
    ApiDocument(List<JsonNode> documents) {
        tools.jackson.databind.node.ObjectNode merged = io.emboss.support.Api.JSON.createObjectNode();
        tools.jackson.databind.node.ObjectNode schemas = merged.putObject("components").putObject("schemas");
        for (JsonNode d : documents) {
            d.path("components").path("schemas").properties().forEach(e -> schemas.set(e.getKey(), e.getValue()));
            read(d);
        }
        this.doc = merged;
    }

    private void read(JsonNode doc) {
        for (Map.Entry<String, JsonNode> path : doc.get("paths").properties()) {
            if (TEST_ONLY.stream().anyMatch(path.getKey()::startsWith)) {
                continue;
            }
            for (Map.Entry<String, JsonNode> op : path.getValue().properties()) {
                List<Param> params = new ArrayList<>();
                for (JsonNode p : op.getValue().path("parameters").values()) {
                    params.add(new Param(p.get("name").asString(), p.get("in").asString(),
                            p.path("required").asBoolean(false), resolve(p.path("schema")).path("type").asString("string"),
                            resolve(p.path("schema")).path("enum").values().stream().filter(v -> v.isString())
                                    .map(JsonNode::asString).toList()));
                }
                JsonNode content = op.getValue().path("requestBody").path("content").path("application/json");
                operations.add(new Operation(op.getKey().toUpperCase(Locale.ROOT), path.getKey(), params,
                        content.isMissingNode() ? null : content.get("schema")));
            }
        }
    }

    /** The schema a {@code $ref} names, or the schema itself; an any-value reference stays as it is. */
    JsonNode resolve(JsonNode schema) {
        JsonNode s = schema;
        while (s.has("$ref") && !isAny(s)) {
            String[] parts = s.get("$ref").asString().substring(2).split("/");
            JsonNode target = doc;
            for (String part : parts) {
                target = target.path(part);
            }
            s = target;
        }
        return s;
    }

    static boolean isAny(JsonNode schema) {
        return schema.has("$ref") && ANY_VALUE.equals(schema.get("$ref").asString());
    }
}
