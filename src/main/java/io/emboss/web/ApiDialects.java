package io.emboss.web;

import jakarta.servlet.http.HttpServletRequest;
import java.util.List;
import java.util.Optional;
import org.springframework.stereotype.Component;

/**
 * Finds the dialect a request is spoken in, by the prefix of its canonical path ({@link RequestPaths});
 * native requests have none.
 */
@Component
public class ApiDialects {
    private final List<ApiDialect> dialects;

    ApiDialects(List<ApiDialect> dialects) {
        this.dialects = List.copyOf(dialects);
        for (ApiDialect d : this.dialects) {
            if (!d.pathPrefix().startsWith("/compat/") || !d.pathPrefix().endsWith("/")) {
                throw new IllegalStateException("a dialect's prefix is /compat/<name>/, not " + d.pathPrefix());
            }
        }
    }

    public Optional<ApiDialect> of(HttpServletRequest request) {
        return of(RequestPaths.of(request));
    }

    public Optional<ApiDialect> of(String path) {
        if (path == null || !path.startsWith("/compat/")) {
            return Optional.empty();
        }
        for (ApiDialect d : dialects) {
            if (path.startsWith(d.pathPrefix())) {
                return Optional.of(d);
            }
        }
        return Optional.empty();
    }

    /** True when the request's dialect declares its path public (a login, a token refresh). */
    public boolean isPublic(HttpServletRequest request) {
        String path = RequestPaths.of(request);
        return of(path).map(d -> d.isPublic(path)).orElse(false);
    }
}
