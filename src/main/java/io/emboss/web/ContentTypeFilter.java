package io.emboss.web;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.InvalidMediaTypeException;
import org.springframework.http.MediaType;
import org.springframework.stereotype.Component;
import org.springframework.util.StringUtils;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Refuses a request whose Content-Type names no single media type ({@code *}{@code /*},
 * {@code application/*}, or text that does not parse) with 415 {@code unsupported_media_type},
 * before anything reads the body. Spring MVC asserts a concrete type when it reads the request's
 * headers, so a wildcard there was an IllegalArgumentException and a 500 on every operation with
 * a body (found by the OpenAPI fuzzer).
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE + 2)
class ContentTypeFilter extends OncePerRequestFilter {
    private final EnvelopeWriter envelope;

    ContentTypeFilter(EnvelopeWriter envelope) {
        this.envelope = envelope;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        String type = request.getContentType();
        if (StringUtils.hasText(type) && !concrete(type)) {
            envelope.write(request, response, 415, "unsupported_media_type", "Send the body as application/json");
            return;
        }
        chain.doFilter(request, response);
    }

    static boolean concrete(String contentType) {
        try {
            MediaType type = MediaType.parseMediaType(contentType);
            return !type.isWildcardType() && !type.isWildcardSubtype();
        } catch (InvalidMediaTypeException e) {
            return false;
        }
    }
}
