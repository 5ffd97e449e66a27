package io.emboss.web;

import io.emboss.shared.Caller;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import org.springframework.http.MediaType;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.web.filter.OncePerRequestFilter;
import org.springframework.web.util.ContentCachingResponseWrapper;

/**
 * {@code Idempotency-Key} on POST: the first request with a key runs and its response is kept;
 * the same key with the same request replays that response; the same key with a different request
 * is a 409. A key is claimed before the work starts, so two concurrent retries never both run.
 * Responses that carried a secret shown once are not kept (the secret would be stored in clear);
 * a replay of one answers 409.
 */
public class IdempotencyFilter extends OncePerRequestFilter {
    public static final String HEADER = "Idempotency-Key";
    /** Set by a controller whose response shows a secret once, so its body is never stored. */
    public static final String SENSITIVE_RESPONSE = "emboss.sensitiveResponse";
    private static final int MAX_KEY_LENGTH = 255;

    private final IdempotencyRepository repository;
    private final EnvelopeWriter envelope;
    private final RequestFingerprint fingerprint;

    public IdempotencyFilter(IdempotencyRepository repository, EnvelopeWriter envelope, RequestFingerprint fingerprint) {
        this.repository = repository;
        this.envelope = envelope;
        this.fingerprint = fingerprint;
    }

    @Override
    protected boolean shouldNotFilter(HttpServletRequest request) {
        return !"POST".equals(request.getMethod()) || request.getHeader(HEADER) == null;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        Optional<Caller> caller = currentTenantCaller();
        if (caller.isEmpty()) {
            chain.doFilter(request, response);
            return;
        }
        String key = request.getHeader(HEADER).trim();
        if (key.isEmpty() || key.length() > MAX_KEY_LENGTH) {
            envelope.write(request, response, 400, "validation_failed",
                    "Idempotency-Key must be 1 to " + MAX_KEY_LENGTH + " characters");
            return;
        }
        byte[] body;
        try {
            body = request.getInputStream().readAllBytes();
        } catch (BodyLimitFilter.PayloadTooLargeException e) {
            envelope.write(request, response, 413, "payload_too_large", e.getMessage());
            return;
        }
        String requestHash = fingerprint.of(request.getMethod(), request.getRequestURI(), body);
        String tenantId = caller.get().tenantId();
        String env = caller.get().environment().wire();

        if (!repository.claim(tenantId, env, key, requestHash)) {
            replay(request, response, repository.find(tenantId, env, key), requestHash);
            return;
        }
        ContentCachingResponseWrapper cached = new ContentCachingResponseWrapper(response);
        boolean stored = false;
        try {
            chain.doFilter(new Replayable(request, body), cached);
            int status = cached.getStatus();
            if (status < 500) {
                boolean sensitive = request.getAttribute(SENSITIVE_RESPONSE) != null;
                repository.complete(tenantId, env, key, status,
                        sensitive ? null : new String(cached.getContentAsByteArray(), StandardCharsets.UTF_8));
                stored = true;
            }
        } finally {
            if (!stored) {
                // a failure is not an answer worth replaying: free the key so the client may retry
                repository.release(tenantId, env, key);
            }
            cached.copyBodyToResponse();
        }
    }

    private void replay(HttpServletRequest request, HttpServletResponse response,
            Optional<IdempotencyRepository.Stored> stored, String requestHash) throws IOException {
        if (stored.isEmpty()) {
            envelope.write(request, response, 409, "idempotency_request_in_progress",
                    "A request with this Idempotency-Key is being processed; retry shortly");
            return;
        }
        IdempotencyRepository.Stored row = stored.get();
        if (!row.requestHash().equals(requestHash)) {
            envelope.write(request, response, 409, "idempotency_key_in_use",
                    "This Idempotency-Key was used with a different request");
            return;
        }
        if (row.responseStatus() == null) {
            envelope.write(request, response, 409, "idempotency_request_in_progress",
                    "A request with this Idempotency-Key is being processed; retry shortly");
            return;
        }
        if (row.responseBody() == null) {
            envelope.write(request, response, 409, "idempotency_key_in_use",
                    "The original response showed a secret once and cannot be replayed; use a new key");
            return;
        }
        response.setStatus(row.responseStatus());
        response.setContentType(MediaType.APPLICATION_JSON_VALUE);
        response.setHeader("Idempotent-Replayed", "true");
        response.getOutputStream().write(row.responseBody().getBytes(StandardCharsets.UTF_8));
    }

    private static Optional<Caller> currentTenantCaller() {
        Authentication auth = SecurityContextHolder.getContext().getAuthentication();
        if (auth != null && auth.getPrincipal() instanceof Caller c && !c.isPlatformAdmin()) {
            return Optional.of(c);
        }
        return Optional.empty();
    }

    private static final class Replayable extends HttpServletRequestWrapper {
        private final byte[] body;

        Replayable(HttpServletRequest request, byte[] body) {
            super(request);
            this.body = body;
        }

        @Override
        public ServletInputStream getInputStream() {
            ByteArrayInputStream in = new ByteArrayInputStream(body);
            return new ServletInputStream() {
                @Override
                public int read() {
                    return in.read();
                }

                @Override
                public int read(byte[] b, int off, int len) {
                    return in.read(b, off, len);
                }

                @Override
                public boolean isFinished() {
                    return in.available() == 0;
                }

                @Override
                public boolean isReady() {
                    return true;
                }

                @Override
                public void setReadListener(ReadListener listener) {
                    throw new UnsupportedOperationException("blocking body only");
                }
            };
        }
    }
}
