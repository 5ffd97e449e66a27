package io.emboss.web;

import io.emboss.shared.RejectedException;
import jakarta.servlet.http.HttpServletRequest;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.tomcat.util.http.InvalidParameterException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.web.HttpMediaTypeNotAcceptableException;
import org.springframework.web.HttpMediaTypeNotSupportedException;
import org.springframework.web.HttpRequestMethodNotSupportedException;
import org.springframework.web.bind.MissingServletRequestParameterException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.context.request.WebRequest;
import org.springframework.web.method.annotation.MethodArgumentTypeMismatchException;
import org.springframework.web.servlet.mvc.method.annotation.ResponseEntityExceptionHandler;
import org.springframework.web.servlet.resource.NoResourceFoundException;
import tools.jackson.databind.DatabindException;
import tools.jackson.databind.exc.UnrecognizedPropertyException;

/**
 * The one place where errors become envelopes: rejections carried out of transactions, the
 * framework's own exceptions (bad JSON, wrong method, unknown route) and, last, bugs as a 500
 * that shows the request id and nothing of the internals.
 */
@RestControllerAdvice
class ApiExceptionHandler extends ResponseEntityExceptionHandler {
    private static final Logger log = LoggerFactory.getLogger(ApiExceptionHandler.class);

    @ExceptionHandler(RejectedException.class)
    ResponseEntity<ApiResponse<Object>> rejected(RejectedException e) {
        return Responses.rejected(e.rejection());
    }

    @ExceptionHandler(MethodArgumentTypeMismatchException.class)
    ResponseEntity<ApiResponse<Object>> typeMismatch(MethodArgumentTypeMismatchException e) {
        Refusals.log(400, "validation_failed", "parameter of the wrong type");
        return fieldError(e.getName(), "has the wrong type");
    }

    /** An upload's multipart body the container could not parse (no boundary, a broken part). */
    @ExceptionHandler(org.springframework.web.multipart.MultipartException.class)
    ResponseEntity<ApiResponse<Object>> malformedMultipart(org.springframework.web.multipart.MultipartException e) {
        Refusals.log(400, "validation_failed", "malformed multipart body");
        return fieldError("body", "is not a well-formed multipart/form-data body with a file part");
    }

    /**
     * Tomcat refusing the query string when a parameter is first read (more parameters than its
     * limit; a malformed one that {@link MalformedRequestFilter} let through). Its message quotes the
     * raw values: not logged.
     */
    @ExceptionHandler(InvalidParameterException.class)
    ResponseEntity<ApiResponse<Object>> invalidParameter(InvalidParameterException e) {
        Refusals.log(400, "validation_failed", "query string refused by the container");
        return fieldError("query", "is malformed or has too many parameters");
    }

    /**
     * Database outages (503 service_unavailable), commits of unknown outcome (503 outcome_unknown)
     * and, last, bugs as a 500 that shows the request id and nothing of the internals.
     */
    @ExceptionHandler(Exception.class)
    ResponseEntity<ApiResponse<Object>> failure(Exception e, HttpServletRequest request) {
        String requestId = RequestIds.of(request);
        Failures.Kind kind = Failures.classify(e);
        if (kind == Failures.Kind.BUG) {
            log.error("unhandled error in request {}", requestId, e);
        } else {
            log.warn("request {} failed: {} ({})", requestId, kind, Failures.describe(e));
        }
        Failures.Answer answer = Failures.answer(kind, requestId);
        ResponseEntity.BodyBuilder reply = ResponseEntity.status(answer.status()).contentType(MediaType.APPLICATION_JSON);
        if (answer.status() == 503) {
            reply.header(HttpHeaders.RETRY_AFTER, "1");
        }
        return reply.body(ApiResponse.error(answer.errorCode(), answer.message(),
                Map.of("requestId", String.valueOf(requestId))));
    }

    @Override
    protected ResponseEntity<Object> handleHttpMessageNotReadable(HttpMessageNotReadableException ex,
            HttpHeaders headers, HttpStatusCode status, WebRequest request) {
        Throwable cause = ex.getCause();
        for (Throwable t = ex; t != null; t = t.getCause()) {
            if (t instanceof BodyLimitFilter.PayloadTooLargeException) {
                Refusals.log(413, "payload_too_large", "chunked body over the limit");
                return body(413, ApiResponse.error("payload_too_large", t.getMessage(), null));
            }
        }
        if (cause instanceof UnrecognizedPropertyException unknown) {
            Refusals.log(400, "validation_failed", "unknown field in the body");
            String name = RequestText.echoable(unknown.getPropertyName(), null);
            return name == null ? fieldErrorObject("body", "has a field that is not known")
                    : fieldErrorObject(name, "is not a known field");
        }
        if (cause instanceof DatabindException databind && !databind.getPath().isEmpty()) {
            Refusals.log(400, "validation_failed", "body field of the wrong type");
            return fieldErrorObject(RequestText.echoable(pathOf(databind), "body"), "has the wrong type or format");
        }
        Refusals.log(400, "malformed_json", "body missing or not JSON");
        String message = cause == null ? "The body is missing; send a JSON object" : "The body is not valid JSON";
        return body(400, ApiResponse.error("malformed_json", message, null));
    }

    @Override
    protected ResponseEntity<Object> handleExceptionInternal(Exception ex, Object body, HttpHeaders headers,
            HttpStatusCode statusCode, WebRequest request) {
        int status = statusCode.value();
        ApiResponse<Object> envelope;
        if (ex instanceof NoResourceFoundException) {
            envelope = ApiResponse.error("route_not_found", "No such endpoint", null);
        } else if (ex instanceof HttpRequestMethodNotSupportedException) {
            envelope = ApiResponse.error("method_not_allowed", "This HTTP method is not allowed here", null);
        } else if (ex instanceof HttpMediaTypeNotSupportedException) {
            envelope = ApiResponse.error("unsupported_media_type", "Send the body as application/json", null);
        } else if (ex instanceof HttpMediaTypeNotAcceptableException) {
            envelope = ApiResponse.error("not_acceptable", "This endpoint answers application/json", null);
        } else if (ex instanceof MissingServletRequestParameterException missing) {
            Refusals.log(400, "validation_failed", "missing parameter");
            return fieldErrorObject(missing.getParameterName(), "is required");
        } else if (status >= 500) {
            log.error("framework error", ex);
            envelope = ApiResponse.error("internal_error", "Internal error", null);
        } else {
            envelope = ApiResponse.error(status == 404 ? "route_not_found" : "validation_failed", "Bad request", null);
        }
        if (status < 500) {
            Refusals.log(status, envelope.errorCode(), ex.getClass().getSimpleName());
        }
        HttpHeaders out = new HttpHeaders();
        out.putAll(headers);
        out.setContentType(MediaType.APPLICATION_JSON);
        return ResponseEntity.status(status).headers(out).body(envelope);
    }

    private static String pathOf(DatabindException e) {
        StringBuilder path = new StringBuilder();
        for (var ref : e.getPath()) {
            if (ref.getPropertyName() != null) {
                if (!path.isEmpty()) {
                    path.append('.');
                }
                path.append(ref.getPropertyName());
            } else if (ref.getIndex() >= 0) {
                path.append('[').append(ref.getIndex()).append(']');
            }
        }
        return path.isEmpty() ? "body" : path.toString();
    }

    private static ResponseEntity<ApiResponse<Object>> fieldError(String field, String problem) {
        Map<String, String> fields = new LinkedHashMap<>();
        fields.put(field, problem);
        return ResponseEntity.badRequest().contentType(MediaType.APPLICATION_JSON).body(ApiResponse.error("validation_failed", field + " " + problem,
                Map.of("fields", fields)));
    }

    private static ResponseEntity<Object> fieldErrorObject(String field, String problem) {
        return ResponseEntity.status(400).contentType(MediaType.APPLICATION_JSON)
                .body(fieldError(field, problem).getBody());
    }

    private static ResponseEntity<Object> body(int status, ApiResponse<Object> envelope) {
        return ResponseEntity.status(status).contentType(MediaType.APPLICATION_JSON).body(envelope);
    }
}
