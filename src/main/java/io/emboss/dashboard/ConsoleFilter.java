package io.emboss.dashboard;

import io.emboss.shared.Secrets;
import io.emboss.tenancy.ConsoleSessions;
import io.emboss.web.RequestPaths;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.Cookie;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.Base64;
import java.util.Optional;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.springframework.http.ResponseCookie;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Every dashboard request: the browser's CSRF cookie (made on its first visit), the CSRF token of
 * every POST checked against it, and the session cookie resolved to a {@link ConsoleSessions.Session}
 * (a page without one redirects to the sign-in). The CSRF token is an HMAC of the cookie's random
 * value, which a page from another origin can neither read nor set (HttpOnly, SameSite=Strict), so
 * it cannot forge the token; no state is kept on any instance.
 */
class ConsoleFilter extends OncePerRequestFilter {
    static final String SESSION_COOKIE = "emboss_session";
    static final String CSRF_COOKIE = "emboss_csrf";
    static final String CSRF_FIELD = "_csrf";
    static final String SESSION = "emboss.console.session";
    static final String CSRF_TOKEN = "emboss.console.csrf";
    static final String SECRET = "emboss.console.secret";

    /** The pages a browser without a session may ask for. */
    private static final java.util.Set<String> PUBLIC = java.util.Set.of("/dashboard/login", "/dashboard/operator-login",
            "/dashboard/forbidden");

    private static final org.slf4j.Logger log = org.slf4j.LoggerFactory.getLogger(ConsoleFilter.class);
    /** What an operator's session may ask for: its own pages, the home that sends it there, signing out. */
    private static final java.util.regex.Pattern OPERATOR_PATHS = java.util.regex.Pattern.compile(
            "/dashboard(/operator/.*|/logout|/forbidden|/login|/operator-login)?");
    private final ConsoleSessions sessions;
    private final io.emboss.tenancy.AuditLog audit;

    ConsoleFilter(ConsoleSessions sessions, io.emboss.tenancy.AuditLog audit) {
        this.sessions = sessions;
        this.audit = audit;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        String path = RequestPaths.of(request);
        if (path.equals("/")) {
            response.sendRedirect("/dashboard");
            return;
        }
        if (path.startsWith("/dashboard/assets/")) {
            chain.doFilter(request, response);
            return;
        }
        String browser = cookie(request, CSRF_COOKIE).filter(v -> v.startsWith("cb_") && v.length() < 100)
                .orElse(null);
        if (browser == null) {
            browser = "cb_" + io.emboss.shared.Ids.random(32);
            setCookie(request, response, CSRF_COOKIE, browser, -1);
        }
        String token = token(browser);
        request.setAttribute(CSRF_TOKEN, token);
        if (!"GET".equals(request.getMethod()) && !"HEAD".equals(request.getMethod())
                && !Secrets.constantTimeEquals(token, String.valueOf(request.getParameter(CSRF_FIELD)))) {
            response.setStatus(403);
            request.getRequestDispatcher("/dashboard/forbidden").forward(request, response);
            return;
        }
        String secret = cookie(request, SESSION_COOKIE).orElse(null);
        Optional<ConsoleSessions.Session> session = secret == null ? Optional.empty() : sessions.resolve(secret);
        if (session.isPresent() && session.get().operator() && !OPERATOR_PATHS.matcher(path).matches()) {
            // the operator acts on no tenant's behalf: the tenant pages (and their forms) are not theirs
            response.sendRedirect("/dashboard/operator/tenants");
            return;
        }
        if (session.isPresent()) {
            request.setAttribute(SESSION, session.get());
            request.setAttribute(SECRET, secret);
        } else if (!PUBLIC.contains(path)) {
            if (secret != null) {
                setCookie(request, response, SESSION_COOKIE, "", 0);
            }
            response.sendRedirect("/dashboard/login" + (secret != null ? "?expired" : ""));
            return;
        }
        response.setHeader("Cache-Control", "no-store");
        try {
            chain.doFilter(request, response);
        } finally {
            session.ifPresent(s -> audit(request, response, s));
        }
    }

    /**
     * Every action a signed-in person takes, and every read a page marks (a card's details), goes to
     * the audit log as the API's calls do: who, what, which path, the answer; never the form's values.
     */
    private void audit(HttpServletRequest request, HttpServletResponse response, ConsoleSessions.Session s) {
        boolean changes = !"GET".equals(request.getMethod()) && !"HEAD".equals(request.getMethod());
        if (changes || io.emboss.web.Audit.marked(request)) {
            try {
                audit.record(s.caller(), request.getMethod(), RequestPaths.of(request), response.getStatus(),
                        io.emboss.web.RequestIds.of(request));
            } catch (RuntimeException e) {
                log.error("could not write the audit entry of request {}", io.emboss.web.RequestIds.of(request), e);
            }
        }
    }

    /** The CSRF token of a browser: an HMAC of its cookie, so the cookie's value itself never appears in a page. */
    static String token(String browser) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(browser.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            return Base64.getUrlEncoder().withoutPadding().encodeToString(
                    mac.doFinal("emboss-dashboard-form".getBytes(StandardCharsets.UTF_8)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is part of every JDK", e);
        }
    }

    static Optional<String> cookie(HttpServletRequest request, String name) {
        Cookie[] cookies = request.getCookies();
        if (cookies == null) {
            return Optional.empty();
        }
        for (Cookie c : cookies) {
            if (name.equals(c.getName())) {
                return Optional.of(c.getValue());
            }
        }
        return Optional.empty();
    }

    /** HttpOnly, SameSite=Strict, Secure over TLS, for the dashboard's paths only; maxAge -1 = until the browser closes. */
    static void setCookie(HttpServletRequest request, HttpServletResponse response, String name, String value,
            long maxAgeSeconds) {
        response.addHeader("Set-Cookie", ResponseCookie.from(name, value).path("/dashboard").httpOnly(true)
                .secure(request.isSecure()).sameSite("Strict").maxAge(maxAgeSeconds).build().toString());
    }
}
