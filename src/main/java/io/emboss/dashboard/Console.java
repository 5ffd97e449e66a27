package io.emboss.dashboard;

import io.emboss.shared.Caller;
import io.emboss.shared.Outcome;
import io.emboss.shared.Rejection;
import io.emboss.tenancy.ConsoleSessions;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.ui.Model;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/**
 * What every dashboard controller needs: the signed-in session of the request, and the one way a
 * page answers a service's rejection (a 404 page for what the tenant does not have, a message
 * otherwise), so that the console says what the API would say.
 */
final class Console {
    /** The flash attribute a redirected page shows as its notice ({@code notice}) or error ({@code problem}). */
    static final String NOTICE = "notice";
    static final String PROBLEM = "problem";

    private Console() {
    }

    static ConsoleSessions.Session session(HttpServletRequest request) {
        Object s = request.getAttribute(ConsoleFilter.SESSION);
        if (!(s instanceof ConsoleSessions.Session session)) {
            // ConsoleFilter redirects every page without a session: reaching here is a bug
            throw new IllegalStateException("dashboard page without a session");
        }
        return session;
    }

    static Caller caller(HttpServletRequest request) {
        return session(request).caller();
    }

    /** The not-found page, with a 404 status: another tenant's id is answered exactly like an unknown one. */
    static String notFound(HttpServletResponse response, Model model, String what) {
        response.setStatus(404);
        model.addAttribute("what", what);
        return "dashboard/not-found";
    }

    /**
     * A rejected action: a not-found is the 404 page, anything else a message on the page the action
     * came from, in the words the API uses for it.
     */
    static String rejected(Rejection r, String back, RedirectAttributes flash, HttpServletResponse response,
            Model model) {
        if (r.kind() == Rejection.Kind.NOT_FOUND) {
            return notFound(response, model, r.message());
        }
        flash.addFlashAttribute(PROBLEM, r.message());
        return "redirect:" + back;
    }

    /** The page after an action: the notice on success, the rejection's message otherwise. */
    static <T> String after(Outcome<T> outcome, String notice, String back, RedirectAttributes flash,
            HttpServletResponse response, Model model) {
        if (!outcome.isOk()) {
            return rejected(outcome.rejection(), back, flash, response, model);
        }
        flash.addFlashAttribute(NOTICE, notice);
        return "redirect:" + back;
    }
}
