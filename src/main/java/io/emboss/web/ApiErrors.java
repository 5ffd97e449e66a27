package io.emboss.web;

import io.swagger.v3.oas.models.Components;
import io.swagger.v3.oas.models.headers.Header;
import io.swagger.v3.oas.models.media.Content;
import io.swagger.v3.oas.models.media.MediaType;
import io.swagger.v3.oas.models.media.Schema;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * The error side of the document: the envelope of an error ({@code Error}, its {@code errorCode} an
 * enum of {@link ErrorCatalog}), one shared response per status listing the codes answered with it,
 * and which statuses each operation can answer, from the filters and the security chain that every
 * request goes through.
 */
final class ApiErrors {
    static final String ERROR = "Error";
    static final String ERROR_CODE = "ErrorCode";

    /** The shared responses by status: the name under components.responses. */
    private static final Map<Integer, String> NAMES = Map.of(400, "BadRequest", 401, "Unauthorized", 403, "Forbidden",
            404, "NotFound", 406, "NotAcceptable", 409, "Conflict", 413, "PayloadTooLarge", 415,
            "UnsupportedMediaType", 429, "TooManyRequests", 503, "ServiceUnavailable");

    private ApiErrors() {
    }

    /** The name of the shared response for a status. */
    static String responseName(int status) {
        return NAMES.get(status);
    }

    /**
     * The error statuses an operation can answer. Every request can be malformed (400), refused for its
     * Accept (406), its size (413) or its Content-Type (415), or meet an unavailable database (503).
     * Authenticated ones can lack or misuse credentials (401, 403) and, for tenants, spend the hourly
     * budget (429); a POST with credentials can reuse an Idempotency-Key (409).
     */
    static List<Integer> statuses(ApiOperations.Operation op) {
        Access access = Access.of(op.path());
        TreeSet<Integer> out = new TreeSet<>(List.of(400, 401, 406, 413, 415, 503));
        if (access != Access.PUBLIC) {
            out.add(403);
        }
        if (op.path().contains("{") || op.refersToOtherObjects()) {
            out.add(404);
        }
        if (op.conflictsBeyondIdempotency() || (access != Access.PUBLIC && "POST".equals(op.method()))) {
            out.add(409);
        }
        if (access == Access.TENANT || access == Access.SANDBOX || op.path().equals("/v1/auth/login")) {
            out.add(429);
        }
        return new ArrayList<>(out);
    }

    /** Who may call a path, as the security chain decides it (tenancy's SecurityConfig). */
    enum Access {
        PUBLIC, TENANT, SANDBOX, PLATFORM;

        static Access of(String path) {
            if (path.equals("/v1/auth/login") || path.equals("/v1/auth/refresh")) {
                return PUBLIC;
            }
            if (path.startsWith("/v1/platform/")) {
                return PLATFORM;
            }
            return path.startsWith("/v1/simulate/") ? SANDBOX : TENANT;
        }
    }

    /** Adds the error schemas and the shared error responses to the components. */
    static void addComponents(Components components) {
        Schema<Object> code = ApiSchemas.typed("string");
        code.setEnum(new ArrayList<>(ErrorCatalog.all().keySet()));
        code.setDescription("Every errorCode of the native API (the table in the document's description).");
        components.addSchemas(ERROR_CODE, code);
        components.addSchemas(ERROR, envelope());
        for (Map.Entry<Integer, String> e : new java.util.TreeMap<>(NAMES).entrySet()) {
            components.addResponses(e.getValue(), response(e.getKey()));
        }
    }

    private static Schema<Object> envelope() {
        Schema<Object> success = ApiSchemas.typed("boolean");
        success.setConst(false);
        Schema<Object> fields = ApiSchemas.typed("object");
        fields.setAdditionalProperties(ApiSchemas.typed("string"));
        fields.setDescription("validation_failed: each offending field (dotted path) and what is wrong with it");
        Schema<Object> requestId = ApiSchemas.typed("string");
        requestId.setDescription("5xx: the request id to quote");
        Schema<Object> data = ApiSchemas.typed("object", "null");
        Map<String, Schema> dataProperties = new LinkedHashMap<>(); // a fixed order: the SDK's copy stays still
        dataProperties.put("fields", fields);
        dataProperties.put("requestId", requestId);
        data.setProperties(dataProperties);
        data.setDescription("null, or what more the error has to say");
        Schema<Object> message = ApiSchemas.typed("string");
        message.setDescription("For people; never parse it. It repeats no secret and no request value.");
        Schema<Object> error = ApiSchemas.typed("object");
        Map<String, Schema> properties = new LinkedHashMap<>();
        properties.put("success", success);
        properties.put("errorCode", ApiSchemas.ref(ERROR_CODE));
        properties.put("message", message);
        properties.put("data", data);
        error.setProperties(properties);
        error.setRequired(List.of("success", "errorCode", "message", "data"));
        error.setDescription("The envelope of every error answer.");
        return error;
    }

    private static io.swagger.v3.oas.models.responses.ApiResponse response(int status) {
        StringBuilder description = new StringBuilder();
        String example = null;
        for (Map.Entry<String, ErrorCatalog.Entry> e : ErrorCatalog.all().entrySet()) {
            if (e.getValue().status() == status) {
                description.append(description.isEmpty() ? "" : "\n").append("- `").append(e.getKey())
                        .append("`: ").append(e.getValue().meaning());
                if (example == null) {
                    example = e.getKey();
                }
            }
        }
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("success", false);
        body.put("errorCode", example);
        body.put("message", ErrorCatalog.all().get(example).meaning());
        body.put("data", null);
        MediaType json = new MediaType().schema(ApiSchemas.ref(ERROR)).example(body);
        var response = new io.swagger.v3.oas.models.responses.ApiResponse()
                .description(description.toString()).content(new Content().addMediaType("application/json", json));
        if (status == 429 || status == 503) {
            response.addHeaderObject("Retry-After", new Header().description("Seconds to wait before retrying")
                    .schema(ApiSchemas.typed("integer")));
        }
        return response;
    }
}
