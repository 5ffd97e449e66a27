package io.emboss.shared;

import java.util.Map;

/**
 * Why a request was refused. {@code code} is the stable snake_case errorCode of the API;
 * {@code fields} names offending input fields (validation), and is never allowed to carry a
 * secret, PAN, CVV or PIN.
 */
public record Rejection(Kind kind, String code, String message, Map<String, String> fields) {

    /** What sort of refusal this is; the web layer maps each kind to one HTTP status. */
    public enum Kind {
        INVALID,
        UNAUTHENTICATED,
        FORBIDDEN,
        NOT_FOUND,
        CONFLICT,
        PAYLOAD_TOO_LARGE,
        RATE_LIMITED
    }

    public Rejection {
        fields = fields == null ? Map.of() : Map.copyOf(fields);
    }

    public static Rejection of(Kind kind, String code, String message) {
        return new Rejection(kind, code, message, Map.of());
    }
}
