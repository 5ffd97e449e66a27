package io.emboss.authorization;

import io.emboss.cards.Card;
import java.util.Objects;

/**
 * One clearing record the back office asks the card's transactions to apply: a presentment (the
 * network asks the issuer to pay) or a reversal of one. {@code amountMinor} is what the issuer
 * settles, in the card's currency; {@code transactionAmountMinor} and {@code transactionCurrency}
 * are the merchant's, used to tell an exchange-rate difference from an amount difference.
 */
public record ClearingInstruction(Kind kind, Card card, String networkReference, String authCode, long amountMinor,
                                  long transactionAmountMinor, String transactionCurrency,
                                  AuthorizationRequest.Merchant merchant) {

    public enum Kind {
        PRESENTMENT,
        REVERSAL
    }

    public ClearingInstruction {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(card, "card");
        if (amountMinor <= 0) {
            throw new IllegalArgumentException("a clearing amount is positive");
        }
    }
}
