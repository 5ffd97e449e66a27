package io.emboss.wallets;

import io.emboss.shared.Currency;

/** A balance in minor units: available to spend, and held by pending debits. */
public record WalletBalance(Currency currency, long availableMinor, long pendingMinor) {
}
