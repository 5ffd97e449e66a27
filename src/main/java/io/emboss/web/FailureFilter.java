package io.emboss.web;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Answers what escapes the filters (an API key lookup, a rate-limit count or an idempotency claim
 * that met a dead database, a commit of unknown outcome) with the envelope and its documented code,
 * as {@link ApiExceptionHandler} does inside MVC: a database outage is a 503 wherever it surfaces,
 * never the container's 500.
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE + 2)
class FailureFilter extends OncePerRequestFilter {
    private static final Logger log = LoggerFactory.getLogger(FailureFilter.class);
    private final EnvelopeWriter envelope;

    FailureFilter(EnvelopeWriter envelope) {
        this.envelope = envelope;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        try {
            chain.doFilter(request, response);
        } catch (ServletException | IOException | RuntimeException e) {
            Throwable failure = e instanceof ServletException s && s.getRootCause() != null ? s.getRootCause() : e;
            Failures.Kind kind = Failures.classify(failure);
            if (response.isCommitted() || (kind == Failures.Kind.BUG && e instanceof IOException)) {
                throw e; // the client went away, or the answer is already on its way
            }
            String requestId = RequestIds.of(request);
            if (kind == Failures.Kind.BUG) {
                log.error("unhandled error in request {}", requestId, failure);
            } else {
                log.warn("request {} failed: {} ({})", requestId, kind, Failures.describe(failure));
            }
            Failures.Answer answer = Failures.answer(kind, requestId);
            if (answer.status() == 503) {
                response.setHeader("Retry-After", "1");
            }
            envelope.write(request, response, answer.status(), answer.errorCode(), answer.message());
        }
    }
}
