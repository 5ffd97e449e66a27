package io.emboss.topups;

import io.emboss.shared.Currency;
import io.emboss.shared.Money;
import java.time.Instant;

/** A withdrawal as the API and its events show it; it completes within its request. */
record WithdrawalView(String id, String cardId, String destination, String status, String amount,
                      Currency currency, String balanceBefore, String balanceAfter, boolean livemode,
                      Instant createdAt) {

    static WithdrawalView of(Withdrawal w) {
        Currency c = w.currency();
        return new WithdrawalView(w.id(), w.cardId(), w.destination(), "completed", Money.format(w.amountMinor(), c),
                c, Money.format(w.balanceBeforeMinor(), c), Money.format(w.balanceAfterMinor(), c),
                "live".equals(w.environment()), w.createdAt());
    }
}
