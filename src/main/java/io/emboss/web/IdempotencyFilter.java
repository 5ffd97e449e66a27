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
import java.time.Duration;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.PessimisticLockingFailureException;
import org.springframework.http.MediaType;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionStatus;
import org.springframework.transaction.support.DefaultTransactionDefinition;
import org.springframework.web.filter.OncePerRequestFilter;
import org.springframework.web.util.ContentCachingResponseWrapper;

/**
 * {@code Idempotency-Key} on POST. The request runs in one database transaction that first inserts
 * the key's row and, before committing, writes the response into it: the answer is committed with
 * the change it describes, or neither is. So a retry after any failure finds either the committed
 * answer (replayed, {@code Idempotent-Replayed: true}) or nothing, and runs afresh; no key is ever
 * left "in progress" by a node that died, because its uncommitted row dies with its transaction.
 *
 * <p>A retry that arrives while the first request still runs waits for it (its insert waits on the
 * first's uncommitted row) for at most {@code emboss.idempotency.wait}, then gets a 409
 * {@code idempotency_request_in_progress}. The same key with another request is a 409
 * {@code idempotency_key_in_use}. A 5xx is not kept. A refusal whose changes were rolled back (a
 * 4xx) is kept in a transaction of its own. A response that shows a secret once is kept without its
 * body and cannot be replayed. When the commit itself fails and its outcome is unknown, the client
 * gets a 503 {@code outcome_unknown}: its retry finds whichever the database decided.
 */
public class IdempotencyFilter extends OncePerRequestFilter {
    public static final String HEADER = "Idempotency-Key";
    /** Set by a controller whose response shows a secret once, so its body is never stored. */
    public static final String SENSITIVE_RESPONSE = "emboss.sensitiveResponse";
    private static final Logger log = LoggerFactory.getLogger(IdempotencyFilter.class);
    private static final int MAX_KEY_LENGTH = 255;
    private static final String PLATFORM_SCOPE = "platform";

    /**
     * Operations whose money goes through the pipeline: their key's row is written in the money
     * batch's transaction ({@link KeyedAnswers}) instead of one the request holds throughout.
     */
    static final java.util.regex.Pattern BATCHED = java.util.regex.Pattern.compile(
            "/v1/simulate/authorizations|/v1/cards/[^/]+/topups");
    private static final ThreadLocal<Pending> PENDING = new ThreadLocal<>();

    private final IdempotencyRepository repository;
    private final EnvelopeWriter envelope;
    private final RequestFingerprint fingerprint;
    private final PlatformTransactionManager transactions;
    private final Duration wait;
    private final KeyedAnswers.Rows rows;

    public IdempotencyFilter(IdempotencyRepository repository, EnvelopeWriter envelope, RequestFingerprint fingerprint,
            PlatformTransactionManager transactions, Duration wait) {
        this.repository = repository;
        this.envelope = envelope;
        this.fingerprint = fingerprint;
        this.transactions = transactions;
        this.wait = wait;
        this.rows = new KeyedAnswers.Rows(repository, envelope);
    }

    /** A keyed request of a {@link #BATCHED} operation, while it runs: what its receipt needs and tells. */
    static final class Pending {
        private final IdempotencyRepository.Claim claim;
        private final KeyedAnswers.Rows rows;
        private boolean written;
        private boolean refused;

        Pending(IdempotencyRepository.Claim claim, KeyedAnswers.Rows rows) {
            this.claim = claim;
            this.rows = rows;
        }

        IdempotencyRepository.Claim claim() {
            return claim;
        }

        KeyedAnswers.Rows rows() {
            return rows;
        }

        /** Written: the answer was committed with the money; refused: another request holds the key. */
        void settle(boolean written, boolean refused) {
            this.written = written;
            this.refused = refused;
        }
    }

    /** The keyed request of a {@link #BATCHED} operation this thread serves, or null. */
    static Pending pending() {
        return PENDING.get();
    }

    /** Whose keys these are: a tenant in one environment, or the platform operator. */
    private record Scope(String tenantId, String env) {
    }

    @Override
    protected boolean shouldNotFilter(HttpServletRequest request) {
        return !"POST".equals(request.getMethod()) || request.getHeader(HEADER) == null || Uploads.isUpload(request);
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        Optional<Scope> scope = currentScope();
        if (scope.isEmpty()) {
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
        String path = RequestPaths.of(request);
        String requestHash = fingerprint.of(request.getMethod(), path, body);
        Attempt attempt = new Attempt(scope.get(), key, requestHash, request, response);
        if (BATCHED.matcher(path).matches()) {
            attempt.runBatched(chain, new Replayable(request, body));
        } else {
            attempt.run(chain, new Replayable(request, body));
        }
    }

    /** One keyed request: its transaction, from the key's claim to the commit of its answer. */
    private final class Attempt {
        private final Scope scope;
        private final String key;
        private final String requestHash;
        private final HttpServletRequest request;
        private final HttpServletResponse response;
        private TransactionStatus tx;

        Attempt(Scope scope, String key, String requestHash, HttpServletRequest request,
                HttpServletResponse response) {
            this.scope = scope;
            this.key = key;
            this.requestHash = requestHash;
            this.request = request;
            this.response = response;
        }

        void run(FilterChain chain, HttpServletRequest replayable) throws ServletException, IOException {
            tx = transactions.getTransaction(new DefaultTransactionDefinition());
            try {
                if (!repository.claim(scope.tenantId(), scope.env(), key, requestHash, wait)) {
                    rollback();
                    replay(repository.find(scope.tenantId(), scope.env(), key));
                    return;
                }
            } catch (PessimisticLockingFailureException stillRunning) {
                rollback();
                response.setHeader("Retry-After", "1");
                envelope.write(request, response, 409, "idempotency_request_in_progress",
                        "A request with this Idempotency-Key is being processed; retry shortly");
                return;
            } catch (RuntimeException e) {
                rollback();
                throw e;
            }
            ContentCachingResponseWrapper cached = new ContentCachingResponseWrapper(response);
            try {
                chain.doFilter(replayable, cached);
            } catch (IOException | ServletException | RuntimeException | Error e) {
                rollback();
                throw e;
            }
            finish(cached);
        }

        /**
         * A {@link #BATCHED} operation: a committed answer is replayed at once; otherwise the request
         * runs without a transaction of its own and its money batch writes the key with the answer.
         * When no batch wrote it (refused before any money moved), the answer is kept afterwards.
         */
        void runBatched(FilterChain chain, HttpServletRequest replayable) throws ServletException, IOException {
            Optional<IdempotencyRepository.Stored> committed = repository.find(scope.tenantId(), scope.env(), key);
            if (committed.isPresent()) {
                replay(committed);
                return;
            }
            Pending pending = new Pending(new IdempotencyRepository.Claim(scope.tenantId(), scope.env(), key,
                    requestHash), rows);
            ContentCachingResponseWrapper cached = new ContentCachingResponseWrapper(response);
            PENDING.set(pending);
            try {
                chain.doFilter(replayable, cached);
            } finally {
                PENDING.remove();
            }
            if (pending.refused) {
                cached.resetBuffer();
                replay(repository.find(scope.tenantId(), scope.env(), key));
                return;
            }
            if (!pending.written && cached.getStatus() < 500) {
                keepRefusal(cached.getStatus(), request.getAttribute(SENSITIVE_RESPONSE) != null ? null
                        : new String(cached.getContentAsByteArray(), StandardCharsets.UTF_8));
            }
            cached.copyBodyToResponse();
        }

        private void finish(ContentCachingResponseWrapper cached) throws IOException {
            int status = cached.getStatus();
            String body = request.getAttribute(SENSITIVE_RESPONSE) != null ? null
                    : new String(cached.getContentAsByteArray(), StandardCharsets.UTF_8);
            if (status >= 500) {
                // not an answer worth keeping: nothing committed, so the retry runs afresh
                rollback();
            } else if (tx.isRollbackOnly()) {
                rollback();
                keepRefusal(status, body);
            } else {
                try {
                    repository.complete(scope.tenantId(), scope.env(), key, status, body);
                } catch (RuntimeException e) {
                    rollback();
                    throw e;
                }
                // an unknown outcome propagates as OutcomeUnknownException: 503 outcome_unknown, and
                // nothing is released; the key's row is whatever the database decided
                transactions.commit(tx);
            }
            cached.copyBodyToResponse();
        }

        private void keepRefusal(int status, String body) {
            try {
                repository.storeRefusal(scope.tenantId(), scope.env(), key, requestHash, status, body);
            } catch (RuntimeException e) {
                // nothing changed with this refusal: a retry that runs again gives its own answer
                log.warn("could not keep the refusal for an Idempotency-Key: {}", Failures.describe(e));
            }
        }

        private void rollback() {
            if (tx == null || tx.isCompleted()) {
                return;
            }
            try {
                transactions.rollback(tx);
            } catch (RuntimeException e) {
                // a dead connection cannot roll back; the database discards the transaction itself
                log.warn("rollback of an idempotent request failed: {}", Failures.describe(e));
            }
        }

        private void replay(Optional<IdempotencyRepository.Stored> stored) throws IOException {
            if (stored.isEmpty()) {
                // the holder rolled back between our wait and our read: the key is free again
                response.setHeader("Retry-After", "1");
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
    }

    private static Optional<Scope> currentScope() {
        Authentication auth = SecurityContextHolder.getContext().getAuthentication();
        if (auth == null || !(auth.getPrincipal() instanceof Caller c)) {
            return Optional.empty();
        }
        return Optional.of(c.isPlatformAdmin() ? new Scope(PLATFORM_SCOPE, PLATFORM_SCOPE)
                : new Scope(c.tenantId(), c.environment().wire()));
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
