package io.emboss.web;

import jakarta.servlet.http.HttpServletRequest;
import java.util.Map;

/**
 * A compatibility dialect (seed 004's Core API, the Alix API, ...) served under a path prefix of its
 * own. Everything that answers before or around a dialect's controllers (authentication, rate limit,
 * idempotency, bad JSON, unknown routes, bugs) still produces the native error code and message;
 * the dialect only decides how that error is written on the wire. A dialect may also carry its
 * credential somewhere other than {@code Authorization: Bearer}.
 */
public interface ApiDialect {

    /** The paths this dialect serves: every request URI starting with it, e.g. {@code "/compat/core/"}. */
    String pathPrefix();

    /**
     * The wire form of an error. {@code code} and {@code message} are the native ones (see the error
     * catalog), {@code fields} the offending input fields (empty when none).
     */
    ErrorReply error(int status, String code, String message, Map<String, String> fields);

    /**
     * The secret the request presents when this dialect carries it in a header of its own (seed 001's
     * {@code access-token}); null to use {@code Authorization: Bearer} like the native API.
     */
    default String credential(HttpServletRequest request) {
        return null;
    }

    /** Paths of this dialect that need no credentials (its login or token refresh). */
    default boolean isPublic(String path) {
        return false;
    }

    /** An error as the dialect answers it: the HTTP status and the body (serialized as JSON). */
    record ErrorReply(int status, Object body) {
    }
}
