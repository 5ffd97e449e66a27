package io.emboss.dashboard;

import io.emboss.events.WebhookBacklogs;
import io.emboss.ledger.LedgerService;
import io.emboss.ledger.Verification;
import io.emboss.shared.Caller;
import io.emboss.shared.Outcome;
import io.emboss.web.JobLocks;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;

/**
 * The operator's ledger verification (what {@code GET /v1/platform/ledger/verification} answers) and
 * system health: the instances seen running jobs, every job's lock, and the webhook side's backlogs.
 */
@Controller
class OperatorSystemController {
    private final LedgerService ledger;
    private final JobLocks jobLocks;
    private final WebhookBacklogs backlogs;

    OperatorSystemController(LedgerService ledger, JobLocks jobLocks, WebhookBacklogs backlogs) {
        this.ledger = ledger;
        this.jobLocks = jobLocks;
        this.backlogs = backlogs;
    }

    @GetMapping("/dashboard/operator/ledger")
    String ledger(HttpServletRequest request, HttpServletResponse response, Model model) {
        String refused = OperatorTenantsController.notOperator(request, response, model);
        if (refused != null) {
            return refused;
        }
        Verification v = ledger.verify();
        model.addAttribute("page", "ledger");
        model.addAttribute("verification", v);
        model.addAttribute("totals", v.currencies().stream().map(LedgerTotals::of).toList());
        return "dashboard/operator-ledger";
    }

    @GetMapping("/dashboard/operator/system")
    String system(HttpServletRequest request, HttpServletResponse response, Model model) {
        String refused = OperatorTenantsController.notOperator(request, response, model);
        if (refused != null) {
            return refused;
        }
        Caller caller = Console.caller(request);
        Outcome<JobLocks.Status> locks = jobLocks.status(caller);
        Outcome<WebhookBacklogs.Counts> counts = backlogs.counts(caller);
        if (!locks.isOk() || !counts.isOk()) {
            return Console.notFound(response, model, "No such page.");
        }
        model.addAttribute("page", "system");
        model.addAttribute("locks", locks.value());
        model.addAttribute("recentSeconds", JobLocks.RECENT.toSeconds());
        model.addAttribute("backlogs", counts.value());
        return "dashboard/operator-system";
    }
}
