package io.emboss.dashboard;

import io.emboss.shared.Caller;
import io.emboss.shared.Outcome;
import io.emboss.shared.Page;
import io.emboss.tenancy.Tenant;
import io.emboss.tenancy.TenantInput;
import io.emboss.tenancy.TenantService;
import io.emboss.web.Pagination;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/**
 * The operator's tenants: the list, a new tenant (its credentials shown on the answer page only),
 * and a tenant's status, rate limit and KYC delegation, through the service and checks of
 * {@code /v1/platform/tenants}. A tenant's session asking for these pages gets the 404 page.
 */
@Controller
class OperatorTenantsController {
    private static final String LIST = "dashboard/operator-tenants";
    private final TenantService tenants;

    OperatorTenantsController(TenantService tenants) {
        this.tenants = tenants;
    }

    /** The 404 page for anyone but the operator; null for the operator. */
    static String notOperator(HttpServletRequest request, HttpServletResponse response, Model model) {
        return Console.session(request).operator() ? null : Console.notFound(response, model, "No such page.");
    }

    @GetMapping("/dashboard/operator/tenants")
    String list(HttpServletRequest request, HttpServletResponse response, Model model,
            @RequestParam(required = false) String startingAfter) {
        String refused = notOperator(request, response, model);
        return refused != null ? refused : listPage(model, startingAfter, null);
    }

    @PostMapping("/dashboard/operator/tenants")
    String create(HttpServletRequest request, HttpServletResponse response, Model model,
            @RequestParam(required = false) String name, @RequestParam(required = false) String adminEmail,
            @RequestParam(required = false) String adminPassword) {
        String refused = notOperator(request, response, model);
        if (refused != null) {
            return refused;
        }
        Caller caller = Console.caller(request);
        Outcome<TenantService.CreatedTenant> created = TenantInput.newTenant(FormValues.text(name),
                FormValues.text(adminEmail), adminPassword)
                .flatMap(t -> tenants.create(caller, t.name(), t.adminEmail(), t.adminPassword()));
        if (created.isOk()) {
            // the keys are shown on this answer only, never stored for a later page
            model.addAttribute("created", created.value());
            model.addAttribute(Console.NOTICE, "Tenant " + created.value().tenant().name() + " created.");
        } else {
            model.addAttribute(Console.PROBLEM, created.rejection().message());
            response.setStatus(created.rejection().kind() == io.emboss.shared.Rejection.Kind.CONFLICT ? 409 : 400);
        }
        return listPage(model, null, created.isOk() ? null : name);
    }

    private String listPage(Model model, String startingAfter, String typedName) {
        Outcome<Page<Tenant>> page = Pagination.parse(null, FormValues.text(startingAfter)).flatMap(tenants::list);
        if (!page.isOk()) {
            model.addAttribute(Console.PROBLEM, page.rejection().message());
        }
        model.addAttribute("page", "tenants");
        model.addAttribute("tenants", page.isOk() ? page.value().items() : java.util.List.of());
        model.addAttribute("nextUrl", page.isOk() && page.value().hasMore()
                ? "/dashboard/operator/tenants?startingAfter=" + page.value().nextCursor() : null);
        model.addAttribute("typedName", typedName);
        return LIST;
    }

    @GetMapping("/dashboard/operator/tenants/{id}")
    String tenant(HttpServletRequest request, HttpServletResponse response, Model model, @PathVariable String id) {
        String refused = notOperator(request, response, model);
        if (refused != null) {
            return refused;
        }
        java.util.Optional<Tenant> tenant = tenants.find(id);
        if (tenant.isEmpty()) {
            return Console.notFound(response, model, "No tenant " + id + ".");
        }
        model.addAttribute("page", "tenants");
        model.addAttribute("tenant", tenant.get());
        return "dashboard/operator-tenant";
    }

    @PostMapping("/dashboard/operator/tenants/{id}/status")
    String status(HttpServletRequest request, HttpServletResponse response, Model model, RedirectAttributes flash,
            @PathVariable String id, @RequestParam(required = false) String status) {
        String notice = Tenant.SUSPENDED.equals(status) ? "Tenant suspended: its keys and users are refused."
                : "Tenant reactivated.";
        return change(request, response, model, flash, id, TenantInput.changes(null, status, null, null), notice);
    }

    @PostMapping("/dashboard/operator/tenants/{id}/rate-limit")
    String rateLimit(HttpServletRequest request, HttpServletResponse response, Model model, RedirectAttributes flash,
            @PathVariable String id, @RequestParam(required = false) String rateLimitPerHour) {
        return change(request, response, model, flash, id,
                TenantInput.changes(null, null, FormValues.integerOrNull(rateLimitPerHour), null),
                "Rate limit saved.");
    }

    @PostMapping("/dashboard/operator/tenants/{id}/kyc-delegation")
    String kycDelegation(HttpServletRequest request, HttpServletResponse response, Model model,
            RedirectAttributes flash, @PathVariable String id, @RequestParam(required = false) String kycDelegated) {
        boolean delegated = "true".equals(kycDelegated);
        return change(request, response, model, flash, id, TenantInput.changes(null, null, null, delegated),
                delegated ? "The tenant now decides its customers' KYC in live." : "KYC in live is the operator's again.");
    }

    private String change(HttpServletRequest request, HttpServletResponse response, Model model,
            RedirectAttributes flash, String id, Outcome<TenantService.TenantChanges> changes, String notice) {
        String refused = notOperator(request, response, model);
        if (refused != null) {
            return refused;
        }
        Caller caller = Console.caller(request);
        return Console.after(changes.flatMap(c -> tenants.update(caller, id, c)), notice,
                "/dashboard/operator/tenants/" + id, flash, response, model);
    }
}
