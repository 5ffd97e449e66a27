package io.emboss.dashboard;

import io.emboss.ledger.Verification;
import io.emboss.shared.Currency;
import io.emboss.shared.Money;

/** One currency's sums over every ledger account, formatted: debits must equal credits. */
public record LedgerTotals(String currency, String debitsPending, String debitsPosted, String creditsPending,
                           String creditsPosted) {

    static LedgerTotals of(Verification.CurrencyTotals t) {
        Currency c = Currency.valueOf(t.currency());
        return new LedgerTotals(t.currency(), Money.format(t.debitsPending(), c), Money.format(t.debitsPosted(), c),
                Money.format(t.creditsPending(), c), Money.format(t.creditsPosted(), c));
    }
}
