package io.emboss.web;

import jakarta.servlet.RequestDispatcher;
import jakarta.servlet.http.HttpServletRequest;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.springframework.core.MethodParameter;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.MediaType;
import org.springframework.http.converter.HttpMessageConverter;
import org.springframework.http.server.ServerHttpRequest;
import org.springframework.http.server.ServerHttpResponse;
import org.springframework.http.server.ServletServerHttpRequest;
import org.springframework.http.server.ServletServerHttpResponse;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.servlet.mvc.method.annotation.ResponseBodyAdvice;

/**
 * On a compatibility dialect's paths, the native error envelopes that MVC produces (bad JSON, unknown
 * route, wrong method, a bug, the error page) are rewritten in that dialect's own error shape, so one
 * exception handler serves every dialect. Successful bodies and non-envelope bodies pass untouched.
 */
@RestControllerAdvice
class DialectErrorAdvice implements ResponseBodyAdvice<Object> {
    private final ApiDialects dialects;

    DialectErrorAdvice(ApiDialects dialects) {
        this.dialects = dialects;
    }

    @Override
    public boolean supports(MethodParameter returnType, Class<? extends HttpMessageConverter<?>> converterType) {
        return true;
    }

    @Override
    public Object beforeBodyWrite(Object body, MethodParameter returnType, MediaType contentType,
            Class<? extends HttpMessageConverter<?>> converterType, ServerHttpRequest request,
            ServerHttpResponse response) {
        if (!(body instanceof ApiResponse<?> envelope) || envelope.success()
                || !(request instanceof ServletServerHttpRequest servlet)) {
            return body;
        }
        Optional<ApiDialect> dialect = dialects.of(originalPath(servlet.getServletRequest()));
        if (dialect.isEmpty()) {
            return body;
        }
        int status = response instanceof ServletServerHttpResponse r ? r.getServletResponse().getStatus() : 500;
        ApiDialect.ErrorReply reply = dialect.get().error(status, envelope.errorCode(), envelope.message(),
                fieldsOf(envelope.data()));
        response.setStatusCode(HttpStatusCode.valueOf(reply.status()));
        return reply.body();
    }

    /** The path the client asked for, also when the container forwarded the request to /error. */
    private static String originalPath(HttpServletRequest request) {
        Object forwarded = request.getAttribute(RequestDispatcher.ERROR_REQUEST_URI);
        return forwarded instanceof String path ? path : request.getRequestURI();
    }

    private static Map<String, String> fieldsOf(Object data) {
        Map<String, String> out = new LinkedHashMap<>();
        if (data instanceof Map<?, ?> map && map.get("fields") instanceof Map<?, ?> fields) {
            fields.forEach((k, v) -> out.put(String.valueOf(k), String.valueOf(v)));
        }
        return out;
    }
}
