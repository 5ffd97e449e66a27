package io.emboss.web;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;

/** The envelope of every response of the native API, success or error. */
@JsonInclude(JsonInclude.Include.ALWAYS)
@JsonPropertyOrder({"success", "errorCode", "message", "data"})
public record ApiResponse(boolean success, String errorCode, String message, Object data) {

    public static ApiResponse ok(Object data) {
        return new ApiResponse(true, null, "OK", data);
    }

    public static ApiResponse error(String errorCode, String message, Object data) {
        return new ApiResponse(false, errorCode, message, data);
    }
}
