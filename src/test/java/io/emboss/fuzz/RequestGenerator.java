package io.emboss.fuzz;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * Makes requests for an operation of the document: a plausible request, then one kind of damage
 * ({@link Mode}) to its body, path, query, headers or method.
 */
final class RequestGenerator {
    enum Mode {
        VALID, BOUNDARY, WRONG_TYPE, MISSING_FIELDS, UNKNOWN_FIELDS, HUGE, UNICODE, ODD_PATH, ODD_QUERY, CONTENT_TYPE,
        MALFORMED_BODY, WRONG_METHOD, CREDENTIALS, ACCEPT, IDEMPOTENCY
    }

    private static final List<String> CONTENT_TYPES = List.of("text/plain", "application/xml",
            "application/x-www-form-urlencoded", "multipart/form-data; boundary=x", "application/json; charset=ISO-8859-1",
            "application/json; charset=utf-16", "application/vnd.api+json", "*/*", "application/json;;", "json", "");
    private static final List<String> ACCEPTS = List.of("text/html", "application/xml", "text/plain", "*/*",
            "application/json;q=0, text/html", "image/png", "garbage", "", "text/event-stream", "application/*");
    private static final List<String> METHODS = List.of("GET", "POST", "PUT", "PATCH", "DELETE", "OPTIONS", "HEAD",
            "QUERY", "PROPFIND", "TRACE", "FOO");
    private static final List<String> ANY_BODY_FIELDS = List.of("cardId", "customerId", "amount", "currency",
            "status", "name", "email", "password");
    private static final List<String> IDEMPOTENCY_KEYS = List.of("fuzz-key-1", "fuzz-key-2", "fuzz-key-3");

    private final ApiDocument doc;
    private final Fixtures fixtures;
    private final Random random;
    private final Values values;
    private final Targets targets;

    RequestGenerator(ApiDocument doc, Fixtures fixtures, Random random) {
        this.doc = doc;
        this.fixtures = fixtures;
        this.random = random;
        this.values = new Values(random, fixtures);
        this.targets = new Targets(fixtures, random, values);
    }

    FuzzCase next(ApiDocument.Operation op) {
        Mode mode = Mode.values()[random.nextInt(Mode.values().length)];
        String method = mode == Mode.WRONG_METHOD ? values.pick(METHODS) : op.method();
        String target = targets.target(op, mode);
        Map<String, String> headers = new LinkedHashMap<>();
        String credential = credential(op, mode, headers);
        Object body = null;
        byte[] raw = null;
        if (mode == Mode.MALFORMED_BODY) {
            raw = malformed();
        } else if (op.body() != null || (mode == Mode.CONTENT_TYPE || mode == Mode.UNKNOWN_FIELDS) && random.nextBoolean()) {
            body = damage(op.body() == null ? new LinkedHashMap<>() : plausibleBody(op), mode);
        }
        if (body != null || raw != null) {
            String type = mode == Mode.CONTENT_TYPE ? values.pick(CONTENT_TYPES) : "application/json";
            if (!type.isEmpty()) {
                headers.put("Content-Type", type);
            }
        }
        extraHeaders(mode, headers);
        return new FuzzCase(op, mode, method, target, credential, headers, body, random.nextInt(4) == 0, raw);
    }

    /**
     * A request the document says is valid, with the operation's own credential (the sandbox key, the
     * admin token under /v1/platform/, the dialect's token under /compat/), real ids in the path and a
     * body made from the request schema; several of them are tried until the operation answers a 2xx.
     */
    FuzzCase valid(ApiDocument.Operation op) {
        fixtures.validFor = op.key();
        try {
            return validFor(op);
        } finally {
            fixtures.validFor = null;
        }
    }

    private FuzzCase validFor(ApiDocument.Operation op) {
        Map<String, String> headers = new LinkedHashMap<>();
        String credential = switch (op.dialect()) {
            case "core" -> "core token";
            case "alix" -> "alix token";
            default -> op.platform() ? "admin token" : LIVE_ONLY.contains(op.key()) ? "live key"
                    : op.path().equals("/v1/auth/logout") ? "access token" : "sandbox key";
        };
        String value = switch (credential) {
            case "core token" -> fixtures.coreToken;
            case "alix token" -> fixtures.alixToken;
            case "admin token" -> fixtures.adminToken;
            case "live key" -> fixtures.liveKey;
            case "access token" -> fixtures.accessToken;
            default -> fixtures.sandboxKey;
        };
        if (value != null) {
            headers.put("alix token".equals(credential) ? "access-token" : "Authorization",
                    "alix token".equals(credential) ? value : "Bearer " + value);
        }
        List<Map<String, Object>> given = Fixtures.VALID_BODIES.get(op.key());
        Object body = op.body() == null ? null : given != null ? values.pick(given)
                : ApiDocument.isAny(op.body()) ? plausibleBody(op) : values.valid("body", op.body(), doc, 0);
        if (body instanceof Map<?, ?> map && op.path().matches(".*/(login|access-token|refresh-token)$")) {
            login(map);
        }
        if (body instanceof Map<?, ?> map && "POST /v1/simulate/clearing".equals(op.key())) {
            clearOnlyItsOwn(map);
        }
        if (body != null) {
            headers.put("Content-Type", "application/json");
        }
        if ("POST".equals(op.method())) {
            headers.put("Idempotency-Key", "valid-" + Long.toHexString(random.nextLong()));
        }
        return new FuzzCase(op, Mode.VALID, op.method(), targets.target(op, Mode.VALID), credential, headers, body,
                false, null);
    }

    /** Operations whose change holds in live mode too, so that only a live credential may make it. */
    private static final java.util.Set<String> LIVE_ONLY = java.util.Set.of("PATCH /v1/users/{id}");

    /**
     * A simulated clearing file presents the authorizations kept for it: without a list it would clear every
     * pending one, and the captures, reversals and increments of the other operations would find nothing held.
     */
    @SuppressWarnings("unchecked")
    private void clearOnlyItsOwn(Map<?, ?> body) {
        List<String> clearable = fixtures.ids.getOrDefault("clearable authorization", List.of());
        if (!clearable.isEmpty()) {
            ((Map<String, Object>) body).put("authorizations", List.of(java.util.Map.of("authorizationId",
                    clearable.get(random.nextInt(clearable.size())))));
        }
    }

    /** A login's or a token refresh's body with the tenant user's real email, password and tokens. */
    @SuppressWarnings("unchecked")
    private void login(Map<?, ?> body) {
        Map<String, Object> b = (Map<String, Object>) body;
        b.replaceAll((k, v) -> switch (k) {
            case "email", "partnerCode" -> fixtures.email;
            case "password", "signature" -> fixtures.password;
            case "refreshToken" -> fixtures.alixRefreshToken != null && b.containsKey("partnerCode")
                    ? fixtures.alixRefreshToken : fixtures.refreshToken;
            default -> v;
        });
    }

    private Object plausibleBody(ApiDocument.Operation op) {
        if (!ApiDocument.isAny(op.body())) {
            return values.plausible("body", op.body(), doc, 0);
        }
        // a dialect that reads its body as a tree: the document names no fields, so use the usual ones
        Map<String, Object> body = new LinkedHashMap<>();
        for (String field : ANY_BODY_FIELDS) {
            if (random.nextBoolean()) {
                body.put(field, values.plausible(field, op.body(), doc, 1));
            }
        }
        return body;
    }

    /** Chooses the credential and writes its header; returns its name for the report. */
    private String credential(ApiDocument.Operation op, Mode mode, Map<String, String> headers) {
        String name;
        int dice = random.nextInt(100);
        if (mode == Mode.CREDENTIALS) {
            name = values.pick(List.of("none", "garbage", "empty bearer", "basic", "admin token", "live key",
                    "revoked-looking key", "huge token", "unicode token", "access token"));
        } else if (op.platform()) {
            name = dice < 85 ? "admin token" : dice < 95 ? "sandbox key" : "none";
        } else {
            name = dice < 65 ? "sandbox key" : dice < 90 ? "live key" : dice < 94 ? "admin token"
                    : dice < 97 ? "access token" : "none";
        }
        String value = switch (name) {
            case "sandbox key" -> "Bearer " + fixtures.sandboxKey;
            case "live key" -> "Bearer " + fixtures.liveKey;
            case "admin token" -> "Bearer " + fixtures.adminToken;
            case "access token" -> "Bearer " + fixtures.accessToken;
            case "garbage" -> "Bearer sk_test_" + "x".repeat(random.nextInt(60));
            case "empty bearer" -> "Bearer ";
            case "basic" -> "Basic dXNlcjpwYXNz";
            case "revoked-looking key" -> "Bearer sk_live_0000000000000000000000000000000000000000";
            case "huge token" -> "Bearer " + "a".repeat(9000);
            case "unicode token" -> "Bearer s\u00e9k_t\u00ebst";
            default -> null;
        };
        if (value != null) {
            boolean alixHeader = "alix".equals(op.dialect()) && value.startsWith("Bearer ") && random.nextInt(3) == 0;
            headers.put(alixHeader ? "access-token" : "Authorization", alixHeader ? value.substring(7) : value);
        }
        return name;
    }

    private void extraHeaders(Mode mode, Map<String, String> headers) {
        if (mode == Mode.ACCEPT) {
            headers.put("Accept", values.pick(ACCEPTS));
        }
        if (mode == Mode.IDEMPOTENCY) {
            headers.put("Idempotency-Key", random.nextInt(4) > 0 ? values.pick(IDEMPOTENCY_KEYS)
                    : values.pick(List.of("", " ", "k".repeat(256), "k\u00e9y", "a,b")));
        } else if (random.nextInt(8) == 0) {
            headers.put("Idempotency-Key", "fuzz-" + Long.toHexString(random.nextLong()));
        }
        if (random.nextInt(20) == 0) {
            headers.put("X-Request-Id", values.pick(List.of("", "r".repeat(500), "req \u00e9", "a\tb", "../x")));
        }
    }

    /** Applies the mode's damage to a body made of mutable maps and lists. */
    private Object damage(Object body, Mode mode) {
        List<Map<String, Object>> maps = new ArrayList<>();
        collectMaps(body, maps);
        if (maps.isEmpty()) {
            return mode == Mode.WRONG_TYPE ? values.wrongType(body) : body;
        }
        Map<String, Object> map = maps.get(random.nextInt(maps.size()));
        String key = map.isEmpty() ? values.pick(ANY_BODY_FIELDS) : values.pick(new ArrayList<>(map.keySet()));
        switch (mode) {
            case BOUNDARY -> map.put(key, values.boundary());
            case WRONG_TYPE -> map.put(key, values.wrongType(map.get(key)));
            case MISSING_FIELDS -> map.keySet().removeIf(k -> random.nextBoolean());
            case UNKNOWN_FIELDS -> map.put(values.pick(List.of("unknownField", "__proto__", "constructor", "", "id",
                    "tenantId", "environment", "success", "AMOUNT")), values.wrongType(null));
            case HUGE -> map.put(key, random.nextInt(10) == 0 ? "h".repeat(1_200_000) : values.huge());
            case UNICODE -> map.put(key, random.nextBoolean() ? values.unicode() : map.get(key) + values.unicode());
            default -> {
                // the other modes damage the path, the query or the headers
            }
        }
        return body;
    }

    @SuppressWarnings("unchecked")
    private static void collectMaps(Object value, List<Map<String, Object>> out) {
        if (value instanceof LinkedHashMap<?, ?> map) {
            out.add((Map<String, Object>) map);
            map.values().forEach(v -> collectMaps(v, out));
        } else if (value instanceof ArrayList<?> list) {
            list.forEach(v -> collectMaps(v, out));
        }
    }

    private byte[] malformed() {
        String text = values.pick(List.of("{", "}", "[]", "[1,2]", "null", "\"text\"", "123", "{\"a\":}", "{\"a\":1}}",
                "/*c*/{}", "{'a':1}", "{\"amount\":NaN}", "{\"a\":1,\"a\":2}", "[".repeat(5000), "{\"a\":".repeat(3000),
                "\ufeff{}", "{\"name\":\"x\"", "true", "{\"amount\":01}", "{\"amount\":1e99999}", "", " ", "\u0000",
                "{\"name\":\"\\ud800\"}", "{\"name\":\"\\u0000\"}", "{\"x\":\"\\q\"}"));
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        if (random.nextInt(5) == 0) {
            // bytes that are not UTF-8 inside a string
            return new byte[] {'{', '"', 'n', 'a', 'm', 'e', '"', ':', '"', (byte) 0xC0, (byte) 0xAF, (byte) 0xFF, '"', '}'};
        }
        return bytes;
    }
}
