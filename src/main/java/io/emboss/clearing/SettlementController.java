package io.emboss.clearing;

import io.emboss.shared.Caller;
import io.emboss.shared.Outcome;
import io.emboss.web.ApiResponse;
import io.emboss.web.Fields;
import io.emboss.web.ListPage;
import io.emboss.web.Responses;
import java.time.LocalDate;
import java.util.Locale;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** Settlement reports: a tenant's own per day, network and currency; the operator's across tenants. */
@RestController
class SettlementController {
    private final ClearingService clearing;

    SettlementController(ClearingService clearing) {
        this.clearing = clearing;
    }

    /** {@code date} is a UTC settlement day (2026-12-01); without it, the latest reports (up to 500). */
    @GetMapping("/v1/settlement-reports")
    ResponseEntity<ApiResponse<ListPage<SettlementReportView>>> reports(@AuthenticationPrincipal Caller caller,
            @RequestParam(required = false) String date) {
        Fields f = new Fields();
        LocalDate day = f.date("date", date, null);
        if (!f.ok()) {
            return Responses.rejected(f.rejection());
        }
        return Responses.of(clearing.reports(caller, day),
                list -> ListPage.all(list, r -> SettlementReportView.of(r.report(), r.transfers())));
    }

    @GetMapping("/v1/settlement-reports/{id}")
    ResponseEntity<ApiResponse<SettlementReportView>> report(@AuthenticationPrincipal Caller caller,
            @PathVariable String id) {
        return Responses.of(clearing.report(caller, id), r -> SettlementReportView.of(r.report(), r.transfers()));
    }

    /** The platform's settlement of a day (required), optionally of one network. */
    @GetMapping("/v1/platform/settlement-reports")
    ResponseEntity<ApiResponse<ListPage<PlatformSettlementView>>> platformReports(
            @AuthenticationPrincipal Caller caller, @RequestParam(required = false) String date,
            @RequestParam(required = false) String network) {
        Fields f = new Fields();
        LocalDate day = f.date("date", date, null);
        if (date == null) {
            f.problem("date", "is required: a UTC settlement day such as 2026-12-01");
        }
        if (network != null && !network.equalsIgnoreCase("visa") && !network.equalsIgnoreCase("mastercard")) {
            f.problem("network", "must be visa or mastercard");
        }
        if (!f.ok()) {
            return Responses.rejected(f.rejection());
        }
        Outcome<java.util.List<java.util.List<SettlementReport>>> groups = clearing.platformReports(caller, day,
                network == null ? null : network.toLowerCase(Locale.ROOT));
        return Responses.of(groups, list -> ListPage.all(list, PlatformSettlementView::of));
    }
}
