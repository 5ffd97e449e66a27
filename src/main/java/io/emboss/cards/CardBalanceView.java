package io.emboss.cards;

import io.emboss.shared.Currency;
import io.emboss.shared.Money;

/**
 * A card's balance: available (what an authorization can spend now), pending (held by
 * authorizations), posted, and refundable (what closing the card would return; seed 003's
 * refund_amount).
 */
record CardBalanceView(String available, String pending, String posted, String refundable, Currency currency) {

    static CardBalanceView of(CardService.CardBalance balance, Currency currency) {
        var b = balance.balance();
        return new CardBalanceView(Money.format(b.available(), currency), Money.format(b.held(), currency),
                Money.format(b.posted(), currency), Money.format(balance.refundableMinor(), currency), currency);
    }
}
