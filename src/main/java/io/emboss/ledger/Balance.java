package io.emboss.ledger;

import io.emboss.shared.Currency;

/** An account's four counters in minor units. */
public record Balance(String accountId, Currency currency, long debitsPending, long debitsPosted,
                      long creditsPending, long creditsPosted) {

    public static Balance empty(String accountId, Currency currency) {
        return new Balance(accountId, currency, 0, 0, 0, 0);
    }

    /** What may be spent now: posted credits less posted debits less holds. */
    public long available() {
        return creditsPosted - debitsPosted - debitsPending;
    }

    /** Posted balance (credits less debits), ignoring holds. */
    public long posted() {
        return creditsPosted - debitsPosted;
    }

    /** Funds held by pending debits. */
    public long held() {
        return debitsPending;
    }
}
