package io.emboss.compat;

import io.swagger.v3.core.util.Json31;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.media.Schema;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The last touches on a dialect document's schemas. */
final class DocumentSchemas {
    private static final Pattern REF = Pattern.compile("#/components/schemas/([A-Za-z0-9_.\\-]+)");

    private DocumentSchemas() {
    }

    static void finish(OpenAPI openApi) {
        Map<String, Schema> schemas = openApi.getComponents().getSchemas();
        if (schemas == null) {
            return;
        }
        io.emboss.web.OpenApiNullables.apply(schemas);
        keepOnlyUsed(openApi, schemas);
    }

    /** Drops the schemas no operation reaches (such as the JSON node type a request is read as). */
    private static void keepOnlyUsed(OpenAPI openApi, Map<String, Schema> schemas) {
        Set<String> used = new LinkedHashSet<>();
        Deque<String> todo = new ArrayDeque<>(refs(openApi.getPaths()));
        while (!todo.isEmpty()) {
            String name = todo.pop();
            if (used.add(name) && schemas.containsKey(name)) {
                todo.addAll(refs(schemas.get(name)));
            }
        }
        Map<String, Schema> kept = new LinkedHashMap<>();
        schemas.forEach((name, schema) -> {
            if (used.contains(name)) {
                kept.put(name, schema);
            }
        });
        openApi.getComponents().setSchemas(kept);
    }

    private static Set<String> refs(Object part) {
        Set<String> out = new LinkedHashSet<>();
        Matcher m = REF.matcher(Json31.pretty(part));
        while (m.find()) {
            out.add(m.group(1));
        }
        return out;
    }
}
