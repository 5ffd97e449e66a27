package io.emboss.compat.core;

import io.emboss.compat.Refused;
import io.emboss.shared.Rejection;
import io.emboss.web.ApiDialect;
import io.emboss.web.ErrorCatalog;
import java.util.Map;
import org.springframework.http.ResponseEntity;
import org.springframework.stereotype.Component;

/**
 * Seed 004's wire: raw bodies without an envelope. An error keeps the native status (400, 401,
 * 403 for an expired token, 404, 409, 429) and is {@code {"error": code, "message": text}}, with
 * the offending {@code fields} when there are any. Credentials are {@code Authorization: Bearer}.
 */
@Component
class CoreDialect implements ApiDialect {
    static final String PREFIX = "/compat/core/";

    @Override
    public String pathPrefix() {
        return PREFIX;
    }

    @Override
    public ErrorReply error(int status, String code, String message, Map<String, String> fields) {
        return new ErrorReply(status, new CoreWire.CoreError(code, message, fields));
    }

    @Override
    public boolean isPublic(String path) {
        return path.equals(PREFIX + "auth/login");
    }

    ResponseEntity<Object> rejected(Rejection r) {
        ErrorReply reply = error(ErrorCatalog.statusOf(r.kind()), r.code(), r.message(), r.fields());
        return ResponseEntity.status(reply.status()).body(reply.body());
    }

    /** The rejection as this dialect answers it, to be thrown out of the controller. */
    Refused refused(Rejection r) {
        return new Refused(rejected(r));
    }
}
