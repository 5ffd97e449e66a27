package io.emboss.compat.ops;

import io.emboss.shared.Rejection;
import io.emboss.web.ErrorCatalog;
import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.http.ResponseEntity;

/**
 * The ops dialect's error body. Seed 003 documents no error shape; its answers are
 * {@code {"message": …}}, so errors are too, with the native error code beside it:
 * {@code {"message": "…", "code": "insufficient_funds"}}, plus {@code fields} naming offending
 * input on a 400. The codes are the native catalogue's (docs/api-conventions.md). {@link OpsDialect}
 * gives the same shape to errors answered outside this profile's controllers.
 */
final class OpsErrors {
    private OpsErrors() {
    }

    static Map<String, Object> body(String code, String message, Map<String, String> fields) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("message", message);
        body.put("code", code);
        if (fields != null && !fields.isEmpty()) {
            body.put("fields", fields);
        }
        return body;
    }

    static ResponseEntity<Object> reply(int status, String code, String message, Map<String, String> fields) {
        return ResponseEntity.status(status).header("Cache-Control", "no-store").body(body(code, message, fields));
    }

    static ResponseEntity<Object> reply(Rejection r) {
        return reply(ErrorCatalog.statusOf(r.kind()), r.code(), r.message(), r.fields());
    }

    static ResponseEntity<Object> invalid(String field, String problem) {
        Map<String, String> fields = new LinkedHashMap<>();
        fields.put(field, problem);
        return reply(400, "validation_failed", field + " " + problem, fields);
    }

    static ResponseEntity<Object> notFound(String what) {
        // the native wording, which does not repeat an id that looks like a card number
        return reply(404, "resource_not_found", io.emboss.shared.Outcome.notFound(what).rejection().message(), null);
    }
}
