package io.emboss.compat.alix;

import io.emboss.compat.Refused;
import io.emboss.shared.Rejection;
import io.emboss.web.ApiDialect;
import io.emboss.web.ErrorCatalog;
import jakarta.servlet.http.HttpServletRequest;
import java.util.Map;
import org.springframework.http.ResponseEntity;
import org.springframework.stereotype.Component;

/**
 * Seeds 000/001's wire: every body is {@code {success, message, data, errorCode}} with a numeric
 * {@code errorCode} (0 on success); the access token travels in the {@code access-token} header.
 * The HTTP status stays the native one. The numbers are Emboss's (the seed publishes only its
 * envelope); the table is in docs/compat.md and must change only by adding rows.
 */
@Component
class AlixDialect implements ApiDialect {
    static final String PREFIX = "/compat/alix/";
    static final String ACCESS_TOKEN_PATH = PREFIX + "api/v2/auth/access-token";
    static final String REFRESH_TOKEN_PATH = PREFIX + "api/v2/auth/refresh-token";
    static final String OK_MESSAGE = "Your request has been successful";

    /** Native error code → the dialect's number; anything unlisted is 1 (a 4xx) or 99 (a 5xx). */
    static final Map<String, Integer> ERROR_CODES = Map.ofEntries(
            Map.entry("validation_failed", 1),
            Map.entry("malformed_json", 1),
            Map.entry("unsupported_media_type", 1),
            Map.entry("missing_credentials", 2),
            Map.entry("invalid_credentials", 2),
            Map.entry("token_expired", 3),
            Map.entry("refresh_token_reused", 4),
            Map.entry("forbidden", 5),
            Map.entry("tenant_suspended", 5),
            Map.entry("resource_not_found", 6),
            Map.entry("route_not_found", 6),
            Map.entry("method_not_allowed", 6),
            Map.entry("insufficient_funds", 7),
            Map.entry("invalid_state", 8),
            Map.entry("below_min_topup", 9),
            Map.entry("exceeds_max_balance", 10),
            Map.entry("idempotency_key_in_use", 11),
            Map.entry("idempotency_request_in_progress", 11),
            Map.entry("rate_limited", 12),
            Map.entry("login_throttled", 12),
            Map.entry("payload_too_large", 13),
            Map.entry("internal_error", 99),
            Map.entry("service_unavailable", 99));

    @Override
    public String pathPrefix() {
        return PREFIX;
    }

    @Override
    public ErrorReply error(int status, String code, String message, Map<String, String> fields) {
        int number = ERROR_CODES.getOrDefault(code, status >= 500 ? 99 : 1);
        return new ErrorReply(status, new AlixWire.AlixError(false, message,
                fields.isEmpty() ? null : new AlixWire.AlixErrorData(fields), number));
    }

    @Override
    public String credential(HttpServletRequest request) {
        String token = request.getHeader("access-token");
        return token == null || token.isBlank() ? null : token.trim();
    }

    @Override
    public boolean isPublic(String path) {
        return path.equals(ACCESS_TOKEN_PATH) || path.equals(REFRESH_TOKEN_PATH);
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
