package io.emboss.wallets;

import io.emboss.shared.Currency;
import io.emboss.shared.Money;

/** A balance in one currency: available to spend, and held by pending debits. */
record WalletBalanceView(Currency currency, String available, String pending) {

    static WalletBalanceView of(WalletBalance b) {
        return new WalletBalanceView(b.currency(), Money.format(b.availableMinor(), b.currency()),
                Money.format(b.pendingMinor(), b.currency()));
    }
}
