package io.emboss.tenancy;

import io.emboss.shared.Caller;
import io.emboss.shared.Outcome;
import io.emboss.web.ApiResponse;
import io.emboss.web.IdempotencyFilter;
import io.emboss.web.ListPage;
import io.emboss.web.Pagination;
import io.emboss.web.Responses;
import jakarta.servlet.http.HttpServletRequest;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PatchMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.databind.JsonNode;

/** The platform operator's tenant management (admin token only). */
@RestController
@RequestMapping("/v1/platform/tenants")
class PlatformTenantController {
    record CreateTenant(String name, String adminEmail, String adminPassword) {
        @Override
        public String toString() {
            return "CreateTenant[name=" + name + ", adminEmail=" + adminEmail + ", adminPassword=***]";
        }
    }

    record UpdateTenant(String name, String status, JsonNode rateLimitPerHour, Boolean kycDelegated) {
    }

    private final TenantService tenants;

    PlatformTenantController(TenantService tenants) {
        this.tenants = tenants;
    }

    @PostMapping
    ResponseEntity<ApiResponse<TenantView.CreatedTenantView>> create(@AuthenticationPrincipal Caller caller,
            @RequestBody CreateTenant body,
            HttpServletRequest request) {
        Outcome<TenantInput.NewTenant> input = TenantInput.newTenant(body.name(), body.adminEmail(),
                body.adminPassword());
        if (!input.isOk()) {
            return Responses.rejected(input.rejection());
        }
        TenantInput.NewTenant t = input.value();
        Outcome<TenantService.CreatedTenant> created = tenants.create(caller, t.name(), t.adminEmail(),
                t.adminPassword());
        request.setAttribute(IdempotencyFilter.SENSITIVE_RESPONSE, Boolean.TRUE);
        return Responses.created(created, TenantView.CreatedTenantView::of);
    }

    @GetMapping
    ResponseEntity<ApiResponse<ListPage<TenantView>>> list(@RequestParam(required = false) String limit,
            @RequestParam(required = false) String startingAfter) {
        return Responses.page(Pagination.parse(limit, startingAfter).flatMap(tenants::list), TenantView::of);
    }

    @GetMapping("/{id}")
    ResponseEntity<ApiResponse<TenantView>> get(@PathVariable String id) {
        return Responses.of(tenants.find(id).<Outcome<Tenant>>map(Outcome::ok)
                .orElseGet(() -> Outcome.notFound("tenant " + id)), TenantView::of);
    }

    @PatchMapping("/{id}")
    ResponseEntity<ApiResponse<TenantView>> update(@AuthenticationPrincipal Caller caller, @PathVariable String id,
            @RequestBody UpdateTenant body) {
        return Responses.of(TenantInput.changes(body.name(), body.status(), body.rateLimitPerHour(),
                body.kycDelegated()).flatMap(changes -> tenants.update(caller, id, changes)),
                TenantView::of);
    }
}
