package io.emboss.compat.ops;

import io.emboss.compat.Refused;
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

    static OpsWire.OpsError body(String code, String message, Map<String, String> fields) {
        return new OpsWire.OpsError(message, code, fields);
    }

    /** The error answer, to be thrown out of the controller. */
    static Refused reply(int status, String code, String message, Map<String, String> fields) {
        return new Refused(ResponseEntity.status(status).header("Cache-Control", "no-store")
                .body(body(code, message, fields)));
    }

    static Refused reply(Rejection r) {
        return reply(ErrorCatalog.statusOf(r.kind()), r.code(), r.message(), r.fields());
    }

    static Refused invalid(String field, String problem) {
        Map<String, String> fields = new LinkedHashMap<>();
        fields.put(field, problem);
        return reply(400, "validation_failed", field + " " + problem, fields);
    }

    static Refused notFound(String what) {
        // the native wording, which does not repeat an id that looks like a card number
        return reply(404, "resource_not_found", io.emboss.shared.Outcome.notFound(what).rejection().message(), null);
    }
}
