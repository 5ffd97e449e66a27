package io.emboss.web;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.Map;
import java.util.Optional;
import org.springframework.http.MediaType;
import org.springframework.stereotype.Component;
import tools.jackson.databind.json.JsonMapper;

/**
 * Writes an error straight to the servlet response, for filters that run before MVC: the native
 * envelope, or the request's compatibility dialect's own shape.
 */
@Component
public class EnvelopeWriter {
    private final JsonMapper json;
    private final ApiDialects dialects;

    EnvelopeWriter(JsonMapper json, ApiDialects dialects) {
        this.json = json;
        this.dialects = dialects;
    }

    /** A response body as the web layer writes it (the same mapper and settings). */
    String json(Object body) {
        return json.writeValueAsString(body);
    }

    public void write(HttpServletRequest request, HttpServletResponse response, int status, String code,
            String message) throws IOException {
        write(request, response, status, code, message, Map.of());
    }

    /** An error naming offending input fields ({@code data.fields}), as validation errors do. */
    public void write(HttpServletRequest request, HttpServletResponse response, int status, String code,
            String message, Map<String, String> fields) throws IOException {
        write(RequestPaths.of(request), response, status, code, message, fields);
    }

    /** The same, for a request known by its path only (one the container refused before routing it). */
    void write(String path, HttpServletResponse response, int status, String code, String message,
            Map<String, String> fields) throws IOException {
        if (response.isCommitted()) {
            return;
        }
        Optional<ApiDialect> dialect = dialects.of(path);
        ApiDialect.ErrorReply reply = dialect.isPresent() ? dialect.get().error(status, code, message, fields)
                : new ApiDialect.ErrorReply(status, ApiResponse.error(code, message,
                        fields.isEmpty() ? null : Map.of("fields", fields)));
        response.resetBuffer();
        response.setStatus(reply.status());
        response.setContentType(MediaType.APPLICATION_JSON_VALUE);
        response.setHeader("Cache-Control", "no-store");
        json.writeValue(response.getOutputStream(), reply.body());
    }
}
