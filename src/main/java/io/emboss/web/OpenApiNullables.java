package io.emboss.web;

import io.swagger.v3.oas.models.media.Schema;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Nullable properties as OpenAPI 3.1 writes them. A record component that may be null is annotated
 * {@code @Schema(nullable = true)}; swagger keeps that as the 3.0 flag, which a 3.1 document does not
 * have: here it becomes {@code null} among the property's types, and a nullable reference any of the
 * referenced schema and {@code null}. Used by the native document and the dialects' documents.
 */
public final class OpenApiNullables {
    private OpenApiNullables() {
    }

    /** Rewrites the nullable properties of every schema given. */
    @SuppressWarnings("rawtypes")
    public static void apply(Map<String, Schema> schemas) {
        if (schemas != null) {
            schemas.values().forEach(OpenApiNullables::nullableAsType);
        }
    }

    @SuppressWarnings({"rawtypes", "unchecked"})
    private static void nullableAsType(Schema schema) {
        Map<String, Schema> properties = schema.getProperties();
        if (properties == null) {
            return;
        }
        properties.replaceAll((name, property) -> {
            boolean nullable = Boolean.TRUE.equals(property.getNullable())
                    || property.getTypes() != null && property.getTypes().contains("null");
            if (!nullable) {
                return property;
            }
            property.setNullable(null);
            if (property.get$ref() != null) {
                return new Schema().description(property.getDescription())
                        .anyOf(List.of(new Schema().$ref(property.get$ref()), new Schema().types(Set.of("null"))));
            }
            Set<String> types = new LinkedHashSet<>(property.getTypes() == null ? Set.of() : property.getTypes());
            types.add("null");
            property.setTypes(types);
            if (property.getEnum() != null && !property.getEnum().contains(null)) {
                List<Object> values = new ArrayList<>(property.getEnum());
                values.add(null); // an enum lists every value allowed, null too
                property.setEnum(values);
            }
            return property;
        });
    }
}
