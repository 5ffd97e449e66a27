package io.emboss.ledger;

import io.emboss.shared.Currency;
import io.emboss.shared.Money;
import io.emboss.web.ApiResponse;
import io.emboss.web.Responses;
import io.swagger.v3.oas.annotations.media.Schema;
import java.util.List;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/** The platform operator's view of the ledger (admin token). */
@RestController
class LedgerController {
    private final LedgerService ledger;

    LedgerController(LedgerService ledger) {
        this.ledger = ledger;
    }

    /** The verification as the API shows it: totals are decimal strings in their currency, like every amount. */
    record VerificationView(boolean balanced, int accountsChecked, int transfersChecked,
                            int unresolvedPendingTransfers, List<Totals> currencies,
                            List<ProblemView> problems) {

        /** A broken invariant; a per-currency or structural one names no account, a structural one no currency. */
        record ProblemView(String check, @Schema(nullable = true) String accountId,
                           @Schema(nullable = true) String currency, String detail) {

            static ProblemView of(Verification.Problem p) {
                return new ProblemView(p.check(), p.accountId(), p.currency(), p.detail());
            }
        }

        record Totals(String currency, String debitsPending, String debitsPosted, String creditsPending,
                      String creditsPosted) {

            static Totals of(Verification.CurrencyTotals t) {
                Currency c = Currency.valueOf(t.currency());
                return new Totals(t.currency(), Money.format(t.debitsPending(), c), Money.format(t.debitsPosted(), c),
                        Money.format(t.creditsPending(), c), Money.format(t.creditsPosted(), c));
            }
        }

        static VerificationView of(Verification v) {
            return new VerificationView(v.balanced(), v.accountsChecked(), v.transfersChecked(),
                    v.unresolvedPendingTransfers(), v.currencies().stream().map(Totals::of).toList(),
                    v.problems().stream().map(ProblemView::of).toList());
        }
    }

    @GetMapping("/v1/platform/ledger/verification")
    ResponseEntity<ApiResponse<VerificationView>> verification() {
        return Responses.ok(VerificationView.of(ledger.verify()));
    }
}
