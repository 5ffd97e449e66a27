package io.emboss.web;

import jakarta.servlet.http.HttpServletRequest;

/** Where the current request's id lives, for envelopes written outside MVC. */
public final class RequestIds {
    public static final String HEADER = "X-Request-Id";
    public static final String ATTRIBUTE = "emboss.requestId";

    private RequestIds() {
    }

    public static String of(HttpServletRequest request) {
        Object id = request.getAttribute(ATTRIBUTE);
        return id == null ? null : id.toString();
    }
}
