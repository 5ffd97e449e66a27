package io.emboss.web;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;

/**
 * The envelope of every response of the native API, success or error. {@code T} is the type of
 * {@code data} on success, so the OpenAPI document names each operation's shape.
 */
@JsonInclude(JsonInclude.Include.ALWAYS)
@JsonPropertyOrder({"success", "errorCode", "message", "data"})
public record ApiResponse<T>(boolean success, String errorCode, String message, T data) {

    public static <T> ApiResponse<T> ok(T data) {
        return new ApiResponse<>(true, null, "OK", data);
    }

    /**
     * An error envelope. Its {@code data} (the field problems, a request id, or null) is never of
     * the success type {@code T}; the envelope is typed {@code T} only so that an operation answers
     * one Java type either way. The cast is erased: the body is written as the value it holds.
     */
    @SuppressWarnings("unchecked")
    public static <T> ApiResponse<T> error(String errorCode, String message, Object data) {
        return new ApiResponse<>(false, errorCode, message, (T) data);
    }
}
