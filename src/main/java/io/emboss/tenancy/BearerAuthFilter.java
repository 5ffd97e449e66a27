package io.emboss.tenancy;

import io.emboss.shared.Caller;
import io.emboss.shared.Outcome;
import io.emboss.web.ApiDialects;
import io.emboss.web.EnvelopeWriter;
import io.emboss.web.ErrorCatalog;
import io.emboss.web.RequestPaths;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.List;
import org.springframework.security.authentication.AbstractAuthenticationToken;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Resolves {@code Authorization: Bearer …} (or the header a compatibility dialect carries its
 * credential in) to a {@link Caller}. A wrong secret is answered here (401, or 403 for an expired
 * token); no credential at all is left to the entry point (401).
 */
class BearerAuthFilter extends OncePerRequestFilter {
    static final String RATE_LIMIT_ATTRIBUTE = "emboss.rateLimitPerHour";

    private final AuthService auth;
    private final EnvelopeWriter envelope;
    private final ApiDialects dialects;

    BearerAuthFilter(AuthService auth, EnvelopeWriter envelope, ApiDialects dialects) {
        this.auth = auth;
        this.envelope = envelope;
        this.dialects = dialects;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        if (isPublic(request)) {
            chain.doFilter(request, response);
            return;
        }
        String dialectSecret = dialects.of(request).map(d -> d.credential(request)).orElse(null);
        String header = request.getHeader("Authorization");
        if (dialectSecret == null && header == null) {
            chain.doFilter(request, response);
            return;
        }
        if (dialectSecret == null && !header.regionMatches(true, 0, "Bearer ", 0, 7)) {
            envelope.write(request, response, 401, "invalid_credentials", "Use Authorization: Bearer <secret>");
            return;
        }
        String secret = dialectSecret != null ? dialectSecret : header.substring(7).trim();
        Outcome<AuthService.Authenticated> outcome = auth.authenticate(secret);
        if (!outcome.isOk()) {
            var r = outcome.rejection();
            envelope.write(request, response, ErrorCatalog.statusOf(r.kind()), r.code(), r.message());
            return;
        }
        Caller caller = outcome.value().caller();
        // the first line only: each simulation's service refuses a live caller itself (Caller.maySimulate)
        if (!caller.isPlatformAdmin() && !caller.sandbox() && RequestPaths.of(request).startsWith("/v1/simulate/")) {
            envelope.write(request, response, 403, "sandbox_only", "Simulation endpoints answer only sandbox credentials");
            return;
        }
        request.setAttribute(RATE_LIMIT_ATTRIBUTE, outcome.value().rateLimitPerHour());
        SecurityContextHolder.getContext().setAuthentication(new CallerAuthentication(caller));
        try {
            chain.doFilter(request, response);
        } finally {
            SecurityContextHolder.clearContext();
        }
    }

    private boolean isPublic(HttpServletRequest request) {
        String path = RequestPaths.of(request);
        return path.equals("/v1/auth/login") || path.equals("/v1/auth/refresh") || dialects.isPublic(request);
    }

    /** The authenticated caller as Spring Security sees it. */
    static final class CallerAuthentication extends AbstractAuthenticationToken {
        private final Caller caller;

        CallerAuthentication(Caller caller) {
            super(List.of(new SimpleGrantedAuthority(caller.isPlatformAdmin() ? "ROLE_PLATFORM_ADMIN" : "ROLE_TENANT")));
            this.caller = caller;
            setAuthenticated(true);
        }

        /** Spring Security asks for a name on every request; the default renders the whole principal. */
        @Override
        public String getName() {
            return caller.actorId() == null ? caller.type().name() : caller.actorId();
        }

        @Override
        public Object getCredentials() {
            return null;
        }

        @Override
        public Object getPrincipal() {
            return caller;
        }
    }
}
