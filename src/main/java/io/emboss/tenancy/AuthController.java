package io.emboss.tenancy;

import io.emboss.shared.Caller;
import io.emboss.shared.Environment;
import io.emboss.web.ApiResponse;
import io.emboss.web.Fields;
import io.emboss.web.IdempotencyFilter;
import io.emboss.web.Responses;
import jakarta.servlet.http.HttpServletRequest;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/** Dashboard users: log in, rotate the refresh token, log out. */
@RestController
@RequestMapping("/v1/auth")
class AuthController {
    record Login(String email, String password, String environment) {
        @Override
        public String toString() {
            return "Login[email=" + email + ", password=***, environment=" + environment + "]";
        }
    }

    record Refresh(String refreshToken) {
        @Override
        public String toString() {
            return "Refresh[refreshToken=***]";
        }
    }

    /** The dashboard login whose access token was used has ended. */
    record LoggedOutView(boolean loggedOut) {
    }

    private final AuthService auth;

    AuthController(AuthService auth) {
        this.auth = auth;
    }

    @PostMapping("/login")
    ResponseEntity<ApiResponse<AuthService.Tokens>> login(@RequestBody Login body, HttpServletRequest request) {
        Fields f = new Fields();
        String email = f.text("email", body.email(), 3, 254);
        String password = f.text("password", body.password(), 1, 128);
        Environment env = body.environment() == null ? Environment.SANDBOX
                : f.oneOf("environment", body.environment(), Environment.class, true);
        if (!f.ok()) {
            return Responses.rejected(f.rejection());
        }
        request.setAttribute(IdempotencyFilter.SENSITIVE_RESPONSE, Boolean.TRUE);
        AuthService.Login login = auth.login(LoginRequests.attempt(email, password, env, request));
        return Responses.retryAfter(Responses.of(login.tokens(), t -> t), login.retryAfterSeconds());
    }

    @PostMapping("/refresh")
    ResponseEntity<ApiResponse<AuthService.Tokens>> refresh(@RequestBody Refresh body, HttpServletRequest request) {
        Fields f = new Fields();
        String token = f.text("refreshToken", body.refreshToken(), 1, 200);
        if (!f.ok()) {
            return Responses.rejected(f.rejection());
        }
        request.setAttribute(IdempotencyFilter.SENSITIVE_RESPONSE, Boolean.TRUE);
        return Responses.of(auth.refresh(token), t -> t);
    }

    @PostMapping("/logout")
    ResponseEntity<ApiResponse<LoggedOutView>> logout(@AuthenticationPrincipal Caller caller,
            HttpServletRequest request) {
        if (caller.type() != Caller.Type.USER) {
            return ResponseEntity.status(403).body(ApiResponse.error("forbidden",
                    "Logout ends a dashboard login; revoke API keys through /v1/api-keys", null));
        }
        String header = request.getHeader("Authorization");
        auth.logout(header.substring(7).trim());
        return Responses.ok(new LoggedOutView(true));
    }
}
