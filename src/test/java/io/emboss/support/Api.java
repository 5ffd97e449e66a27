package io.emboss.support;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** A plain HTTP client for the API under test: real requests, real responses, no mocks. */
public final class Api {
    public static final JsonMapper JSON = JsonMapper.builder().build();

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final String base;
    private final boolean checked;

    public Api(int port) {
        this("http://localhost:" + port, true);
    }

    private Api(String base, boolean checked) {
        this.base = base;
        this.checked = checked;
    }

    /**
     * A client whose answers are not checked against the OpenAPI document ({@link ApiContract}): only
     * for a test that deliberately breaks the protocol, where the document cannot describe the answer.
     */
    public Api unchecked() {
        return new Api(base, false);
    }

    public String base() {
        return base;
    }

    /** A response: status, headers and the parsed JSON body (null when the body is not JSON). */
    public record Resp(int status, HttpResponse<String> raw, JsonNode body) {
        public JsonNode data() {
            return body.get("data");
        }

        public String errorCode() {
            return body.get("errorCode").isNull() ? null : body.get("errorCode").asString();
        }

        public String header(String name) {
            return raw.headers().firstValue(name).orElse(null);
        }

        public String text(String field) {
            JsonNode n = data().get(field);
            return n == null || n.isNull() ? null : n.asString();
        }

        @Override
        public String toString() {
            return status + " " + raw.body();
        }
    }

    public Resp get(String path, String token) {
        return send("GET", path, token, null, Map.of());
    }

    public Resp post(String path, String token, Object body) {
        return send("POST", path, token, body, Map.of());
    }

    public Resp post(String path, String token, Object body, Map<String, String> headers) {
        return send("POST", path, token, body, headers);
    }

    public Resp patch(String path, String token, Object body) {
        return send("PATCH", path, token, body, Map.of());
    }

    public Resp delete(String path, String token) {
        return send("DELETE", path, token, null, Map.of());
    }

    /** Sends a raw body (for malformed-input tests) with the given content type. */
    public Resp raw(String method, String path, String token, String contentType, String body) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(30))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(body));
        if (contentType != null) {
            b.header("Content-Type", contentType);
        }
        if (token != null) {
            b.header("Authorization", "Bearer " + token);
        }
        return execute(b.build());
    }

    public Resp send(String method, String path, String token, Object body, Map<String, String> headers) {
        String payload = body == null ? null : body instanceof String s ? s : JSON.writeValueAsString(body);
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(30))
                .method(method, payload == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(payload));
        if (payload != null) {
            b.header("Content-Type", "application/json");
        }
        if (token != null) {
            b.header("Authorization", "Bearer " + token);
        }
        headers.forEach(b::header);
        return execute(b.build());
    }

    private Resp execute(HttpRequest request) {
        try {
            HttpResponse<String> r = http.send(request, HttpResponse.BodyHandlers.ofString());
            JsonNode body = null;
            try {
                body = r.body() == null || r.body().isBlank() ? null : JSON.readTree(r.body());
            } catch (RuntimeException notJson) {
                body = null;
            }
            if (checked) {
                ApiContract.of(base).check(request.method(), request.uri().getRawPath(), r.statusCode(),
                        r.headers().firstValue("Content-Type").orElse(null), body, r.body() == null || r.body().isBlank());
            }
            return new Resp(r.statusCode(), r, body);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** Shorthand for building JSON bodies: map("a", 1, "b", "x"). */
    public static Map<String, Object> map(Object... kv) {
        Map<String, Object> m = new LinkedHashMap<>();
        for (int i = 0; i < kv.length; i += 2) {
            m.put((String) kv[i], kv[i + 1]);
        }
        return m;
    }
}
