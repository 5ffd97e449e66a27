package io.emboss.client;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.emboss.client.generated.ApiException;
import java.util.Optional;

/**
 * An answer other than 2xx (after the client's retries), or no answer at all. Carries what Emboss's error
 * envelope says ({@code errorCode}, {@code message}, the field errors in {@code data}) and the
 * {@code X-Request-Id} to quote to the operator. {@link #status()} is 0 when no response arrived.
 */
public class EmbossException extends RuntimeException {
    private final int status;
    private final String errorCode;
    private final String requestId;
    private final JsonNode data;
    private final String responseBody;

    public EmbossException(String message, int status, String errorCode, String requestId, JsonNode data,
            String responseBody, Throwable cause) {
        super(message, cause);
        this.status = status;
        this.errorCode = errorCode;
        this.requestId = requestId;
        this.data = data;
        this.responseBody = responseBody;
    }

    static EmbossException from(ApiException e, ObjectMapper json) {
        if (e.getCode() == 0 || e.getResponseHeaders() == null) {
            Throwable cause = e.getCause() != null ? e.getCause() : e;
            return new EmbossException("no answer from Emboss: " + cause, 0, null, null, null, null, e);
        }
        String requestId = e.getResponseHeaders().firstValue("X-Request-Id").orElse(null);
        String body = e.getResponseBody();
        String errorCode = null;
        String message = "HTTP " + e.getCode();
        JsonNode data = null;
        if (body != null && !body.isBlank()) {
            try {
                JsonNode envelope = json.readTree(body);
                errorCode = text(envelope, "errorCode");
                message = Optional.ofNullable(text(envelope, "message")).orElse(message);
                data = envelope.get("data");
            } catch (java.io.IOException | RuntimeException notJson) {
                // not the envelope (a proxy's page): the status and the body say what there is
            }
        }
        String text = e.getCode() + (errorCode == null ? "" : " " + errorCode) + ": " + message
                + (requestId == null ? "" : " (request " + requestId + ")");
        return new EmbossException(text, e.getCode(), errorCode, requestId, data, body, e);
    }

    private static String text(JsonNode node, String field) {
        JsonNode v = node.get(field);
        return v == null || v.isNull() ? null : v.asText();
    }

    /** The HTTP status, or 0 when the request got no response (connection refused, timeout). */
    public int status() {
        return status;
    }

    /** The envelope's {@code errorCode} ({@code validation_failed}, {@code insufficient_funds}, …), or null. */
    public String errorCode() {
        return errorCode;
    }

    /** The response's {@code X-Request-Id}, or null when no response arrived. */
    public String requestId() {
        return requestId;
    }

    /** The envelope's {@code data}: for {@code validation_failed}, {@code {"fields": {...}}}; else usually null. */
    public JsonNode data() {
        return data;
    }

    /** The raw response body, or null. */
    public String responseBody() {
        return responseBody;
    }
}
