package io.emboss.web;

import io.swagger.v3.oas.models.Components;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.Operation;
import io.swagger.v3.oas.models.PathItem;
import io.swagger.v3.oas.models.media.Content;
import io.swagger.v3.oas.models.media.JsonSchema;
import io.swagger.v3.oas.models.media.MediaType;
import io.swagger.v3.oas.models.media.Schema;
import io.swagger.v3.oas.models.parameters.Parameter;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Small helpers over the OpenAPI 3.1 model: schemas made by hand, references, and what the paths reach. */
final class ApiSchemas {
    static final String SCHEMA_REF = "#/components/schemas/";
    static final String RESPONSE_REF = "#/components/responses/";

    private ApiSchemas() {
    }

    /** A JSON Schema of these types ({@code "string", "null"} is a nullable string). */
    static Schema<Object> typed(String... types) {
        Schema<Object> schema = new JsonSchema();
        schema.setTypes(new LinkedHashSet<>(List.of(types)));
        return schema;
    }

    static Schema<Object> ref(String schemaName) {
        Schema<Object> schema = new JsonSchema();
        schema.set$ref(SCHEMA_REF + schemaName);
        return schema;
    }

    /** The component a {@code $ref} names, the schema itself when it is inline, or null for a dangling reference. */
    static Schema<?> resolve(Components components, Schema<?> schema) {
        if (schema == null || schema.get$ref() == null) {
            return schema;
        }
        String ref = schema.get$ref();
        return ref.startsWith(SCHEMA_REF) && components.getSchemas() != null
                ? components.getSchemas().get(ref.substring(SCHEMA_REF.length())) : null;
    }

    static String refName(Schema<?> schema) {
        return schema == null || schema.get$ref() == null || !schema.get$ref().startsWith(SCHEMA_REF) ? null
                : schema.get$ref().substring(SCHEMA_REF.length());
    }

    /** The schemas a schema mentions directly: properties, items, combinations, additionalProperties. */
    static List<Schema<?>> children(Schema<?> schema) {
        List<Schema<?>> out = new ArrayList<>();
        if (schema.getProperties() != null) {
            schema.getProperties().values().forEach(out::add);
        }
        if (schema.getItems() != null) {
            out.add(schema.getItems());
        }
        if (schema.getAdditionalProperties() instanceof Schema<?> additional) {
            out.add(additional);
        }
        for (List<Schema> list : java.util.Arrays.asList(schema.getAllOf(), schema.getAnyOf(), schema.getOneOf())) {
            if (list != null) {
                list.forEach(out::add);
            }
        }
        if (schema.getNot() != null) {
            out.add(schema.getNot());
        }
        return out;
    }

    /** The names of every component schema reachable from these roots (following references). */
    static Set<String> reachable(Components components, List<Schema<?>> roots) {
        Set<String> names = new HashSet<>();
        Deque<Schema<?>> todo = new ArrayDeque<>(roots);
        Set<Schema<?>> seen = java.util.Collections.newSetFromMap(new java.util.IdentityHashMap<>());
        while (!todo.isEmpty()) {
            Schema<?> s = todo.pop();
            if (s == null || !seen.add(s)) {
                continue;
            }
            String name = refName(s);
            if (name != null) {
                if (names.add(name) && components.getSchemas() != null && components.getSchemas().get(name) != null) {
                    todo.push(components.getSchemas().get(name));
                }
                continue;
            }
            children(s).forEach(todo::push);
        }
        return names;
    }

    /** Every schema that the paths name: parameters, bodies, responses (with the shared responses they refer to). */
    static List<Schema<?>> pathSchemas(OpenAPI api) {
        List<Schema<?>> roots = new ArrayList<>();
        for (PathItem item : api.getPaths().values()) {
            for (Operation op : item.readOperations()) {
                if (op.getParameters() != null) {
                    op.getParameters().stream().map(Parameter::getSchema).forEach(roots::add);
                }
                if (op.getRequestBody() != null) {
                    roots.addAll(schemas(op.getRequestBody().getContent()));
                }
                if (op.getResponses() != null) {
                    op.getResponses().values().forEach(r -> roots.addAll(schemas(r.getContent())));
                }
            }
        }
        if (api.getComponents().getResponses() != null) {
            api.getComponents().getResponses().values().forEach(r -> roots.addAll(schemas(r.getContent())));
        }
        return roots;
    }

    static List<Schema<?>> schemas(Content content) {
        List<Schema<?>> out = new ArrayList<>();
        if (content != null) {
            for (MediaType type : content.values()) {
                out.add(type.getSchema());
            }
        }
        return out;
    }

    /** Drops the component schemas that nothing in the paths refers to (the compat dialects' and the renamed ones). */
    static void dropUnreferenced(OpenAPI api) {
        Map<String, Schema> schemas = api.getComponents().getSchemas();
        if (schemas != null) {
            schemas.keySet().retainAll(reachable(api.getComponents(), pathSchemas(api)));
        }
    }
}
