package io.emboss.ledger;

import java.util.List;

/** The result of checking every ledger invariant. */
public record Verification(boolean balanced, int accountsChecked, int transfersChecked,
                           int unresolvedPendingTransfers, List<CurrencyTotals> currencies,
                           List<Problem> problems) {

    /** Sums over all accounts of one currency: debits must equal credits. */
    public record CurrencyTotals(String currency, long debitsPending, long debitsPosted, long creditsPending,
                                 long creditsPosted) {
    }

    /** One broken invariant; at most a bounded number are listed. */
    public record Problem(String check, String accountId, String currency, String detail) {
    }
}
