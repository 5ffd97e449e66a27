package io.emboss.web;

import static org.assertj.core.api.Assertions.assertThat;

import io.emboss.support.Api;
import io.emboss.support.ApiTestBase;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * The OpenAPI document names the shape of every success answer of the native API: the envelope's
 * {@code data} is a named component schema with properties (a list is a named page of named items),
 * never an untyped object, so that a client generated from the document gets a class per resource.
 */
class TypedResponsesDocumentTest extends ApiTestBase {
    private static final String REF_PREFIX = "#/components/schemas/";
    /** Fields whose shape depends on another: an event's object is the resource its type names. */
    private static final Set<String> FREE_FORM = Set.of("EventDataView.object");

    private JsonNode document;
    private JsonNode schemas;

    @BeforeEach
    void readDocument() {
        Api.Resp doc = api.get("/v3/api-docs", null);
        assertThat(doc.status()).as(doc.toString()).isEqualTo(200);
        document = doc.body();
        schemas = document.path("components").path("schemas");
    }

    @Test
    void every_success_data_of_the_native_api_is_a_named_schema() {
        List<String> untyped = new ArrayList<>();
        List<JsonNode> answers = successSchemas(untyped);
        assertThat(answers.size()).as("success answers described under /v1").isGreaterThan(70);
        assertThat(untyped).as("success answers whose data has no named shape").isEmpty();
    }

    @Test
    void the_shapes_of_success_data_have_no_untyped_fields() {
        Set<String> reached = new TreeSet<>();
        for (JsonNode answer : successSchemas(new ArrayList<>())) {
            reach(answer, reached);
        }
        List<String> untyped = new ArrayList<>();
        for (String name : reached) {
            for (Map.Entry<String, JsonNode> property : schemas.get(name).path("properties").properties()) {
                String field = name + "." + property.getKey();
                if (isUntyped(property.getValue()) && !FREE_FORM.contains(field)) {
                    untyped.add(field + " " + property.getValue());
                }
            }
        }
        assertThat(reached).as("schemas reached from success answers").hasSizeGreaterThan(30);
        assertThat(untyped).as("fields of success data that say nothing of their type").isEmpty();
    }

    /** The schemas of the success answers under /v1; each whose data is not named is added to {@code untyped}. */
    private List<JsonNode> successSchemas(List<String> untyped) {
        List<JsonNode> answers = new ArrayList<>();
        for (Map.Entry<String, JsonNode> path : document.get("paths").properties()) {
            if (!path.getKey().startsWith("/v1/")) {
                continue;
            }
            for (Map.Entry<String, JsonNode> operation : path.getValue().properties()) {
                for (Map.Entry<String, JsonNode> response : operation.getValue().path("responses").properties()) {
                    if (!response.getKey().startsWith("2")) {
                        continue;
                    }
                    String where = operation.getKey().toUpperCase() + " " + path.getKey() + " " + response.getKey();
                    for (Map.Entry<String, JsonNode> media : response.getValue().path("content").properties()) {
                        if ("application/octet-stream".equals(media.getKey())) {
                            continue; // a file's bytes (an evidence download), typed as binary, not an envelope
                        }
                        answers.add(media.getValue().path("schema"));
                        String problem = problemOfData(media.getValue().path("schema"));
                        if (problem != null) {
                            untyped.add(where + " (" + media.getKey() + "): " + problem);
                        }
                    }
                }
            }
        }
        return answers;
    }

    /** Adds the names of the component schemas {@code schema} refers to, directly or through others. */
    private void reach(JsonNode schema, Set<String> reached) {
        if (schema.has("$ref")) {
            String name = schema.get("$ref").asString().substring(REF_PREFIX.length());
            if (reached.add(name) && schemas.has(name)) {
                reach(schemas.get(name), reached);
            }
            return;
        }
        for (JsonNode child : schema) {
            if (child.isContainer()) {
                reach(child, reached);
            }
        }
    }

    /** Null when the envelope's data is a named schema with properties, or a list of one; else what is wrong. */
    private String problemOfData(JsonNode envelopeSchema) {
        JsonNode envelope = envelopeSchema.has("$ref") ? resolve(envelopeSchema) : envelopeSchema;
        if (envelope == null || !envelope.path("properties").has("data")) {
            return "the envelope has no data: " + envelopeSchema;
        }
        JsonNode data = envelope.path("properties").path("data");
        JsonNode named = reference(data.has("items") ? data.get("items") : data);
        if (named == null) {
            return "data is not a named schema: " + data;
        }
        JsonNode target = resolve(named);
        if (target == null || target.path("properties").isEmpty()) {
            return "data names " + named.get("$ref").asString() + ", which has no properties";
        }
        return null;
    }

    /** The reference {@code schema} is, or the one it composes (a nullable one is a oneOf of it and null). */
    private static JsonNode reference(JsonNode schema) {
        if (schema.has("$ref")) {
            return schema;
        }
        for (String composition : List.of("allOf", "oneOf", "anyOf")) {
            for (JsonNode part : schema.path(composition)) {
                if (part.has("$ref")) {
                    return part;
                }
            }
        }
        return null;
    }

    private JsonNode resolve(JsonNode schema) {
        String ref = schema.get("$ref").asString();
        return ref.startsWith(REF_PREFIX) ? schemas.get(ref.substring(REF_PREFIX.length())) : null;
    }

    /**
     * A property that is an object with no properties (a map whose values are typed, such as a
     * backtest's byReason counts, is typed), or a schema with no type, reference or composition.
     */
    private static boolean isUntyped(JsonNode property) {
        if (property.has("$ref") || property.has("allOf") || property.has("oneOf") || property.has("anyOf")
                || property.has("enum")) {
            return false;
        }
        JsonNode type = property.get("type");
        if (type == null) {
            return true;
        }
        boolean object = type.isString() ? type.asString().equals("object") : type.toString().contains("\"object\"");
        if (object) {
            JsonNode values = property.path("additionalProperties");
            return !property.has("properties") && !(values.isObject() && !isUntyped(values));
        }
        if (property.has("items")) {
            return isUntyped(property.get("items"));
        }
        return false;
    }
}
