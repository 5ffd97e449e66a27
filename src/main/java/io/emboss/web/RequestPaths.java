package io.emboss.web;

import jakarta.servlet.http.HttpServletRequest;

/**
 * The path of a request as routing sees it. The raw request URI may spell one path many ways
 * ({@code /v1/%73imulate/…}, {@code /v1/simulate;x/…}); the container's servlet path is the one
 * canonical form (decoded, path parameters removed, dot segments resolved). Every decision about
 * a path (is it public, is it a simulation, which dialect is it) is made on this, never on
 * {@link HttpServletRequest#getRequestURI()}.
 */
public final class RequestPaths {
    private RequestPaths() {
    }

    public static String of(HttpServletRequest request) {
        String servletPath = request.getServletPath();
        String pathInfo = request.getPathInfo();
        String path = (servletPath == null ? "" : servletPath) + (pathInfo == null ? "" : pathInfo);
        return path.isEmpty() ? "/" : path;
    }
}
