package io.emboss.tenancy;

import io.emboss.shared.Caller;
import io.emboss.web.EnvelopeWriter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.web.filter.OncePerRequestFilter;

/** Spends one request of the tenant's hourly budget and reports the budget on every response. */
class RateLimitFilter extends OncePerRequestFilter {
    private final RateLimiter limiter;
    private final AuthService authService;
    private final EnvelopeWriter envelope;

    RateLimitFilter(RateLimiter limiter, AuthService auth, EnvelopeWriter envelope) {
        this.limiter = limiter;
        this.authService = auth;
        this.envelope = envelope;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        Authentication auth = SecurityContextHolder.getContext().getAuthentication();
        Object limit = request.getAttribute(BearerAuthFilter.RATE_LIMIT_ATTRIBUTE);
        if (auth == null || !(auth.getPrincipal() instanceof Caller caller) || caller.isPlatformAdmin()
                || !(limit instanceof Integer perHour)) {
            chain.doFilter(request, response);
            return;
        }
        RateLimiter.Decision d = limiter.consume(caller.tenantId(), caller.environment().wire(), perHour);
        if (!d.allowed()) {
            // the limit came with a cached credential: a limit raised on another instance must not refuse
            int current = authService.currentRateLimit(caller.tenantId(), perHour);
            if (current != perHour) {
                d = d.under(current);
            }
        }
        response.setHeader("X-RateLimit-Limit", Integer.toString(d.limit()));
        response.setHeader("X-RateLimit-Remaining", Integer.toString(d.remaining()));
        response.setHeader("X-RateLimit-Reset", Long.toString(d.resetEpochSeconds()));
        if (!d.allowed()) {
            response.setHeader("Retry-After", Long.toString(d.retryAfterSeconds()));
            envelope.write(request, response, 429, "rate_limited",
                    "Rate limit of " + d.limit() + " requests per hour reached; retry after "
                            + d.retryAfterSeconds() + " s");
            return;
        }
        chain.doFilter(request, response);
    }
}
