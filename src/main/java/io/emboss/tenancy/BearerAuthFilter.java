package io.emboss.tenancy;

import io.emboss.shared.Caller;
import io.emboss.shared.Outcome;
import io.emboss.web.EnvelopeWriter;
import io.emboss.web.ErrorCatalog;
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
 * Resolves {@code Authorization: Bearer …} to a {@link Caller}. A wrong secret is answered here
 * (401, or 403 for an expired token); no header at all is left to the entry point (401).
 */
class BearerAuthFilter extends OncePerRequestFilter {
    static final String RATE_LIMIT_ATTRIBUTE = "emboss.rateLimitPerHour";

    private final AuthService auth;
    private final EnvelopeWriter envelope;

    BearerAuthFilter(AuthService auth, EnvelopeWriter envelope) {
        this.auth = auth;
        this.envelope = envelope;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        String header = request.getHeader("Authorization");
        if (header == null || isPublic(request)) {
            chain.doFilter(request, response);
            return;
        }
        if (!header.regionMatches(true, 0, "Bearer ", 0, 7)) {
            envelope.write(response, 401, "invalid_credentials", "Use Authorization: Bearer <secret>");
            return;
        }
        Outcome<AuthService.Authenticated> outcome = auth.authenticate(header.substring(7).trim());
        if (!outcome.isOk()) {
            var r = outcome.rejection();
            envelope.write(response, ErrorCatalog.statusOf(r.kind()), r.code(), r.message());
            return;
        }
        Caller caller = outcome.value().caller();
        if (!caller.isPlatformAdmin() && !caller.sandbox() && request.getRequestURI().startsWith("/v1/simulate/")) {
            envelope.write(response, 403, "sandbox_only", "Simulation endpoints answer only sandbox credentials");
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

    private static boolean isPublic(HttpServletRequest request) {
        String uri = request.getRequestURI();
        return uri.equals("/v1/auth/login") || uri.equals("/v1/auth/refresh");
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
