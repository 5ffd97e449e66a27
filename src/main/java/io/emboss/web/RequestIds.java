package io.emboss.web;

import io.emboss.shared.Ids;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

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

    /**
     * The request's id, made and echoed now when the request never passed {@link RequestIdFilter}
     * (refused by the container before any filter ran).
     */
    static String ensure(HttpServletRequest request, HttpServletResponse response) {
        String id = of(request);
        if (id == null) {
            id = Ids.next("req");
            request.setAttribute(ATTRIBUTE, id);
            response.setHeader(HEADER, id);
        }
        return id;
    }
}
