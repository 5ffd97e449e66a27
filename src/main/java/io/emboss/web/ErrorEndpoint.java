package io.emboss.web;

import jakarta.servlet.RequestDispatcher;
import jakarta.servlet.http.HttpServletRequest;
import org.springframework.boot.webmvc.error.ErrorController;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * Errors raised outside MVC (by the servlet container or a filter) end up here; they get the same
 * envelope as everything else.
 */
@RestController
class ErrorEndpoint implements ErrorController {

    @RequestMapping("/error")
    ResponseEntity<ApiResponse> error(HttpServletRequest request) {
        Object code = request.getAttribute(RequestDispatcher.ERROR_STATUS_CODE);
        int status = code instanceof Integer i ? i : 500;
        String errorCode = switch (status) {
            case 400 -> "validation_failed";
            case 401 -> "invalid_credentials";
            case 403 -> "forbidden";
            case 404 -> "route_not_found";
            case 405 -> "method_not_allowed";
            case 413 -> "payload_too_large";
            case 415 -> "unsupported_media_type";
            case 429 -> "rate_limited";
            default -> status >= 500 ? "internal_error" : "validation_failed";
        };
        String message = status >= 500 ? "Internal error; request id " + RequestIds.of(request) : "Request refused";
        return ResponseEntity.status(status).body(ApiResponse.error(errorCode, message, null));
    }
}
