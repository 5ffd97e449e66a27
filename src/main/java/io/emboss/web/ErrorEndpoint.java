package io.emboss.web;

import jakarta.servlet.DispatcherType;
import jakarta.servlet.RequestDispatcher;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.util.Map;
import java.util.Set;
import org.springframework.boot.webmvc.error.ErrorController;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestMethod;
import org.springframework.web.bind.annotation.RestController;

/**
 * Errors raised outside MVC (by the servlet container or a filter) are forwarded here and get the
 * same envelope as everything else, in JSON whatever the client's Accept says. {@code /error} is not
 * a route of its own: asked for directly, with any method, it is an unknown route (404).
 */
@RestController
class ErrorEndpoint implements ErrorController {
    /** The methods the API knows; any other (QUERY, FOO, CONNECT) is a 405 wherever it is refused. */
    static final Set<String> METHODS = Set.of("GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS");
    /** What a 400 names when nothing more precise is known (the request line or a header). */
    static final Map<String, String> MALFORMED = Map.of("request", "is malformed or uses an unsupported HTTP feature");

    /** An error answer: the status, its documented code and a message that repeats nothing of the request. */
    record Answer(int status, String code, String message, Object data) {
    }

    // every method named, OPTIONS included: left implicit, MVC would answer OPTIONS itself (200 with Allow)
    @RequestMapping(value = "/error", method = {RequestMethod.GET, RequestMethod.HEAD, RequestMethod.POST,
            RequestMethod.PUT, RequestMethod.PATCH, RequestMethod.DELETE, RequestMethod.OPTIONS, RequestMethod.TRACE})
    ResponseEntity<ApiResponse<Object>> error(HttpServletRequest request, HttpServletResponse response) {
        String requestId = RequestIds.ensure(request, response);
        Answer answer;
        if (request.getDispatcherType() != DispatcherType.ERROR) {
            answer = new Answer(404, "route_not_found", "No such endpoint", null);
            Refusals.log(404, answer.code(), "direct request for the error page");
        } else {
            Object code = request.getAttribute(RequestDispatcher.ERROR_STATUS_CODE);
            answer = answer(code instanceof Integer i ? i : 500, request.getMethod(), requestId);
            Refusals.log(answer.status(), answer.code(), "forwarded by the container (request " + requestId + ")");
        }
        return ResponseEntity.status(answer.status()).contentType(MediaType.APPLICATION_JSON)
                .body(ApiResponse.error(answer.code(), answer.message(), answer.data()));
    }

    /**
     * The documented answer to an error status the container or a filter set. Statuses the catalog
     * has no code for are protocol features we do not support (417, 501 for an unknown
     * Transfer-Encoding, 505) or other malformed requests: 400 validation_failed.
     */
    static Answer answer(int status, String method, String requestId) {
        if (method != null && !METHODS.contains(method) && (status < 500 || status == 501)) {
            return new Answer(405, "method_not_allowed", "This HTTP method is not allowed", null);
        }
        return switch (status) {
            case 401 -> new Answer(401, "invalid_credentials", "Use Authorization: Bearer <secret>", null);
            case 403 -> new Answer(403, "forbidden", "These credentials may not call this endpoint", null);
            case 404 -> new Answer(404, "route_not_found", "No such endpoint", null);
            case 405 -> new Answer(405, "method_not_allowed", "This HTTP method is not allowed here", null);
            case 406 -> new Answer(406, "not_acceptable", "This endpoint answers application/json", null);
            case 413 -> new Answer(413, "payload_too_large", "The body exceeds the size limit", null);
            case 415 -> new Answer(415, "unsupported_media_type", "Send the body as application/json", null);
            case 429 -> new Answer(429, "rate_limited", "Too many requests; retry later", null);
            case 501, 505 -> malformed();
            case 503 -> new Answer(503, "service_unavailable", "A dependency is unavailable; retry. Request id "
                    + requestId, null);
            default -> status >= 500 ? new Answer(500, "internal_error", "Internal error; request id " + requestId,
                    Map.of("requestId", String.valueOf(requestId))) : malformed();
        };
    }

    private static Answer malformed() {
        return new Answer(400, "validation_failed", "request " + MALFORMED.get("request"), Map.of("fields", MALFORMED));
    }
}
