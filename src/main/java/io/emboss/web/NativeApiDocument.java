package io.emboss.web;

import io.swagger.v3.oas.models.Components;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.Operation;
import io.swagger.v3.oas.models.PathItem;
import io.swagger.v3.oas.models.Paths;
import io.swagger.v3.oas.models.media.Content;
import io.swagger.v3.oas.models.media.MediaType;
import io.swagger.v3.oas.models.media.Schema;
import io.swagger.v3.oas.models.parameters.HeaderParameter;
import io.swagger.v3.oas.models.parameters.Parameter;
import io.swagger.v3.oas.models.responses.ApiResponses;
import io.swagger.v3.oas.models.security.SecurityRequirement;
import io.swagger.v3.oas.models.tags.Tag;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springdoc.core.customizers.OpenApiCustomizer;
import org.springframework.stereotype.Component;

/**
 * Makes the default document ({@code /v3/api-docs}) the native API's, exact to what the server does:
 * only {@code /v1} (the compatibility dialects have documents of their own, {@code /error} is not an
 * endpoint), and for each operation what {@link ApiOperations} says (operationId, tag, summary,
 * description, success status, body), the error statuses it can answer ({@link ApiErrors}), its
 * security, and the list parameters typed. A plain OpenApiCustomizer bean applies to the default
 * document only, not to springdoc groups.
 */
@Component
class NativeApiDocument implements OpenApiCustomizer {
    static final String API_KEY = "apiKey";
    static final String ADMIN_TOKEN = "adminToken";
    private static final String JSON = "application/json";

    @Override
    public void customise(OpenAPI api) {
        Paths native_ = new Paths();
        api.getPaths().forEach((path, item) -> {
            if (path.startsWith("/v1/")) {
                native_.addPathItem(path, item);
            }
        });
        api.setPaths(native_);
        api.setSecurity(null);
        if (api.getComponents() == null) {
            api.setComponents(new Components());
        }
        Components components = api.getComponents();
        ApiErrors.addComponents(components);
        ApiRequestBodies.addComponents(components);
        EnumSet<ApiOperations.Tag> used = EnumSet.noneOf(ApiOperations.Tag.class);
        List<Schema<?>> bodies = new ArrayList<>();
        List<Schema<?>> responses = new ArrayList<>();
        native_.forEach((path, item) -> item.readOperationsMap().forEach((method, operation) -> {
            ApiOperations.Operation entry = ApiOperations.find(method.name(), path);
            if (entry == null) {
                return; // an operation without an entry keeps springdoc's defaults; a test forbids it
            }
            used.add(entry.tag);
            describe(components, operation, entry);
            if (operation.getRequestBody() != null) {
                bodies.addAll(ApiSchemas.schemas(operation.getRequestBody().getContent()));
            }
            operation.getResponses().values().forEach(r -> responses.addAll(ApiSchemas.schemas(r.getContent())));
        }));
        ApiRequestBodies.closeObjects(api, bodies, responses);
        ApiRequestBodies.typeResponseFields(components);
        envelopes(components);
        OpenApiNullables.apply(components.getSchemas());
        List<Tag> tags = new ArrayList<>(used.stream().map(t -> new Tag().name(t.title).description(t.description))
                .toList());
        tags.add(OpenApiConfig.errorsTag());
        api.setTags(tags);
        ApiSchemas.dropUnreferenced(api);
    }

    private static void describe(Components components, Operation operation, ApiOperations.Operation entry) {
        operation.setOperationId(entry.id);
        operation.setTags(List.of(entry.tag.title));
        operation.setSummary(entry.summary);
        operation.setDescription(entry.description);
        operation.setSecurity(security(ApiErrors.Access.of(entry.path())));
        parameters(operation, entry);
        ApiRequestBodies.describe(components, operation, entry);
        responses(operation, entry);
    }

    private static List<SecurityRequirement> security(ApiErrors.Access access) {
        return switch (access) {
            case PUBLIC -> List.of();
            case PLATFORM -> List.of(new SecurityRequirement().addList(ADMIN_TOKEN));
            case TENANT, SANDBOX -> List.of(new SecurityRequirement().addList(API_KEY));
        };
    }

    /**
     * {@code limit} an integer 1-100, {@code startingAfter} an id, times as date-times (dates where the
     * operation says so); Idempotency-Key on POSTs.
     */
    private static void parameters(Operation operation, ApiOperations.Operation entry) {
        List<Parameter> parameters = operation.getParameters() == null ? new ArrayList<>()
                : new ArrayList<>(operation.getParameters());
        for (Parameter p : parameters) {
            switch (p.getName()) {
                case "limit" -> {
                    Schema<Object> limit = ApiSchemas.typed("integer");
                    limit.setMinimum(java.math.BigDecimal.ONE);
                    limit.setMaximum(java.math.BigDecimal.valueOf(100));
                    limit.setDefault(20);
                    p.setSchema(limit);
                    p.setDescription("How many items to return, 1 to 100.");
                }
                case "startingAfter" -> {
                    Schema<Object> cursor = ApiSchemas.typed("string");
                    cursor.setMinLength(1);
                    cursor.setMaxLength(100);
                    p.setSchema(cursor);
                    p.setDescription("The id of the last item already read (the previous page's nextCursor).");
                }
                case "createdFrom", "createdTo", "from", "to", "date", "settlementDate" -> {
                    Schema<Object> time = ApiSchemas.typed("string");
                    time.setFormat(entry.dateParameters().contains(p.getName()) ? "date" : "date-time");
                    p.setSchema(time);
                }
                default -> {
                    List<String> values = entry.fieldValues().get(p.getName());
                    if (values != null && "query".equals(p.getIn())) {
                        p.setSchema(ApiRequestBodies.oneOf(p.getSchema(), values));
                    }
                }
            }
        }
        if ("POST".equals(entry.method()) && ApiErrors.Access.of(entry.path()) != ApiErrors.Access.PUBLIC) {
            Schema<Object> key = ApiSchemas.typed("string");
            key.setMinLength(1);
            key.setMaxLength(255);
            parameters.add(new HeaderParameter().name(IdempotencyFilter.HEADER).required(false).schema(key)
                    .description("Makes a retry safe: the same key with the same request answers the first "
                            + "answer again (Idempotent-Replayed: true) instead of acting twice."));
        }
        operation.setParameters(parameters.isEmpty() ? null : parameters);
    }

    /** The success answer under its real status, then every error status the operation can answer. */
    private static void responses(Operation operation, ApiOperations.Operation entry) {
        io.swagger.v3.oas.models.responses.ApiResponse success = null;
        if (operation.getResponses() != null) {
            for (Map.Entry<String, io.swagger.v3.oas.models.responses.ApiResponse> r
                    : operation.getResponses().entrySet()) {
                if (r.getKey().startsWith("2") && success == null) {
                    success = r.getValue();
                }
            }
        }
        if (success == null) {
            success = new io.swagger.v3.oas.models.responses.ApiResponse();
        }
        success.setDescription(entry.success == 201 ? "Created" : entry.success == 202 ? "Accepted" : "OK");
        if (entry.isBinary()) {
            Schema<Object> bytes = ApiSchemas.typed("string");
            bytes.setFormat("binary");
            success.setContent(new Content().addMediaType("application/octet-stream", new MediaType().schema(bytes)));
        } else if (success.getContent() != null && !success.getContent().isEmpty()) {
            MediaType media = success.getContent().get(JSON);
            success.setContent(new Content().addMediaType(JSON,
                    media != null ? media : success.getContent().values().iterator().next()));
        }
        ApiResponses out = new ApiResponses();
        out.addApiResponse(Integer.toString(entry.success), success);
        for (Map.Entry<Integer, String> other : entry.otherSuccesses().entrySet()) {
            out.addApiResponse(Integer.toString(other.getKey()), new io.swagger.v3.oas.models.responses.ApiResponse()
                    .description(other.getValue()).content(success.getContent()));
        }
        for (int status : ApiErrors.statuses(entry)) {
            out.addApiResponse(Integer.toString(status), new io.swagger.v3.oas.models.responses.ApiResponse()
                    .$ref(ApiSchemas.RESPONSE_REF + ApiErrors.responseName(status)));
        }
        operation.setResponses(out);
    }

    /**
     * The success envelopes ({@code {success, errorCode, message, data}}): every field always present,
     * {@code errorCode} null on success.
     */
    private static void envelopes(Components components) {
        if (components.getSchemas() == null) {
            return;
        }
        for (Map.Entry<String, Schema> e : components.getSchemas().entrySet()) {
            Map<String, Schema> properties = e.getValue().getProperties();
            if (e.getKey().equals(ApiErrors.ERROR) || properties == null
                    || !properties.keySet().containsAll(List.of("success", "errorCode", "message", "data"))) {
                continue;
            }
            Map<String, Schema> fixed = new LinkedHashMap<>(properties);
            Schema<Object> code = ApiSchemas.typed("string", "null");
            code.setDescription("null on success");
            fixed.put("errorCode", code);
            e.getValue().setProperties(fixed);
            e.getValue().setRequired(List.of("success", "errorCode", "message", "data"));
        }
    }
}
