package io.emboss.dashboard;

import io.emboss.tenancy.AuditEntry;
import io.emboss.tenancy.AuditLog;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;

/** The Developers area's front page (what is where) and the tenant's audit log ({@code /v1/audit-logs}). */
@Controller
class DeveloperPagesController {
    /** An audit entry as listed: who did what, and the answer. */
    public record AuditRow(String id, String actor, String action, String path, int status, String requestId,
                           String at) {
        static AuditRow of(AuditEntry e) {
            return new AuditRow(e.id(), e.actorType() + " " + e.actorId(), e.action(), e.path(), e.status(),
                    e.requestId(), ConsoleLists.time(e.createdAt()));
        }
    }

    private final AuditLog audit;

    DeveloperPagesController(AuditLog audit) {
        this.audit = audit;
    }

    @GetMapping("/dashboard/developers")
    String developers(Model model) {
        model.addAttribute("page", "developers");
        model.addAttribute("section", "");
        return "dashboard/developers";
    }

    @GetMapping("/dashboard/developers/audit-log")
    String auditLog(HttpServletRequest request, HttpServletResponse response, Model model,
            @RequestParam(required = false) String startingAfter) {
        model.addAttribute("page", "developers");
        model.addAttribute("section", "audit");
        ConsoleLists.show(ConsoleLists.request(startingAfter).flatMap(p -> audit.list(Console.caller(request), p)),
                AuditRow::of, request, response, model);
        return "dashboard/audit-log";
    }
}
