package io.emboss.compat.ops;

import io.emboss.shared.RejectedException;
import io.emboss.web.RequestIds;
import jakarta.servlet.http.HttpServletRequest;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.dao.TransientDataAccessException;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.web.HttpMediaTypeNotSupportedException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import tools.jackson.databind.exc.UnrecognizedPropertyException;

/**
 * Errors raised around the ops controllers (a rejection carried out of a transaction, a body that
 * is not JSON, a bug) in the ops dialect's shape rather than the native envelope. Ordered before
 * the native handler, and limited to this package, so the native API is untouched.
 */
@RestControllerAdvice(basePackageClasses = OpsExceptionHandler.class)
@Order(Ordered.HIGHEST_PRECEDENCE)
class OpsExceptionHandler {
    private static final Logger log = LoggerFactory.getLogger(OpsExceptionHandler.class);

    @ExceptionHandler(RejectedException.class)
    ResponseEntity<Object> rejected(RejectedException e) {
        return OpsErrors.reply(e.rejection());
    }

    @ExceptionHandler(HttpMessageNotReadableException.class)
    ResponseEntity<Object> unreadable(HttpMessageNotReadableException e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            // web's BodyLimitFilter.PayloadTooLargeException is not public; its name is enough here
            if (t.getClass().getSimpleName().equals("PayloadTooLargeException")) {
                return OpsErrors.reply(413, "payload_too_large", "The body is too large", null);
            }
            if (t instanceof UnrecognizedPropertyException unknown) {
                return OpsErrors.invalid(unknown.getPropertyName(), "is not a known field");
            }
        }
        return OpsErrors.reply(400, "malformed_json", "The body is missing or not valid JSON", null);
    }

    @ExceptionHandler(HttpMediaTypeNotSupportedException.class)
    ResponseEntity<Object> mediaType(HttpMediaTypeNotSupportedException e) {
        return OpsErrors.reply(415, "unsupported_media_type", "Send the body as application/json", null);
    }

    @ExceptionHandler({DataAccessResourceFailureException.class, TransientDataAccessException.class})
    ResponseEntity<Object> unavailable(Exception e, HttpServletRequest request) {
        log.error("database unavailable or contended", e);
        return OpsErrors.reply(503, "service_unavailable",
                "A dependency is unavailable; retry. Request id " + RequestIds.of(request), null);
    }

    @ExceptionHandler(Exception.class)
    ResponseEntity<Object> bug(Exception e, HttpServletRequest request) {
        String requestId = RequestIds.of(request);
        log.error("unhandled error in ops request {}", requestId, e);
        return OpsErrors.reply(500, "internal_error", "Internal error; request id " + requestId, null);
    }
}
