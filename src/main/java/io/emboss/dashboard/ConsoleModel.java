package io.emboss.dashboard;

import io.emboss.tenancy.ConsoleSessions;
import jakarta.servlet.http.HttpServletRequest;
import org.springframework.web.bind.annotation.ControllerAdvice;
import org.springframework.web.bind.annotation.ModelAttribute;

/** What every dashboard page's layout shows: who is signed in, in which environment, and the form token. */
@ControllerAdvice(basePackageClasses = ConsoleModel.class)
class ConsoleModel {
    @ModelAttribute("csrf")
    String csrf(HttpServletRequest request) {
        return (String) request.getAttribute(ConsoleFilter.CSRF_TOKEN);
    }

    @ModelAttribute("console")
    ConsoleSessions.Session session(HttpServletRequest request) {
        return (ConsoleSessions.Session) request.getAttribute(ConsoleFilter.SESSION);
    }
}
