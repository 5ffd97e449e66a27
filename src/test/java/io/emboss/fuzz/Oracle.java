package io.emboss.fuzz;

import io.emboss.support.Api;
import tools.jackson.databind.JsonNode;

/**
 * What every answer must be, whatever was asked: never a 5xx, and a JSON body in the envelope
 * {@code {success, errorCode, message, data}} (docs/api-conventions.md), or, under
 * {@code /compat/<dialect>/}, in that dialect's own shape (docs/compat.md). An answer to HEAD has
 * no body by definition, and neither has HTTP's own answer to OPTIONS on an existing route (the
 * methods it allows, in {@code Allow}).
 */
final class Oracle {
    private Oracle() {
    }

    /** The kind of problem with the answer, or null when it is right. */
    static String problem(FuzzCase c, RawHttp.Response r) {
        if (r.status() >= 500) {
            return "5xx";
        }
        if ("HEAD".equals(c.method)) {
            return null;
        }
        if ("OPTIONS".equals(c.method) && r.status() == 200 && r.header("allow") != null && r.body().isBlank()) {
            return null;
        }
        if (r.body().isBlank()) {
            return "no body";
        }
        if (r.status() == 200 && c.operation.path().endsWith("/files/{fileId}/content")) {
            // a file's bytes, as the document says (application/octet-stream), always an attachment
            String type = r.header("content-type");
            String disposition = r.header("content-disposition");
            return type != null && type.startsWith("application/octet-stream") && disposition != null
                    && disposition.startsWith("attachment") ? null : "a file not served as an attachment";
        }
        JsonNode body;
        try {
            body = Api.JSON.readTree(r.body());
        } catch (RuntimeException notJson) {
            return "not JSON";
        }
        String type = r.header("content-type");
        if (type == null || !type.startsWith("application/json")) {
            return "not application/json";
        }
        String dialect = c.operation.dialect();
        boolean shaped = envelope(body, r.status()) || !"native".equals(dialect) && dialectShape(dialect, body, r.status());
        return shaped ? null : "not the envelope";
    }

    static boolean envelope(JsonNode b, int status) {
        if (!b.isObject() || !b.path("success").isBoolean() || !b.has("data") || !textOrNull(b.get("message"))
                || !textOrNull(b.get("errorCode"))) {
            return false;
        }
        boolean error = status >= 400;
        return b.get("success").asBoolean() != error && b.get("errorCode").isNull() != error;
    }

    private static boolean dialectShape(String dialect, JsonNode b, int status) {
        boolean error = status >= 400;
        return switch (dialect) {
            case "core" -> error ? b.isObject() && b.path("error").isString() && b.path("message").isString()
                    : b.isObject() || b.isArray();
            case "alix" -> b.isObject() && b.path("success").isBoolean() && b.path("errorCode").isIntegralNumber()
                    && b.has("message") && b.path("success").asBoolean() != error;
            case "ops" -> error ? b.isObject() && b.path("message").isString() && b.path("code").isString()
                    : b.isObject();
            default -> false;
        };
    }

    private static boolean textOrNull(JsonNode n) {
        return n != null && (n.isNull() || n.isString());
    }
}
