package io.emboss.tenancy;

import io.emboss.shared.Caller;
import io.emboss.web.RequestIds;
import io.emboss.web.RequestPaths;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Records every state-changing call after it is answered: the caller, method, path (never the
 * body or query, which may carry secrets), the status and the request id.
 */
class AuditFilter extends OncePerRequestFilter {
    private static final Logger log = LoggerFactory.getLogger(AuditFilter.class);
    private final AuditLog audit;

    AuditFilter(AuditLog audit) {
        this.audit = audit;
    }

    private static boolean changesState(HttpServletRequest request) {
        String m = request.getMethod();
        return !("GET".equals(m) || "HEAD".equals(m) || "OPTIONS".equals(m));
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        Authentication auth = SecurityContextHolder.getContext().getAuthentication();
        try {
            chain.doFilter(request, response);
        } finally {
            if (auth != null && auth.getPrincipal() instanceof Caller caller
                    && (changesState(request) || io.emboss.web.Audit.marked(request))) {
                try {
                    audit.record(caller, request.getMethod(), RequestPaths.of(request), response.getStatus(),
                            RequestIds.of(request));
                } catch (RuntimeException e) {
                    log.error("could not write the audit entry of request {}", RequestIds.of(request), e);
                }
            }
        }
    }
}
