package io.emboss.tenancy;

import io.emboss.shared.Environment;
import io.emboss.web.RequestIds;
import io.emboss.web.RequestPaths;
import jakarta.servlet.http.HttpServletRequest;

/** What every login front (native, {@code /compat/core}, {@code /compat/alix}) takes from its HTTP request. */
public final class LoginRequests {
    private LoginRequests() {
    }

    /**
     * The client is the connection's address: a proxy's {@code X-Forwarded-For} counts only where the
     * operator sets {@code server.forward-headers-strategy} (and trusts the proxy), so a client cannot
     * pick the address its failures are counted against.
     */
    public static AuthService.LoginAttempt attempt(String email, String password, Environment env,
            HttpServletRequest request) {
        return new AuthService.LoginAttempt(email, password, env, request.getRemoteAddr(), RequestPaths.of(request),
                RequestIds.of(request));
    }
}
