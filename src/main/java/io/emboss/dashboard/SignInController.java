package io.emboss.dashboard;

import io.emboss.shared.Environment;
import io.emboss.tenancy.ConsoleSessions;
import io.emboss.tenancy.LoginRequests;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;

/** Sign-in (a tenant's user, or the operator with the admin token), sign-out and the sandbox/live switch. */
@Controller
@RequestMapping("/dashboard")
class SignInController {
    private final ConsoleSessions sessions;

    SignInController(ConsoleSessions sessions) {
        this.sessions = sessions;
    }

    @GetMapping("/login")
    String form(@RequestParam(required = false) String expired, @RequestParam(required = false) String signedOut,
            Model model) {
        model.addAttribute("expired", expired != null);
        model.addAttribute("signedOut", signedOut != null);
        return "dashboard/login";
    }

    @PostMapping("/login")
    String signIn(@RequestParam(defaultValue = "") String email, @RequestParam(defaultValue = "") String password,
            HttpServletRequest request, HttpServletResponse response, Model model) {
        if (email.isBlank() || password.isEmpty() || email.length() > 254 || password.length() > 200) {
            return refused(response, model, 400, "Enter your email and password.", 0);
        }
        ConsoleSessions.SignIn in = sessions.signIn(LoginRequests.attempt(email, password, Environment.SANDBOX,
                request));
        return started(in, request, response, model);
    }

    @PostMapping("/operator-login")
    String signInOperator(@RequestParam(defaultValue = "") String adminToken, HttpServletRequest request,
            HttpServletResponse response, Model model) {
        ConsoleSessions.SignIn in = sessions.signInOperator(adminToken, request.getRemoteAddr());
        return started(in, request, response, model);
    }

    private String started(ConsoleSessions.SignIn in, HttpServletRequest request, HttpServletResponse response,
            Model model) {
        if (!in.secret().isOk()) {
            return in.retryAfterSeconds() > 0
                    ? refused(response, model, 429, in.secret().rejection().message(), in.retryAfterSeconds())
                    : refused(response, model, 401, "Invalid credentials.", 0);
        }
        ConsoleFilter.setCookie(request, response, ConsoleFilter.SESSION_COOKIE, in.secret().value(), -1);
        // a new form token with the new session: one learnt before signing in is worth nothing after
        ConsoleFilter.setCookie(request, response, ConsoleFilter.CSRF_COOKIE, "cb_" + io.emboss.shared.Ids.random(32), -1);
        return "redirect:/dashboard";
    }

    private static String refused(HttpServletResponse response, Model model, int status, String message,
            long retryAfterSeconds) {
        response.setStatus(status);
        if (retryAfterSeconds > 0) {
            response.setHeader("Retry-After", Long.toString(retryAfterSeconds));
        }
        model.addAttribute("problem", message);
        return "dashboard/login";
    }

    @PostMapping("/logout")
    String signOut(HttpServletRequest request, HttpServletResponse response) {
        sessions.signOut((String) request.getAttribute(ConsoleFilter.SECRET));
        ConsoleFilter.setCookie(request, response, ConsoleFilter.SESSION_COOKIE, "", 0);
        return "redirect:/dashboard/login?signedOut";
    }

    @PostMapping("/environment")
    String switchEnvironment(@RequestParam(defaultValue = "") String environment, HttpServletRequest request) {
        Environment env = "live".equals(environment) ? Environment.LIVE : Environment.SANDBOX;
        if (!Console.session(request).operator()) {
            sessions.switchEnvironment((String) request.getAttribute(ConsoleFilter.SECRET), env);
        }
        return "redirect:/dashboard";
    }

    @RequestMapping("/forbidden")
    String forbidden(HttpServletResponse response) {
        response.setStatus(403);
        return "dashboard/forbidden";
    }
}
